"""Parsed resumes fill the person, never overwrite what was typed, and offer the differences."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from recruit.candidates.models import Activity, Candidate, CandidateDocument
from recruit.candidates.resumes import document_parse, resume_differences
from recruit.candidates.selectors import candidate_search
from recruit.candidates.services import document_add
from recruit.candidates.tasks import parse_document
from tests.factories import CandidateFactory, SkillFactory

pytestmark = pytest.mark.django_db

RESUME = """\
Maria Lopez
maria.lopez@example.org | +1 (415) 555-0132 | linkedin.com/in/marialopez
San Francisco, CA

EXPERIENCE
Senior Backend Engineer, Acme Corp            Jan 2020 - Present
- Built the billing platform in Python and Postgres on k8s
Software Engineer, Globex                     2016 - 2019
- Node.js services

SKILLS
Python, PostgreSQL, Kubernetes, JS, Docker

EDUCATION
BSc Computer Science, University of Somewhere   2012 - 2016
"""


def add_resume(candidate, text=RESUME, name="maria.txt"):
    document, _ = document_add(
        candidate=candidate, upload=ContentFile(text.encode(), name=name), parse=False
    )
    return document


def test_a_parse_fills_the_blanks_and_records_what_it_did():
    candidate = CandidateFactory(
        first_name="",
        last_name="",
        email="",
        phone="",
        current_title="",
        current_company="",
        location="",
    )
    document = document_parse(document_id=add_resume(candidate).pk)

    assert document.parse_status == CandidateDocument.ParseStatus.PARSED
    assert "Acme Corp" in document.text
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.last_name) == ("Maria", "Lopez")
    assert candidate.email == "maria.lopez@example.org"
    assert candidate.phone == "+14155550132"
    assert candidate.current_title == "Senior Backend Engineer"
    assert candidate.current_company == "Acme Corp"
    assert candidate.linkedin_url == "https://linkedin.com/in/marialopez"
    assert candidate.years_experience is not None and candidate.years_experience >= 6
    skills = set(candidate.skills.values_list("name", flat=True))
    assert {"Python", "PostgreSQL", "Kubernetes", "JavaScript", "Docker"} <= skills
    entry = Activity.objects.get(candidate=candidate, verb="document.parsed")
    assert entry.details["status"] == "parsed"
    assert "email" in entry.details["filled"] and "Kubernetes" in entry.details["skills_added"]


def test_typed_values_are_never_overwritten_but_the_differences_are_offered():
    candidate = CandidateFactory(
        first_name="María",
        last_name="López",
        email="maria@typed.example",
        current_title="Staff Engineer",
        phone="",
    )
    document = document_parse(document_id=add_resume(candidate).pk)

    candidate.refresh_from_db()
    assert candidate.email == "maria@typed.example"
    assert candidate.current_title == "Staff Engineer"
    assert candidate.phone == "+14155550132"  # blank before, so filled
    assert candidate.other_emails.filter(email="maria.lopez@example.org").exists()
    offered = {
        d.field: (d.current, d.parsed)
        for d in resume_differences(candidate=candidate, document=document)
    }
    assert offered["current_title"] == ("Staff Engineer", "Senior Backend Engineer")
    assert offered["first_name"] == ("María", "Maria")
    assert "phone" not in offered  # the same on both sides


def test_a_recruiter_takes_a_parsed_value_with_one_click(login, recruiter):
    candidate = CandidateFactory(current_title="Staff Engineer")
    document = document_parse(document_id=add_resume(candidate).pk)
    client = login(recruiter)

    page = client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert b"Differs from the record" in page.content and b"Senior Backend Engineer" in page.content
    url = reverse("candidates:accept-parsed", args=[candidate.pk, document.pk, "current_title"])
    response = client.post(url, follow=True)

    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.current_title == "Senior Backend Engineer"
    entry = Activity.objects.filter(candidate=candidate, verb="candidate.updated").latest("id")
    assert entry.details == {"fields": ["current_title"], "from_resume": "maria.txt",
                             "was": "Staff Engineer"}  # fmt: skip
    again = client.post(url, follow=True)  # a second click: nothing differs any more
    assert b"no longer differs" in again.content


def test_a_field_that_is_not_a_parsed_field_cannot_be_accepted(login, recruiter):
    candidate = CandidateFactory(owner=None)
    document = document_parse(document_id=add_resume(candidate).pk)
    url = reverse("candidates:accept-parsed", args=[candidate.pk, document.pk, "owner"])
    response = login(recruiter).post(url, follow=True)
    assert b"no longer differs" in response.content
    assert Candidate.objects.get(pk=candidate.pk).owner is None


def test_people_outside_the_recruiting_team_cannot_accept_or_reparse(login, hiring_manager):
    candidate = CandidateFactory(current_title="Staff Engineer")
    document = document_parse(document_id=add_resume(candidate).pk)
    client = login(hiring_manager)
    accept = reverse("candidates:accept-parsed", args=[candidate.pk, document.pk, "current_title"])
    assert client.post(accept).status_code == 404
    assert (
        client.post(reverse("candidates:document-reparse", args=[document.pk])).status_code == 404
    )
    assert Candidate.objects.get(pk=candidate.pk).current_title == "Staff Engineer"


def test_an_older_resume_gets_its_text_but_does_not_describe_the_person():
    candidate = CandidateFactory(current_title="", current_company="")
    newer = add_resume(candidate, RESUME.replace("Acme Corp", "Initech"), name="new.txt")
    older = add_resume(candidate, name="old.txt")
    CandidateDocument.objects.filter(pk=older.pk).update(
        created_at=newer.created_at.replace(year=2020)
    )

    document_parse(document_id=older.pk)
    candidate.refresh_from_db()
    assert candidate.current_company == ""
    document_parse(document_id=newer.pk)
    candidate.refresh_from_db()
    assert candidate.current_company == "Initech"


def test_a_skill_an_admin_adds_is_found_by_the_next_parse():
    candidate = CandidateFactory()
    document = add_resume(candidate, RESUME.replace("Docker", "Frobnication Studio"))
    document_parse(document_id=document.pk)
    assert not candidate.skills.filter(name="Frobnicator").exists()

    SkillFactory(name="Frobnicator", aliases=["Frobnication Studio"])
    document_parse(document_id=document.pk)
    assert candidate.skills.filter(name="Frobnicator").exists()


def test_html_in_a_resume_is_shown_as_text(login, recruiter):
    candidate = CandidateFactory(current_title="Engineer")
    hostile = RESUME.replace("Senior Backend Engineer", "<script>alert(1)</script> Engineer II")
    document_parse(document_id=add_resume(candidate, hostile).pk)
    page = login(recruiter).get(reverse("candidates:detail", args=[candidate.pk]))
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content


def test_a_missing_file_ends_as_failed_with_a_reason():
    candidate = CandidateFactory()
    document = add_resume(candidate)
    document.file.delete(save=False)
    assert parse_document.apply(args=[document.pk]).get() == "failed"
    document.refresh_from_db()
    assert document.parse_error == "The stored file is missing."
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_storage_errors_are_retried_then_recorded(settings, tmp_path):
    candidate = CandidateFactory()
    document = add_resume(candidate)
    # A directory where the file should be: reading it fails with an OSError every time.
    (tmp_path / "media" / "unreadable").mkdir(parents=True)
    CandidateDocument.objects.filter(pk=document.pk).update(file="unreadable")

    result = parse_document.apply(args=[document.pk])

    assert result.get() == "failed"
    document.refresh_from_db()
    assert "Is a directory" in document.parse_error
    assert parse_document.max_retries == 5


def test_a_deleted_document_is_nothing_to_do():
    assert parse_document.apply(args=[987654]).get() == "gone"


def test_reparse_from_the_candidate_page_queues_a_new_parse(
    login, recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory()
    document = document_parse(document_id=add_resume(candidate).pk)
    with django_capture_on_commit_callbacks() as callbacks:
        response = login(recruiter).post(
            reverse("candidates:document-reparse", args=[document.pk]), follow=True
        )
    assert b"will be parsed again" in response.content
    document.refresh_from_db()
    assert document.parse_status == CandidateDocument.ParseStatus.PENDING
    assert len(callbacks) == 1


def test_a_resume_naming_someone_else_fills_nothing_of_theirs_and_flags_a_duplicate():
    maria = CandidateFactory(email="maria.lopez@example.org", phone="")
    stranger = CandidateFactory(email="", phone="")
    document_parse(document_id=add_resume(stranger).pk)

    stranger.refresh_from_db()
    assert stranger.email == ""
    assert not stranger.other_emails.exists()
    entry = Activity.objects.get(candidate=stranger, verb="document.parsed")
    assert entry.details["possible_duplicates"] == [maria.pk]


def test_the_timeline_says_what_a_parse_did_and_why_one_failed(login, recruiter):
    candidate = CandidateFactory(email="", phone="")
    document_parse(document_id=add_resume(candidate).pk)
    broken = add_resume(candidate, name="broken.txt", text="not a pdf at all")
    CandidateDocument.objects.filter(pk=broken.pk).update(content_type="application/pdf")
    document_parse(document_id=broken.pk)

    page = login(recruiter).get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "Resume parsed" in page
    assert "Skills added: " in page and "Kubernetes" in page
    assert "Could not parse: The PDF could not be read" in page


def test_a_parsed_resume_makes_the_person_findable_by_its_text_and_skills(recruiter):
    candidate = CandidateFactory(first_name="Zed", last_name="Quill", current_title="")
    assert not candidate_search(user=recruiter, query="billing platform").exists()
    document_parse(document_id=add_resume(candidate).pk)
    assert list(candidate_search(user=recruiter, query='"billing platform"')) == [candidate]
    assert list(candidate_search(user=recruiter, query="Kubernetes")) == [candidate]


def test_skills_named_only_in_passing_are_not_linked_when_the_resume_lists_skills():
    candidate = CandidateFactory()
    document_parse(document_id=add_resume(candidate).pk)
    skills = set(candidate.skills.values_list("name", flat=True))
    assert "Python" in skills  # listed under SKILLS
    assert "Node.js" not in skills  # only in a bullet of the experience
