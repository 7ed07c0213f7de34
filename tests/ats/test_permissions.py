"""Who reaches what in the ATS (the data layer): the recruiting team everything, a hiring
manager or interviewer only the jobs whose team they are on, with those jobs' applications and
candidates; only the recruiting team changes jobs; blind review hides identities early on."""

import pytest
from django.http import Http404

from ats.models import Application, Job, StageKind
from ats.selectors import is_blind_for, job_get, job_list
from ats.services import job_member_add, job_member_remove
from recruit.accounts.permissions import can_change, can_view, visible_to
from recruit.candidates.models import Candidate
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

TEAM_ROLES = ["hiring_manager", "interviewer"]


def world(user, role):
    """`user` on the team of one job with an application; another job they are not on."""
    theirs = JobFactory(title="Theirs", team=[(user, role)])
    other = JobFactory(title="Other")
    mine = ApplicationFactory(job=theirs)
    not_mine = ApplicationFactory(job=other)
    return theirs, other, mine, not_mine


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_a_team_member_sees_their_job_its_applications_and_candidates_and_nothing_else(
    request, role
):
    user = request.getfixturevalue(role)
    theirs, other, mine, not_mine = world(user, role)

    assert list(visible_to(user, Job.objects.all())) == [theirs]
    assert list(visible_to(user, Application.objects.all())) == [mine]
    assert list(visible_to(user, Candidate.objects.all())) == [mine.candidate]
    assert can_view(user, theirs) and not can_view(user, other)
    assert can_view(user, mine.candidate) and not can_view(user, not_mine.candidate)


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "admin_user"])
def test_the_recruiting_team_sees_every_job_application_and_candidate(request, persona):
    user = request.getfixturevalue(persona)
    JobFactory()
    ApplicationFactory()
    ApplicationFactory()
    assert visible_to(user, Job.objects.all()).count() == Job.objects.count()
    assert visible_to(user, Application.objects.all()).count() == 2
    assert visible_to(user, Candidate.objects.all()).count() == 2


def test_someone_on_no_team_sees_nothing(outsider, hiring_manager):
    world(hiring_manager, "hiring_manager")
    for model in (Job, Application, Candidate):
        assert not visible_to(outsider, model.objects.all()).exists()


def test_a_hiring_manager_on_another_job_sees_nothing_of_this_one(hiring_manager):
    JobFactory(team=[(hiring_manager, "hiring_manager")])
    elsewhere = ApplicationFactory()
    assert not can_view(hiring_manager, elsewhere.job)
    assert not can_view(hiring_manager, elsewhere)
    assert not can_view(hiring_manager, elsewhere.candidate)


def test_a_candidate_who_applied_to_two_jobs_is_visible_to_the_hiring_manager_of_either(
    hiring_manager,
):
    second_manager = type(hiring_manager).objects.create_user(email="hugo.manager@example.com")
    first_job = JobFactory(team=[(hiring_manager, "hiring_manager")])
    second_job = JobFactory(team=[(second_manager, "hiring_manager")])
    candidate = CandidateFactory()
    first = ApplicationFactory(candidate=candidate, job=first_job)
    second = ApplicationFactory(candidate=candidate, job=second_job)

    assert can_view(hiring_manager, candidate) and can_view(second_manager, candidate)
    # ...but each sees only the application to their own job.
    assert list(visible_to(hiring_manager, Application.objects.all())) == [first]
    assert list(visible_to(second_manager, Application.objects.all())) == [second]
    assert visible_to(hiring_manager, Candidate.objects.all()).count() == 1


def test_every_status_of_an_application_stays_visible_to_the_team(hiring_manager):
    job = JobFactory(team=[(hiring_manager, "hiring_manager")])
    for status in Application.Status.values:
        ApplicationFactory(job=job, status=status)
    assert visible_to(hiring_manager, Application.objects.all()).count() == 4


def test_leaving_the_team_removes_access(recruiter, hiring_manager):
    job = JobFactory()
    application = ApplicationFactory(job=job)
    job_member_add(job=job, user=hiring_manager, role="hiring_manager", actor=recruiter)
    assert can_view(hiring_manager, application.candidate)

    job_member_remove(job=job, user=hiring_manager, role="hiring_manager", actor=recruiter)

    assert not can_view(hiring_manager, job)
    assert not can_view(hiring_manager, application)
    assert not can_view(hiring_manager, application.candidate)


def test_a_deactivated_team_member_sees_nothing(hiring_manager):
    world(hiring_manager, "hiring_manager")
    hiring_manager.is_active = False
    hiring_manager.save()
    for model in (Job, Application, Candidate):
        assert not visible_to(hiring_manager, model.objects.all()).exists()


def test_job_selectors_scope_by_team_and_hide_templates(hiring_manager, recruiter):
    theirs, other, _, _ = world(hiring_manager, "hiring_manager")
    JobFactory(is_template=True, team=[(hiring_manager, "hiring_manager")])

    assert list(job_list(user=hiring_manager)) == [theirs]
    assert job_get(user=hiring_manager, pk=theirs.pk) == theirs
    with pytest.raises(Http404):
        job_get(user=hiring_manager, pk=other.pk)
    assert job_list(user=recruiter).count() == 2
    assert list(job_list(user=recruiter, status="closed")) == []


# Changing ---------------------------------------------------------------------------------------


def test_a_recruiter_changes_jobs_and_applications(recruiter):
    _, _, mine, not_mine = world(recruiter, "recruiter")
    assert can_change(recruiter)
    assert can_change(recruiter, mine.job) and can_change(recruiter, not_mine.job)
    assert can_change(recruiter, mine) and can_change(recruiter, not_mine)
    assert can_change(recruiter, mine.candidate)


def test_a_hiring_manager_acts_on_their_jobs_applications_but_not_on_the_job_itself(
    hiring_manager,
):
    theirs, other, mine, not_mine = world(hiring_manager, "hiring_manager")

    assert can_change(hiring_manager, mine)
    assert not can_change(hiring_manager, not_mine)
    # Only the recruiting team changes jobs (and creates anything).
    assert not can_change(hiring_manager, theirs)
    assert not can_change(hiring_manager, other)
    assert not can_change(hiring_manager)


def test_an_interviewer_changes_nothing(interviewer):
    theirs, _, mine, _ = world(interviewer, "interviewer")
    assert not can_change(interviewer, mine)
    assert not can_change(interviewer, theirs)
    assert not can_change(interviewer, mine.candidate)


def test_what_a_user_may_change_follows_their_role_on_the_job_not_their_group(interviewer):
    # Someone in the Interviewer group who is hiring manager on one job acts on that job.
    job = JobFactory(team=[(interviewer, "hiring_manager")])
    application = ApplicationFactory(job=job)
    assert can_change(interviewer, application)


# Blind review -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "kind", "blind"),
    [
        ("hiring_manager", StageKind.APPLIED, True),
        ("hiring_manager", StageKind.SCREEN, True),
        ("hiring_manager", StageKind.INTERVIEW, False),
        ("hiring_manager", StageKind.OFFER, False),
        ("interviewer", StageKind.APPLIED, True),
        ("interviewer", StageKind.HIRED, False),
        ("recruiter", StageKind.APPLIED, False),
        ("coordinator", StageKind.SCREEN, False),
        ("admin_user", StageKind.APPLIED, False),
    ],
)
def test_blind_review_hides_identities_from_reviewers_until_the_first_interview(
    request, persona, kind, blind
):
    user = request.getfixturevalue(persona)
    job = JobFactory(blind_review=True, team=[(user, "hiring_manager")])
    stage = job.stages.filter(kind=kind).first()
    assert is_blind_for(user=user, job=job, stage=stage) is blind


@pytest.mark.parametrize("kind", [StageKind.APPLIED, StageKind.SCREEN])
def test_without_blind_review_nobody_is_blinded(hiring_manager, kind):
    job = JobFactory(blind_review=False, team=[(hiring_manager, "hiring_manager")])
    stage = job.stages.filter(kind=kind).first()
    assert is_blind_for(user=hiring_manager, job=job, stage=stage) is False
