"""Under blind review the application page shows the parsed resume without school names,
graduation years or anything that names the person."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ats.models import StageKind
from recruit.candidates.resumes import document_parse
from recruit.candidates.services import document_add
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

RESUME = b"""Maria Lopez
maria.lopez@example.org | +1 415 555 0132

EXPERIENCE
Senior Backend Engineer, Acme Corp            Jan 2020 - Present

EDUCATION
BSc Computer Science, Stanford University      2012 - 2016
"""


def application_with_resume(reviewer, kind):
    job = JobFactory(blind_review=True, team=[(reviewer, "hiring_manager")])
    candidate = CandidateFactory(first_name="Maria", last_name="Lopez", current_title="Dev")
    document, _ = document_add(
        candidate=candidate, parse=False, upload=ContentFile(RESUME, name="maria-lopez-cv.txt")
    )
    document_parse(document_id=document.pk)
    stage = job.stages.filter(kind=kind).first()
    return ApplicationFactory(job=job, candidate=candidate, stage=stage)


def test_a_blind_reviewer_sees_experience_and_degree_but_not_the_school(login, hiring_manager):
    application = application_with_resume(hiring_manager, StageKind.APPLIED)
    page = login(hiring_manager).get(reverse("ats:application-detail", args=[application.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Senior Backend Engineer" in body and "Computer Science" in body
    for hidden in ("Stanford", "2012", "\u2013 2016", "Maria", "maria-lopez-cv", "maria.lopez@"):
        assert hidden not in body, hidden


def test_after_the_first_interview_the_school_is_shown(login, hiring_manager):
    application = application_with_resume(hiring_manager, StageKind.INTERVIEW)
    page = login(hiring_manager).get(reverse("ats:application-detail", args=[application.pk]))
    assert "Stanford University" in page.content.decode()
