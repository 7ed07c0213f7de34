"""Job distribution: the Indeed XML feed, an RSS feed, the sitemap and robots.txt. Public, and
served from the careers cache: each is built with a constant number of queries, at most once
per cache generation (ats/careers_cache.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ats import publishing
from ats.careers_cache import cached
from ats.selectors.careers import public_jobs
from ats.views.careers import careers_site

XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


@login_not_required
@require_GET
def indeed_feed(request: HttpRequest) -> HttpResponse:
    body = cached("feed:indeed", lambda: publishing.indeed_feed(public_jobs(), careers_site()))
    return HttpResponse(body, content_type=XML)


@login_not_required
@require_GET
def rss_feed(request: HttpRequest) -> HttpResponse:
    body = cached("feed:rss", lambda: publishing.rss_feed(public_jobs(), careers_site()))
    return HttpResponse(body, content_type=RSS)


@login_not_required
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Served at /careers/sitemap.xml and, by the project's urls, at /sitemap.xml."""
    body = cached("sitemap", lambda: publishing.sitemap_xml(public_jobs(), careers_site()))
    return HttpResponse(body, content_type=XML)


@login_not_required
@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Served at /robots.txt by the project's urls. Made of settings only: nothing to cache."""
    return HttpResponse(publishing.robots_txt(), content_type="text/plain; charset=utf-8")
