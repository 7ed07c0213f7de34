from django.db.models import QuerySet

from ats.models import Job
from recruit.accounts.permissions import visible_to


def job_list(*, user, status: str = "") -> QuerySet[Job]:
    jobs = visible_to(user, Job.objects.all()).select_related("department")
    return jobs.filter(status=status) if status else jobs
