"""An interviewer's private calendar feed: made, replaced and revoked on its page; fetched by a
calendar app without a login, with the secret URL as the only key; read back by vobject."""

from datetime import timedelta

import pytest
import vobject
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ats.models import CalendarFeedToken, Interview
from ats.services.calendar_feeds import calendar_feed_revoke, calendar_feed_rotate
from recruit.accounts.roles import Role
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    JobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SECRET = "PANEL-ONLY: ask about the outage"


@pytest.fixture
def ivan(interviewer):
    interviewer.full_name = "Ivan Interviewer"
    interviewer.save()
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(full_name="Inga Interviewer", roles=[Role.INTERVIEWER])


@pytest.fixture
def job(ivan, inga):
    return JobFactory(
        title="Compiler engineer", team=[(ivan, "interviewer"), (inga, "interviewer")]
    )


@pytest.fixture
def grace(db):
    return CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org",
                            phone="+4930123456")  # fmt: skip


def interview(job, interviewers, days: float, candidate=None, **fields) -> Interview:
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    application = ApplicationFactory(job=job, candidate=candidate or CandidateFactory())
    return InterviewFactory(application=application, interviewers=interviewers, start_at=start,
                            end_at=start + timedelta(hours=1), **fields)  # fmt: skip


def feed_path(token: str) -> str:
    return f"/ats/calendar/{token}.ics"


def read(response):
    return vobject.readOne(response.content.decode("utf-8"))


def test_an_interviewer_makes_a_feed_and_a_calendar_app_reads_it_without_logging_in(
    client, login, settings, job, ivan, inga, grace
):
    upcoming = interview(job, [ivan, inga], 3, candidate=grace, notes_for_interviewers=SECRET,
                         location="Room 4", video_url="https://meet.example.com/x")  # fmt: skip
    cancelled = interview(
        job, [ivan], 10, status="cancelled", cancelled_at=timezone.now(),
        cancellation_reason="Role on hold",
    )  # fmt: skip
    held = interview(job, [ivan], -30, status=Interview.Status.COMPLETED)
    interview(job, [inga], 4)  # not Ivan's
    interview(job, [ivan], -120)  # too long ago
    interview(job, [ivan], 400)  # too far ahead

    login(ivan)
    page = client.get("/ats/calendar-feed/")
    assert page.status_code == 200 and b"Make my feed address" in page.content
    made = client.post("/ats/calendar-feed/new/")
    assert made.status_code == 302 and made.url == "/ats/calendar-feed/"
    token = CalendarFeedToken.objects.get(user=ivan, revoked_at__isnull=True).token
    assert len(token) >= 43  # 32 random bytes
    page = client.get("/ats/calendar-feed/")
    url = f"{settings.SITE_URL}/ats/calendar/{token}.ics"
    assert url.encode() in page.content
    assert ("webcal://" + url.split("://")[1]).encode() in page.content

    client.logout()
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    calendar = read(response)
    assert calendar.method.value == "PUBLISH"
    assert calendar.x_wr_calname.value == "Interviews of Ivan Interviewer"
    events = {vevent.uid.value: vevent for vevent in calendar.vevent_list}
    assert set(events) == {upcoming.ical_uid, cancelled.ical_uid, held.ical_uid}
    assert events[cancelled.ical_uid].status.value == "CANCELLED"
    assert "Cancelled: Role on hold" in events[cancelled.ical_uid].description.value
    assert events[held.ical_uid].status.value == "CONFIRMED"
    mine = events[upcoming.ical_uid]
    assert mine.status.value == "CONFIRMED"
    assert mine.summary.value == "Technical interview: Grace Hopper (Compiler engineer)"
    assert mine.dtstart.value == upcoming.start_at
    assert mine.location.value == "Room 4" and mine.url.value == "https://meet.example.com/x"
    assert "Interviewers: Ivan Interviewer, Inga Interviewer" in mine.description.value
    assert SECRET in mine.description.value
    # The candidate by name only: the feed is readable by whoever has the address.
    assert b"grace@example.org" not in response.content and b"4930123456" not in response.content
    assert not hasattr(mine, "attendee")  # RFC 5546: no ATTENDEE in a PUBLISH


def test_a_new_address_retires_the_old_one(client, job, ivan):
    interview(job, [ivan], 2)
    old = calendar_feed_rotate(user=ivan)
    new = calendar_feed_rotate(user=ivan)
    assert old.token != new.token
    assert client.get(feed_path(old.token)).status_code == 404
    assert client.get(feed_path(new.token)).status_code == 200
    assert client.head(feed_path(new.token)).status_code == 200
    assert client.post(feed_path(new.token)).status_code == 405
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert CalendarFeedToken.objects.filter(user=ivan, revoked_at__isnull=True).count() == 1


def test_revoked_unknown_and_malformed_addresses_are_not_found(client, login, job, ivan):
    token = calendar_feed_rotate(user=ivan).token
    login(ivan)
    response = client.post("/ats/calendar-feed/revoke/", follow=True)
    assert b"Feed address revoked" in response.content
    assert b"You have no feed address" in response.content
    client.logout()
    assert client.get(feed_path(token)).status_code == 404
    assert client.get(feed_path("A" * 43)).status_code == 404
    assert client.get(feed_path("short")).status_code == 404
    assert client.get("/ats/calendar/" + token).status_code == 404
    assert calendar_feed_revoke(user=ivan) is False  # nothing left to revoke


def test_the_feed_of_a_deactivated_user_is_gone(client, job, ivan):
    token = calendar_feed_rotate(user=ivan).token
    ivan.is_active = False
    ivan.save()
    assert client.get(feed_path(token)).status_code == 404


def test_a_user_has_one_live_address(ivan):
    CalendarFeedToken.objects.create(user=ivan, token="a" * 43)
    with pytest.raises(IntegrityError):
        CalendarFeedToken.objects.create(user=ivan, token="b" * 43)


def test_only_interviews_on_jobs_the_user_may_see(client, ivan, inga):
    # Ivan was on the panel of a job whose team he has since left.
    elsewhere = JobFactory(team=[(inga, "interviewer")])
    interview(elsewhere, [ivan, inga], 2)
    mine = interview(JobFactory(team=[(ivan, "interviewer")]), [ivan], 3)
    token = calendar_feed_rotate(user=ivan).token
    calendar = read(client.get(feed_path(token)))
    assert [vevent.uid.value for vevent in calendar.vevent_list] == [mine.ical_uid]


def test_blind_review_shows_an_alias_in_the_feed(client, ivan, grace):
    blind = JobFactory(title="Compiler engineer", blind_review=True, team=[(ivan, "interviewer")])
    interview(blind, [ivan], 2, candidate=grace)
    token = calendar_feed_rotate(user=ivan).token
    response = client.get(feed_path(token))
    assert b"Grace" not in response.content
    assert f"Candidate #{grace.pk}" in read(response).vevent.summary.value


def test_the_feed_runs_the_same_queries_for_one_interview_or_many(client, job, ivan, inga):
    token = calendar_feed_rotate(user=ivan).token
    interview(job, [ivan, inga], 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(feed_path(token)).status_code == 200
    for days in range(2, 8):
        interview(job, [ivan, inga, UserFactory()], days)
    with CaptureQueriesContext(connection) as many:
        response = client.get(feed_path(token))
    assert len(read(response).vevent_list) == 7
    assert len(many) == len(one)
    assert len(one) <= 5


def test_the_page_needs_a_login_and_changes_only_by_post(client, login, ivan):
    page = client.get("/ats/calendar-feed/")
    assert page.status_code == 302 and "/accounts/login/" in page.url
    assert client.post("/ats/calendar-feed/new/").status_code == 302
    assert not CalendarFeedToken.objects.exists()
    login(ivan)
    assert client.get("/ats/calendar-feed/new/").status_code == 405
    assert client.get("/ats/calendar-feed/revoke/").status_code == 405
    assert not CalendarFeedToken.objects.exists()


@pytest.mark.django_db
def test_my_interviews_leads_to_the_calendar_feed_settings(login, interviewer):
    html = login(interviewer).get(reverse("ats:my-interviews")).content.decode()
    assert reverse("ats:calendar-feed-settings") in html
