"""Interview and feedback reminders through the real services: arming on schedule, re-arming on
reschedule, disarming on cancel, each due reminder sent once by the beat, what the emails say,
feedback reminders after 4 h then daily (at most 3) until the scorecard is in."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import checks
from django.db.models.signals import post_save
from django.utils import timezone

from ats.models import InterviewParticipant, Reminder
from ats.services.interviews import interview_cancel, interview_reschedule
from ats.services.reminders import (
    reminders_arm,
    reminders_arm_missed,
    starts_in_text,
)
from ats.services.scorecards import scorecard_submit
from ats.tasks import send_due_reminders
from recruit.accounts.roles import Role
from recruit.candidates.models import Activity
from recruit.messaging.models import EmailTemplate, OutboundEmail
from recruit.messaging.services import suppression_add
from tests.ats.reminder_helpers import (
    delivered,
    in_days,
    reminder_emails,
    run_beat,
    schedule,
    sent_per_reminder,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    JobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Reminder.Status
MINUTE = timedelta(minutes=1)


@pytest.fixture
def ivan(interviewer):
    interviewer.full_name = "Ivan Interviewer"
    interviewer.time_zone = "America/New_York"
    interviewer.save()
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(
        full_name="Inga Interviewer", email="inga@example.com", roles=[Role.INTERVIEWER]
    )


@pytest.fixture
def job(hiring_manager, ivan, inga):
    return JobFactory(
        title="Compiler engineer",
        team=[(hiring_manager, "hiring_manager"), (ivan, "interviewer"), (inga, "interviewer")],
    )


@pytest.fixture
def application(job):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.com")
    return ApplicationFactory(job=job, candidate=candidate)


@pytest.fixture
def scheduled(coordinator, application, ivan, inga, django_capture_on_commit_callbacks):
    """An interview in three days, 10:00-11:00 UTC, armed by the interview_scheduled signal."""

    def _schedule(start=None, people=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return schedule(
                application, coordinator, people or [ivan, inga], start or in_days(3), **kwargs
            )

    return _schedule


@pytest.fixture
def beat(django_capture_on_commit_callbacks):
    def _beat(now, **kwargs):
        return run_beat(django_capture_on_commit_callbacks, now, **kwargs)

    return _beat


def rows(interview, **filters):
    return {
        (r.recipient_key, r.kind): r
        for r in Reminder.objects.filter(interview=interview, **filters)
    }


def keys(people):
    return ["candidate"] + [f"user:{user.pk}" for user in people]


# Arming


def test_scheduling_arms_before_reminders_for_everyone_and_feedback_ones_for_interviewers(
    scheduled, ivan, inga
):
    interview = scheduled()
    armed = rows(interview)
    before = {(key, kind) for key in keys([ivan, inga]) for kind in ("before_24h", "before_1h")}
    feedback = {(key, f"feedback_{n}") for key in keys([ivan, inga])[1:] for n in (1, 2, 3)}
    assert set(armed) == before | feedback
    assert {r.status for r in armed.values()} == {Status.PENDING}
    start, end = interview.start_at, interview.end_at
    assert armed["candidate", "before_24h"].due_at == start - timedelta(hours=24)
    assert armed[f"user:{ivan.pk}", "before_1h"].due_at == start - timedelta(hours=1)
    assert armed[f"user:{inga.pk}", "feedback_1"].due_at == end + timedelta(hours=4)
    assert armed[f"user:{inga.pk}", "feedback_2"].due_at == end + timedelta(hours=28)
    assert armed[f"user:{inga.pk}", "feedback_3"].due_at == end + timedelta(hours=52)
    candidate_row = armed["candidate", "before_1h"]
    assert candidate_row.recipient_user is None and candidate_row.occurrence == start
    assert armed[f"user:{ivan.pk}", "before_1h"].recipient_user == ivan


def test_arming_twice_adds_nothing(scheduled):
    interview = scheduled()
    before = list(Reminder.objects.filter(interview=interview).values_list("pk", "due_at"))
    reminders_arm(interview=interview)
    reminders_arm(interview=interview)
    assert list(Reminder.objects.filter(interview=interview).values_list("pk", "due_at")) == before


def test_a_reminder_whose_time_passed_before_the_interview_was_booked_is_not_sent(
    scheduled, beat, mailoutbox
):
    soon = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    interview = scheduled(start=soon)
    candidate_rows = rows(interview, recipient_key="candidate")
    assert candidate_rows["candidate", "before_24h"].status == Status.CANCELLED
    assert candidate_rows["candidate", "before_1h"].status == Status.PENDING
    beat(now=timezone.now())
    assert delivered(mailoutbox) == []


def test_reminder_offsets_come_from_the_setting(settings, scheduled):
    settings.INTERVIEW_REMINDERS = ["2d", "90m", " 90m"]
    settings.FEEDBACK_REMINDER_MAX = 1
    interview = scheduled()
    kinds = set(Reminder.objects.filter(interview=interview).values_list("kind", flat=True))
    assert kinds == {"before_48h", "before_90m", "feedback_1"}


def test_a_bad_reminder_setting_fails_the_system_check(settings):
    settings.INTERVIEW_REMINDERS = ["24h", "soon"]
    settings.FEEDBACK_REMINDER_EVERY_HOURS = 0
    errors = [m for m in checks.run_checks() if m.id == "ats.E010"]
    assert len(errors) == 2
    assert "“soon” is not a time before the interview" in errors[0].msg


# Sending once


def test_due_reminders_are_sent_once_when_the_beat_fires_twice(scheduled, beat, mailoutbox):
    interview = scheduled()
    day_before = interview.start_at - timedelta(hours=24) + MINUTE
    assert beat(now=day_before) == 3
    assert beat(now=day_before) == 0
    assert beat(now=day_before + MINUTE) == 0
    assert len(delivered(mailoutbox)) == 3
    assert set(sent_per_reminder().values()) == {1}
    sent = rows(interview, status=Status.SENT)
    assert {kind for _, kind in sent} == {"before_24h"}
    assert all(r.email.status == OutboundEmail.Status.SENT for r in sent.values())

    beat(now=interview.start_at - timedelta(minutes=59))
    beat(now=interview.start_at - timedelta(minutes=58))
    assert len(delivered(mailoutbox)) == 6
    assert set(sent_per_reminder().values()) == {1}


def test_the_task_run_twice_sends_each_reminder_once(
    scheduled, mailoutbox, settings, ivan, inga, django_capture_on_commit_callbacks
):
    settings.INTERVIEW_REMINDERS = ["1h"]
    interview = scheduled(start=timezone.now() + timedelta(hours=1, seconds=1))
    time.sleep(1.2)  # the 1-hour reminders fall due
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders.apply().get() == 3
        assert send_due_reminders.apply().get() == 0
    assert set(rows(interview, status=Status.SENT)) == {
        (key, "before_1h") for key in keys([ivan, inga])
    }
    assert len(delivered(mailoutbox)) == 3 and reminder_emails().count() == 3


def test_the_candidate_reads_the_time_in_the_interview_zone_and_only_their_notes(
    scheduled, beat, mailoutbox, ivan
):
    interview = scheduled(
        start=in_days(3, hour=8),  # 10:00 in Berlin in summer, 09:00 in winter
        time_zone="Europe/Berlin",
        location="Room 4, Berlin office",
        video_url="https://meet.example.com/abc",
        notes_for_candidate="Bring your laptop.",
        notes_for_interviewers="Ask about register allocation.",
        title="Technical interview",
    )
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    by_recipient = {m.to[0]: m for m in delivered(mailoutbox)}
    mail = by_recipient["grace@example.com"]
    berlin = interview.start_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{berlin:%H:%M} to " in mail.body and "(Europe/Berlin)" in mail.body
    assert "Room 4, Berlin office · https://meet.example.com/abc" in mail.body
    assert "Bring your laptop." in mail.body and "in 24 hours" in mail.subject
    assert "register allocation" not in mail.body
    html = {mime: body for body, mime in mail.alternatives}["text/html"]
    assert "Bring your laptop." in html and "register allocation" not in html
    assert "Hello Grace" in mail.body

    to_ivan = by_recipient[ivan.email]
    new_york = interview.start_at.astimezone(ZoneInfo("America/New_York"))
    assert f"{new_york:%H:%M} to " in to_ivan.body and "(America/New_York)" in to_ivan.body
    assert "Ask about register allocation." in to_ivan.body
    assert "Bring your laptop." not in to_ivan.body
    assert "Grace Hopper" in to_ivan.subject and "/interviews/mine/" in to_ivan.body


def test_an_edited_template_words_the_reminder(scheduled, beat, mailoutbox):
    template = EmailTemplate.objects.get(purpose="interview-reminder-candidate")
    template.subject = "See you {{ interview.starts_in }}, {{ candidate.first_name }}"
    template.save()
    interview = scheduled()
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    subjects = {m.subject for m in delivered(mailoutbox) if m.to == ["grace@example.com"]}
    assert subjects == {"See you in 24 hours, Grace"}


def test_a_deleted_template_comes_back_with_the_default_wording(scheduled, beat, mailoutbox):
    EmailTemplate.objects.filter(purpose="feedback-reminder").delete()
    interview = scheduled()
    beat(now=interview.end_at + timedelta(hours=4) + MINUTE)
    assert len(delivered(mailoutbox)) == 2
    assert EmailTemplate.objects.filter(purpose="feedback-reminder").exists()


def test_blind_review_hides_the_candidate_from_interviewers(scheduled, beat, mailoutbox, job):
    job.blind_review = True
    job.save()
    interview = scheduled()
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    to_interviewers = [m for m in delivered(mailoutbox) if m.to != ["grace@example.com"]]
    assert len(to_interviewers) == 2
    for mail in to_interviewers:
        assert "Hopper" not in mail.subject + mail.body
        assert f"Candidate #{interview.application.candidate_id}" in mail.subject


def test_a_suppressed_address_is_respected(scheduled, beat, mailoutbox):
    suppression_add(email="grace@example.com", reason="bounced")
    interview = scheduled()
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    row = Reminder.objects.get(interview=interview, recipient_key="candidate", kind="before_24h")
    assert row.status == Status.SENT and row.email.status == OutboundEmail.Status.SUPPRESSED
    assert "suppressed" in row.note
    recipients = [m.to[0] for m in delivered(mailoutbox)]
    assert len(recipients) == 2 and "grace@example.com" not in recipients


def test_interviewer_reminders_appear_on_the_candidate_timeline(scheduled, beat, ivan, inga):
    interview = scheduled()
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    candidate = interview.application.candidate
    entries = Activity.objects.filter(candidate=candidate, verb="interview.reminder_sent")
    assert {e.details["name"] for e in entries} == {
        f"Interview reminder to {user}: {interview.title}" for user in (ivan, inga)
    }
    assert Activity.objects.filter(candidate=candidate, verb="email.queued").exists()


def test_an_email_that_cannot_be_built_is_marked_failed_and_the_rest_go(
    scheduled, beat, mailoutbox, ivan
):
    """A failure inside one reminder rolls back that reminder alone: it is marked failed with
    the error, visible and never retried in a loop; the others in the batch are sent."""

    def refuse_ivan(sender, instance, created, **kwargs):
        if created and instance.to_email == ivan.email:
            raise RuntimeError("the template engine broke")

    interview = scheduled()
    post_save.connect(refuse_ivan, sender=OutboundEmail, weak=False)
    try:
        beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    finally:
        post_save.disconnect(refuse_ivan, sender=OutboundEmail)
    failed = Reminder.objects.get(status=Status.FAILED)
    assert failed.recipient_user == ivan and "the template engine broke" in failed.note
    assert failed.email is None
    assert len(delivered(mailoutbox)) == 2
    beat(now=interview.start_at - timedelta(hours=24) + 2 * MINUTE)
    assert len(delivered(mailoutbox)) == 2


class WorkerKilled(BaseException):
    """What a killed worker looks like to the database: the transaction never commits."""


def test_a_task_that_died_mid_batch_is_retried_and_sends_each_reminder_once(
    scheduled, beat, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled()
    queued = []

    def die_on_the_third(sender, instance, created, **kwargs):
        queued.append(instance.pk)
        if len(queued) == 3:
            raise WorkerKilled

    due = interview.start_at - timedelta(hours=24) + MINUTE
    post_save.connect(die_on_the_third, sender=OutboundEmail, weak=False)
    try:
        with pytest.raises(WorkerKilled):
            beat(now=due)
    finally:
        post_save.disconnect(die_on_the_third, sender=OutboundEmail)
    assert len(queued) == 3  # two emails were queued before it died...
    assert delivered(mailoutbox) == []  # ...and rolled back with it: nothing left
    assert reminder_emails().count() == 0
    assert not Reminder.objects.filter(status=Status.SENT).exists()

    assert beat(now=due) == 3  # the retry
    assert beat(now=due) == 0
    assert len(delivered(mailoutbox)) == 3
    assert set(sent_per_reminder().values()) == {1}


def test_a_backlog_sends_only_the_latest_reminder(scheduled, beat, mailoutbox):
    """The beat was down for a day: the 24-hour and the 1-hour reminders are both due, and
    each person gets one email, not two in a row."""
    interview = scheduled()
    beat(now=interview.start_at - timedelta(minutes=30))
    assert len(delivered(mailoutbox)) == 3
    assert {m.subject.rsplit(" in ", 1)[1] for m in delivered(mailoutbox)} == {"30 minutes"}
    superseded = Reminder.objects.filter(kind="before_24h")
    assert {r.status for r in superseded} == {Status.CANCELLED}
    assert all("later reminder" in r.note for r in superseded)


def test_no_before_reminder_once_the_interview_started(scheduled, beat, mailoutbox):
    interview = scheduled()
    beat(now=interview.start_at + MINUTE)
    assert delivered(mailoutbox) == []
    assert set(
        Reminder.objects.filter(kind__startswith="before").values_list("status", flat=True)
    ) == {Status.CANCELLED}


def test_starts_in_reads_naturally():
    now = timezone.now()
    assert starts_in_text(now + timedelta(hours=24), now) == "in 24 hours"
    assert starts_in_text(now + timedelta(minutes=59), now) == "in 1 hour"
    assert starts_in_text(now + timedelta(minutes=30), now) == "in 30 minutes"
    assert starts_in_text(now + timedelta(days=3), now) == "in 3 days"


# Reschedule and cancel


def test_a_reschedule_rearms_for_the_new_time_and_none_go_for_the_old(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    interview = scheduled()
    old_start = interview.start_at
    beat(now=old_start - timedelta(hours=24) + MINUTE)  # the day-before reminders went
    new_start = old_start + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        interview_reschedule(
            interview=interview,
            start=new_start,
            end=new_start + timedelta(hours=1),
            time_zone="UTC",
            actor=coordinator,
        )
    old = Reminder.objects.filter(interview=interview, occurrence=old_start)
    assert set(old.filter(kind="before_1h").values_list("status", flat=True)) == {Status.CANCELLED}
    assert old.filter(status=Status.PENDING).count() == 0
    new = rows(interview, occurrence=new_start)
    assert len(new) == 12 and {r.status for r in new.values()} == {Status.PENDING}

    beat(now=old_start - timedelta(minutes=59))  # the old 1-hour mark: nothing
    assert len(delivered(mailoutbox)) == 3
    for due in (new_start - timedelta(hours=24) + MINUTE, new_start - timedelta(minutes=59)):
        beat(now=due)
        beat(now=due)
    assert len(delivered(mailoutbox)) == 9
    counts = sent_per_reminder()
    assert set(counts.values()) == {1}
    assert sum(1 for key in counts if key[3] == new_start) == 6
    newest = [m for m in delivered(mailoutbox) if m.to == ["grace@example.com"]][-1]
    assert f"{new_start:%H:%M}" in newest.body


def test_changing_only_the_details_sends_no_second_reminder(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    interview = scheduled()
    day_before = interview.start_at - timedelta(hours=24) + MINUTE
    beat(now=day_before)
    with django_capture_on_commit_callbacks(execute=True):
        interview_reschedule(
            interview=interview,
            start=interview.start_at,
            end=interview.end_at,
            time_zone="UTC",
            location="Room 7",
            actor=coordinator,
        )
    assert Reminder.objects.filter(interview=interview).count() == 12
    beat(now=day_before + MINUTE)
    assert len(delivered(mailoutbox)) == 3
    beat(now=interview.start_at - timedelta(minutes=59))
    assert len(delivered(mailoutbox)) == 6
    assert "Room 7" in delivered(mailoutbox)[-1].body


def test_moving_back_to_the_first_time_rearms_it_once(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    interview = scheduled()
    first = interview.start_at
    for start in (first + timedelta(days=1), first):
        with django_capture_on_commit_callbacks(execute=True):
            interview_reschedule(interview=interview, start=start,
                                 end=start + timedelta(hours=1), time_zone="UTC",
                                 actor=coordinator)  # fmt: skip
    pending = Reminder.objects.filter(interview=interview, status=Status.PENDING)
    assert set(pending.values_list("occurrence", flat=True)) == {first}
    assert pending.count() == 12
    beat(now=first - timedelta(minutes=59))
    beat(now=first - timedelta(minutes=58))
    assert len(delivered(mailoutbox)) == 3


def test_an_interviewer_taken_off_gets_no_more_reminders(
    scheduled, beat, mailoutbox, coordinator, ivan, inga, django_capture_on_commit_callbacks
):
    interview = scheduled()
    with django_capture_on_commit_callbacks(execute=True):
        interview_reschedule(interview=interview, start=interview.start_at,
                             end=interview.end_at, time_zone="UTC", interviewers=[ivan],
                             actor=coordinator)  # fmt: skip
    assert not Reminder.objects.filter(recipient_user=inga, status=Status.PENDING).exists()
    beat(now=interview.start_at - timedelta(minutes=59))
    assert sorted(m.to[0] for m in delivered(mailoutbox)) == sorted(
        ["grace@example.com", ivan.email]
    )


def test_cancelling_disarms_every_reminder(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    interview = scheduled()
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview, actor=coordinator, reason="Position filled")
    assert set(Reminder.objects.filter(interview=interview).values_list("status", flat=True)) == {
        Status.CANCELLED
    }
    for hours in (-24, -1, 5, 29, 53):
        beat(now=interview.start_at + timedelta(hours=hours, minutes=1))
    assert delivered(mailoutbox) == []


def test_a_cancellation_whose_disarming_never_ran_still_sends_nothing(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    """The process stopped right after the commit: the reminders are checked when due."""
    interview = scheduled()
    with django_capture_on_commit_callbacks(execute=False):
        interview_cancel(interview=interview, actor=coordinator)
    assert Reminder.objects.filter(interview=interview, status=Status.PENDING).count() == 12
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    assert delivered(mailoutbox) == []
    assert Reminder.objects.filter(status=Status.PENDING).count() == 9


def test_a_reschedule_whose_rearming_never_ran_sends_nothing_for_the_old_time(
    scheduled, beat, mailoutbox, coordinator, django_capture_on_commit_callbacks
):
    interview = scheduled()
    old_start, new_start = interview.start_at, interview.start_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=False):  # the process died after commit
        interview_reschedule(interview=interview, start=new_start,
                             end=new_start + timedelta(hours=1), time_zone="UTC",
                             actor=coordinator)  # fmt: skip
    beat(now=old_start - timedelta(hours=24) + MINUTE)
    assert delivered(mailoutbox) == []
    old = Reminder.objects.filter(occurrence=old_start, kind="before_24h")
    assert {r.status for r in old} == {Status.CANCELLED}
    assert all("moved" in r.note for r in old)
    # The same tick armed the new time.
    assert Reminder.objects.filter(occurrence=new_start, status=Status.PENDING).count() == 12
    beat(now=new_start - timedelta(hours=24) + MINUTE)
    assert len(delivered(mailoutbox)) == 3


def test_the_beat_arms_an_interview_whose_arming_never_ran(
    application, coordinator, ivan, inga, beat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the process died after commit
        interview = schedule(application, coordinator, [ivan, inga], in_days(3))
    assert not Reminder.objects.exists()
    beat(now=timezone.now())
    assert Reminder.objects.filter(interview=interview, status=Status.PENDING).count() == 12
    assert reminders_arm_missed() == 0
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    assert len(delivered(mailoutbox)) == 3


def test_a_declined_interviewer_is_not_reminded(scheduled, beat, mailoutbox, ivan):
    interview = scheduled()
    InterviewParticipant.objects.filter(interview=interview, user=ivan).update(
        response_status=InterviewParticipant.Response.DECLINED
    )
    beat(now=interview.start_at - timedelta(hours=24) + MINUTE)
    assert ivan.email not in [m.to[0] for m in delivered(mailoutbox)]
    assert Reminder.objects.get(recipient_user=ivan, kind="before_24h").note == (
        "Declined the interview."
    )


# Feedback


@pytest.fixture
def held(application, ivan, inga):
    """An interview that ended an hour ago, armed by the service the signal calls."""
    start = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    interview = InterviewFactory(
        application=application, start_at=start, end_at=start + timedelta(hours=1),
        interviewers=[ivan, inga],
    )  # fmt: skip
    reminders_arm(interview=interview)
    return interview


def test_feedback_reminders_after_4_hours_then_daily_at_most_3_until_submitted(
    held, beat, mailoutbox, ivan, inga, django_capture_on_commit_callbacks
):
    end = held.end_at
    assert beat(now=end + timedelta(hours=3)) == 0
    beat(now=end + timedelta(hours=4) + MINUTE)
    assert sorted(m.to[0] for m in delivered(mailoutbox)) == sorted([ivan.email, inga.email])
    assert "/scorecard/" in delivered(mailoutbox)[0].body

    with django_capture_on_commit_callbacks(execute=True):
        scorecard_submit(interview=held, interviewer=ivan, overall="yes", ratings={},
                         actor=ivan)  # fmt: skip
    assert not Reminder.objects.filter(recipient_user=ivan, status=Status.PENDING).exists()

    for hours in (5, 27, 28, 29, 52, 53, 76, 77, 200):
        beat(now=end + timedelta(hours=hours, minutes=1))
    to = [m.to[0] for m in delivered(mailoutbox)]
    assert to.count(inga.email) == 3 and to.count(ivan.email) == 1
    assert set(sent_per_reminder().values()) == {1}
    assert "Grace Hopper" in delivered(mailoutbox)[-1].subject


def test_no_feedback_reminder_for_a_scorecard_submitted_before_it_was_due(
    held, beat, mailoutbox, ivan, inga
):
    scorecard_submit(interview=held, interviewer=ivan, overall="no", ratings={}, actor=ivan)
    # The signal's handler did not run (no commit here): the check when due still stops it.
    beat(now=held.end_at + timedelta(hours=4) + MINUTE)
    assert [m.to[0] for m in delivered(mailoutbox)] == [inga.email]


def test_feedback_reminders_can_be_turned_off(settings, application, ivan):
    settings.FEEDBACK_REMINDER_MAX = 0
    interview = InterviewFactory(application=application, interviewers=[ivan])
    reminders_arm(interview=interview)
    assert not Reminder.objects.filter(kind__startswith="feedback").exists()


def test_a_batch_is_small_and_the_tick_takes_several(scheduled, beat, mailoutbox):
    interview = scheduled()
    assert beat(now=interview.start_at - timedelta(hours=24) + MINUTE, batch=1) == 3
    assert len(delivered(mailoutbox)) == 3
