"""The ATS's rules for the one permission layer (recruit.accounts.permissions): people outside
the recruiting team reach a job only through its hiring team, and through the job its
applications and their candidates. Hiring managers may also act on their jobs' applications."""

from django.db.models import Q

from ats.models import (
    BLIND_REVIEW_STAGE_KINDS,
    Application,
    Interview,
    Job,
    JobMember,
    Scorecard,
)
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


def interviews_of_team_member(user) -> Q:
    return Q(application__job__in=_team_jobs(user))


def scorecards_of_team_member(user) -> Q:
    """Blind feedback: on their jobs, people see their own scorecards; the hiring manager sees
    every submitted one; anyone else sees others' submitted scorecards on an application only
    once they have submitted their own for it. Drafts are their author's alone."""
    on_team = Q(interview__application__job__in=_team_jobs(user))
    submitted = Q(submitted_at__isnull=False)
    managed = Q(interview__application__job__in=_team_jobs(user, JobMember.Role.HIRING_MANAGER))
    own_submitted = Scorecard.objects.filter(interviewer=user, submitted_at__isnull=False)
    unlocked = Q(interview__application__in=own_submitted.values("interview__application"))
    return on_team & (Q(interviewer=user) | (submitted & (managed | unlocked)))


def scorecards_of_their_author(user) -> Q:
    return Q(interviewer=user, interview__application__job__in=_team_jobs(user))


register_scope(Job, jobs_of_team_member)
register_scope(Application, applications_of_team_member)
register_scope(Candidate, candidates_of_team_member)
register_change_scope(Application, applications_of_hiring_manager)
register_scope(Interview, interviews_of_team_member)
register_scope(Scorecard, scorecards_of_team_member)
register_change_scope(Scorecard, scorecards_of_their_author)
