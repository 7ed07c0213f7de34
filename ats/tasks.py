from celery import shared_task

from ats.models import Job
from ats.services import careers, matching


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
