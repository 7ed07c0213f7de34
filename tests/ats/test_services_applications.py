"""Applications through their services: one per candidate and job, moved with their history,
rejected with a delayed cancellable email, reopened, withdrawn, hired, in bulk, and at once."""

import importlib
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ats import signals
from ats.models import Application, ApplicationQuestion, RejectionReason, StageChange
from ats.services import (
    ApplicationConflict,
    application_bulk_move,
    application_bulk_reject,
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_rejection_email_cancel,
    application_reopen,
    application_withdraw,
)
from recruit.candidates.models import Activity
from recruit.messaging.models import OutboundEmail
from recruit.messaging.services import outbound_deliver_pending
from tests.factories import (
    ApplicationFactory,
    ApplicationQuestionFactory,
    CandidateFactory,
    EmailTemplateFactory,
    JobFactory,
    RejectionReasonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
Status = Application.Status
Kind = ApplicationQuestion.Kind


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


def verbs(application: Application) -> list[str]:
    return list(
        Activity.objects.filter(candidate=application.candidate, subject_id=str(application.pk))
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )


def moves(application: Application) -> list[tuple[str | None, str]]:
    return [
        (change.from_stage.name if change.from_stage else None, change.to_stage.name)
        for change in StageChange.objects.filter(application=application).select_related(
            "from_stage", "to_stage"
        )
    ]


@pytest.fixture
def default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline (and rejection reasons) that jobs copy."""
    migration = importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons")
    migration.create(apps, None)


@pytest.fixture
def job():
    return JobFactory(title="Backend engineer")


@pytest.fixture
def candidate():
    return CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")


@pytest.fixture
def application(job, candidate, recruiter):
    application, _ = application_create(candidate=candidate, job=job, actor=recruiter)
    return application


@pytest.fixture
def reason():
    return RejectionReasonFactory(name="Missing required skills")


@pytest.fixture
def rejection_template():
    return EmailTemplateFactory(
        purpose="rejection",
        subject="Your application for {{ job.title }}",
        text_body="Dear {{ candidate.first_name }}, thank you. {{ sender.full_name }}",
        html_body="",
    )


def stage(job, name):
    return job.stages.get(name=name)


# Creating ---------------------------------------------------------------------------------------


def test_a_new_application_starts_in_the_first_stage_with_its_history(job, candidate, recruiter):
    with received(signals.application_created) as calls:
        application, created = application_create(candidate=candidate, job=job, actor=recruiter)

    assert created
    assert application.stage == stage(job, "Applied")
    assert application.status == Status.ACTIVE and application.version == 1
    assert application.source == candidate.source
    [change] = StageChange.objects.filter(application=application)
    assert (change.from_stage, change.to_stage, change.actor) == (
        None,
        stage(job, "Applied"),
        recruiter,
    )
    [activity] = Activity.objects.filter(candidate=candidate, verb="application.created")
    assert activity.subject == application and activity.actor == recruiter
    assert activity.details["job"] == "Backend engineer"
    [call] = calls
    assert call["application"] == application and call["actor"] == recruiter


def test_the_source_of_an_application_can_differ_from_the_first_touch(job, candidate):
    board = SourceFactory(kind="job_board", name="LinkedIn")
    application, _ = application_create(candidate=candidate, job=job, source=board)
    assert application.source == board


def test_applying_again_returns_the_existing_application_untouched(job, candidate, recruiter):
    first, _ = application_create(candidate=candidate, job=job, actor=recruiter)
    with received(signals.application_created) as calls:
        again, created = application_create(
            candidate=candidate, job=job, actor=recruiter, answers={"1": "changed"}
        )
    assert not created
    assert again.pk == first.pk and again.answers == {}
    assert Application.objects.filter(candidate=candidate, job=job).count() == 1
    assert StageChange.objects.filter(application=first).count() == 1
    assert calls == []


def test_a_job_template_takes_no_applications(candidate):
    template = JobFactory(is_template=True)
    with pytest.raises(ValidationError, match="template"):
        application_create(candidate=candidate, job=template)
    assert not Application.objects.exists()


def test_an_application_cannot_start_in_another_jobs_stage(job, candidate):
    other = JobFactory()
    with pytest.raises(ValidationError, match="belong to the job"):
        application_create(candidate=candidate, job=job, stage=stage(other, "Screen"))
    assert not Application.objects.exists()


def test_an_application_can_start_in_a_given_stage_of_its_job(job, candidate):
    application, _ = application_create(candidate=candidate, job=job, stage=stage(job, "Screen"))
    assert application.stage == stage(job, "Screen")
    assert moves(application) == [(None, "Screen")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("default_pipeline")
def test_four_submissions_of_the_same_application_at_once_yield_one_row():
    job, candidate = JobFactory(), CandidateFactory()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(application_create(candidate=candidate, job=job))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Application.objects.filter(candidate=candidate, job=job).count() == 1
    assert sum(created for _, created in results) == 1
    assert len({application.pk for application, _ in results}) == 1
    assert StageChange.objects.count() == 1
    assert Activity.objects.filter(verb="application.created").count() == 1


# Knockout questions -----------------------------------------------------------------------------

KNOCKOUTS = [
    # kind, knockout answers, the answer given, flagged?
    (Kind.YES_NO, ["no"], "no", True),
    (Kind.YES_NO, ["no"], " No ", True),
    (Kind.YES_NO, ["no"], "yes", False),
    (Kind.SINGLE, ["Student visa"], "student visa", True),
    (Kind.SINGLE, ["Student visa"], "Citizen", False),
    (Kind.MULTIPLE, ["Nights"], ["Weekends", "nights"], True),
    (Kind.MULTIPLE, ["Nights"], ["Weekends"], False),
    (Kind.MULTIPLE, ["Nights"], "Nights", True),
    (Kind.NUMBER, ["<2"], "1", True),
    (Kind.NUMBER, ["<2"], 1.5, True),
    (Kind.NUMBER, ["<2"], "2", False),
    (Kind.NUMBER, [">=10"], "10", True),
    (Kind.NUMBER, [">=10"], 9.5, False),
    (Kind.NUMBER, [">5"], "5", False),
    (Kind.NUMBER, ["<=0"], "0", True),
    (Kind.NUMBER, ["0"], "0", True),
    (Kind.NUMBER, ["=3"], "3.0", True),
    (Kind.NUMBER, ["<2"], "a few", False),
    (Kind.YES_NO, ["no"], None, False),
    (Kind.YES_NO, ["no"], "", False),
    (Kind.TEXT, ["no"], "no", False),
]


@pytest.mark.parametrize(("kind", "knockouts", "answer", "flagged"), KNOCKOUTS)
def test_a_knockout_answer_flags_the_application(job, candidate, kind, knockouts, answer, flagged):
    question = ApplicationQuestionFactory(job=job, kind=kind, knockout_answers=knockouts)
    answers = {} if answer is None else {str(question.pk): answer}
    application, _ = application_create(candidate=candidate, job=job, answers=answers)
    assert application.knockout_failed is flagged
    assert application.status == Status.ACTIVE  # a person decides, never the question


def test_one_knockout_among_several_answers_is_enough(job, candidate):
    permit = ApplicationQuestionFactory(job=job, kind=Kind.YES_NO, knockout_answers=["no"])
    years = ApplicationQuestionFactory(job=job, kind=Kind.NUMBER, knockout_answers=["<2"])
    plain = ApplicationQuestionFactory(job=job, kind=Kind.TEXT, knockout_answers=[])
    answers = {str(permit.pk): "yes", str(years.pk): "1", str(plain.pk): "no"}
    application, _ = application_create(candidate=candidate, job=job, answers=answers)
    assert application.knockout_failed
    assert application.answers == answers


# Moving -----------------------------------------------------------------------------------------


def test_moving_writes_a_stage_change_and_an_activity_and_bumps_the_version(
    application, recruiter, job
):
    before = application.stage_entered_at
    with received(signals.application_moved) as calls:
        moved = application_move(
            application=application,
            to_stage=stage(job, "Screen"),
            actor=recruiter,
            expected_version=1,
            note="Strong CV",
        )

    moved.refresh_from_db()
    assert moved.stage == stage(job, "Screen")
    assert moved.version == 2
    assert moved.stage_entered_at > before
    assert moves(moved) == [(None, "Applied"), ("Applied", "Screen")]
    change = StageChange.objects.get(application=moved, from_stage__isnull=False)
    assert (change.actor, change.note, change.at) == (
        recruiter,
        "Strong CV",
        moved.stage_entered_at,
    )
    activity = Activity.objects.get(verb="application.moved")
    assert activity.subject == moved and activity.actor == recruiter
    assert (activity.details["from_stage"], activity.details["to_stage"]) == ("Applied", "Screen")
    [call] = calls
    assert (call["from_stage"].name, call["to_stage"].name) == ("Applied", "Screen")


def test_a_rolled_back_move_leaves_neither_stage_change_nor_activity(application, recruiter, job):
    with pytest.raises(RuntimeError), transaction.atomic():
        application_move(application=application, to_stage=stage(job, "Screen"), actor=recruiter)
        raise RuntimeError("the request failed after the move")

    application.refresh_from_db()
    assert application.stage == stage(job, "Applied") and application.version == 1
    assert moves(application) == [(None, "Applied")]
    assert not Activity.objects.filter(verb="application.moved").exists()


def test_a_failing_subscriber_rolls_back_the_whole_move(application, recruiter, job):
    def broken(sender, **kwargs):
        raise RuntimeError("a subscriber failed")

    signals.application_moved.connect(broken, weak=False)
    try:
        with pytest.raises(RuntimeError):
            application_move(
                application=application, to_stage=stage(job, "Screen"), actor=recruiter
            )
    finally:
        signals.application_moved.disconnect(broken)

    application.refresh_from_db()
    assert application.stage == stage(job, "Applied") and application.version == 1
    assert moves(application) == [(None, "Applied")]
    assert not Activity.objects.filter(verb="application.moved").exists()


def test_moving_a_stale_version_raises_conflict_and_writes_nothing(application, recruiter, job):
    application_move(application=application, to_stage=stage(job, "Screen"), actor=recruiter)

    with pytest.raises(ApplicationConflict, match="changed by someone else") as conflict:
        application_move(
            application=application,
            to_stage=stage(job, "Onsite"),
            actor=recruiter,
            expected_version=1,
        )

    assert conflict.value.application.stage == stage(job, "Screen")
    application.refresh_from_db()
    assert application.stage == stage(job, "Screen") and application.version == 2
    assert moves(application) == [(None, "Applied"), ("Applied", "Screen")]
    assert Activity.objects.filter(verb="application.moved").count() == 1


def test_moving_to_another_jobs_stage_is_refused(application, recruiter):
    other = JobFactory()
    with pytest.raises(ValidationError, match="another job"):
        application_move(application=application, to_stage=stage(other, "Screen"), actor=recruiter)
    application.refresh_from_db()
    assert application.version == 1 and moves(application) == [(None, "Applied")]


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN, Status.HIRED])
def test_moving_an_application_that_is_not_active_is_refused(application, recruiter, job, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(ValidationError, match="reopen it first"):
        application_move(application=application, to_stage=stage(job, "Screen"), actor=recruiter)
    assert moves(application) == [(None, "Applied")]


def test_moving_to_the_stage_it_is_in_changes_nothing(application, recruiter, job):
    same = application_move(
        application=application, to_stage=stage(job, "Applied"), actor=recruiter
    )
    assert same.version == 1
    assert moves(application) == [(None, "Applied")]


def test_moving_into_the_hired_stage_hires(application, recruiter, job):
    with received(signals.application_hired) as hired:
        application = application_move(
            application=application, to_stage=stage(job, "Hired"), actor=recruiter
        )
    application.refresh_from_db()
    assert application.status == Status.HIRED and application.hired_at is not None
    assert application.stage == stage(job, "Hired")
    assert moves(application) == [(None, "Applied"), ("Applied", "Hired")]
    assert verbs(application)[-2:] == ["application.moved", "application.hired"]
    assert [call["application"].pk for call in hired] == [application.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("default_pipeline")
def test_two_people_moving_the_same_application_at_once_one_wins_the_other_gets_a_conflict():
    job = JobFactory()
    application, _ = application_create(candidate=CandidateFactory(), job=job)
    targets = [stage(job, "Screen"), stage(job, "Onsite")]
    barrier = threading.Barrier(2)
    done, conflicts, errors = [], [], []

    def move(to_stage):
        try:
            barrier.wait(timeout=10)
            done.append(
                application_move(
                    application=Application(pk=application.pk),
                    to_stage=to_stage,
                    actor=None,
                    expected_version=1,
                )
            )
        except ApplicationConflict as conflict:
            conflicts.append(conflict)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(done) == 1 and len(conflicts) == 1
    application.refresh_from_db()
    assert application.version == 2 and application.stage == done[0].stage
    assert (
        StageChange.objects.filter(application=application, from_stage__isnull=False).count() == 1
    )
    assert Activity.objects.filter(verb="application.moved").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("default_pipeline")
def test_two_people_rejecting_the_same_application_at_once_one_wins_the_other_gets_a_conflict():
    job = JobFactory()
    application, _ = application_create(candidate=CandidateFactory(), job=job)
    reason = RejectionReasonFactory(name="Missing required skills")
    barrier = threading.Barrier(2)
    done, conflicts, errors = [], [], []

    def reject(note):
        try:
            barrier.wait(timeout=10)
            done.append(
                application_reject(
                    application=Application(pk=application.pk),
                    reason=reason,
                    actor=None,
                    note=note,
                    expected_version=1,
                )
            )
        except ApplicationConflict as conflict:
            conflicts.append(conflict)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reject, args=(note,)) for note in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(done) == 1 and len(conflicts) == 1
    application.refresh_from_db()
    assert application.version == 2 and application.rejection_note == done[0].rejection_note
    assert Activity.objects.filter(verb="application.rejected").count() == 1


# Rejecting, with a delayed email ----------------------------------------------------------------


def test_rejecting_records_the_reason_note_and_keep_in_touch(application, recruiter, reason):
    with received(signals.application_rejected) as calls:
        rejected = application_reject(
            application=application,
            reason=reason,
            actor=recruiter,
            note="Great person, wrong timing",
            keep_in_touch=True,
            expected_version=1,
        )

    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED and rejected.rejected_at is not None
    assert rejected.rejection_reason == reason
    assert rejected.rejection_note == "Great person, wrong timing"
    assert rejected.keep_in_touch and rejected.version == 2
    assert rejected.rejection_email is None
    activity = Activity.objects.get(verb="application.rejected")
    assert activity.details["reason"] == "Missing required skills"
    assert activity.details["keep_in_touch"] is True
    [call] = calls
    assert call["application"].keep_in_touch and call["actor"] == recruiter


def test_a_reason_no_longer_in_use_is_refused(application, recruiter):
    retired = RejectionReason.objects.create(name="Culture fit", active=False)
    with pytest.raises(ValidationError, match="no longer"):
        application_reject(application=application, reason=retired, actor=recruiter)
    application.refresh_from_db()
    assert application.status == Status.ACTIVE


def test_rejecting_without_a_reason_is_refused_with_a_validation_error(application, recruiter):
    with pytest.raises(ValidationError):
        application_reject(application=application, reason=None, actor=recruiter)
    application.refresh_from_db()
    assert application.status == Status.ACTIVE


def test_rejecting_twice_is_refused(application, recruiter, reason):
    application_reject(application=application, reason=reason, actor=recruiter)
    with pytest.raises(ValidationError, match="already rejected"):
        application_reject(application=application, reason=reason, actor=recruiter)
    assert Activity.objects.filter(verb="application.rejected").count() == 1


def test_rejecting_a_stale_version_raises_conflict(application, recruiter, reason, job):
    application_move(application=application, to_stage=stage(job, "Screen"), actor=recruiter)
    with pytest.raises(ApplicationConflict):
        application_reject(
            application=application, reason=reason, actor=recruiter, expected_version=1
        )
    application.refresh_from_db()
    assert application.status == Status.ACTIVE


def test_a_rejection_email_is_scheduled_for_later_not_sent(
    application, recruiter, reason, rejection_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rejected = application_reject(
            application=application,
            reason=reason,
            actor=recruiter,
            email_template=rejection_template,
            email_delay=timedelta(hours=2),
        )

    email = rejected.rejection_email
    assert email.status == OutboundEmail.Status.SCHEDULED
    expected = timezone.now() + timedelta(hours=2)
    assert abs(email.send_after - expected) < timedelta(seconds=30)
    assert email.to_email == "grace@example.org" and email.candidate == application.candidate
    assert email.subject == "Your application for Backend engineer"
    assert email.reply_to == recruiter.email
    assert mail.outbox == []


def test_the_rejection_email_goes_after_the_delay_exactly_once(
    application, recruiter, reason, rejection_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rejected = application_reject(
            application=application,
            reason=reason,
            actor=recruiter,
            email_template=rejection_template,
            email_delay=timedelta(hours=1),
        )
    due = rejected.rejection_email.send_after

    assert outbound_deliver_pending(now=due - timedelta(minutes=1)) == 0
    assert mail.outbox == []
    assert outbound_deliver_pending(now=due + timedelta(seconds=1)) == 1
    assert outbound_deliver_pending(now=due + timedelta(minutes=2)) == 0

    [sent] = mail.outbox
    assert sent.to == ["grace@example.org"]
    assert sent.subject == "Your application for Backend engineer"
    assert "Dear Grace" in sent.body and "Rita Recruiter" in sent.body
    email = OutboundEmail.objects.get(pk=rejected.rejection_email.pk)
    assert email.status == OutboundEmail.Status.SENT and email.attempts == 1


def test_a_rejection_email_cancelled_before_it_goes_is_never_sent(
    application, recruiter, reason, rejection_template
):
    rejected = application_reject(
        application=application, reason=reason, actor=recruiter, email_template=rejection_template
    )

    assert application_rejection_email_cancel(application=rejected, actor=recruiter) is True

    email = OutboundEmail.objects.get(pk=rejected.rejection_email.pk)
    assert email.status == OutboundEmail.Status.CANCELLED
    assert outbound_deliver_pending(now=timezone.now() + timedelta(days=2)) == 0
    assert mail.outbox == []
    assert Activity.objects.filter(verb="email.cancelled", actor=recruiter).count() == 1
    # Cancelling again does nothing more.
    assert application_rejection_email_cancel(application=rejected, actor=recruiter) is False


def test_a_rejection_email_that_went_already_cannot_be_cancelled(
    application, recruiter, reason, rejection_template
):
    rejected = application_reject(
        application=application, reason=reason, actor=recruiter, email_template=rejection_template
    )
    outbound_deliver_pending(now=rejected.rejection_email.send_after + timedelta(seconds=1))

    assert application_rejection_email_cancel(application=rejected, actor=recruiter) is False
    email = OutboundEmail.objects.get(pk=rejected.rejection_email.pk)
    assert email.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_cancelling_when_there_is_no_rejection_email_does_nothing(application, recruiter):
    assert application_rejection_email_cancel(application=application, actor=recruiter) is False


def test_a_rejection_email_needs_an_address(job, recruiter, reason, rejection_template):
    application, _ = application_create(candidate=CandidateFactory(email=""), job=job)
    with pytest.raises(ValidationError, match="No email address on file"):
        application_reject(
            application=application,
            reason=reason,
            actor=recruiter,
            email_template=rejection_template,
        )
    application.refresh_from_db()
    assert application.status == Status.ACTIVE
    assert not OutboundEmail.objects.exists()


# Reopening, withdrawing, hiring -----------------------------------------------------------------


def test_reopening_restores_the_application_and_cancels_a_pending_rejection_email(
    application, recruiter, reason, rejection_template
):
    rejected = application_reject(
        application=application,
        reason=reason,
        actor=recruiter,
        note="Not now",
        keep_in_touch=True,
        email_template=rejection_template,
    )
    email_id = rejected.rejection_email.pk

    with received(signals.application_reopened) as calls:
        reopened = application_reopen(application=rejected, actor=recruiter, expected_version=2)

    reopened.refresh_from_db()
    assert reopened.status == Status.ACTIVE and reopened.version == 3
    assert reopened.rejected_at is None and reopened.rejection_reason is None
    assert reopened.rejection_note == "" and not reopened.keep_in_touch
    assert reopened.rejection_email is None
    assert reopened.stage == application.stage
    assert OutboundEmail.objects.get(pk=email_id).status == OutboundEmail.Status.CANCELLED
    assert outbound_deliver_pending(now=timezone.now() + timedelta(days=1)) == 0
    assert mail.outbox == []
    undone = Activity.objects.get(verb="application.reopened")
    assert undone.details["was"] == "rejected"
    assert undone.details["reason"] == "Missing required skills"
    assert undone.details["note"] == "Not now"
    assert undone.details["email_cancelled"] is True
    # The rejection itself stays on the timeline.
    assert Activity.objects.filter(verb="application.rejected").exists()
    assert len(calls) == 1


def test_reopening_after_the_rejection_email_went_says_so(
    application, recruiter, reason, rejection_template
):
    rejected = application_reject(
        application=application, reason=reason, actor=recruiter, email_template=rejection_template
    )
    outbound_deliver_pending(now=rejected.rejection_email.send_after + timedelta(seconds=1))
    application_reopen(application=rejected, actor=recruiter)
    assert Activity.objects.get(verb="application.reopened").details["email_cancelled"] is False
    assert len(mail.outbox) == 1


def test_an_active_application_cannot_be_reopened(application, recruiter):
    with pytest.raises(ValidationError, match="rejected or withdrawn"):
        application_reopen(application=application, actor=recruiter)


def test_a_withdrawn_application_keeps_its_history_and_can_be_reopened(application, recruiter):
    with received(signals.application_withdrawn) as calls:
        withdrawn = application_withdraw(
            application=application, actor=recruiter, note="Took another offer"
        )
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN and withdrawn.withdrawn_at is not None
    assert withdrawn.version == 2 and len(calls) == 1
    activity = Activity.objects.get(verb="application.withdrawn")
    assert activity.details["note"] == "Took another offer"
    with pytest.raises(ValidationError, match="Only an active"):
        application_withdraw(application=withdrawn, actor=recruiter)

    reopened = application_reopen(application=withdrawn, actor=recruiter)
    reopened.refresh_from_db()
    assert reopened.status == Status.ACTIVE and reopened.withdrawn_at is None
    assert Activity.objects.get(verb="application.reopened").details["was"] == "withdrawn"


def test_hiring_moves_to_the_hired_stage_and_announces_it(application, recruiter, job):
    with received(signals.application_hired) as calls:
        hired = application_hire(application=application, actor=recruiter, expected_version=1)
    hired.refresh_from_db()
    assert hired.status == Status.HIRED and hired.hired_at is not None
    assert hired.stage == stage(job, "Hired") and hired.version == 2
    assert moves(hired) == [(None, "Applied"), ("Applied", "Hired")]
    assert "application.hired" in verbs(hired)
    [call] = calls
    assert call["application"].pk == hired.pk and call["actor"] == recruiter


def test_only_an_active_application_can_be_hired(application, recruiter, reason):
    rejected = application_reject(application=application, reason=reason, actor=recruiter)
    with pytest.raises(ValidationError, match="Only an active"):
        application_hire(application=rejected, actor=recruiter)
    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED and rejected.hired_at is None


def test_hiring_needs_a_hired_stage(application, recruiter, job):
    stage(job, "Hired").delete()
    with pytest.raises(ValidationError, match="no hired stage"):
        application_hire(application=application, actor=recruiter)


# In bulk ----------------------------------------------------------------------------------------


def test_a_bulk_move_reports_each_failure_and_moves_the_rest(job, recruiter, reason):
    movable = [application_create(candidate=CandidateFactory(), job=job)[0] for _ in range(2)]
    rejected, _ = application_create(candidate=CandidateFactory(), job=job)
    application_reject(application=rejected, reason=reason, actor=recruiter)
    elsewhere, _ = application_create(candidate=CandidateFactory(), job=JobFactory())

    result = application_bulk_move(
        applications=[movable[0], rejected, elsewhere, movable[1]],
        to_stage=stage(job, "Screen"),
        actor=recruiter,
    )

    assert sorted(app.pk for app in result.done) == sorted(app.pk for app in movable)
    assert set(result.failed) == {rejected.pk, elsewhere.pk}
    assert "reopen it first" in result.failed[rejected.pk]
    assert "another job" in result.failed[elsewhere.pk]
    for app in movable:
        app.refresh_from_db()
        assert app.stage == stage(job, "Screen")
    rejected.refresh_from_db()
    assert rejected.stage == stage(job, "Applied")
    assert StageChange.objects.filter(from_stage__isnull=False).count() == 2


def test_a_bulk_reject_reports_each_failure_and_rejects_the_rest(
    job, recruiter, reason, rejection_template
):
    active = [application_create(candidate=CandidateFactory(), job=job)[0] for _ in range(2)]
    withdrawn, _ = application_create(candidate=CandidateFactory(), job=job)
    application_withdraw(application=withdrawn, actor=recruiter)

    result = application_bulk_reject(
        applications=[*active, withdrawn],
        actor=recruiter,
        reason=reason,
        note="Role filled",
        email_template=rejection_template,
    )

    assert sorted(app.pk for app in result.done) == sorted(app.pk for app in active)
    assert list(result.failed) == [withdrawn.pk]
    assert "already withdrawn" in result.failed[withdrawn.pk]
    assert Application.objects.filter(status=Status.REJECTED).count() == 2
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SCHEDULED).count() == 2
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN


def test_a_stage_with_an_entry_email_writes_to_each_candidate_who_enters_it(
    recruiter, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(candidate__first_name="Grace")
    screen = application.job.stages.get(name="Screen")
    screen.entry_email = EmailTemplateFactory(subject="Next steps for {{ job.title }}")
    screen.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=application, to_stage=screen, actor=recruiter)
    [sent] = mail.outbox
    assert sent.subject == f"Next steps for {application.job.title}"
    assert sent.reply_to == [recruiter.email]
    assert OutboundEmail.objects.get().about == application
