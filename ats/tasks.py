from celery import shared_task

from ats.models import Job
from ats.services import careers, matching, reminders


@shared_task(name="ats.refresh_job_match_scores")
def refresh_job_match_scores(job_id: int) -> int:
    """Rescore a job's active applications after its requirements changed. Idempotent."""
    if not Job.objects.filter(pk=job_id).exists():
        return 0
    return matching.match_refresh_for_job(job_id=job_id)


@shared_task(name="ats.refresh_candidate_match_scores")
def refresh_candidate_match_scores(candidate_id: int) -> int:
    """Rescore a person's active applications after their profile changed. Idempotent."""
    return matching.match_refresh_for_candidate(candidate_id=candidate_id)


@shared_task(name="ats.mark_abandoned_applications")
def mark_abandoned_applications() -> int:
    """Beat, every 15 minutes: applications started but never finished become abandoned."""
    return careers.drafts_mark_abandoned()


@shared_task(name="ats.send_due_reminders")
def send_due_reminders() -> int:
    """Beat, every minute: send the interview and feedback reminders that are due, each once
    (a duplicate tick or a retry finds them sent or claimed)."""
    return reminders.reminders_send_due()
