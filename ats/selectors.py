from django.db.models import QuerySet

from ats.models import Job, Stage, StageKind
from recruit.accounts.permissions import get_visible_or_404, is_recruiting_team, visible_to


def job_list(*, user, status: str = "") -> QuerySet[Job]:
    jobs = visible_to(user, Job.objects.filter(is_template=False)).select_related("department")
    return jobs.filter(status=status) if status else jobs


def job_get(*, user, pk: int) -> Job:
    """A job the user may see (with its department), or 404."""
    return get_visible_or_404(user, Job.objects.select_related("department"), pk=pk)


def is_blind_for(*, user, job: Job, stage: Stage) -> bool:
    """Whether blind review hides the candidate's identity from `user` here: on jobs that ask
    for it, for reviewers outside the recruiting team, until the first interview stage."""
    return (
        job.blind_review
        and not is_recruiting_team(user)
        and stage.kind in (StageKind.APPLIED, StageKind.SCREEN)
    )
