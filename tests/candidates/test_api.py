import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_recruiter_lists_and_searches_candidates_by_token(recruiter):
    CandidateFactory(first_name="Grace", last_name="Hopper")
    CandidateFactory(first_name="Alan", last_name="Turing")
    client = api_for(recruiter)
    body = client.get("/api/candidates/").json()
    assert body["count"] == 2
    found = client.get("/api/candidates/", {"q": "hopper"}).json()
    assert [c["last_name"] for c in found["results"]] == ["Hopper"]


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "outsider"])
def test_others_get_an_empty_list_and_404_for_a_guessed_id(request, persona):
    candidate = CandidateFactory()
    client = api_for(request.getfixturevalue(persona))
    assert client.get("/api/candidates/").json()["count"] == 0
    assert client.get(f"/api/candidates/{candidate.pk}/").status_code == 404


def test_anonymous_api_calls_are_refused():
    assert APIClient().get("/api/candidates/").status_code in (401, 403)


def test_the_api_is_read_only_for_candidates_so_far(recruiter):
    candidate = CandidateFactory()
    client = api_for(recruiter)
    assert client.delete(f"/api/candidates/{candidate.pk}/").status_code == 405
    assert client.post("/api/candidates/", {"email": "x@y.org"}).status_code == 405


def test_candidate_list_api_query_count_is_constant(recruiter, django_assert_max_num_queries):
    client = api_for(recruiter)
    CandidateFactory.create_batch(3)
    with django_assert_max_num_queries(10) as few:
        client.get("/api/candidates/")
    CandidateFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/candidates/")


def test_openapi_schema_is_served(recruiter):
    response = api_for(recruiter).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/candidates/" in response.content
