"""Self-scheduling through its services and selectors: times generated from weekly availability
minus booked interviews (across a DST change), each kind of bad input, booking, moving and
cancelling within and outside the notice period, stale requests, and the email with the link."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ats.models import (
    Application,
    Interview,
    InterviewParticipant,
    JobMember,
    SchedulingRequest,
    Slot,
)
from ats.selectors.self_scheduling import (
    PageState,
    availability_slots,
    open_slots,
    scheduling_page,
    scheduling_request_from_token,
    scheduling_token,
)
from ats.services.interviews import interview_schedule
from ats.services.self_scheduling import (
    SchedulingClosed,
    SlotTaken,
    availability_add,
    booking_cancel,
    booking_reschedule,
    scheduling_request_create,
    scheduling_request_withdraw,
    slot_book,
)
from recruit.candidates.models import Activity
from recruit.messaging.models import OutboundEmail
from tests.ats.self_scheduling_helpers import (
    BERLIN,
    application_with_team,
    berlin,
    hours,
    interviewer,
    monday_ahead,
    next_dst_change,
    offer,
    weekly,
)
from tests.factories import InterviewFactory, SuppressionFactory, UserFactory

pytestmark = pytest.mark.django_db
Response = InterviewParticipant.Response
HOUR = timedelta(hours=1)


@pytest.fixture
def ivan(db):
    return interviewer("Ivan Interviewer")


@pytest.fixture
def inga(db):
    return interviewer("Inga Interviewer")


@pytest.fixture
def application(ivan, inga):
    return application_with_team(ivan, inga, title="Compiler engineer")


def local_times(slots) -> list[tuple[str, str]]:
    """(date, "HH:MM") of each slot's start on Berlin's wall clock."""
    return [(f"{s.astimezone(BERLIN):%a %d}", f"{s.astimezone(BERLIN):%H:%M}") for s, _ in slots]


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


# Generation from weekly availability --------------------------------------------------------


def test_generated_times_are_the_shared_availability_cut_into_durations(ivan, inga):
    monday = monday_ahead()
    weekly(ivan, 0, 9, 12)  # Mondays 09-12 Berlin
    weekly(inga, 0, 10, 13)  # Mondays 10-13 Berlin
    weekly(inga, 1, 9, 17)  # Tuesdays only Inga: no shared time

    slots = availability_slots(
        interviewers=[ivan, inga], duration=HOUR, days=7, start=berlin(monday, 0)
    )

    assert local_times(slots) == [(f"Mon {monday:%d}", "10:00"), (f"Mon {monday:%d}", "11:00")]


def test_booked_interviews_are_taken_off_but_declined_and_cancelled_ones_are_not(ivan, inga):
    monday = monday_ahead()
    tuesday = monday + timedelta(days=1)
    for person in (ivan, inga):
        weekly(person, 0, 9, 12)
        weekly(person, 1, 9, 12)
    # Inga is busy 10:30-11:00 on Monday: the 10:00 slot overlaps it, 09:00 and 11:00 do not.
    InterviewFactory(
        start_at=berlin(monday, 10, 30), end_at=berlin(monday, 11), interviewers=[inga]
    )
    # Ivan declined Tuesday 09:00; Tuesday 10:00 was cancelled; an outsider's 11:00 is not theirs.
    declined = InterviewFactory(start_at=berlin(tuesday, 9), end_at=berlin(tuesday, 10))
    InterviewParticipant.objects.create(
        interview=declined, user=ivan, response_status=Response.DECLINED
    )
    InterviewFactory(
        start_at=berlin(tuesday, 10),
        end_at=berlin(tuesday, 11),
        status=Interview.Status.CANCELLED,
        interviewers=[ivan],
    )
    InterviewFactory(
        start_at=berlin(tuesday, 11), end_at=berlin(tuesday, 12), interviewers=[UserFactory()]
    )

    slots = availability_slots(
        interviewers=[ivan, inga], duration=HOUR, days=2, start=berlin(monday, 0)
    )

    mon, tue = f"Mon {monday:%d}", f"Tue {tuesday:%d}"
    assert local_times(slots) == [
        (mon, "09:00"), (mon, "11:00"), (tue, "09:00"), (tue, "10:00"), (tue, "11:00"),
    ]  # fmt: skip


def test_generated_times_keep_the_wall_clock_across_a_dst_change(ivan):
    change = next_dst_change()  # a Sunday in Berlin
    monday_before = change - timedelta(days=6)
    for weekday in range(5):
        weekly(ivan, weekday, 9, 11)

    slots = availability_slots(
        interviewers=[ivan], duration=HOUR, days=12, start=berlin(monday_before, 0)
    )

    # Ten weekdays, two times each, always 09:00 and 10:00 in Berlin...
    assert len(slots) == 20
    assert {clock for _, clock in local_times(slots)} == {"09:00", "10:00"}
    # ...which is a different hour in UTC on each side of the change.
    utc_before = {s.astimezone(UTC).hour for s, _ in slots if s.date() < change}
    utc_after = {s.astimezone(UTC).hour for s, _ in slots if s.date() > change}
    offset_before = berlin(change - timedelta(days=1), 12).utcoffset()
    offset_after = berlin(change + timedelta(days=1), 12).utcoffset()
    shift = int((offset_after - offset_before).total_seconds() // 3600)
    assert utc_before == {9 - offset_before.seconds // 3600, 10 - offset_before.seconds // 3600}
    assert utc_after == {hour - shift for hour in utc_before}
    assert all(end - start == HOUR for start, end in slots)


def test_availability_in_other_zones_is_read_on_its_own_clock(ivan, inga):
    monday = monday_ahead()
    weekly(ivan, 0, 9, 12)  # Berlin
    weekly(inga, 0, 4, 7, zone="America/New_York")  # 10:00-13:00 in Berlin, 09:00 some weeks
    slots = availability_slots(
        interviewers=[ivan, inga], duration=HOUR, days=1, start=berlin(monday, 0)
    )
    inga_from = datetime.combine(monday, time(4), tzinfo=ZoneInfo("America/New_York"))
    shared_from, shared_to = max(berlin(monday, 9), inga_from), berlin(monday, 12)
    expected = [shared_from + n * HOUR for n in range(int((shared_to - shared_from) / HOUR))]
    assert [start for start, _ in slots] == expected
    assert expected  # New York's Monday morning is Berlin's Monday noon


def test_a_request_from_availability_offers_only_future_common_free_times(
    coordinator, application, ivan, inga
):
    monday = monday_ahead()
    for person in (ivan, inga):
        weekly(person, 0, 9, 11)
    request = scheduling_request_create(
        application=application,
        interviewers=[ivan, inga],
        time_zone="Europe/Berlin",
        from_availability_days=7,
        duration_minutes=30,
        actor=coordinator,
        send_email=False,
        now=berlin(monday, 0),
    )
    starts = [f"{s.start_at.astimezone(BERLIN):%H:%M}" for s in request.slots.all()]
    assert starts == ["09:00", "09:30", "10:00", "10:30"]
    assert request.expires_at == berlin(monday, 10, 30)
    assert set(request.interviewers.all()) == {ivan, inga}
    assert Activity.objects.filter(verb="interview.times_offered").count() == 1


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("times", "code"),
    [
        ("past", "start_in_past"),
        ("end_before_start", "end_before_start"),
        ("zero_length", "end_before_start"),
        ("overlapping", "overlapping_slots"),
        ("duplicate", "overlapping_slots"),
        ("none", "no_slots"),
    ],
)
def test_bad_times_are_refused_and_nothing_is_saved(coordinator, application, ivan, times, code):
    day = monday_ahead()
    offered = {
        "past": [(timezone.now() - HOUR, timezone.now())],
        "end_before_start": [(berlin(day, 10), berlin(day, 9))],
        "zero_length": [(berlin(day, 10), berlin(day, 10))],
        "overlapping": [(berlin(day, 10), berlin(day, 11)), (berlin(day, 10, 30), berlin(day, 12))],
        "duplicate": hours(day, 10, 10),
        "none": [],
    }[times]
    with pytest.raises(ValidationError) as refused:
        offer(application, coordinator, [ivan], offered)
    assert codes(refused.value) == {code}
    assert not SchedulingRequest.objects.exists() and not Slot.objects.exists()


def test_an_interviewer_not_on_the_hiring_team_is_refused(coordinator, application, ivan):
    stranger = interviewer("Stella Stranger")
    with pytest.raises(ValidationError) as refused:
        offer(application, coordinator, [ivan, stranger], hours(monday_ahead(), 10))
    assert codes(refused.value) == {"not_on_team"}
    assert "Stella Stranger" in refused.value.messages[0]
    assert not SchedulingRequest.objects.exists()


def test_an_unknown_time_zone_is_refused(coordinator, application, ivan):
    with pytest.raises(ValidationError) as refused:
        offer(application, coordinator, [ivan], hours(monday_ahead(), 10), time_zone="Mars/Olympus")
    assert codes(refused.value) == {"unknown_time_zone"}
    assert "Mars/Olympus" in refused.value.messages[0]


def test_a_time_that_does_not_exist_on_the_wall_clock_is_refused(coordinator, application, ivan):
    change = next_dst_change(forward=True)
    naive = datetime.combine(change, time(2, 30))  # the clocks jump from 02:00 to 03:00
    with pytest.raises(ValidationError) as refused:
        offer(application, coordinator, [ivan], [(naive, naive + HOUR)])
    assert codes(refused.value) == {"nonexistent_time"}


def test_a_time_an_interviewer_is_already_booked_is_refused(coordinator, application, ivan):
    day = monday_ahead()
    InterviewFactory(start_at=berlin(day, 10, 30), end_at=berlin(day, 11, 30), interviewers=[ivan])
    with pytest.raises(ValidationError) as refused:
        offer(application, coordinator, [ivan], hours(day, 9, 10))
    assert codes(refused.value) == {"slot_clash"}
    assert "Ivan Interviewer already interviewing at" in refused.value.messages[0]


def test_only_the_recruiting_team_offers_times(hiring_manager, application, ivan):
    with pytest.raises(PermissionDenied):
        offer(application, hiring_manager, [ivan], hours(monday_ahead(), 10))


def test_no_shared_free_time_is_a_clear_error(coordinator, application, ivan, inga):
    weekly(ivan, 0, 9, 10)
    weekly(inga, 0, 10, 11)  # touching, not overlapping
    with pytest.raises(ValidationError) as refused:
        scheduling_request_create(
            application=application, interviewers=[ivan, inga], time_zone="Europe/Berlin",
            from_availability_days=14, actor=coordinator, send_email=False,
        )  # fmt: skip
    assert codes(refused.value) == {"no_free_time"}


def test_bad_weekly_availability_is_refused(ivan):
    with pytest.raises(ValidationError) as refused:
        availability_add(user=ivan, weekday=0, start=time(12), end=time(9),
                         time_zone="Europe/Berlin", actor=ivan)  # fmt: skip
    assert codes(refused.value) == {"end_before_start"}
    with pytest.raises(ValidationError) as refused:
        availability_add(user=ivan, weekday=0, start=time(9), end=time(12),
                         time_zone="Europe/Atlantis", actor=ivan)  # fmt: skip
    assert codes(refused.value) == {"unknown_time_zone"}
    with pytest.raises(PermissionDenied):
        availability_add(user=ivan, weekday=0, start=time(9), end=time(12),
                         time_zone="Europe/Berlin", actor=UserFactory())  # fmt: skip
    made = availability_add(user=ivan, weekday=0, start=time(9), end=time(12),
                            time_zone="Europe/Berlin", actor=ivan)  # fmt: skip
    assert str(made) == "Ivan Interviewer: Monday 09:00-12:00 Europe/Berlin"


# Booking, moving, cancelling ------------------------------------------------------------------


@pytest.fixture
def request_(coordinator, application, ivan, inga):
    """Three times on a Monday ahead, Berlin: 09:00, 10:00 and 11:00."""
    return offer(
        application, coordinator, [ivan, inga], hours(monday_ahead(), 9, 10, 11),
        title="Technical interview", video_url="https://meet.example.com/abc",
        notes_for_interviewers="Probe the parser design", notes_for_candidate="Bring a laptop",
    )  # fmt: skip


def page_of(request):
    """What the candidate's link shows now, loaded as the page loads it."""
    fresh = scheduling_request_from_token(scheduling_token(request))
    return scheduling_page(scheduling_request=fresh)


def slot_at(request, hour: int) -> Slot:
    return next(s for s in request.slots.all() if s.start_at.astimezone(BERLIN).hour == hour)


def test_booking_schedules_the_interview_on_behalf_of_the_coordinator(
    request_, coordinator, ivan, inga
):
    ten = slot_at(request_, 10)
    interview = slot_book(scheduling_request=request_, slot_id=ten.pk)

    assert (interview.start_at, interview.end_at) == (ten.start_at, ten.end_at)
    assert interview.time_zone == "Europe/Berlin" and interview.organizer == coordinator
    assert interview.title == "Technical interview"
    assert interview.notes_for_candidate == "Bring a laptop"
    assert {p.user for p in interview.participants.all()} == {ivan, inga}
    ten.refresh_from_db()
    request_.refresh_from_db()
    assert ten.interview == interview and request_.interview == interview
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"interview.scheduled", "interview.self_scheduled"} <= verbs
    booked = Activity.objects.get(verb="interview.self_scheduled")
    assert booked.actor is None  # the candidate, who has no account
    page = scheduling_page(
        scheduling_request=scheduling_request_from_token(scheduling_token(request_))
    )
    assert page.state == PageState.BOOKED and page.can_change
    assert [s.start_at.astimezone(BERLIN).hour for s in page.slots] == [9, 11]


def test_a_booked_time_cannot_be_booked_again_nor_a_second_one(request_):
    ten, eleven = slot_at(request_, 10), slot_at(request_, 11)
    slot_book(scheduling_request=request_, slot_id=ten.pk)
    with pytest.raises(SlotTaken):
        slot_book(scheduling_request=request_, slot_id=ten.pk)
    with pytest.raises(SchedulingClosed) as closed:
        slot_book(scheduling_request=request_, slot_id=eleven.pk)
    assert closed.value.state == PageState.BOOKED
    assert Interview.objects.count() == 1


def test_a_time_an_interviewer_got_busy_at_meanwhile_is_gone(request_, coordinator, ivan):
    ten = slot_at(request_, 10)
    other = application_with_team(ivan)
    interview_schedule(application=other, interviewers=[ivan], start=ten.start_at,
                       end=ten.end_at, time_zone="UTC", actor=coordinator)  # fmt: skip

    assert ten not in open_slots(scheduling_request=request_)
    with pytest.raises(SlotTaken):
        slot_book(scheduling_request=request_, slot_id=ten.pk)
    assert not Interview.objects.filter(application=request_.application).exists()


def test_a_slot_of_another_request_is_not_one_of_the_times(request_, coordinator, ivan):
    other = offer(application_with_team(ivan), coordinator, [ivan], hours(monday_ahead(2), 9))
    with pytest.raises(ValidationError) as refused:
        slot_book(scheduling_request=request_, slot_id=other.slots.get().pk)
    assert codes(refused.value) == {"unknown_slot"}


def test_moving_within_the_notice_period_frees_the_old_time(request_):
    ten, eleven = slot_at(request_, 10), slot_at(request_, 11)
    interview = slot_book(scheduling_request=request_, slot_id=ten.pk)

    moved = booking_reschedule(scheduling_request=request_, slot_id=eleven.pk)

    assert moved.pk == interview.pk and moved.start_at == eleven.start_at
    assert moved.sequence == interview.sequence + 1
    ten.refresh_from_db()
    eleven.refresh_from_db()
    assert ten.interview is None and eleven.interview == moved
    assert ten in open_slots(scheduling_request=request_)
    assert Activity.objects.filter(verb="interview.self_rescheduled").count() == 1


def test_cancelling_within_the_notice_period_cancels_the_interview(request_):
    interview = slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    booking_cancel(scheduling_request=request_, reason="  I took another offer ")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.cancellation_reason == "Cancelled by the candidate: I took another offer"
    page = scheduling_page(
        scheduling_request=scheduling_request_from_token(scheduling_token(request_))
    )
    assert page.state == PageState.CANCELLED
    with pytest.raises(SchedulingClosed) as closed:
        slot_book(scheduling_request=request_, slot_id=slot_at(request_, 11).pk)
    assert closed.value.state == PageState.CANCELLED


def test_inside_the_notice_period_nothing_can_be_moved_or_cancelled(request_, settings):
    interview = slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    hours_ahead = (interview.start_at - timezone.now()).total_seconds() / 3600
    settings.SELF_SCHEDULE_NOTICE_HOURS = int(hours_ahead) + 1  # now it is "too late"

    with pytest.raises(SchedulingClosed) as closed:
        booking_reschedule(scheduling_request=request_, slot_id=slot_at(request_, 11).pk)
    assert "please contact us" in closed.value.messages[0]
    with pytest.raises(SchedulingClosed):
        booking_cancel(scheduling_request=request_)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED and interview.sequence == 0
    page = scheduling_page(
        scheduling_request=scheduling_request_from_token(scheduling_token(request_))
    )
    assert page.state == PageState.BOOKED and not page.can_change and page.slots == []

    settings.SELF_SCHEDULE_NOTICE_HOURS = int(hours_ahead) - 1  # and now there is time again
    booking_cancel(scheduling_request=request_)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED


def test_stale_requests_book_nothing(request_, coordinator):
    nine = slot_at(request_, 9)
    later = request_.expires_at + timedelta(minutes=1)
    with pytest.raises(SchedulingClosed) as closed:
        slot_book(scheduling_request=request_, slot_id=nine.pk, now=later)
    assert closed.value.state == PageState.EXPIRED

    scheduling_request_withdraw(scheduling_request=request_, actor=coordinator)
    with pytest.raises(SchedulingClosed) as closed:
        slot_book(scheduling_request=request_, slot_id=nine.pk)
    assert closed.value.state == PageState.WITHDRAWN
    assert not Interview.objects.exists()


def test_a_closed_application_books_nothing(request_):
    Application.objects.filter(pk=request_.application_id).update(
        status=Application.Status.REJECTED
    )
    with pytest.raises(SchedulingClosed) as closed:
        slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    assert closed.value.state == PageState.CLOSED


def test_a_booked_offer_is_not_withdrawn_behind_the_candidates_back(request_, coordinator):
    slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    with pytest.raises(ValidationError) as refused:
        scheduling_request_withdraw(scheduling_request=request_, actor=coordinator)
    assert codes(refused.value) == {"booked"}


def test_when_the_coordinator_left_a_recruiter_of_the_job_organises(request_, recruiter):
    JobMember.objects.create(job=request_.application.job, user=recruiter, role="recruiter")
    request_.created_by.is_active = False
    request_.created_by.save()
    interview = slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    assert interview.organizer == recruiter


def test_the_database_refuses_two_booked_slots_in_one_request(request_):
    first = slot_book(scheduling_request=request_, slot_id=slot_at(request_, 9).pk)
    second = InterviewFactory(application=request_.application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot_at(request_, 11).pk).update(interview=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot_at(request_, 11).pk).update(interview=first)


# The email with the link ------------------------------------------------------------------------


def test_the_candidate_gets_the_link_by_email(
    coordinator, application, ivan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = offer(application, coordinator, [ivan], hours(monday_ahead(), 10),
                        send_email=True, title="Technical interview")  # fmt: skip
    (sent,) = mail.outbox
    assert sent.to == [application.candidate.email]
    assert "Technical interview" in sent.subject
    token = re.search(r"/careers/schedule/([^/\s]+)/", sent.body)[1]
    assert scheduling_request_from_token(token) == request
    assert "24 hours" in sent.body
    outbound = OutboundEmail.objects.get()
    assert outbound.status == OutboundEmail.Status.SENT and outbound.about_id == str(request.pk)


def test_no_link_email_goes_to_a_suppressed_address(
    coordinator, application, ivan, django_capture_on_commit_callbacks
):
    SuppressionFactory(email=application.candidate.email)
    with django_capture_on_commit_callbacks(execute=True):
        offer(application, coordinator, [ivan], hours(monday_ahead(), 10), send_email=True)
    assert mail.outbox == []
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SUPPRESSED
    assert SchedulingRequest.objects.count() == 1  # the offer stands; the link can be shared


def test_times_are_stored_in_utc(coordinator, application, ivan):
    day = monday_ahead()
    naive = (datetime.combine(day, time(9)), datetime.combine(day, time(10)))
    request = offer(application, coordinator, [ivan], [naive])
    slot = request.slots.get()
    assert slot.start_at == berlin(day, 9) and slot.start_at.utcoffset() == timedelta(0)
