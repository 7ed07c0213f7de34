"""The match score: what a candidate's skills, years and location earn against a job's stated
requirements, with the explanation, and how it follows changes on either side."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ats.models import Application, Job
from ats.services import application_create, application_reject
from ats.services.matching import Requirements, match_compute
from ats.tasks import refresh_job_match_scores
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    RejectionReasonFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db
Remote = Job.RemotePolicy


@pytest.fixture
def skills():
    return {name: SkillFactory(name=name) for name in ("Python", "Django", "Docker", "Rust")}


def details(application: Application) -> dict[str, bool]:
    return {check["requirement"]: check["met"] for check in application.match_details}


def apply(candidate, job) -> Application:
    application, _ = application_create(candidate=candidate, job=job)
    application.refresh_from_db()
    return application


def backend_job(skills, **fields) -> Job:
    job = JobFactory(title="Backend engineer", **fields)
    job.required_skills.set([skills["Python"], skills["Django"]])
    job.preferred_skills.set([skills["Docker"]])
    return job


# Scores and their explanation -------------------------------------------------------------------


def test_every_stated_requirement_counts_with_its_weight_and_is_explained(skills):
    job = backend_job(skills, min_years_experience=5, location="Berlin, Germany")
    candidate = CandidateFactory(
        location="Berlin",
        years_experience=Decimal("3"),
        skills=[skills["Python"], skills["Docker"]],
    )

    application = apply(candidate, job)

    # required 50 * 1/2 + preferred 20 + years 15 * 3/5 + location 15 = 69
    assert application.match_score == 69
    assert application.match_details == [
        {"requirement": "Django (required)", "met": False, "kind": "required"},
        {"requirement": "Python (required)", "met": True, "kind": "required"},
        {"requirement": "Docker (preferred)", "met": True, "kind": "preferred"},
        {"requirement": "5+ years of experience (has 3)", "met": False, "kind": "years"},
        {"requirement": "On-site in Berlin", "met": True, "kind": "location"},
    ]


def test_a_perfect_fit_scores_100_and_no_fit_scores_0(skills):
    job = backend_job(skills, min_years_experience=2, location="Lisbon, Portugal")
    fit = CandidateFactory(
        location="Lisbon, Portugal",
        years_experience=Decimal("8.5"),
        skills=[skills["Python"], skills["Django"], skills["Docker"]],
    )
    misfit = CandidateFactory(location="Oslo", years_experience=None, skills=[skills["Rust"]])
    assert apply(fit, job).match_score == 100
    assert apply(misfit, job).match_score == 0


def test_only_requirements_the_job_states_count(skills):
    job = JobFactory(location="")
    job.required_skills.set([skills["Python"]])
    candidate = CandidateFactory(location="Anywhere", skills=[skills["Python"]])
    application = apply(candidate, job)
    assert application.match_score == 100
    assert details(application) == {"Python (required)": True}


def test_skills_match_whatever_their_case():
    job = JobFactory(location="")
    job.required_skills.set([SkillFactory(name="PostgreSQL")])
    score, checks = match_compute(
        requirements=Requirements.of(job),
        skills={"postgresql"},
        years=None,
        location="",
        phone="",
    )
    assert score == 100 and checks[0].met


@pytest.mark.parametrize(
    ("years", "score", "label"),
    [
        (None, 0, "4+ years of experience (has 0)"),
        (Decimal("1"), 25, "4+ years of experience (has 1)"),
        (Decimal("2"), 50, "4+ years of experience (has 2)"),
        (Decimal("4"), 100, "4+ years of experience (has 4)"),
        (Decimal("12.5"), 100, "4+ years of experience (has 12.5)"),
    ],
)
def test_years_of_experience_earn_partial_credit(years, score, label):
    job = JobFactory(location="", min_years_experience=4)
    application = apply(CandidateFactory(years_experience=years), job)
    assert application.match_score == score
    assert details(application) == {label: years is not None and years >= 4}


@pytest.mark.parametrize(
    ("place", "met"),
    [
        ("Berlin", True),
        ("berlin, DE", True),
        ("Munich, Germany", True),
        ("Hamburg, Germany", False),
    ],
)
def test_an_onsite_job_matches_any_of_its_cities(place, met):
    job = JobFactory(location="Berlin, Germany; Munich, Germany", remote_policy=Remote.ONSITE)
    application = apply(CandidateFactory(location=place), job)
    assert details(application) == {"On-site in Berlin or Munich": met}
    assert application.match_score == (100 if met else 0)


def test_a_hybrid_job_says_so_in_its_explanation():
    job = JobFactory(location="Amsterdam, Netherlands", remote_policy=Remote.HYBRID)
    application = apply(CandidateFactory(location="Amsterdam"), job)
    assert details(application) == {"Hybrid in Amsterdam": True}


@pytest.mark.parametrize(
    ("place", "phone", "met"),
    [
        ("Berlin, Germany", "", True),
        ("Leipzig, DE", "", True),
        ("", "+49 30 901820", True),  # a German phone number
        ("Lisbon, Portugal", "", False),
        ("Lisbon, Portugal", "+351 21 123 4567", False),
        ("", "", False),
    ],
)
def test_a_remote_job_limited_to_countries_checks_the_location_text_or_phone(place, phone, met):
    job = JobFactory(location="", remote_policy=Remote.REMOTE, remote_countries=["DE"])
    candidate = CandidateFactory(location=place, phone=phone.replace(" ", ""))
    application = apply(candidate, job)
    assert details(application) == {"Remote from Germany": met}


def test_a_word_that_happens_to_be_a_country_code_does_not_place_a_candidate():
    # "de" in "Rio de Janeiro" is a word, not Germany's country code.
    job = JobFactory(location="", remote_policy=Remote.REMOTE, remote_countries=["DE"])
    application = apply(CandidateFactory(location="Rio de Janeiro, Brazil", phone=""), job)
    assert details(application) == {"Remote from Germany": False}


def test_a_country_name_inside_another_place_name_does_not_place_a_candidate():
    # "Romania" contains "oman"; a Romanian is not in Oman.
    job = JobFactory(location="", remote_policy=Remote.REMOTE, remote_countries=["OM"])
    application = apply(CandidateFactory(location="Cluj-Napoca, Romania", phone=""), job)
    assert details(application) == {"Remote from Oman": False}


def test_remote_from_anywhere_has_no_location_check(skills):
    job = JobFactory(location="Berlin", remote_policy=Remote.REMOTE, remote_countries=[])
    job.required_skills.set([skills["Python"]])
    application = apply(CandidateFactory(location="Tokyo", skills=[skills["Python"]]), job)
    assert details(application) == {"Python (required)": True}
    assert application.match_score == 100


def test_a_job_without_requirements_has_no_score():
    job = JobFactory(location="", remote_policy=Remote.REMOTE, remote_countries=[])
    application = apply(CandidateFactory(), job)
    assert application.match_score is None
    assert application.match_details == []


# Scores follow changes --------------------------------------------------------------------------


def test_adding_a_skill_to_a_candidate_rescores_their_active_applications(skills):
    job = backend_job(skills)
    candidate = CandidateFactory(skills=[skills["Python"]])
    application = apply(candidate, job)
    # Required 50 * 1/2 earned of the 70 this job can give (no years or location stated).
    assert application.match_score == round(100 * 25 / 70)

    candidate.skills.add(skills["Django"])
    application.refresh_from_db()
    assert application.match_score == round(100 * 50 / 70)
    assert details(application)["Django (required)"] is True

    candidate.skills.remove(skills["Python"])
    application.refresh_from_db()
    assert details(application)["Python (required)"] is False


def test_moving_house_rescores_the_candidates_applications():
    job = JobFactory(location="Berlin, Germany")
    candidate = CandidateFactory(location="Hamburg")
    application = apply(candidate, job)
    assert application.match_score == 0

    candidate.location = "Berlin, Germany"
    candidate.save()

    application.refresh_from_db()
    assert application.match_score == 100


def test_a_closed_application_keeps_the_score_it_had(recruiter, skills):
    job = backend_job(skills)
    candidate = CandidateFactory(skills=[])
    application = apply(candidate, job)
    application_reject(application=application, reason=RejectionReasonFactory(), actor=recruiter)

    candidate.skills.add(skills["Python"], skills["Django"], skills["Docker"])

    application.refresh_from_db()
    assert application.match_score == 0


def test_the_job_rescoring_task_rescores_every_active_application_of_the_job(skills):
    job = JobFactory(location="")
    fits = [CandidateFactory(skills=[skills["Rust"]]) for _ in range(3)]
    active = [apply(candidate, job) for candidate in fits]
    closed = ApplicationFactory(
        job=job, candidate=CandidateFactory(skills=[skills["Rust"]]), status="rejected"
    )
    elsewhere = apply(CandidateFactory(skills=[skills["Rust"]]), JobFactory(location="Oslo"))
    assert {app.match_score for app in active} == {None}

    job.required_skills.set([skills["Rust"]])
    assert refresh_job_match_scores(job.pk) == 3

    for application in active:
        application.refresh_from_db()
        assert application.match_score == 100
        assert details(application) == {"Rust (required)": True}
    closed.refresh_from_db()
    assert closed.match_score is None
    before = elsewhere.match_score
    elsewhere.refresh_from_db()
    assert elsewhere.match_score == before


def test_the_job_rescoring_task_for_a_deleted_job_does_nothing():
    job = JobFactory()
    job_id = job.pk
    job.delete()
    assert refresh_job_match_scores(job_id) == 0


def _job_with_applications(count: int, skills) -> Job:
    job = JobFactory(location="Berlin", min_years_experience=3)
    job.required_skills.set([skills["Python"], skills["Django"]])
    for n in range(count):
        ApplicationFactory(
            job=job,
            candidate=CandidateFactory(
                location="Berlin" if n % 2 else "Oslo",
                years_experience=Decimal(n % 6),
                skills=[skills["Python"], skills["Docker"]],
            ),
        )
    return job


def test_the_job_rescoring_task_runs_a_constant_number_of_queries(
    skills, django_assert_max_num_queries
):
    small, large = _job_with_applications(5, skills), _job_with_applications(50, skills)

    with CaptureQueriesContext(connection) as for_five:
        assert refresh_job_match_scores(small.pk) == 5
    with django_assert_max_num_queries(len(for_five)), CaptureQueriesContext(connection) as for_50:
        assert refresh_job_match_scores(large.pk) == 50

    assert len(for_50) == len(for_five)
    scores = set(large.applications.values_list("match_score", flat=True))
    assert None not in scores and len(scores) > 1
