"""What the careers site publishes about jobs for machines: schema.org JobPosting JSON-LD for
search engines, the Indeed XML feed, an RSS feed, the sitemap and robots.txt.

Callers pass public jobs only (selectors.careers.public_jobs()). Links are absolute, made from
settings.SITE_URL rather than the request, so the output is the same whoever asks and can be
cached as it is."""

import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from ats.models import CareersSite, Job, JobLocation

EMPLOYMENT_TYPES = {  # Google for Jobs' employmentType values
    Job.EmploymentType.FULL_TIME: "FULL_TIME",
    Job.EmploymentType.PART_TIME: "PART_TIME",
    Job.EmploymentType.CONTRACT: "CONTRACTOR",
    Job.EmploymentType.TEMPORARY: "TEMPORARY",
    Job.EmploymentType.INTERN: "INTERN",
}
SALARY_UNITS = {
    Job.SalaryPeriod.YEAR: "YEAR",
    Job.SalaryPeriod.MONTH: "MONTH",
    Job.SalaryPeriod.HOUR: "HOUR",
}
INDEED_JOB_TYPES = {
    Job.EmploymentType.FULL_TIME: "fulltime",
    Job.EmploymentType.PART_TIME: "parttime",
    Job.EmploymentType.CONTRACT: "contract",
    Job.EmploymentType.TEMPORARY: "temporary",
    Job.EmploymentType.INTERN: "internship",
}
INDEED_REMOTE_TYPES = {
    Job.RemotePolicy.REMOTE: "Fully remote",
    Job.RemotePolicy.HYBRID: "Hybrid remote",
}
ROLLING_VALID_DAYS = 30
# The board codes (JobBoard.code, seeded in migration 0008) that credit applications to a board.
INDEED_SRC = "indeed"
RSS_SRC = "rss"
# robots.txt and the root sitemap live at fixed paths by convention.
ROOT_SITEMAP_PATH = "/sitemap.xml"
ROBOTS_DISALLOW = (
    "/ats/", "/crm/", "/campaigns/", "/api/", "/admin/", "/candidates/", "/accounts/",
    "/notifications/", "/careers/status/",
)  # fmt: skip
# Characters XML 1.0 forbids anywhere, even escaped or inside CDATA: one in a title or
# description would make the whole feed unreadable, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def job_url(job: Job, *, src: str = "") -> str:
    """The job page's absolute URL; `src` names the board a link is published on."""
    url = settings.SITE_URL + reverse("careers:job", args=[job.slug])
    return f"{url}?{urlencode({'src': src})}" if src else url


def careers_url() -> str:
    return settings.SITE_URL + reverse("careers:list")


# --- schema.org JobPosting (Google for Jobs) -------------------------------------------------


def job_posting(job: Job, site: CareersSite) -> dict:
    """The JobPosting of an open public job, with Google's required and recommended properties."""
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description_html,
        "datePosted": _posted_on(job).isoformat(),
        "validThrough": valid_through(job).isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "hiringOrganization": _organization(site),
        "identifier": {"@type": "PropertyValue", "name": site.company_name, "value": str(job.pk)},
        "directApply": True,
        "url": job_url(job),
        **_where(job),
    }
    salary = _base_salary(job)
    if salary:
        posting["baseSalary"] = salary
    return posting


def job_posting_json(job: Job, site: CareersSite) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json"> (no "</" can close it)."""
    text = json.dumps(job_posting(job, site), ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def valid_through(job: Job, *, today: date | None = None) -> datetime:
    """The end of the job's last day to apply, in the site's time zone (as public_jobs() counts).

    A job without an apply-by date still gets one, 30 days ahead and moving with every render:
    Google treats postings without an end date as stale after about a month, and a listing whose
    page it has not recrawled since the job closed would otherwise stay up for good. Open jobs
    are re-rendered at least every few minutes (the careers cache), so while open the date keeps
    moving; once closed, the listing lapses by itself within 30 days even if nobody recrawls."""
    today = today or timezone.localdate()
    last_day = job.apply_by or today + timedelta(days=ROLLING_VALID_DAYS)
    return timezone.make_aware(datetime.combine(last_day, time(23, 59, 59)))


def _posted_on(job: Job) -> date:
    return timezone.localdate(job.opened_at or job.created_at)


def _organization(site: CareersSite) -> dict:
    organization = {"@type": "Organization", "name": site.company_name}
    if site.website_url:
        organization["sameAs"] = site.website_url
    if site.logo:
        organization["logo"] = settings.SITE_URL + reverse("careers:logo")
    return organization


def _where(job: Job) -> dict:
    """Fully remote jobs say where applicants may live; the others (hybrid too) list places."""
    if job.remote_policy == Job.RemotePolicy.REMOTE:
        where: dict = {"jobLocationType": "TELECOMMUTE"}
        codes = [code.upper() for code in job.remote_countries or [] if code]
        if codes:
            where["applicantLocationRequirements"] = [
                {"@type": "Country", "name": str(countries.name(code)) or code} for code in codes
            ]
        return where
    places = [_place(place) for place in job.locations.all()]
    return {"jobLocation": places} if places else {}


def _place(place: JobLocation) -> dict:
    address = {"@type": "PostalAddress"}
    for key, value in (
        ("addressLocality", place.city),
        ("addressRegion", place.region),
        ("addressCountry", place.country),
    ):
        if value:
            address[key] = value
    return {"@type": "Place", "address": address}


def _salary_shown(job: Job) -> bool:
    """Whether the job page shows a salary: structured data must not say more than the page."""
    return bool(job.salary_published and job.salary_min)


def _base_salary(job: Job) -> dict | None:
    if not (_salary_shown(job) and job.salary_currency):  # MonetaryAmount needs its currency
        return None
    value: dict = {"@type": "QuantitativeValue", "unitText": SALARY_UNITS[job.salary_period]}
    if job.salary_max and job.salary_max != job.salary_min:
        value.update(minValue=_number(job.salary_min), maxValue=_number(job.salary_max))
    else:  # one figure, as the page shows it
        value["value"] = _number(job.salary_min)
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- Feeds ------------------------------------------------------------------------------------


def xml_text(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def cdata(text: object) -> SafeString:
    """`text` as a CDATA section (Indeed wants job content so, without entities). A "]]>" in
    the text is split across two sections, so it cannot end the section early."""
    body = xml_text(text).replace("]]>", "]]]]><![CDATA[>")
    return mark_safe(f"<![CDATA[{body}]]>")


def indeed_feed(jobs: Iterable[Job], site: CareersSite, *, now: datetime | None = None) -> str:
    """Indeed's XML job feed: one <job> per public job, linked with ?src=indeed."""
    return render_to_string("careers/feeds/indeed.xml", {
        "publisher": cdata(site.company_name),
        "publisher_url": cdata(careers_url()),
        "built": cdata(_iso_utc(now or timezone.now())),
        "jobs": [_indeed_job(job, site) for job in jobs],
    })  # fmt: skip


def _indeed_job(job: Job, site: CareersSite) -> dict[str, SafeString | str]:
    """The job's elements, each already a CDATA section; "" for an optional one left out."""
    place = next(iter(job.locations.all()), None)
    country = (
        place.country if place and place.country else next(iter(job.remote_countries or []), "")
    )
    optional = {
        "salary": _salary_text(job),
        "category": job.department.name if job.department else "",
        "remotetype": INDEED_REMOTE_TYPES.get(job.remote_policy, ""),
    }
    return {
        "title": cdata(job.title),
        "date": cdata(_iso_utc(job.opened_at or job.created_at)),
        "referencenumber": cdata(job.pk),
        "url": cdata(job_url(job, src=INDEED_SRC)),
        "company": cdata(site.company_name),
        "city": cdata(place.city if place else ""),
        "state": cdata(place.region if place else ""),
        "country": cdata(country.upper()),
        "description": cdata(job.description_html),
        "jobtype": cdata(INDEED_JOB_TYPES.get(job.employment_type, "")),
        **{name: cdata(value) if value else "" for name, value in optional.items()},
    }


def _salary_text(job: Job) -> str:
    """The salary as the job page words it, e.g. "EUR 50,000 - 70,000 per year"."""
    if not _salary_shown(job):
        return ""
    amount = _amount(job.salary_min)
    if job.salary_max and job.salary_max != job.salary_min:
        amount += f" - {_amount(job.salary_max)}"
    currency = f"{job.salary_currency} " if job.salary_currency else ""
    return f"{currency}{amount} {job.get_salary_period_display()}"


def _amount(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rss_feed(jobs: Iterable[Job], site: CareersSite) -> str:
    """RSS 2.0 of the public jobs; item links carry ?src=rss, the guid is the plain job URL."""
    company = xml_text(site.company_name)
    feed = feedgenerator.Rss201rev2Feed(
        title=f"Jobs at {company}",
        link=careers_url(),
        description=f"Open roles at {company}",
        language="en",
        feed_url=settings.SITE_URL + reverse("careers:feed-rss"),
    )
    for job in jobs:
        feed.add_item(
            title=xml_text(job.title),
            link=job_url(job, src=RSS_SRC),
            description=xml_text(job.description_html),
            pubdate=job.opened_at or job.created_at,
            unique_id=job_url(job),
            unique_id_is_permalink=True,
            categories=[xml_text(job.department.name)] if job.department else (),
        )
    return feed.writeString("utf-8")


def sitemap_xml(jobs: Iterable[Job], site: CareersSite) -> str:
    """The careers list and each public job page, each with when it last changed."""
    jobs = list(jobs)
    list_changed = max([site.updated_at, *(job.updated_at for job in jobs)])
    entries = [(careers_url(), list_changed), *((job_url(job), job.updated_at) for job in jobs)]
    return render_to_string("careers/feeds/sitemap.xml", {
        "entries": [{"loc": loc, "lastmod": _w3c(changed)} for loc, changed in entries],
    })  # fmt: skip


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def robots_txt() -> str:
    """Crawlers may read the careers site and nothing behind a login (nor candidates' status
    pages, whose links are personal)."""
    lines = [
        "User-agent: *",
        "Allow: /careers/",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {settings.SITE_URL}{ROOT_SITEMAP_PATH}",
    ]
    return "\n".join(lines) + "\n"
