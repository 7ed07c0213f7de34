"""What the careers site publishes for machines, through real HTTP: the JobPosting JSON-LD on
job pages (Google for Jobs), the Indeed XML feed, the RSS feed, the sitemaps and robots.txt."""

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ats.careers_cache import GENERATION_KEY, bump_generation
from ats.models import CareersSite, Job, JobBoard
from ats.services.careers import source_for
from ats.views.careers import ARRIVAL_KEY
from tests.factories import DepartmentFactory, JobFactory

pytestmark = pytest.mark.django_db

BREAKOUT = "</script><script>alert(1)</script>"
# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082"
)
FEEDS = ["/careers/feeds/indeed.xml", "/careers/feeds/jobs.rss", "/careers/sitemap.xml"]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """An empty careers cache for each test. The cache is one Redis that every test process on
    the machine shares (pytest-xdist workers, other runs): under a key prefix of its own, no other
    process can fill, bump or flush this test's pages, and this test flushes nobody else's, as
    cache.clear() (a FLUSHDB) would."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    assert cache.key_prefix == prefix
    yield
    cache.delete(GENERATION_KEY)  # the one careers key kept without a timeout


@pytest.fixture
def site(db):
    site = CareersSite.load()
    site.company_name = "Acme & Co"
    site.website_url = "https://acme.example"
    site.save()
    return site


def page_url(job: Job, src: str = "") -> str:
    url = settings.SITE_URL + reverse("careers:job", args=[job.slug])
    return f"{url}?src={src}" if src else url


class _Scripts(HTMLParser):
    """The page's <script> elements as a browser splits them: (attributes, text)."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def scripts(html: str) -> list[tuple[dict, str]]:
    parser = _Scripts()
    parser.feed(html)
    return parser.scripts


def json_ld(client, job: Job) -> dict:
    response = client.get(reverse("careers:job", args=[job.slug]))
    assert response.status_code == 200
    blocks = [text for attrs, text in scripts(response.text)
              if attrs.get("type") == "application/ld+json"]  # fmt: skip
    assert len(blocks) == 1
    return json.loads(blocks[0])


def xml(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own output, under test


# --- JSON-LD on the job page ------------------------------------------------------------------


def test_job_page_json_ld_has_every_property_google_requires_and_recommends(client, site):
    site.logo.save("logo.png", ContentFile(PNG))
    job = JobFactory(
        title="Data Engineer",
        description="We **move** data.",
        department=DepartmentFactory(name="Engineering"),
        location="Austin, Texas, US",
        employment_type=Job.EmploymentType.PART_TIME,
        apply_by=date.today() + timedelta(days=10),
    )

    posting = json_ld(client, job)

    assert posting["@context"] == "https://schema.org/"
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Data Engineer"
    assert (
        posting["description"] == job.description_html == "<p>We <strong>move</strong> data.</p>\n"
    )
    assert posting["datePosted"] == timezone.localdate(job.opened_at).isoformat()
    valid_through = datetime.fromisoformat(posting["validThrough"])
    assert (valid_through.date(), valid_through.time()) == (job.apply_by, time(23, 59, 59))
    assert valid_through.tzinfo is not None
    assert posting["employmentType"] == "PART_TIME"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme & Co",
        "sameAs": "https://acme.example",
        "logo": settings.SITE_URL + "/careers/logo",
    }
    assert posting["jobLocation"] == [{
        "@type": "Place",
        "address": {"@type": "PostalAddress", "addressLocality": "Austin",
                    "addressRegion": "Texas", "addressCountry": "US"},
    }]  # fmt: skip
    assert "jobLocationType" not in posting
    assert posting["identifier"] == {
        "@type": "PropertyValue", "name": "Acme & Co", "value": str(job.pk),
    }  # fmt: skip
    assert posting["directApply"] is True
    assert posting["url"] == page_url(job)
    assert "baseSalary" not in posting


def test_organization_without_website_or_logo_leaves_them_out(client):
    CareersSite.load()
    posting = json_ld(client, JobFactory(location="Berlin, DE"))
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Our company"}


def test_job_without_apply_by_date_is_valid_for_a_rolling_30_days(client, site):
    posting = json_ld(client, JobFactory(location="Berlin, DE", apply_by=None))
    valid_through = datetime.fromisoformat(posting["validThrough"])
    assert valid_through.date() == timezone.localdate() + timedelta(days=30)
    assert valid_through.time() == time(23, 59, 59)


@pytest.mark.parametrize(
    ("employment_type", "google"),
    [("full_time", "FULL_TIME"), ("part_time", "PART_TIME"), ("contract", "CONTRACTOR"),
     ("temporary", "TEMPORARY"), ("intern", "INTERN")],
)  # fmt: skip
def test_employment_type_uses_googles_values(client, site, employment_type, google):
    posting = json_ld(client, JobFactory(location="Berlin, DE", employment_type=employment_type))
    assert posting["employmentType"] == google


def test_remote_job_is_telecommute_for_the_countries_it_accepts(client, site):
    job = JobFactory(location="", remote_policy="remote", remote_countries=["DE", "at"])

    posting = json_ld(client, job)

    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Austria"},
    ]
    assert "jobLocation" not in posting


def test_remote_job_open_to_anywhere_is_telecommute_without_requirements(client, site):
    posting = json_ld(client, JobFactory(location="", remote_policy="remote", remote_countries=[]))
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in posting


def test_hybrid_job_keeps_each_of_its_places(client, site):
    job = JobFactory(location="Berlin, DE; Paris, France", remote_policy="hybrid")

    posting = json_ld(client, job)

    assert "jobLocationType" not in posting
    assert [place["address"] for place in posting["jobLocation"]] == [
        {"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"},
        {"@type": "PostalAddress", "addressLocality": "Paris", "addressCountry": "FR"},
    ]


def test_published_salary_band_is_a_monetary_amount(client, site):
    job = JobFactory(location="Berlin, DE", salary_min=Decimal("50000"),
                     salary_max=Decimal("70000.50"), salary_currency="EUR",
                     salary_period="year", salary_published=True)  # fmt: skip

    assert json_ld(client, job)["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 50000, "maxValue": 70000.5,
                  "unitText": "YEAR"},
    }  # fmt: skip


def test_published_single_salary_figure_is_its_value(client, site):
    job = JobFactory(location="Berlin, DE", salary_min=Decimal("25"), salary_currency="USD",
                     salary_period="hour", salary_published=True)  # fmt: skip

    assert json_ld(client, job)["baseSalary"]["value"] == {
        "@type": "QuantitativeValue", "value": 25, "unitText": "HOUR",
    }  # fmt: skip


def test_unpublished_salary_stays_out_of_the_json_ld(client, site):
    job = JobFactory(location="Berlin, DE", salary_min=Decimal("50000"),
                     salary_max=Decimal("70000"), salary_currency="EUR",
                     salary_published=False)  # fmt: skip

    response = client.get(reverse("careers:job", args=[job.slug]))

    assert "baseSalary" not in json_ld(client, job)
    assert "50000" not in response.text and "50,000" not in response.text


def test_script_breakout_in_title_and_description_stays_inside_the_json_ld(client, site):
    job = JobFactory(location="Berlin, DE", title=f"Engineer {BREAKOUT}", description=BREAKOUT)

    response = client.get(reverse("careers:job", args=[job.slug]))
    posting = json_ld(client, job)

    assert posting["title"] == f"Engineer {BREAKOUT}"
    assert posting["description"] == job.description_html
    assert "&lt;/script&gt;" in posting["description"]
    inline = [attrs for attrs, _ in scripts(response.text) if "src" not in attrs]
    assert inline == [{"type": "application/ld+json"}]
    assert "<script>alert(1)" not in response.text


def test_json_ld_escapes_raw_html_in_the_description_itself(client, site):
    job = JobFactory(location="Berlin, DE")
    # Raw HTML the markdown renderer never produces: the JSON-LD must not rely on it.
    Job.objects.filter(pk=job.pk).update(description_html=f"<p>Hi</p>{BREAKOUT}&amp;<!--")

    assert json_ld(client, job)["description"] == f"<p>Hi</p>{BREAKOUT}&amp;<!--"


@pytest.mark.parametrize(
    "state",
    [{"status": "closed", "closed_reason": "filled"}, {"status": "paused"},
     {"apply_by": date.today() - timedelta(days=1)}],
)  # fmt: skip
def test_job_no_longer_open_is_gone_without_json_ld(client, site, state):
    job = JobFactory(location="Berlin, DE", **state)

    response = client.get(reverse("careers:job", args=[job.slug]))

    assert response.status_code == 410
    assert "application/ld+json" not in response.text
    assert "JobPosting" not in response.text


# --- The Indeed feed --------------------------------------------------------------------------


def public_and_hidden_jobs() -> tuple[list[Job], list[Job]]:
    yesterday = timezone.localdate() - timedelta(days=1)
    public = [
        JobFactory(location="Berlin, DE", remote_policy="hybrid"),
        JobFactory(location="", remote_policy="remote", remote_countries=["PT"], department=None),
        JobFactory(location="Austin, Texas, US", apply_by=timezone.localdate()),
    ]
    hidden = [
        JobFactory(location="Berlin, DE", status="closed", closed_reason="filled"),
        JobFactory(location="Berlin, DE", status="draft", opened_at=None),
        JobFactory(location="Berlin, DE", status="paused"),
        JobFactory(location="Berlin, DE", is_template=True),
        JobFactory(location="Berlin, DE", apply_by=yesterday),
    ]
    return public, hidden


def indeed_jobs(client) -> dict[str, ET.Element]:
    response = client.get("/careers/feeds/indeed.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = xml(response)
    assert root.tag == "source"
    return {job.findtext("referencenumber"): job for job in root.findall("job")}


def test_indeed_feed_lists_each_public_job_and_no_other(client, site):
    public, _ = public_and_hidden_jobs()
    assert set(indeed_jobs(client)) == {str(job.pk) for job in public}


def test_indeed_feed_describes_each_job_in_indeeds_elements(client, site):
    job = JobFactory(
        title="Data & ML Engineer", description="Build *pipelines*.", location="Berlin, DE",
        remote_policy="hybrid", department=DepartmentFactory(name="Data"),
        employment_type="contract", salary_min=Decimal("50000"), salary_max=Decimal("70000"),
        salary_currency="EUR", salary_published=True,
    )  # fmt: skip
    response = client.get("/careers/feeds/indeed.xml")
    root = xml(response)

    assert root.findtext("publisher") == "Acme & Co"
    assert root.findtext("publisherurl") == settings.SITE_URL + "/careers/"
    assert datetime.fromisoformat(root.findtext("lastBuildDate"))
    element = root.find("job")
    assert {child.tag: child.text or "" for child in element} == {
        "title": "Data & ML Engineer",
        "date": job.opened_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "referencenumber": str(job.pk),
        "url": page_url(job, "indeed"),
        "company": "Acme & Co",
        "city": "Berlin",
        "state": "",
        "country": "DE",
        "postalcode": "",
        "description": "<p>Build <em>pipelines</em>.</p>\n",
        "salary": "EUR 50,000 - 70,000 per year",
        "jobtype": "contract",
        "category": "Data",
        "remotetype": "Hybrid remote",
    }
    assert b"<description><![CDATA[<p>Build <em>pipelines</em>.</p>" in response.content


def test_indeed_feed_leaves_out_unpublished_salary_and_onsite_remote_type(client, site):
    JobFactory(location="Berlin, DE", salary_min=Decimal("50000"), salary_currency="EUR",
               salary_published=False)  # fmt: skip
    element = next(iter(indeed_jobs(client).values()))
    assert element.find("salary") is None
    assert element.find("remotetype") is None


def test_indeed_feed_remote_job_is_fully_remote_in_its_country(client, site):
    job = JobFactory(location="", remote_policy="remote", remote_countries=["PT"])
    element = indeed_jobs(client)[str(job.pk)]
    assert element.findtext("remotetype") == "Fully remote"
    assert element.findtext("country") == "PT"


def test_indeed_feed_cdata_end_in_a_description_or_title_cannot_break_out(client, site):
    job = JobFactory(location="Berlin, DE", title="Odd ]]> title <b>")
    evil = "<p>a]]><injected>x</injected><![CDATA[b</p>"
    Job.objects.filter(pk=job.pk).update(description_html=evil)

    element = indeed_jobs(client)[str(job.pk)]

    assert element.findtext("title") == "Odd ]]> title <b>"
    assert element.findtext("description") == evil
    assert element.find("injected") is None
    assert [child.tag for child in element].count("description") == 1


def test_indeed_feed_drops_control_characters_xml_cannot_carry(client, site):
    job = JobFactory(location="Berlin, DE", title="Bell\x07 engineer")
    assert indeed_jobs(client)[str(job.pk)].findtext("title") == "Bell engineer"


def test_indeed_feed_link_credits_the_visit_to_the_indeed_board(client, site):
    job = JobFactory(location="Berlin, DE")
    url = indeed_jobs(client)[str(job.pk)].findtext("url")

    client.get(url.removeprefix(settings.SITE_URL))

    assert source_for(client.session[ARRIVAL_KEY]) == JobBoard.objects.get(code="indeed").source


def test_indeed_feed_is_cached_yet_drops_a_job_as_soon_as_it_closes(
    client, site, django_assert_num_queries
):
    job = JobFactory(location="Berlin, DE")
    assert str(job.pk) in indeed_jobs(client)
    with django_assert_num_queries(0):
        client.get("/careers/feeds/indeed.xml")

    job.status = Job.Status.CLOSED
    job.save()

    assert str(job.pk) not in indeed_jobs(client)


# --- RSS --------------------------------------------------------------------------------------


def test_rss_feed_lists_public_jobs_with_links_carrying_src_rss(client, site):
    public, _ = public_and_hidden_jobs()

    response = client.get("/careers/feeds/jobs.rss")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = xml(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/title") == "Jobs at Acme & Co"
    items = root.findall("channel/item")
    assert {item.findtext("link") for item in items} == {page_url(job, "rss") for job in public}
    assert {item.findtext("guid") for item in items} == {page_url(job) for job in public}
    berlin = next(item for item in items if item.findtext("guid") == page_url(public[0]))
    assert berlin.findtext("title") == public[0].title
    assert berlin.findtext("description") == public[0].description_html
    assert berlin.findtext("category") == "Engineering"


# --- Sitemaps and robots.txt ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/careers/sitemap.xml", "/sitemap.xml"])
def test_sitemap_lists_the_careers_list_and_public_jobs_only(client, site, path):
    public, _ = public_and_hidden_jobs()

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    urls = xml(response).findall("sm:url", SITEMAP_NS)
    entries = {url.findtext("sm:loc", namespaces=SITEMAP_NS):
               url.findtext("sm:lastmod", namespaces=SITEMAP_NS) for url in urls}  # fmt: skip
    assert set(entries) == {settings.SITE_URL + "/careers/", *(page_url(job) for job in public)}
    job = public[0]
    job.refresh_from_db()
    assert datetime.fromisoformat(entries[page_url(job)]) == job.updated_at.replace(microsecond=0)


def test_robots_txt_lets_crawlers_into_the_careers_site_only(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /careers/"]
    for path in ("/ats/", "/crm/", "/campaigns/", "/api/", "/admin/", "/candidates/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /careers/" not in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


# --- All of them ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*FEEDS, "/sitemap.xml", "/robots.txt"])
def test_feeds_are_public_and_get_only(client, path):
    CareersSite.load()
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_run_the_same_queries_for_3_jobs_as_for_30(
    client, site, path, django_assert_max_num_queries
):
    JobFactory.create_batch(3, location="Berlin, DE; Paris, FR")
    bump_generation()  # build afresh, not from the cache
    with django_assert_max_num_queries(3) as few:
        assert client.get(path).status_code == 200

    JobFactory.create_batch(27, location="Berlin, DE; Paris, FR")
    bump_generation()  # build afresh, not from the cache
    with django_assert_max_num_queries(3) as many:
        assert client.get(path).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)
