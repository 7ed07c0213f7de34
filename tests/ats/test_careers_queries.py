"""The public careers pages run a constant number of SQL queries, however many jobs are open:
with the careers page cache empty (the first visitor after a change) and warm (everyone else)."""

import uuid
from itertools import cycle, islice

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ats.careers_cache import bump_generation
from ats.models import CareersSite, Job
from ats.services import job_set_status
from tests.factories import DepartmentFactory, JobFactory

pytestmark = pytest.mark.django_db

TEAMS = ("Engineering", "Product", "Sales", "People", "Data")
PLACES = (
    "Berlin, DE",
    "Paris, France; Lyon, France",
    "Austin, TX, USA; Toronto, Canada; London, UK",
    "Remote",
)
LIST_URLS = (
    "/careers/",
    "/careers/?q=engineer",
    "/careers/?q=senior+engineer",
    "/careers/?location=Berlin",
    "/careers/?location=FR",
    "/careers/?remote=hybrid",
    "/careers/?employment_type=full_time",
    "/careers/?q=engineer&location=DE&remote=onsite&employment_type=full_time&page=2",
    "/careers/?page=2",
)


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache of its own: a fresh key prefix rather than
    cache.clear(), which on Redis empties the whole database, Celery's queues included, under
    the feet of a test running beside this one (pytest -n 2)."""
    cache = settings.CACHES["default"]
    settings.CACHES = {"default": {**cache, "KEY_PREFIX": f"test-careers-{uuid.uuid4().hex}"}}


@pytest.fixture(autouse=True)
def _site(db):
    # Made once on the first visit otherwise: that visit would count its INSERT too.
    CareersSite.load()


def _open_jobs(count: int, *, start: int = 0) -> list[Job]:
    """Open jobs of several teams, places (one to three each), workplaces and types, some
    with a published salary."""
    jobs = []
    details = islice(
        zip(cycle(TEAMS), cycle(PLACES), cycle(Job.RemotePolicy.values),
            cycle(Job.EmploymentType.values), strict=False),
        count,
    )  # fmt: skip
    for n, (team, place, remote, kind) in enumerate(details, start):
        jobs.append(
            JobFactory(
                title=f"{'Senior ' if n % 2 else ''}Software Engineer {n}",
                department=DepartmentFactory(name=team),
                location=place,
                remote_policy=remote,
                employment_type=kind,
                salary_min=50_000 + n,
                salary_max=70_000 + n,
                salary_currency="EUR",
                salary_published=n % 3 == 0,
                description=f"## The role\n\nBuild things with **Python**, engineer {n}.\n",
            )
        )
    return jobs


def _queries(client, url: str) -> list[str]:
    """GET url (which must answer 200) and return the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def _cold_and_warm(client, url: str) -> tuple[list[str], list[str]]:
    """The queries of a first visit after a change to the jobs, then of the next visit."""
    bump_generation()
    return _queries(client, url), _queries(client, url)


@pytest.mark.parametrize("url", LIST_URLS)
def test_careers_list_runs_as_many_queries_for_50_open_jobs_as_for_5(
    client, django_assert_num_queries, url
):
    _open_jobs(5)
    cold, warm = _cold_and_warm(client, url)
    _open_jobs(45, start=5)
    bump_generation()

    with django_assert_num_queries(len(cold)):
        client.get(url)
    with django_assert_num_queries(len(warm)):
        client.get(url)


@pytest.mark.parametrize("url", LIST_URLS)
def test_careers_list_from_the_warm_cache_runs_no_query(client, django_assert_num_queries, url):
    _open_jobs(50)
    _queries(client, url)

    with django_assert_num_queries(0):
        client.get(url)


def test_careers_list_filtered_by_team_runs_as_many_queries_for_50_open_jobs_as_for_5(
    client, django_assert_num_queries
):
    _open_jobs(5)
    url = f"/careers/?department={DepartmentFactory(name='Engineering').pk}"
    cold, warm = _cold_and_warm(client, url)
    _open_jobs(45, start=5)
    bump_generation()

    with django_assert_num_queries(len(cold)):
        client.get(url)
    with django_assert_num_queries(len(warm)):
        client.get(url)


def test_careers_list_shows_the_open_jobs_it_counted(client):
    # Guards the tests above: the pages they count show the jobs, not an empty list.
    _open_jobs(50)

    content = client.get("/careers/?q=engineer").content.decode()

    assert "50 open roles matching" in content
    assert "Senior Software Engineer 49" in content
    assert "Page 1 of 3" in content


def test_job_page_runs_as_many_queries_for_50_open_jobs_as_for_5(client, django_assert_num_queries):
    job = _open_jobs(5)[2]  # three places
    url = reverse("careers:job", args=[job.slug])
    cold, warm = _cold_and_warm(client, url)
    _open_jobs(45, start=5)
    bump_generation()

    with django_assert_num_queries(len(cold)):
        client.get(url)
    with django_assert_num_queries(len(warm)):
        client.get(url)


def test_job_page_runs_as_many_queries_for_three_places_as_for_one(client):
    one, _, three = _open_jobs(3)
    assert (one.locations.count(), three.locations.count()) == (1, 3)

    for_one = _cold_and_warm(client, reverse("careers:job", args=[one.slug]))
    for_three = _cold_and_warm(client, reverse("careers:job", args=[three.slug]))

    assert [len(queries) for queries in for_three] == [len(queries) for queries in for_one]


def test_job_page_from_the_warm_cache_runs_no_query_until_the_job_changes(client, recruiter):
    job = _open_jobs(5)[2]
    url = reverse("careers:job", args=[job.slug])
    _queries(client, url)

    assert _queries(client, url) == []
    assert job.title in client.get(url).content.decode()

    job_set_status(job=job, status="closed", reason="filled", actor=recruiter)
    assert client.get(url).status_code == 410  # closing the job started a new generation
