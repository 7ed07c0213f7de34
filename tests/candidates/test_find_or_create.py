import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from recruit.candidates.models import Activity, Candidate, CandidateEmail, CandidatePhone
from recruit.candidates.services import candidate_find_or_create
from tests.factories import CandidateFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_new_person_is_created_with_normalised_email_and_phone_and_a_timeline_entry():
    candidate, created = candidate_find_or_create(
        email="  Jane.Doe@Example.COM ", phone="(415) 555-0100", first_name="Jane", last_name="Doe"
    )
    assert created
    assert candidate.email == "jane.doe@example.com"
    assert candidate.phone == "+14155550100"
    assert Activity.objects.filter(candidate=candidate, verb="candidate.created").count() == 1


def test_same_email_in_other_case_finds_the_same_person():
    first, _ = candidate_find_or_create(email="jane@example.com", first_name="Jane")
    again, created = candidate_find_or_create(email="JANE@EXAMPLE.com", first_name="Janet")
    assert not created
    assert again.pk == first.pk
    assert Candidate.objects.count() == 1
    # A value already on the record is never overwritten by a later submission.
    again.refresh_from_db()
    assert again.first_name == "Jane"


def test_plus_address_is_a_different_person():
    jane, _ = candidate_find_or_create(email="jane@example.com")
    plus, created = candidate_find_or_create(email="jane+jobs@example.com")
    assert created
    assert plus.pk != jane.pk


def test_same_phone_finds_the_person_and_keeps_the_new_email():
    jane, _ = candidate_find_or_create(email="jane@example.com", phone="+44 20 7946 0958")
    again, created = candidate_find_or_create(
        email="jane.d@work.example", phone="+44 (20) 7946-0958"
    )
    assert not created
    assert again.pk == jane.pk
    assert CandidateEmail.objects.filter(candidate=jane, email="jane.d@work.example").exists()
    update = Activity.objects.get(candidate=jane, verb="candidate.updated")
    assert update.details["fields"] == ["other_emails"]


def test_further_email_is_matched_too():
    jane = CandidateFactory(email="jane@example.com")
    CandidateEmail.objects.create(candidate=jane, email="jd@old.example")
    found, created = candidate_find_or_create(email="JD@old.example")
    assert not created and found.pk == jane.pk


def test_blank_fields_are_filled_and_a_new_phone_is_kept_as_a_further_number():
    jane = CandidateFactory(email="jane@example.com", phone="+14155550100", current_title="")
    source = SourceFactory(kind="referral", name="Employee referral")
    found, _ = candidate_find_or_create(
        email="jane@example.com", phone="+1 415 555 0199", current_title="Engineer", source=source
    )
    found.refresh_from_db()
    assert found.current_title == "Engineer"
    assert found.phone == "+14155550100"
    assert CandidatePhone.objects.filter(candidate=jane, number="+14155550199").exists()
    # First touch stays: the factory's source was there first.
    assert found.source != source


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "valid email"),
        ({"phone": "call me maybe"}, "not a phone number"),
        ({}, "needs at least"),
    ],
)
def test_bad_identity_is_refused_with_a_clear_error_and_nothing_is_saved(fields, message):
    with pytest.raises(ValidationError, match=message):
        candidate_find_or_create(**fields)
    assert Candidate.objects.count() == 0


def test_html_in_a_name_is_stored_as_text():
    candidate, _ = candidate_find_or_create(first_name="<script>alert(1)</script>", email="x@y.org")
    assert candidate.first_name == "<script>alert(1)</script>"


def test_unknown_field_is_a_programming_error():
    with pytest.raises(TypeError):
        candidate_find_or_create(email="a@b.org", password="x")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("identity", [{"email": "race@example.com"}, {"phone": "+14155550123"}])
def test_two_requests_creating_the_same_person_at_once_yield_one_row(identity):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit(n):
        try:
            barrier.wait(timeout=10)
            results.append(candidate_find_or_create(first_name=f"Racer {n}", **identity))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Candidate.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert len({candidate.pk for candidate, _ in results}) == 1
