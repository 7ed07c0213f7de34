"""Candidate search filters: skills (all of, any of, through the taxonomy), location, years of
experience, tags, source, and the ATS's who / job / stage; combined with words and with the
permission layer."""

from decimal import Decimal

import pytest

from ats.models import Application, StageKind
from recruit.candidates.search import CandidateFilters
from recruit.candidates.selectors import candidate_search
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    SkillFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def person(first, **fields):
    fields.setdefault("current_title", "Clerk")
    fields.setdefault("current_company", "Nowhere Ltd")
    fields.setdefault("location", "Lyon")
    return CandidateFactory(first_name=first, last_name="Example", **fields)


def firsts(user, query="", **filters) -> list[str]:
    found = candidate_search(user=user, query=query, filters=CandidateFilters(**filters))
    return sorted(candidate.first_name for candidate in found)


@pytest.fixture
def skills(db):
    return {name: SkillFactory(name=name) for name in ("Python", "Kubernetes", "React", "Go")}


@pytest.fixture
def people(skills):
    return {
        "ada": person("Ada", skills=[skills["Python"], skills["Kubernetes"]]),
        "bob": person("Bob", skills=[skills["Python"]]),
        "cy": person("Cy", skills=[skills["React"]]),
        "dee": person("Dee"),
    }


def test_skills_all_of_needs_every_one(recruiter, people, skills):
    assert firsts(recruiter, skills_all=("Python", "Kubernetes")) == ["Ada"]
    assert firsts(recruiter, skills_all=("Python",)) == ["Ada", "Bob"]
    assert firsts(recruiter, skills_all=(skills["Python"].pk, skills["React"].pk)) == []


def test_skills_any_of_needs_one(recruiter, people):
    assert firsts(recruiter, skills_any=("Kubernetes", "React")) == ["Ada", "Cy"]


def test_skill_names_are_read_through_the_taxonomy(recruiter, people):
    # "k8s" is Kubernetes in the shipped taxonomy; names match in any case.
    assert firsts(recruiter, skills_all=("k8s",)) == ["Ada"]
    assert firsts(recruiter, skills_any=("PYTHON",)) == ["Ada", "Bob"]


def test_an_unknown_skill_in_all_of_matches_nobody(recruiter, people):
    assert firsts(recruiter, skills_all=("Python", "Underwater basket weaving")) == []


def test_location_matches_part_of_it_in_any_case(recruiter):
    person("Ber", location="Berlin, Germany")
    person("Par", location="Paris, France")
    assert firsts(recruiter, location="berlin") == ["Ber"]
    assert firsts(recruiter, location="GERMANY") == ["Ber"]


def test_years_of_experience_range_is_inclusive_and_skips_the_unknown(recruiter):
    person("Junior", years_experience=Decimal("1.5"))
    person("Mid", years_experience=Decimal("5.0"))
    person("Senior", years_experience=Decimal("12.0"))
    person("Unknown", years_experience=None)
    assert firsts(recruiter, experience_min=Decimal(5)) == ["Mid", "Senior"]
    assert firsts(recruiter, experience_max=Decimal(5)) == ["Junior", "Mid"]
    assert firsts(recruiter, experience_min=Decimal(2), experience_max=Decimal(10)) == ["Mid"]


def test_tags_all_of_by_name_or_id(recruiter):
    remote, visa = TagFactory(name="remote-ok"), TagFactory(name="Visa-needed")
    person("Both", tags=[remote, visa])
    person("One", tags=[remote])
    assert firsts(recruiter, tags=("remote-ok",)) == ["Both", "One"]
    assert firsts(recruiter, tags=("remote-ok", "visa-needed")) == ["Both"]
    assert firsts(recruiter, tags=(visa.pk,)) == ["Both"]


def test_source(recruiter):
    referral = SourceFactory(kind="referral", name="Employee referral")
    person("Referred", source=referral)
    person("Applied")
    assert firsts(recruiter, source=referral.pk) == ["Referred"]


def test_applicants_and_prospects(recruiter):
    job = JobFactory()
    active = person("Active")
    ApplicationFactory(candidate=active, job=job)
    rejected = person("Rejected")
    ApplicationFactory(candidate=rejected, job=job, status=Application.Status.REJECTED)
    person("Sourced")
    assert firsts(recruiter, extra={"who": "applicants"}) == ["Active", "Rejected"]
    # A prospect has no active application: rejected everywhere, they are one again.
    assert firsts(recruiter, extra={"who": "prospects"}) == ["Rejected", "Sourced"]


def test_job_and_stage_combine_into_one_application(recruiter):
    backend, design = JobFactory(title="Backend"), JobFactory(title="Design")
    interview = {
        job: job.stages.filter(kind=StageKind.INTERVIEW).first() for job in (backend, design)
    }
    on_backend = person("Backend")
    ApplicationFactory(candidate=on_backend, job=backend, stage=interview[backend])
    applied_here_interview_there = person("Split")
    ApplicationFactory(candidate=applied_here_interview_there, job=backend)
    ApplicationFactory(candidate=applied_here_interview_there, job=design, stage=interview[design])
    assert firsts(recruiter, extra={"job": backend}) == ["Backend", "Split"]
    assert firsts(recruiter, extra={"stage": StageKind.INTERVIEW}) == ["Backend", "Split"]
    assert firsts(recruiter, extra={"job": backend, "stage": StageKind.INTERVIEW}) == ["Backend"]


def test_a_stage_counts_only_active_applications(recruiter):
    job = JobFactory()
    gone = person("Gone")
    ApplicationFactory(
        candidate=gone,
        job=job,
        stage=job.stages.filter(kind=StageKind.INTERVIEW).first(),
        status=Application.Status.REJECTED,
    )
    assert firsts(recruiter, extra={"stage": StageKind.INTERVIEW}) == []


def test_filters_combine_with_each_other_and_with_words(recruiter, skills):
    berlin_python = person("Match", location="Berlin", skills=[skills["Python"]],
                           current_title="Data engineer", years_experience=Decimal(6))  # fmt: skip
    person("Junior", location="Berlin", skills=[skills["Python"]],
           current_title="Data engineer", years_experience=Decimal(1))  # fmt: skip
    person("Elsewhere", location="Madrid", skills=[skills["Python"]],
           current_title="Data engineer", years_experience=Decimal(8))  # fmt: skip
    person("Designer", location="Berlin", skills=[skills["Python"]],
           current_title="Designer", years_experience=Decimal(8))  # fmt: skip
    filters = {"location": "berlin", "skills_all": ("Python",), "experience_min": Decimal(5)}
    assert firsts(recruiter, "engineer", **filters) == ["Match"]
    found = candidate_search(user=recruiter, query="engineer", filters=CandidateFilters(**filters))
    assert list(found) == [berlin_python]


def test_a_hiring_manager_searches_only_their_jobs_candidates(hiring_manager, skills):
    mine = JobFactory(team=[(hiring_manager, "hiring_manager")])
    theirs = JobFactory()
    on_mine = person("Mine", skills=[skills["Python"]])
    ApplicationFactory(
        candidate=on_mine, job=mine, stage=mine.stages.filter(kind="interview").first()
    )
    on_theirs = person("Theirs", skills=[skills["Python"]])
    ApplicationFactory(
        candidate=on_theirs, job=theirs, stage=theirs.stages.filter(kind="interview").first()
    )
    person("Nobodys", skills=[skills["Python"]])
    assert firsts(hiring_manager, "python") == ["Mine"]
    assert firsts(hiring_manager, "", skills_all=("Python",)) == ["Mine"]
    # Asking for the other job's people shows nobody: only applications on jobs they see count.
    assert firsts(hiring_manager, "", extra={"job": theirs}) == []
    assert firsts(hiring_manager, "", extra={"stage": "interview"}) == ["Mine"]


def test_an_outsider_finds_nobody(outsider, people):
    assert firsts(outsider, "python") == []
