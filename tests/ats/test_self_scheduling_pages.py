"""The candidate's self-scheduling page through HTTP, with no login: the times in their own
zone, booking, moving and cancelling (and the notice period), stale and tampered links."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.models import Interview, Slot
from ats.selectors.self_scheduling import SCHEDULE_LINK_SALT, scheduling_token
from ats.services.interviews import interview_cancel, interview_schedule
from ats.services.self_scheduling import scheduling_request_withdraw
from recruit.accounts.timezones import format_in_zone
from tests.ats.careers_helpers import page_text
from tests.ats.self_scheduling_helpers import (
    BERLIN,
    application_with_team,
    berlin,
    hours,
    interviewer,
    link,
    monday_ahead,
    offer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
EN_DASH = "\u2013"


@pytest.fixture
def ivan(db):
    return interviewer("Ivan Interviewer")


@pytest.fixture
def monday():
    return monday_ahead()


@pytest.fixture
def request_(coordinator, ivan, monday):
    application = application_with_team(ivan, title="Compiler engineer")
    application.candidate.first_name = "Grace"
    application.candidate.save()
    return offer(
        application, coordinator, [ivan], hours(monday, 9, 10, 11), title="Technical interview",
        notes_for_interviewers="Secret: probe the parser", notes_for_candidate="Bring a laptop",
        video_url="https://meet.example.com/abc",
    )  # fmt: skip


def slot_at(request, hour: int) -> Slot:
    return next(s for s in request.slots.all() if s.start_at.astimezone(BERLIN).hour == hour)


def times_shown(response) -> list[str]:
    return re.findall(r'name="slot" value="\d+"[^>]*> <span>([^<]+)</span>', page_text(response))


def abbreviation(moment, zone: str) -> str:
    return format_in_zone(moment, zone, "T")


def test_the_times_are_shown_in_the_offers_zone_by_default(client, request_, monday):
    response = client.get(link(request_))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = page_text(response)
    zone = abbreviation(berlin(monday, 9), "Europe/Berlin")  # CET or CEST
    assert times_shown(response) == [
        f"09:00{EN_DASH}10:00 {zone}", f"10:00{EN_DASH}11:00 {zone}", f"11:00{EN_DASH}12:00 {zone}"
    ]  # fmt: skip
    assert f"{berlin(monday, 9):%A} {monday.day} {berlin(monday, 9):%B %Y}" in text
    assert '<option value="Europe/Berlin" selected>' in text
    assert "Hello Grace" in text and "Compiler engineer" in text
    assert "Secret: probe the parser" not in text  # interviewer-only notes never reach them


def test_the_candidate_sees_the_times_in_their_own_zone(client, request_, monday):
    response = client.get(link(request_), {"tz": "America/New_York"})
    nine = berlin(monday, 9).astimezone(ZoneInfo("America/New_York"))
    zone = abbreviation(nine, "America/New_York")  # EST or EDT
    first = f"{nine:%H:%M}{EN_DASH}{nine.hour + 1:02d}:00 {zone}"
    assert times_shown(response)[0] == first
    assert '<option value="America/New_York" selected>' in page_text(response)


def test_times_can_fall_on_another_day_in_the_candidates_zone(client, request_, monday):
    response = client.get(link(request_), {"tz": "Pacific/Auckland"})
    text = page_text(response)
    # 09:00 in Berlin is evening or night in Auckland, on the same calendar day there.
    auckland = berlin(monday, 9).astimezone(ZoneInfo("Pacific/Auckland"))
    assert f"{auckland:%A} {auckland.day} {auckland:%B %Y}" in text
    assert times_shown(response)[0].startswith(f"{auckland:%H:%M}")


def test_an_unknown_zone_falls_back_to_the_offers_zone(client, request_):
    response = client.get(link(request_), {"tz": "Mars/Olympus"})
    assert response.status_code == 200
    assert '<option value="Europe/Berlin" selected>' in page_text(response)
    assert "Mars/Olympus" not in page_text(response)


def test_the_page_loads_the_zone_script_and_no_inline_script(client, request_):
    text = page_text(client.get(link(request_)))
    assert 'src="/static/js/self-schedule.js"' in text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) is None
    assert "style=" not in text


def test_booking_through_the_page(client, request_, monday, ivan):
    ten = slot_at(request_, 10)
    response = client.post(link(request_, "book"), {"slot": ten.pk, "tz": "Europe/London"})

    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.start_at == ten.start_at
    assert {p.user for p in interview.participants.all()} == {ivan}
    page = client.get(response["Location"])
    text = page_text(page)
    london = berlin(monday, 10).astimezone(ZoneInfo("Europe/London"))
    assert f"Your interview is booked for {london:%A} {london.day} {london:%B %Y}, " in text
    assert "your interview is booked:" in text
    assert "Bring a laptop" in text and "https://meet.example.com/abc" in text
    assert "Move my interview" in text and "Cancel my interview" in text
    assert len(times_shown(page)) == 2  # the two other times, to move to


def test_the_redirect_after_booking_keeps_the_candidates_zone(client, request_):
    page = link(request_)
    response = client.post(f"{page}book/", {"slot": slot_at(request_, 9).pk, "tz": "Asia/Tokyo"})
    assert response["Location"] == f"{page}?tz=Asia%2FTokyo"


def test_a_time_just_taken_gets_a_clear_page(client, request_):
    nine = slot_at(request_, 9)
    client.post(link(request_, "book"), {"slot": nine.pk})
    # The same link in a second tab that still shows the time.
    response = client.post(link(request_, "book"), {"slot": nine.pk})
    assert response.status_code == 409
    assert "That time was just taken. Please pick another one." in page_text(response)
    assert Interview.objects.count() == 1


def test_a_time_an_interviewer_got_busy_at_gets_the_same_page(client, request_, coordinator, ivan):
    nine = slot_at(request_, 9)
    interview_schedule(application=application_with_team(ivan), interviewers=[ivan],
                       start=nine.start_at, end=nine.end_at, time_zone="UTC",
                       actor=coordinator)  # fmt: skip
    response = client.post(link(request_, "book"), {"slot": nine.pk})
    assert response.status_code == 409
    assert "That time was just taken" in page_text(response)
    assert len(times_shown(response)) == 2  # the others are still offered


def test_no_time_picked_is_a_clear_error(client, request_):
    response = client.post(link(request_, "book"), {"slot": "soon"})
    assert response.status_code == 400
    assert "Please pick a time." in page_text(response)
    assert not Interview.objects.exists()


def test_moving_and_cancelling_through_the_page(client, request_):
    client.post(link(request_, "book"), {"slot": slot_at(request_, 9).pk})
    response = client.post(link(request_, "move"), {"slot": slot_at(request_, 11).pk})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.start_at == slot_at(request_, 11).start_at and interview.sequence == 1

    response = client.post(link(request_, "cancel"), {"reason": "Found another job"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    text = page_text(client.get(response["Location"]))
    assert "This interview was cancelled" in text
    assert "Book this time" not in text and "Cancel my interview" not in text


def test_inside_the_notice_period_the_page_says_to_contact_the_recruiter(
    client, request_, settings, coordinator
):
    client.post(link(request_, "book"), {"slot": slot_at(request_, 9).pk})
    settings.SELF_SCHEDULE_NOTICE_HOURS = 24 * 30  # the interview is now "too close"
    text = page_text(client.get(link(request_)))
    assert "less than 720 hours away" in text
    assert f'href="mailto:{coordinator.email}"' in text
    assert "Cancel my interview" not in text and "Move my interview" not in text

    response = client.post(link(request_, "cancel"))
    assert response.status_code == 409
    assert "please contact us to change it" in page_text(response)
    assert Interview.objects.get().status == Interview.Status.SCHEDULED


@pytest.mark.parametrize("stale", ["expired", "withdrawn", "closed"])
def test_a_stale_link_gives_a_clear_page(client, request_, coordinator, stale):
    if stale == "expired":
        request_.expires_at = timezone.now() - timedelta(minutes=1)
        request_.save()
    elif stale == "withdrawn":
        scheduling_request_withdraw(scheduling_request=request_, actor=coordinator)
    else:
        request_.application.status = "rejected"
        request_.application.save()
    response = client.get(link(request_))
    assert response.status_code == 410
    heading = {
        "expired": "This link has expired",
        "withdrawn": "These times are no longer offered",
        "closed": "This link no longer books interviews",
    }[stale]
    assert heading in page_text(response)
    assert times_shown(response) == []
    response = client.post(link(request_, "book"), {"slot": slot_at(request_, 9).pk})
    assert response.status_code == 409 and heading in page_text(response)
    assert not Interview.objects.exists()


def test_an_interview_cancelled_by_the_recruiter_shows_as_cancelled(client, request_, coordinator):
    client.post(link(request_, "book"), {"slot": slot_at(request_, 9).pk})
    interview_cancel(interview=Interview.objects.get(), actor=coordinator)
    response = client.get(link(request_))
    assert response.status_code == 200
    assert "This interview was cancelled" in page_text(response)


def test_when_every_time_is_gone_the_page_says_so(client, request_, coordinator, ivan):
    for slot in request_.slots.all():
        interview_schedule(application=application_with_team(ivan), interviewers=[ivan],
                           start=slot.start_at, end=slot.end_at, time_zone="UTC",
                           actor=coordinator)  # fmt: skip
    text = page_text(client.get(link(request_)))
    assert "No times are left" in text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature
        lambda token: "OTk5" + token[token.index(":") :],  # another request's id, same signature
        lambda token: signing.dumps(1, salt="ats.careers.status"),  # signed for something else
        lambda token: "nonsense",
    ],
)
def test_a_tampered_link_is_not_found(client, request_, tamper):
    token = tamper(scheduling_token(request_))
    response = client.get(f"/careers/schedule/{token}/")
    assert response.status_code == 404
    assert "This link is not valid" in page_text(response)
    response = client.post(f"/careers/schedule/{token}/book/", {"slot": slot_at(request_, 9).pk})
    assert response.status_code == 404
    assert not Interview.objects.exists()


def test_a_link_to_a_deleted_request_is_not_found(client, request_):
    token = signing.dumps(request_.pk + 1000, salt=SCHEDULE_LINK_SALT)
    assert client.get(f"/careers/schedule/{token}/").status_code == 404


def test_the_page_runs_the_same_queries_however_many_times_are_offered(
    client, request_, coordinator, ivan
):
    twenty = [t for week in (2, 3) for t in hours(monday_ahead(week), *range(8, 18))]
    many = offer(application_with_team(ivan), coordinator, [ivan], twenty)
    client.get(link(request_))  # the careers site's settings, cached from here on

    with CaptureQueriesContext(connection) as few_times:
        assert len(times_shown(client.get(link(request_)))) == 3
    with CaptureQueriesContext(connection) as many_times:
        assert len(times_shown(client.get(link(many)))) == 20
    assert len(many_times) == len(few_times) <= 6
