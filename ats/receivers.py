"""What the ATS does when something below it changes."""

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ats import signals
from ats.careers_cache import bump_generation
from ats.models import Application, ApplicationDraft, CareersSite, Department, Job, JobLocation
from ats.services.invites import (
    interview_cancellation_send,
    interview_invite_send,
    interview_update_send,
)
from ats.services.matching import match_refresh_for_candidate
from recruit.candidates.models import Candidate
from recruit.candidates.services import activity_record
from recruit.candidates.signals import candidates_merging
from recruit.messaging.merge import register_merge_fields
from recruit.messaging.services import outbound_cancel

CAREERS_MODELS = (Job, JobLocation, Department, CareersSite)
register_merge_fields(["job.title", "company.name", "status.url", "status.valid_days"])


@receiver(post_save, sender=Candidate, dispatch_uid="ats.rescore_on_profile_change")
def rescore_on_profile_change(sender, instance: Candidate, created: bool, **kwargs) -> None:
    # A person has a handful of applications: rescoring them at once keeps the board truthful.
    if not created and not kwargs.get("raw"):
        match_refresh_for_candidate(candidate_id=instance.pk)


@receiver(m2m_changed, sender=Candidate.skills.through, dispatch_uid="ats.rescore_on_skills")
def rescore_on_skills_change(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        match_refresh_for_candidate(candidate_id=instance.pk)


@receiver(candidates_merging, dispatch_uid="ats.move_applications_on_merge")
def move_applications_on_merge(sender, survivor, duplicate, actor=None, **kwargs) -> None:
    """Applications follow the person. Where both records applied to the same job, the
    survivor's application stays (one per candidate and job) and the duplicate's is written,
    with its stage history, into the survivor's timeline before it goes."""
    survivor_jobs = Application.objects.filter(candidate=survivor).values("job")
    clashes = (
        Application.objects.filter(candidate=duplicate, job__in=survivor_jobs)
        .select_related("job", "stage", "rejection_email")
        .prefetch_related("stage_changes__to_stage")
    )
    for application in clashes:
        activity_record(
            candidate=survivor,
            verb="application.merged_away",
            actor=actor,
            details={
                "job": application.job.title,
                "job_id": application.job_id,
                "application_id": application.pk,
                "status": application.status,
                "stage": application.stage.name,
                "applied_at": application.applied_at.isoformat(),
                "stages": [
                    [change.to_stage.name, change.at.isoformat()]
                    for change in application.stage_changes.all()
                ],
            },
        )
        if application.rejection_email_id:
            outbound_cancel(outbound=application.rejection_email, actor=actor)
    clashes.delete()
    Application.objects.filter(candidate=duplicate).update(candidate=survivor)
    ApplicationDraft.objects.filter(candidate=duplicate).update(candidate=survivor)


@receiver(post_save, dispatch_uid="ats.careers_pages_changed")
@receiver(post_delete, dispatch_uid="ats.careers_pages_deleted")
def careers_pages_changed(sender, **kwargs) -> None:
    """The careers site's cached pages show jobs, their places and teams, and the site's
    settings: any change to those starts a new generation of cached pages."""
    if sender in CAREERS_MODELS:
        bump_generation()


# Calendar invites. These signals come after the interview's transaction committed: a failure
# here cannot undo the interview, and must not stop the receivers after this one (reminders),
# so it is logged rather than raised. Each send is one transaction: all its emails or none.
invites_logger = logging.getLogger("ats.invites")


@receiver(signals.interview_scheduled, dispatch_uid="ats.send_interview_invites")
def send_interview_invites(sender, interview, actor=None, **kwargs) -> None:
    try:
        interview_invite_send(interview=interview, actor=actor)
    except Exception:
        invites_logger.exception("Invitations for interview %s were not sent", interview.pk)


@receiver(signals.interview_rescheduled, dispatch_uid="ats.send_interview_updates")
def send_interview_updates(
    sender, interview, actor=None, removed=(), previous_start=None, previous_end=None, **kwargs
) -> None:
    try:
        interview_update_send(interview=interview, actor=actor, removed=removed,
                              previous_start=previous_start, previous_end=previous_end)  # fmt: skip
    except Exception:
        invites_logger.exception("Updates of interview %s were not sent", interview.pk)


@receiver(signals.interview_cancelled, dispatch_uid="ats.send_interview_cancellations")
def send_interview_cancellations(sender, interview, actor=None, **kwargs) -> None:
    try:
        interview_cancellation_send(interview=interview, actor=actor)
    except Exception:
        invites_logger.exception("Cancellations of interview %s were not sent", interview.pk)
