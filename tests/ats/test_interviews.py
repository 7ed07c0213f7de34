"""Interviews through their services and selectors: scheduling with its bad input, clashes in
interviewers' calendars, rescheduling and cancelling (SEQUENCE, signals on commit), who sees
which interviews, and "My interviews"."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ats import signals
from ats.models import Application, Interview, InterviewParticipant, JobMember
from ats.selectors.interviews import interview_clashes, my_interviews
from ats.services.interviews import (
    InterviewClash,
    interview_cancel,
    interview_reschedule,
    interview_schedule,
)
from recruit.accounts.permissions import can_change, visible_to
from recruit.accounts.roles import Role
from recruit.candidates.models import Activity
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    InterviewStepFactory,
    JobFactory,
    ScorecardFactory,
    StageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Response = InterviewParticipant.Response


@contextmanager
def received(signal):
    """The keyword arguments of every `signal` sent inside the block."""
    calls: list[dict] = []

    def handler(sender, **kwargs):
        calls.append(kwargs)

    signal.connect(handler, weak=False)
    try:
        yield calls
    finally:
        signal.disconnect(handler)


def in_days(days: int, hour: int = 10) -> datetime:
    """A whole hour `days` from now, in UTC."""
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytest.fixture
def ivan(interviewer):
    interviewer.full_name = "Ivan Interviewer"
    interviewer.save()
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(full_name="Inga Interviewer", roles=[Role.INTERVIEWER])


@pytest.fixture
def job(hiring_manager, ivan, inga):
    return JobFactory(
        title="Compiler engineer",
        team=[(hiring_manager, "hiring_manager"), (ivan, "interviewer"), (inga, "interviewer")],
    )


@pytest.fixture
def application(job):
    return ApplicationFactory(
        job=job, candidate=CandidateFactory(first_name="Grace", last_name="Hopper")
    )


@pytest.fixture
def step(job):
    return InterviewStepFactory(stage=job.stages.get(name="Onsite"), name="Technical interview")


def schedule(application, actor, interviewers, start, hours=1, **kwargs):
    kwargs.setdefault("time_zone", "UTC")
    return interview_schedule(
        application=application,
        interviewers=interviewers,
        start=start,
        end=start + timedelta(hours=hours),
        actor=actor,
        **kwargs,
    )


# Scheduling


def test_coordinator_schedules_an_interview_stored_in_utc_with_its_zone(
    coordinator, application, step, ivan, inga
):
    start = datetime(2030, 6, 3, 10, 0)  # wall clock in Berlin: 08:00 UTC in summer
    interview = interview_schedule(
        application=application,
        step=step,
        interviewers=[ivan, inga, ivan],
        start=start,
        end=start + timedelta(hours=1),
        time_zone="Europe/Berlin",
        location="Room 4",
        video_url="https://meet.example.com/abc",
        notes_for_interviewers="Ask about register allocation.",
        notes_for_candidate="Bring your laptop.",
        actor=coordinator,
    )
    interview.refresh_from_db()
    assert interview.start_at == datetime(2030, 6, 3, 8, 0, tzinfo=UTC)
    assert interview.end_at == datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
    assert interview.time_zone == "Europe/Berlin"
    assert interview.title == "Technical interview" and interview.step == step
    assert interview.status == Interview.Status.SCHEDULED and interview.sequence == 0
    assert interview.organizer == coordinator and interview.ical_uid.endswith("@recruit")
    assert sorted(p.user.full_name for p in interview.participants.all()) == [
        "Inga Interviewer", "Ivan Interviewer"
    ]  # fmt: skip
    assert set(interview.participants.values_list("response_status", flat=True)) == {
        Response.NEEDS_ACTION
    }
    entry = Activity.objects.get(candidate=application.candidate, verb="interview.scheduled")
    assert entry.actor == coordinator and entry.subject_id == str(interview.pk)
    assert entry.details["interviewers"] == ["Ivan Interviewer", "Inga Interviewer"]
    assert entry.details["name"] == "Technical interview, Mon 3 Jun 2030, 10:00 CEST"


def test_each_interview_gets_its_own_ical_uid(recruiter, application, ivan):
    first = schedule(application, recruiter, [ivan], in_days(3, 9))
    second = schedule(application, recruiter, [ivan], in_days(3, 14))
    assert first.ical_uid != second.ical_uid


def test_an_aware_start_is_kept_whatever_the_zone_named(recruiter, application, ivan):
    start = in_days(5)
    interview = schedule(application, recruiter, [ivan], start, time_zone="Asia/Tokyo")
    assert interview.start_at == start and interview.time_zone == "Asia/Tokyo"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"end": lambda start: start}, "must end after it starts"),
        ({"end": lambda start: start - timedelta(minutes=30)}, "must end after it starts"),
        ({"start": lambda start: timezone.now() - timedelta(hours=1)}, "cannot start in the past"),
        ({"time_zone": "Europe/Gotham"}, "“Europe/Gotham” is not a known time zone"),
        ({"time_zone": ""}, "is not a known time zone"),
        ({"interviewers": []}, "Choose at least one interviewer"),
        ({"video_url": "javascript:alert(1)"}, "must be a web address"),
        ({"location": "x" * 301}, "at most 300 characters"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_saved(
    coordinator, application, ivan, change, message
):
    start = in_days(2)
    kwargs = {
        "application": application,
        "interviewers": [ivan],
        "start": start,
        "end": start + timedelta(hours=1),
        "time_zone": "UTC",
        "actor": coordinator,
    }
    for key, value in change.items():
        kwargs[key] = value(start) if callable(value) else value
    with pytest.raises(ValidationError) as error:
        interview_schedule(**kwargs)
    assert message in " ".join(error.value.messages)
    assert not Interview.objects.exists()
    assert not Activity.objects.filter(verb="interview.scheduled").exists()


def test_an_interviewer_not_on_the_hiring_team_is_refused_by_name(coordinator, application, ivan):
    stranger = UserFactory(full_name="Stan Stranger", roles=[Role.INTERVIEWER])
    JobFactory(team=[(stranger, "interviewer")])  # on another job's team
    with pytest.raises(ValidationError) as error:
        schedule(application, coordinator, [ivan, stranger], in_days(2))
    assert error.value.messages == [
        "Not on the hiring team of Compiler engineer: Stan Stranger. Add them to the team first."
    ]
    assert not Interview.objects.exists()


def test_an_inactive_interviewer_is_refused(coordinator, application, inga):
    inga.is_active = False
    inga.save()
    with pytest.raises(ValidationError, match="No longer active: Inga Interviewer"):
        schedule(application, coordinator, [inga], in_days(2))


def test_a_time_the_clocks_skip_is_refused(coordinator, application, ivan):
    """02:30 on the last Sunday of March does not exist in Berlin: clocks jump 02:00 to 03:00."""
    year = timezone.now().year + 1
    last_sunday = max(
        datetime(year, 3, day) for day in range(25, 32) if datetime(year, 3, day).weekday() == 6
    )
    with pytest.raises(ValidationError, match="02:30 does not exist") as error:
        schedule(
            application, coordinator, [ivan], last_sunday.replace(hour=2, minute=30),
            time_zone="Europe/Berlin",
        )  # fmt: skip
    assert error.value.error_list[0].code == "nonexistent_time"


def test_a_wall_clock_time_across_the_dst_change_lands_on_the_right_utc_hour(
    coordinator, application, ivan
):
    """10:00 in New York is 15:00 UTC the Saturday before the clocks change and 14:00 UTC on
    the Sunday they do (the second Sunday of March)."""
    year = timezone.now().year + 1
    sundays = [datetime(year, 3, d) for d in range(1, 15) if datetime(year, 3, d).weekday() == 6]
    change_day = sundays[1]
    before = schedule(
        application, coordinator, [ivan], (change_day - timedelta(days=1)).replace(hour=10),
        time_zone="America/New_York",
    )  # fmt: skip
    after = schedule(
        application, coordinator, [ivan], change_day.replace(hour=10), time_zone="America/New_York"
    )
    assert before.start_at.astimezone(UTC).hour == 15
    assert after.start_at.astimezone(UTC).hour == 14


@pytest.mark.parametrize("persona", ["hiring_manager", "ivan", "outsider"])
def test_only_the_recruiting_team_schedules(request, application, ivan, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Only recruiters and coordinators"):
        schedule(application, actor, [ivan], in_days(2))
    assert not Interview.objects.exists()


def test_a_step_of_another_job_is_refused(recruiter, application, ivan):
    other_step = InterviewStepFactory(stage=StageFactory())
    with pytest.raises(ValidationError, match="step belongs to another job"):
        schedule(application, recruiter, [ivan], in_days(2), step=other_step)


def test_a_rejected_application_gets_no_interview(recruiter, application, ivan):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.REJECTED)
    with pytest.raises(ValidationError, match="This application is rejected; reopen it first"):
        schedule(application, recruiter, [ivan], in_days(2))


# Clashes


def test_a_clash_names_the_busy_interviewer_and_their_other_interview(
    coordinator, application, job, ivan, inga
):
    ada = CandidateFactory(first_name="Ada", last_name="Lovelace")
    other = ApplicationFactory(job=job, candidate=ada)
    start = datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
    schedule(other, coordinator, [ivan], start, title="Pairing session")
    with pytest.raises(InterviewClash) as error:
        schedule(application, coordinator, [inga, ivan], start + timedelta(minutes=30),
                 time_zone="Europe/Berlin")  # fmt: skip
    assert error.value.messages == [
        "Ivan Interviewer already has an interview then: “Pairing session” with Ada Lovelace, "
        "Mon 3 Jun, 11:00 to 12:00 CEST."
    ]
    assert [(user, interview.title) for user, interview in error.value.clashes] == [
        (ivan, "Pairing session")
    ]
    assert Interview.objects.filter(application=application).count() == 0


def test_scheduling_anyway_books_over_a_clash(coordinator, application, job, ivan):
    start = in_days(4)
    schedule(ApplicationFactory(job=job), coordinator, [ivan], start)
    interview = schedule(application, coordinator, [ivan], start, allow_clash=True)
    assert interview.pk and interview.participants.get().user == ivan


def test_back_to_back_interviews_do_not_clash(coordinator, application, job, ivan):
    start = in_days(4)
    schedule(ApplicationFactory(job=job), coordinator, [ivan], start)
    schedule(application, coordinator, [ivan], start + timedelta(hours=1))
    schedule(application, coordinator, [ivan], start - timedelta(hours=1))
    assert Interview.objects.count() == 3


def test_cancelled_and_declined_interviews_leave_the_time_free(
    coordinator, application, job, ivan, inga
):
    start = in_days(4)
    cancelled = schedule(ApplicationFactory(job=job), coordinator, [ivan], start)
    interview_cancel(interview=cancelled, actor=coordinator)
    declined = schedule(ApplicationFactory(job=job), coordinator, [inga], start)
    declined.participants.update(response_status=Response.DECLINED)
    assert schedule(application, coordinator, [ivan, inga], start).pk


def test_clashes_selector_finds_overlaps_of_any_of_the_interviewers(job, ivan, inga):
    start = in_days(6)
    ivans = InterviewFactory(application=ApplicationFactory(job=job), start_at=start,
                             end_at=start + timedelta(hours=2), interviewers=[ivan])  # fmt: skip
    ingas = InterviewFactory(application=ApplicationFactory(job=job),
                             start_at=start + timedelta(hours=1),
                             end_at=start + timedelta(hours=3), interviewers=[inga])  # fmt: skip
    InterviewFactory(start_at=start, end_at=start + timedelta(hours=3))  # nobody of ours
    found = interview_clashes(
        interviewers=[ivan, inga],
        start=start + timedelta(minutes=90),
        end=start + timedelta(hours=4),
    )
    assert list(found) == [ivans, ingas]
    assert list(
        interview_clashes(interviewers=[ivan], start=start, end=start + timedelta(hours=1),
                          exclude=ivans)
    ) == []  # fmt: skip


# Rescheduling and cancelling


def test_rescheduling_raises_the_sequence_keeps_the_uid_and_asks_again(
    coordinator, application, ivan, inga
):
    start = in_days(3)
    interview = schedule(application, coordinator, [ivan, inga], start)
    uid = interview.ical_uid
    interview.participants.update(response_status=Response.ACCEPTED)
    moved = interview_reschedule(
        interview=interview, start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1), time_zone="UTC", actor=coordinator,
    )  # fmt: skip
    assert moved.sequence == 1 and moved.ical_uid == uid
    assert moved.start_at == start + timedelta(days=1)
    assert set(moved.participants.values_list("response_status", flat=True)) == {
        Response.NEEDS_ACTION
    }
    again = interview_reschedule(
        interview=moved, start=start + timedelta(days=2), end=start + timedelta(days=2, hours=2),
        time_zone="Europe/Paris", actor=coordinator,
    )  # fmt: skip
    again.refresh_from_db()
    assert again.sequence == 2 and again.ical_uid == uid and again.time_zone == "Europe/Paris"
    entries = Activity.objects.filter(verb="interview.rescheduled").order_by("id")
    assert [e.details["previous_start"] for e in entries] == [
        start.isoformat(), (start + timedelta(days=1)).isoformat()
    ]  # fmt: skip


def test_rescheduling_can_change_interviewers_and_details(
    coordinator, application, ivan, inga, hiring_manager, django_capture_on_commit_callbacks
):
    start = in_days(3)
    interview = schedule(application, coordinator, [ivan, inga], start, location="Room 1",
                         notes_for_candidate="Ring the bell.")  # fmt: skip
    InterviewParticipant.objects.filter(interview=interview, user=ivan).update(
        response_status=Response.ACCEPTED
    )
    commit = django_capture_on_commit_callbacks(execute=True)
    with received(signals.interview_rescheduled) as calls, commit:
        interview_reschedule(
            interview=interview, start=start, end=start + timedelta(hours=1), time_zone="UTC",
            interviewers=[ivan, hiring_manager], location="Room 2", actor=coordinator,
        )  # fmt: skip
    interview.refresh_from_db()
    assert interview.location == "Room 2" and interview.notes_for_candidate == "Ring the bell."
    assert {p.user for p in interview.participants.all()} == {ivan, hiring_manager}
    # Same time: Ivan's answer stands.
    assert interview.participants.get(user=ivan).response_status == Response.ACCEPTED
    assert interview.sequence == 1
    (call,) = calls
    assert call["added"] == [hiring_manager] and call["removed"] == [inga]
    assert call["previous_start"] == start


def test_rescheduling_checks_clashes_but_not_with_itself(coordinator, application, job, ivan):
    start = in_days(3)
    interview = schedule(application, coordinator, [ivan], start)
    later = interview_reschedule(
        interview=interview, start=start + timedelta(minutes=30),
        end=start + timedelta(minutes=90), time_zone="UTC", actor=coordinator,
    )  # fmt: skip
    assert later.sequence == 1
    schedule(ApplicationFactory(job=job), coordinator, [ivan], start + timedelta(hours=3))
    with pytest.raises(InterviewClash):
        interview_reschedule(
            interview=later, start=start + timedelta(hours=3), end=start + timedelta(hours=4),
            time_zone="UTC", actor=coordinator,
        )  # fmt: skip
    later.refresh_from_db()
    assert later.sequence == 1 and later.start_at == start + timedelta(minutes=30)


def test_rescheduling_refuses_the_same_bad_input(coordinator, application, ivan, hiring_manager):
    start = in_days(3)
    interview = schedule(application, coordinator, [ivan], start)
    with pytest.raises(ValidationError, match="cannot start in the past"):
        interview_reschedule(interview=interview, start=timezone.now() - timedelta(days=1),
                             end=timezone.now(), time_zone="UTC", actor=coordinator)  # fmt: skip
    with pytest.raises(ValidationError, match="not a known time zone"):
        interview_reschedule(interview=interview, start=start, end=start + timedelta(hours=1),
                             time_zone="Mars/Olympus", actor=coordinator)  # fmt: skip
    with pytest.raises(PermissionDenied):
        interview_reschedule(interview=interview, start=start, end=start + timedelta(hours=1),
                             time_zone="UTC", actor=hiring_manager)  # fmt: skip
    interview.refresh_from_db()
    assert interview.sequence == 0


def test_cancelling_raises_the_sequence_and_is_on_the_timeline(coordinator, application, ivan):
    interview = schedule(application, coordinator, [ivan], in_days(3))
    cancelled = interview_cancel(interview=interview, actor=coordinator, reason=" Role closed ")
    cancelled.refresh_from_db()
    assert cancelled.status == Interview.Status.CANCELLED and cancelled.sequence == 1
    assert cancelled.cancellation_reason == "Role closed" and cancelled.cancelled_at
    entry = Activity.objects.get(verb="interview.cancelled")
    assert entry.details["reason"] == "Role closed" and entry.actor == coordinator


def test_a_cancelled_interview_cannot_be_cancelled_or_moved_again(coordinator, application, ivan):
    start = in_days(3)
    interview = interview_cancel(
        interview=schedule(application, coordinator, [ivan], start), actor=coordinator
    )
    with pytest.raises(ValidationError, match="This interview is cancelled; it cannot be"):
        interview_cancel(interview=interview, actor=coordinator)
    with pytest.raises(ValidationError, match="cancelled; it cannot be rescheduled"):
        interview_reschedule(interview=interview, start=start, end=start + timedelta(hours=1),
                             time_zone="UTC", actor=coordinator)  # fmt: skip
    interview.refresh_from_db()
    assert interview.sequence == 1


def test_only_the_recruiting_team_cancels(application, ivan, coordinator, hiring_manager):
    interview = schedule(application, coordinator, [ivan], in_days(3))
    with pytest.raises(PermissionDenied):
        interview_cancel(interview=interview, actor=hiring_manager)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED


# Signals: sent once the transaction commits, never for a change rolled back


def test_signals_are_sent_on_commit_with_the_interview_and_actor(
    coordinator, application, ivan, django_capture_on_commit_callbacks
):
    start = in_days(3)
    with received(signals.interview_scheduled) as scheduled:
        with django_capture_on_commit_callbacks() as callbacks:
            interview = schedule(application, coordinator, [ivan], start)
        assert scheduled == []  # not before the commit
        for callback in callbacks:
            callback()
    assert scheduled == [{"signal": signals.interview_scheduled, "interview": interview,
                          "actor": coordinator}]  # fmt: skip

    commit = django_capture_on_commit_callbacks(execute=True)
    with received(signals.interview_rescheduled) as rescheduled, commit:
        interview_reschedule(interview=interview, start=start + timedelta(hours=2),
                             end=start + timedelta(hours=3), time_zone="UTC",
                             actor=coordinator)  # fmt: skip
    (call,) = rescheduled
    assert call["interview"].pk == interview.pk and call["interview"].sequence == 1
    assert call["previous_start"] == start and call["previous_end"] == start + timedelta(hours=1)
    assert call["added"] == [] and call["removed"] == [] and call["actor"] == coordinator

    commit = django_capture_on_commit_callbacks(execute=True)
    with received(signals.interview_cancelled) as cancelled, commit:
        interview_cancel(interview=interview, actor=coordinator, reason="Hired elsewhere")
    (call,) = cancelled
    assert call["interview"].status == Interview.Status.CANCELLED
    assert call["interview"].sequence == 2 and call["reason"] == "Hired elsewhere"


def test_no_signal_for_a_schedule_that_rolled_back(
    coordinator, application, ivan, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks(execute=True)
    fails = pytest.raises(RuntimeError)
    rolled_back = transaction.atomic()
    with (
        received(signals.interview_scheduled) as scheduled,
        commit as callbacks,
        fails,
        rolled_back,
    ):
        schedule(application, coordinator, [ivan], in_days(3))
        raise RuntimeError("the caller's transaction fails after scheduling")
    assert callbacks == [] and scheduled == []
    assert not Interview.objects.exists()


def test_no_signal_for_refused_input(
    coordinator, application, ivan, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks(execute=True)
    refused = pytest.raises(ValidationError)
    with received(signals.interview_scheduled) as scheduled, commit as callbacks, refused:
        schedule(application, coordinator, [ivan], in_days(3), hours=0)
    assert callbacks == [] and scheduled == []


# Who sees which interviews


@pytest.fixture
def manager_elsewhere(db):
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    JobFactory(team=[(manager, "hiring_manager")])
    return manager


@pytest.mark.parametrize(
    "persona, sees",
    [("recruiter", True), ("coordinator", True), ("hiring_manager", True), ("ivan", True),
     ("inga", True), ("manager_elsewhere", False), ("outsider", False)],
)  # fmt: skip
def test_interviews_are_visible_to_the_jobs_team_only(request, application, ivan, persona, sees):
    interview = InterviewFactory(application=application, interviewers=[ivan])
    user = request.getfixturevalue(persona)
    assert list(visible_to(user, Interview.objects.all())) == ([interview] if sees else [])


def test_only_the_recruiting_team_may_change_an_interview(
    application, ivan, recruiter, hiring_manager
):
    interview = InterviewFactory(application=application, interviewers=[ivan])
    assert can_change(recruiter, interview)
    assert not can_change(hiring_manager, interview) and not can_change(ivan, interview)


def test_leaving_the_team_hides_the_jobs_interviews(application, ivan):
    interview = InterviewFactory(application=application, interviewers=[ivan])
    JobMember.objects.filter(user=ivan).delete()
    assert not visible_to(ivan, Interview.objects.filter(pk=interview.pk)).exists()
    assert my_interviews(user=ivan).upcoming == []


# My interviews


def test_my_interviews_lists_upcoming_and_those_needing_my_feedback(
    application, job, ivan, inga, step
):
    now = timezone.now()
    hour = timedelta(hours=1)
    soon = InterviewFactory(application=application, step=step, start_at=now + 2 * hour,
                            end_at=now + 3 * hour, interviewers=[ivan, inga])  # fmt: skip
    under_way = InterviewFactory(application=application, start_at=now - hour / 2,
                                 end_at=now + hour / 2, interviewers=[ivan])  # fmt: skip
    later = InterviewFactory(application=application, start_at=now + 48 * hour,
                             end_at=now + 49 * hour, interviewers=[ivan])  # fmt: skip
    ended = InterviewFactory(application=application, start_at=now - 5 * hour,
                             end_at=now - 4 * hour, interviewers=[ivan, inga])  # fmt: skip
    older = InterviewFactory(application=application, start_at=now - 50 * hour,
                             end_at=now - 49 * hour, interviewers=[ivan])  # fmt: skip
    ScorecardFactory(interview=ended, interviewer=inga)  # Inga's feedback is in, not Ivan's
    done = InterviewFactory(application=application, start_at=now - 9 * hour,
                            end_at=now - 8 * hour, interviewers=[ivan])  # fmt: skip
    ScorecardFactory(interview=done, interviewer=ivan)
    cancelled = InterviewFactory(application=application, start_at=now + 5 * hour,
                                 end_at=now + 6 * hour, status=Interview.Status.CANCELLED,
                                 interviewers=[ivan])  # fmt: skip
    InterviewFactory(application=application, start_at=now - 7 * hour, end_at=now - 6 * hour,
                     status=Interview.Status.CANCELLED, interviewers=[ivan])  # fmt: skip
    declined = InterviewFactory(application=application, start_at=now - 3 * hour,
                                end_at=now - 2 * hour, interviewers=[ivan])  # fmt: skip
    declined.participants.update(response_status=Response.DECLINED)
    InterviewFactory(application=application, interviewers=[inga])  # not Ivan's

    mine = my_interviews(user=ivan, now=now)
    assert mine.upcoming == [under_way, soon, later]
    assert mine.needing_feedback == [older, ended]
    assert cancelled not in mine.upcoming
    theirs = my_interviews(user=inga, now=now)
    assert len(theirs.upcoming) == 2 and theirs.needing_feedback == []
    kit = mine.upcoming[1]
    assert kit.step.scorecard_template_id == step.scorecard_template_id
    assert kit.application.candidate.last_name == "Hopper"


def test_a_draft_scorecard_still_needs_feedback(application, ivan):
    now = timezone.now()
    ended = InterviewFactory(application=application, start_at=now - timedelta(hours=2),
                             end_at=now - timedelta(hours=1), interviewers=[ivan])  # fmt: skip
    ScorecardFactory(interview=ended, interviewer=ivan, submitted_at=None)
    assert my_interviews(user=ivan, now=now).needing_feedback == [ended]


def _interviews_for(user, job, count: int, now) -> None:
    template = InterviewStepFactory(stage=job.stages.get(name="Onsite")).scorecard_template
    for n in range(count):
        step = InterviewStepFactory(
            stage=job.stages.get(name="Onsite"), scorecard_template=template
        )
        application = ApplicationFactory(job=job)
        InterviewFactory(application=application, step=step, interviewers=[user, UserFactory()],
                         start_at=now + timedelta(hours=n + 1),
                         end_at=now + timedelta(hours=n + 2))  # fmt: skip
        InterviewFactory(application=application, step=step, interviewers=[user],
                         start_at=now - timedelta(hours=n + 3),
                         end_at=now - timedelta(hours=n + 2))  # fmt: skip


def test_my_interviews_runs_a_constant_number_of_queries(
    job, ivan, django_assert_max_num_queries, django_assert_num_queries
):
    now = timezone.now()
    _interviews_for(ivan, job, 1, now)
    ivan = type(ivan).objects.get(pk=ivan.pk)  # a fresh user, as in a request
    with django_assert_max_num_queries(7) as few:
        mine = my_interviews(user=ivan, now=now)
        assert (len(mine.upcoming), len(mine.needing_feedback)) == (1, 1)
    _interviews_for(ivan, job, 6, now)
    ivan = type(ivan).objects.get(pk=ivan.pk)
    with django_assert_num_queries(len(few.captured_queries)):
        mine = my_interviews(user=ivan, now=now)
        rows = mine.upcoming + mine.needing_feedback
        assert len(rows) == 14
        # Everything the page shows is loaded already.
        for interview in rows:
            assert interview.application.candidate.last_name and interview.application.job.title
            assert [p.user.email for p in interview.participants.all()]
            assert list(interview.step.scorecard_template.attributes.all()) == []
