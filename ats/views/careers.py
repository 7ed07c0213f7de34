"""The public careers site: the list of open jobs (with the talent community form), each job's
page, and the brand's stylesheet and logo. No login anywhere; nothing here reveals more than
what the jobs publish.

Pages are served from the careers cache (ats/careers_cache.py), so the database is rarely asked."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from ats.careers_cache import cached
from ats.forms.careers import TalentCommunityForm
from ats.models import CareersSite, Job
from ats.publishing import job_posting_json
from ats.selectors.careers import careers_job, is_public, public_filter_choices, public_job_search
from ats.services.careers import talent_community_join, url_host
from recruit.accounts.ratelimit import rate_limit_exceeded

TRACKING_PARAMS = ("src", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
ARRIVAL_KEY = "careers_arrival"
PER_PAGE = 20
FILTERS = ("q", "department", "location", "remote", "employment_type")
# Cached pages are the same for everyone; each visitor's CSRF token replaces this when served.
CSRF_SENTINEL = "csrf-token-placeholder-5b1e0c"


def remember_arrival(request: HttpRequest) -> None:
    """Keep how the visitor arrived (board code, utm parameters, an outside referrer) in their
    session, so the application they send later is credited to it. The latest tracked arrival
    wins; plain visits within the site change nothing (and write no session)."""
    tracked = {k: request.GET[k][:200] for k in TRACKING_PARAMS if request.GET.get(k)}
    referrer = request.META.get("HTTP_REFERER", "")[:500]
    if url_host(referrer) not in ("", request.get_host().split(":")[0]):
        tracked["referrer"] = referrer
    if tracked:
        request.session[ARRIVAL_KEY] = tracked


def arrival(request: HttpRequest) -> dict[str, str]:
    return dict(request.session.get(ARRIVAL_KEY, {}))


@login_not_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    remember_arrival(request)
    filters = {name: request.GET.get(name, "")[:100] for name in FILTERS}
    filters["q"] = " ".join(filters["q"].split()).casefold()  # one cached page per search
    page_number = request.GET.get("page", "1")[:6]
    # Hashed: the filters are the visitor's text, and cache keys must be short and plain.
    digest = hashlib.sha256("\x1f".join([*filters.values(), page_number]).encode()).hexdigest()
    return _serve(request, cached(f"page:list:{digest}", lambda: _list_page(filters, page_number)))


def _list_page(filters: dict[str, str], page_number: str) -> tuple[int, str]:
    jobs = public_job_search(**filters).defer("description", "description_html")
    choices = cached("choices", public_filter_choices)
    context = {
        "site": careers_site(),
        "page": Paginator(jobs, PER_PAGE).get_page(page_number),
        "filters": filters,
        "choices": choices,
        "filtered": any(filters.values()),
        "community_form": _community_form(choices=choices),
        "csrf_token": CSRF_SENTINEL,
    }
    return 200, render_to_string("careers/list.html", context)


def _serve(request: HttpRequest, page: tuple[int, str] | None) -> HttpResponse:
    """A cached page, with this visitor's CSRF token where the page has a form."""
    if page is None:
        raise Http404("No such job.")
    status, html = page
    if CSRF_SENTINEL in html:
        html = html.replace(CSRF_SENTINEL, get_token(request))
    return HttpResponse(html, status=status)


def careers_site() -> CareersSite:
    return cached("site", CareersSite.load)


def _community_form(data=None, *, choices=None) -> TalentCommunityForm:
    """The talent community form, offering the teams and places of the open jobs."""
    choices = choices or cached("choices", public_filter_choices)
    return TalentCommunityForm(
        data, departments=choices["departments"], locations=choices["locations"]
    )


@login_not_required
@require_GET
def job_page(request: HttpRequest, slug: str) -> HttpResponse:
    remember_arrival(request)
    return _serve(request, cached(f"page:job:{slug}", lambda: _job_page(slug)))


def _job_page(slug: str) -> tuple[int, str] | None:
    """The job's page; for a closed, paused or expired job the "position filled" page, with
    410 so search engines drop it; None for no such public job (never cached)."""
    job = careers_job(slug)
    if job is None:
        return None
    site = careers_site()
    if not is_public(job):
        return 410, gone_page(job, site)
    context = {"job": job, "site": site, "locations": list(job.locations.all()),
               "posting": job_posting_json(job, site), "site_url": settings.SITE_URL}  # fmt: skip
    return 200, render_to_string("careers/job.html", context)


def gone_page(job: Job, site: CareersSite) -> str:
    """The "position filled" page of a job no longer open (served with 410)."""
    return render_to_string("careers/job_gone.html", {"site": site, "job": job})


@login_not_required
@require_http_methods(["GET", "POST"])
def community_join(request: HttpRequest) -> HttpResponse:
    site = careers_site()
    form = _community_form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if rate_limit_exceeded(request, scope="community", rate=_rate()):
            return too_many(request, site)
        if form.is_bot:
            return render(request, "careers/community_done.html", {"site": site})
        if form.is_valid():
            talent_community_join(
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=form.cleaned_data["email"],
                departments=form.chosen_departments(),
                locations=form.chosen_locations(),
                tracking=arrival(request),
                privacy_version=site.privacy_notice_version,
            )
            return render(request, "careers/community_done.html", {"site": site})
    status = 400 if form.is_bound else 200
    return render(request, "careers/community.html", {"site": site, "form": form}, status=status)


def _rate() -> str:
    return settings.CAREERS_RATE_LIMIT


def too_many(request: HttpRequest, site: CareersSite) -> HttpResponse:
    return render(request, "careers/too_many.html", {"site": site}, status=429)


@login_not_required
@require_GET
def brand_css(request: HttpRequest) -> HttpResponse:
    """The brand's colours as CSS variables: a stylesheet, since the CSP allows no inline style."""
    site = careers_site()
    css = render_to_string("careers/brand.css", {"site": site})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_not_required
@require_GET
def logo(request: HttpRequest) -> HttpResponse:
    site = careers_site()
    if not site.logo:
        raise Http404("No logo.")
    response = FileResponse(site.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
