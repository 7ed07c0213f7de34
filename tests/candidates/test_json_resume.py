"""JSON Resume export of any candidate and import of a JSON Resume file, through HTTP."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from recruit.candidates.models import Candidate, CandidateDocument, Source
from recruit.candidates.resumes import document_parse
from recruit.candidates.services import document_add
from tests.factories import CandidateFactory, SkillFactory

pytestmark = pytest.mark.django_db

RESUME = {
    "basics": {
        "name": "Ada Lovelace",
        "label": "Analyst",
        "email": "ada@example.org",
        "phone": "+44 20 7946 0958",
        "url": "https://ada.example.org",
        "location": {"city": "London", "countryCode": "GB"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/ada"}],
    },
    "work": [{"name": "Analytical Engines Ltd", "position": "Programmer", "startDate": "1842-01"}],
    "education": [{"institution": "Home", "area": "Mathematics"}],
    "skills": [
        {"name": "Loom Whispering", "keywords": ["Python", "k8s"]},
        {"name": "Tapestry Dreams"},
    ],
}


def import_file(client, data: bytes, name="ada.json"):
    url = reverse("candidates:import-json-resume")
    return client.post(url, {"file": ContentFile(data, name=name)}, follow=True)


def test_import_creates_the_person_with_their_history(login, recruiter):
    response = import_file(login(recruiter), json.dumps(RESUME).encode())

    assert response.status_code == 200
    assert b"imported as a new candidate" in response.content
    ada = Candidate.objects.get(email="ada@example.org")
    assert (ada.first_name, ada.last_name, ada.phone) == ("Ada", "Lovelace", "+442079460958")
    assert ada.location == "London, GB"
    assert (
        ada.github_url == "https://github.com/ada" and ada.portfolio_url == RESUME["basics"]["url"]
    )
    assert ada.current_company == "Analytical Engines Ltd" and ada.current_title == "Programmer"
    assert ada.source == Source.objects.get(kind="import", name="JSON Resume")
    assert ada.owner == recruiter
    # Only skills the taxonomy knows are linked; the two made-up names are left out.
    assert set(ada.skills.values_list("name", flat=True)) == {"Python", "Kubernetes"}
    document = ada.documents.get()
    assert document.parse_status == CandidateDocument.ParseStatus.PARSED
    assert document.parsed["work"] == RESUME["work"]
    assert "Analytical Engines Ltd" in document.text


def test_importing_the_same_person_again_makes_no_duplicate(login, recruiter):
    client = login(recruiter)
    import_file(client, json.dumps(RESUME).encode())
    again = dict(RESUME, basics=dict(RESUME["basics"], label="Countess"))
    response = import_file(client, json.dumps(again).encode(), name="ada-2.json")
    assert b"matched an existing candidate" in response.content
    assert Candidate.objects.filter(email="ada@example.org").count() == 1


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"not json at all", "not a JSON Resume"),
        (b'{"basics": "Ada"}', "not a JSON Resume"),
        (b'{"work": []}', "not a JSON Resume"),
        (b"[1, 2, 3]", "not a JSON Resume"),
        (b'{"basics": {"name": "' + b"x" * (1024 * 1024) + b'"}}', "not a JSON Resume"),
        (b'{"basics": {"email": "not-an-email"}}', "no valid name, email or phone"),
    ],
)
def test_a_file_that_is_not_a_json_resume_is_refused_clearly(login, recruiter, data, why):
    response = import_file(login(recruiter), data)
    assert response.status_code == 400
    assert why.encode() in response.content
    assert not Candidate.objects.exists()


def test_only_the_recruiting_team_imports(login, hiring_manager):
    response = import_file(login(hiring_manager), json.dumps(RESUME).encode())
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_script_in_an_imported_resume_is_shown_as_text(login, recruiter):
    hostile = dict(RESUME, basics=dict(RESUME["basics"], name='<img src=x onerror="alert(1)"> Ada'))
    client = login(recruiter)
    import_file(client, json.dumps(hostile).encode())
    candidate = Candidate.objects.get(email="ada@example.org")
    page = client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert b"<img src=x" not in page.content


def test_export_gives_the_record_and_the_parsed_history(login, recruiter):
    candidate = CandidateFactory(
        first_name="Grace",
        last_name="Hopper",
        email="grace@example.org",
        current_title="Rear admiral",
        linkedin_url="https://linkedin.com/in/g",
    )
    candidate.skills.add(SkillFactory(name="COBOL"))
    document, _ = document_add(
        candidate=candidate,
        parse=False,
        upload=ContentFile(json.dumps(RESUME).encode(), name="cv.json"),
    )
    document_parse(document_id=document.pk)

    response = login(recruiter).get(reverse("candidates:json-resume", args=[candidate.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="grace-hopper.resume.json"'
    resume = json.loads(response.content)
    assert resume["basics"]["name"] == "Grace Hopper"  # the record wins over the file
    # The record's own LinkedIn, and the GitHub the file filled in where the record had none.
    assert resume["basics"]["profiles"] == [
        {"network": "LinkedIn", "url": "https://linkedin.com/in/g"},
        {"network": "GitHub", "url": "https://github.com/ada"},
    ]
    assert resume["work"] == RESUME["work"] and resume["education"] == RESUME["education"]
    assert {"name": "COBOL"} in resume["skills"]


def test_export_of_a_candidate_one_may_not_see_is_not_found(login, hiring_manager):
    candidate = CandidateFactory()
    response = login(hiring_manager).get(reverse("candidates:json-resume", args=[candidate.pk]))
    assert response.status_code == 404


def test_export_then_import_round_trips(login, recruiter):
    client = login(recruiter)
    import_file(client, json.dumps(RESUME).encode())
    ada = Candidate.objects.get(email="ada@example.org")
    exported = client.get(reverse("candidates:json-resume", args=[ada.pk])).content
    ada.delete()
    import_file(client, exported, name="exported.json")
    again = Candidate.objects.get(email="ada@example.org")
    assert (again.first_name, again.current_company) == ("Ada", "Analytical Engines Ltd")


def test_the_api_exports_and_imports_json_resumes(recruiter, hiring_manager):
    client = APIClient()
    client.force_authenticate(recruiter)
    created = client.post("/api/candidates/import-json-resume/", RESUME, format="json")
    assert created.status_code == 201, created.content
    again = client.post("/api/candidates/import-json-resume/",
                        {"file": ContentFile(json.dumps(RESUME).encode(), name="a.json")},
                        format="multipart")  # fmt: skip
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    refused = client.post("/api/candidates/import-json-resume/", {"work": []}, format="json")
    assert refused.status_code == 400 and "not a JSON Resume" in str(refused.json())

    exported = client.get(f"/api/candidates/{created.json()['id']}/json-resume/")
    assert exported.status_code == 200
    assert exported.json()["work"] == RESUME["work"]

    outsider = APIClient()
    outsider.force_authenticate(hiring_manager)
    assert outsider.get(f"/api/candidates/{created.json()['id']}/json-resume/").status_code == 404
    assert outsider.post("/api/candidates/import-json-resume/", RESUME,
                         format="json").status_code == 403  # fmt: skip


def test_the_candidates_page_offers_the_import_to_the_recruiting_team_only(
    login, recruiter, hiring_manager, client
):
    page = login(recruiter).get(reverse("candidates:list"))
    assert reverse("candidates:import-json-resume").encode() in page.content
    client.logout()
    page = login(hiring_manager).get(reverse("candidates:list"))
    assert reverse("candidates:import-json-resume").encode() not in page.content
