"""Applications: created once per candidate and job, moved through stages, rejected (with an
optional delayed email), withdrawn, reopened and hired. Every change writes its history (a
StageChange for moves, an Activity always) in the same transaction, raises the application's
version, and sends the matching signal for the layers above."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ats import signals
from ats.models import Application, Job, RejectionReason, Stage, StageChange, StageKind
from ats.services.knockout import knockout_failed
from recruit.accounts.models import acting_user
from recruit.candidates.models import Candidate, Source
from recruit.candidates.services import activity_record
from recruit.messaging.models import EmailTemplate, OutboundEmail
from recruit.messaging.services import email_render_and_queue, merge_context, outbound_cancel

Status = Application.Status
DEFAULT_REJECTION_DELAY = timedelta(hours=1)


class ApplicationConflict(Exception):
    """Someone else changed the application since the caller loaded it. Nothing was written."""

    def __init__(self, application: Application):
        self.application = application
        # No name in the message: it may reach a reviewer under blind review.
        super().__init__(
            "This application was changed by someone else a moment ago (it is now in "
            f"“{application.stage}”, {application.get_status_display().lower()}). "
            "Reload to see the latest state, then try again."
        )


@dataclass
class BulkResult:
    done: list[Application]
    failed: dict[int, str]  # application id -> why


def _locked(application: Application, expected_version: int | None) -> Application:
    """The application locked for this transaction, refusing a stale version."""
    # Lock the row alone, then read it: a locking query that joins the stage would find no row
    # when a concurrent move changed the stage while we waited for the lock.
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").get()
    current = Application.objects.select_related("candidate", "job", "stage").get(pk=application.pk)
    if expected_version is not None and current.version != expected_version:
        raise ApplicationConflict(current)
    return current


def _save(application: Application, *fields: str) -> None:
    application.version = F("version") + 1
    application.save(update_fields=[*fields, "version", "updated_at"])
    application.refresh_from_db(fields=["version"])


def _record(application: Application, verb: str, actor, **details: Any) -> None:
    activity_record(
        candidate=application.candidate,
        verb=verb,
        actor=actor,
        subject=application,
        details={"job": application.job.title, "job_id": application.job_id, **details},
    )


def application_create(
    *,
    candidate: Candidate,
    job: Job,
    actor=None,
    source: Source | None = None,
    answers: dict[str, Any] | None = None,
    stage: Stage | None = None,
) -> tuple[Application, bool]:
    """The application of `candidate` to `job`, created in the job's first stage unless it
    exists already (then it is returned untouched). Returns (application, created)."""
    existing = Application.objects.filter(candidate=candidate, job=job).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return _create(candidate, job, actor, source, answers or {}, stage), True
    except IntegrityError:
        # The same person applied twice at once: the first one stands.
        return Application.objects.get(candidate=candidate, job=job), False


def _create(candidate, job, actor, source, answers, stage) -> Application:
    if job.is_template:
        raise ValidationError("A job template takes no applications.")
    stage = stage or job.stages.order_by("position", "id").first()
    if stage is None or stage.job_id != job.pk:
        raise ValidationError("The stage must belong to the job.")
    application = Application.objects.create(
        candidate=candidate,
        job=job,
        stage=stage,
        source=source or candidate.source,
        answers=answers,
        knockout_failed=knockout_failed(job=job, answers=answers),
    )
    StageChange.objects.create(application=application, to_stage=stage, actor=acting_user(actor))
    _record(application, "application.created", actor, stage=stage.name)
    from ats.services.matching import match_refresh

    match_refresh(application=application)
    signals.application_created.send(sender=Application, application=application, actor=actor)
    return application


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: Stage,
    actor,
    expected_version: int | None = None,
    note: str = "",
) -> Application:
    """Move an active application to another stage of its job. Moving into a hired stage hires.

    Raises ApplicationConflict when `expected_version` is stale, ValidationError when the move
    makes no sense (another job's stage, an application that is not active)."""
    application = _locked(application, expected_version)
    if to_stage.job_id != application.job_id:
        raise ValidationError("That stage belongs to another job.")
    if application.status != Status.ACTIVE:
        raise ValidationError(
            f"This application is {application.get_status_display().lower()}; reopen it first."
        )
    if to_stage.pk == application.stage_id:
        return application
    if to_stage.kind == StageKind.HIRED:
        return _hire(application, to_stage, actor, note)
    return _move(application, to_stage, actor, note)


def _move(application: Application, to_stage: Stage, actor, note: str) -> Application:
    from_stage = application.stage
    now = timezone.now()
    application.stage, application.stage_entered_at = to_stage, now
    _save(application, "stage", "stage_entered_at")
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        actor=acting_user(actor),
        at=now,
        note=note,
    )
    _record(application, "application.moved", actor,
            from_stage=from_stage.name, to_stage=to_stage.name, note=note)  # fmt: skip
    if to_stage.entry_email_id and application.candidate.email:
        email_candidate(application=application, template=to_stage.entry_email, actor=actor)
    signals.application_moved.send(
        sender=Application,
        application=application,
        actor=actor,
        from_stage=from_stage,
        to_stage=to_stage,
    )
    return application


def _hire(application: Application, hired_stage: Stage, actor, note: str) -> Application:
    application.status, application.hired_at = Status.HIRED, timezone.now()
    application.save(update_fields=["status", "hired_at"])
    application = _move(application, hired_stage, actor, note)
    _record(application, "application.hired", actor)
    signals.application_hired.send(sender=Application, application=application, actor=actor)
    return application


@transaction.atomic
def application_hire(
    *, application: Application, actor, expected_version: int | None = None
) -> Application:
    """Mark the application hired, moving it to the job's hired stage."""
    application = _locked(application, expected_version)
    hired_stage = application.job.stages.filter(kind=StageKind.HIRED).order_by("position").first()
    if hired_stage is None:
        raise ValidationError("This job's pipeline has no hired stage.")
    if application.status != Status.ACTIVE:
        raise ValidationError("Only an active application can be hired.")
    return _hire(application, hired_stage, actor, "")


@transaction.atomic
def application_reject(
    *,
    application: Application,
    reason: RejectionReason,
    actor,
    note: str = "",
    keep_in_touch: bool = False,
    email_template: EmailTemplate | None = None,
    email_delay: timedelta = DEFAULT_REJECTION_DELAY,
    expected_version: int | None = None,
) -> Application:
    """Reject an active application with a reason. With `email_template`, the rejection email
    goes out after `email_delay` (cancellable until then) through the one email pipe."""
    application = _locked(application, expected_version)
    if application.status != Status.ACTIVE:
        raise ValidationError(
            f"This application is already {application.get_status_display().lower()}."
        )
    if reason is None:
        raise ValidationError("Choose a rejection reason.")
    if not reason.active:
        raise ValidationError(f"“{reason}” is no longer a rejection reason in use.")
    application.status, application.rejected_at = Status.REJECTED, timezone.now()
    application.rejection_reason, application.rejection_note = reason, note
    application.keep_in_touch = keep_in_touch
    if email_template is not None:
        application.rejection_email = email_candidate(
            application=application,
            template=email_template,
            actor=actor,
            send_after=timezone.now() + email_delay,
        )
    _save(application, "status", "rejected_at", "rejection_reason", "rejection_note",
          "keep_in_touch", "rejection_email")  # fmt: skip
    _record(application, "application.rejected", actor, reason=reason.name, note=note,
            keep_in_touch=keep_in_touch)  # fmt: skip
    signals.application_rejected.send(sender=Application, application=application, actor=actor)
    return application


def email_candidate(
    *, application: Application, template: EmailTemplate, actor, send_after=None
) -> OutboundEmail:
    """Email the application's candidate with `template` through the one pipe. Merge fields:
    the candidate, the sender (the acting user, also the Reply-To) and the job."""
    candidate = application.candidate
    if not candidate.email:
        raise ValidationError("No email address on file.")
    sender = acting_user(actor)
    context = merge_context(
        candidate=candidate, sender=sender, job={"title": application.job.title}
    )
    return email_render_and_queue(
        template=template,
        to=candidate.email,
        context=context,
        candidate=candidate,
        about=application,
        reply_to=sender.email if sender else "",
        send_after=send_after,
        actor=actor,
    )


@transaction.atomic
def application_rejection_email_cancel(*, application: Application, actor) -> bool:
    """Stop a delayed rejection email that has not gone yet. Returns whether it was stopped."""
    application = _locked(application, None)
    if application.rejection_email is None:
        return False
    return outbound_cancel(outbound=application.rejection_email, actor=actor)


@transaction.atomic
def application_withdraw(
    *, application: Application, actor, note: str = "", expected_version: int | None = None
) -> Application:
    """The candidate withdrew. Kept with its history; reopen undoes it."""
    application = _locked(application, expected_version)
    # A hired candidate may still withdraw (they reneged); reopen brings the application back.
    if application.status not in (Status.ACTIVE, Status.HIRED):
        raise ValidationError("Only an active or hired application can be withdrawn.")
    application.status, application.withdrawn_at = Status.WITHDRAWN, timezone.now()
    _save(application, "status", "withdrawn_at")
    _record(application, "application.withdrawn", actor, note=note)
    signals.application_withdrawn.send(sender=Application, application=application, actor=actor)
    return application


@transaction.atomic
def application_reopen(
    *, application: Application, actor, expected_version: int | None = None
) -> Application:
    """Undo a rejection or withdrawal: active again in the same stage. The timeline keeps what
    was undone; a rejection email that has not gone yet is cancelled."""
    application = _locked(application, expected_version)
    if application.status not in (Status.REJECTED, Status.WITHDRAWN):
        raise ValidationError("Only a rejected or withdrawn application can be reopened.")
    undone = {
        "was": application.status,
        "reason": str(application.rejection_reason or ""),
        "note": application.rejection_note,
    }
    if application.rejection_email is not None:
        undone["email_cancelled"] = outbound_cancel(outbound=application.rejection_email,
                                                    actor=actor)  # fmt: skip
    application.status = Status.ACTIVE
    application.rejected_at = application.withdrawn_at = None
    application.rejection_reason, application.rejection_note = None, ""
    application.keep_in_touch, application.rejection_email = False, None
    _save(application, "status", "rejected_at", "withdrawn_at", "rejection_reason",
          "rejection_note", "keep_in_touch", "rejection_email")  # fmt: skip
    _record(application, "application.reopened", actor, **undone)
    signals.application_reopened.send(sender=Application, application=application, actor=actor)
    return application


def application_bulk_move(
    *, applications: Iterable[Application], to_stage: Stage, actor
) -> BulkResult:
    """Move each application; one that cannot move is reported, the others still move."""
    return _bulk(applications, lambda app: application_move(
        application=app, to_stage=to_stage, actor=actor))  # fmt: skip


def application_bulk_reject(*, applications: Iterable[Application], actor, **options) -> BulkResult:
    """Reject each application with the same reason, note and optional email."""
    return _bulk(applications, lambda app: application_reject(
        application=app, actor=actor, **options))  # fmt: skip


def application_bulk_email(
    *, applications: Iterable[Application], template: EmailTemplate, actor
) -> BulkResult:
    """Email each application's candidate now with `template` (merge fields: the candidate,
    the sender and the job). One without an address, or whose email the pipe blocked
    (suppressed, no consent), is reported with why; the others go."""
    return _bulk(applications, lambda app: _email_now(app, template, actor))


def _email_now(application: Application, template: EmailTemplate, actor) -> Application:
    outbound = email_candidate(application=application, template=template, actor=actor)
    if outbound.status != outbound.Status.QUEUED:
        raise ValidationError(f"{outbound.get_status_display()}.")
    return application


def _bulk(applications: Iterable[Application], action) -> BulkResult:
    result = BulkResult(done=[], failed={})
    for application in applications:
        try:
            result.done.append(action(application))
        except (ValidationError, ApplicationConflict) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            result.failed[application.pk] = message
    return result
