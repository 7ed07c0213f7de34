"""The ATS's rules for the one permission layer (recruit.accounts.permissions): people outside
the recruiting team reach a job only through its hiring team, and through the job its
applications and their candidates. Hiring managers may also act on their jobs' applications."""

from django.db.models import Q

from ats.models import BLIND_REVIEW_STAGE_KINDS, Application, Job, JobMember
from recruit.accounts.permissions import register_change_scope, register_scope
from recruit.candidates.models import Candidate


def _team_jobs(user, *roles: str):
    members = JobMember.objects.filter(user=user)
    if roles:
        members = members.filter(role__in=roles)
    return members.values("job")


def jobs_of_team_member(user) -> Q:
    return Q(pk__in=_team_jobs(user))


def applications_of_team_member(user) -> Q:
    return Q(job__in=_team_jobs(user))


def candidates_of_team_member(user) -> Q:
    """Candidates with an application on the user's jobs that blind review does not hide: a
    person under blind review is reachable only through the application, as an alias."""
    revealing = Application.objects.filter(job__in=_team_jobs(user)).exclude(
        job__blind_review=True, stage__kind__in=BLIND_REVIEW_STAGE_KINDS
    )
    return Q(pk__in=revealing.values("candidate"))


def applications_of_hiring_manager(user) -> Q:
    return Q(job__in=_team_jobs(user, JobMember.Role.HIRING_MANAGER))


register_scope(Job, jobs_of_team_member)
register_scope(Application, applications_of_team_member)
register_scope(Candidate, candidates_of_team_member)
register_change_scope(Application, applications_of_hiring_manager)
