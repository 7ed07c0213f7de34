"""The careers site's rules below the pages: where a job is, who an arrival is credited to, and
that a person's careers data follows them when two records are merged."""

import pytest
from django.core.exceptions import ValidationError

from ats.models import ApplicationDraft, JobBoard
from ats.services import job_create, job_update
from ats.services.careers import (
    application_start,
    source_for,
    talent_community_join,
)
from ats.services.locations import Place, parse_locations
from crm.models import Prospect
from recruit.candidates.models import DataRequest, Source
from recruit.candidates.services import candidate_merge, data_request_close, data_request_make
from tests.factories import CandidateFactory, DepartmentFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Berlin, DE", [Place("Berlin", "", "DE")]),
        ("Paris, France; London, UK", [Place("Paris", "", "FR"), Place("London", "", "GB")]),
        ("Austin, Texas, United States", [Place("Austin", "Texas", "US")]),
        ("Germany", [Place("", "", "DE")]),
        ("Remote", []),
        ("Springfield", [Place("Springfield", "", "")]),
        (" ; ,, ;", []),
    ],
)
def test_locations_typed_as_text_become_places(text, places):
    assert parse_locations(text) == places


def test_a_jobs_places_follow_its_location_text(recruiter):
    job = job_create(actor=recruiter, title="Designer", location="Lisbon, PT; Porto, Portugal")
    assert [(p.city, p.country) for p in job.locations.all()] == [
        ("Lisbon", "PT"),
        ("Porto", "PT"),
    ]
    job_update(job=job, actor=recruiter, location="Madrid, ES")
    assert [(p.city, p.country) for p in job.locations.all()] == [("Madrid", "ES")]


def test_a_job_never_takes_a_slug_the_careers_site_uses(recruiter):
    job = job_create(actor=recruiter, title="Community")
    assert job.slug == "community-2"


def test_an_arrival_is_credited_to_the_board_its_code_names():
    indeed = JobBoard.objects.get(code="indeed")
    assert source_for({"src": "indeed"}) == indeed.source
    assert source_for({"src": "INDEED"}).kind == Source.Kind.CAREERS_SITE


def test_a_referrer_from_a_boards_domain_credits_that_board():
    linkedin = JobBoard.objects.get(code="linkedin")
    assert source_for({"referrer": "https://www.linkedin.com/jobs/view/1"}) == linkedin.source
    # A look-alike domain is not the board.
    assert source_for({"referrer": "https://notlinkedin.com/x"}).kind == Source.Kind.CAREERS_SITE


def test_without_a_board_the_careers_site_is_the_source():
    assert str(source_for({})) == "Careers site"
    assert str(source_for({"src": "no-such-board", "utm_source": "x"})) == "Careers site"


def test_starting_twice_reuses_the_open_draft():
    job = JobFactory()
    first = application_start(job=job, first_name="Ann", last_name="Lee", email="ann@example.com",
                              tracking={}, privacy_version="1")  # fmt: skip
    again = application_start(job=job, first_name="Ann", last_name="Lee", email="ANN@example.com",
                              tracking={}, privacy_version="1")  # fmt: skip
    assert again == first
    assert ApplicationDraft.objects.count() == 1


def test_a_closed_job_takes_no_new_draft():
    job = JobFactory(status="closed", closed_reason="filled")
    with pytest.raises(ValidationError, match="no longer taking applications"):
        application_start(job=job, first_name="Ann", last_name="Lee", email="ann@example.com",
                          tracking={}, privacy_version="1")  # fmt: skip
    assert not ApplicationDraft.objects.exists()


def test_merging_moves_drafts_data_requests_and_prospect_interests(recruiter):
    engineering, design = DepartmentFactory(name="Engineering"), DepartmentFactory(name="Design")
    survivor = talent_community_join(first_name="Ann", last_name="Lee", email="ann@example.com",
                                      departments=[engineering], locations=["Berlin"],
                                      tracking={}, privacy_version="1")  # fmt: skip
    duplicate = talent_community_join(first_name="Ann", last_name="Lee", email="ann@work.example",
                                       departments=[design], locations=["berlin", "Paris"],
                                       tracking={}, privacy_version="1")  # fmt: skip
    job = JobFactory()
    application_start(job=job, first_name="Ann", last_name="Lee", email="ann@work.example",
                      tracking={}, privacy_version="1")  # fmt: skip
    data_request_make(candidate=survivor, kind="copy", how="test")
    data_request_make(candidate=duplicate, kind="copy", how="test")
    data_request_make(candidate=duplicate, kind="deletion", how="test")

    candidate_merge(survivor=survivor, duplicate=duplicate, actor=recruiter)

    assert ApplicationDraft.objects.get().candidate == survivor
    assert sorted(survivor.data_requests.values_list("kind", flat=True)) == ["copy", "deletion"]
    prospect = Prospect.objects.get()
    assert prospect.candidate == survivor
    assert set(prospect.interest_departments.all()) == {engineering, design}
    assert prospect.interest_locations == ["Berlin", "Paris"]


def test_a_data_request_once_handled_says_by_whom(recruiter):
    candidate = CandidateFactory()
    request, created = data_request_make(candidate=candidate, kind="deletion", how="status page")
    assert created and request.status == DataRequest.Status.OPEN
    data_request_close(data_request=request, status="done", actor=recruiter)
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", recruiter)
    assert request.handled_at is not None
    assert candidate.activities.filter(verb="data_request.done").exists()
    # Once handled, asking again is a new request.
    _, created = data_request_make(candidate=candidate, kind="deletion", how="status page")
    assert created


def test_a_malformed_referrer_is_ignored_not_an_error(client):
    job = JobFactory()
    response = client.get(f"/careers/{job.slug}/", HTTP_REFERER="http://[::1/broken")
    assert response.status_code == 200
    assert "careers_arrival" not in client.session
    assert str(source_for({"referrer": "http://[::1/broken"})) == "Careers site"
