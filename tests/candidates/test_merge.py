"""Merging two records of one person: everything the duplicate had follows the survivor, the
survivor's own values win, and the merge is written down so it can be undone by hand."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ats.models import Application, StageChange
from ats.services import application_create, application_move
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    CandidateEmail,
    CandidatePhone,
    Consent,
    Note,
)
from recruit.candidates.services import candidate_merge
from recruit.messaging.models import OutboundEmail
from tests.factories import (
    ActivityFactory,
    CandidateDocumentFactory,
    CandidateEmailFactory,
    CandidateFactory,
    CandidatePhoneFactory,
    ConsentFactory,
    JobFactory,
    NoteFactory,
    OutboundEmailFactory,
    SkillFactory,
    SourceFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survivor():
    return CandidateFactory(
        first_name="Grace",
        last_name="Hopper",
        email="grace@example.org",
        phone="+14155550100",
        current_title="Rear admiral",
        current_company="",
        linkedin_url="",
    )


@pytest.fixture
def duplicate():
    return CandidateFactory(
        first_name="G.",
        last_name="Hopper",
        email="g.hopper@navy.example",
        phone="+14155550199",
        current_title="Computer scientist",
        current_company="US Navy",
        linkedin_url="https://www.linkedin.com/in/grace",
    )


def merge(survivor, duplicate, actor):
    merged = candidate_merge(survivor=survivor, duplicate=duplicate, actor=actor)
    merged.refresh_from_db()
    return merged


def test_everything_the_duplicate_had_moves_to_the_survivor(survivor, duplicate, recruiter):
    note = NoteFactory(candidate=duplicate, body="Met at PyCon")
    consent = ConsentFactory(candidate=duplicate, purpose=Consent.Purpose.TALENT_COMMUNITY)
    activity = ActivityFactory(candidate=duplicate, verb="candidate.created")
    document = CandidateDocumentFactory(candidate=duplicate)
    other_email = CandidateEmailFactory(candidate=duplicate, email="grace@home.example")
    other_phone = CandidatePhoneFactory(candidate=duplicate, number="+442079460958")
    python, cobol = SkillFactory(name="Python"), SkillFactory(name="COBOL")
    shared_tag, own_tag = TagFactory(name="navy"), TagFactory(name="speaker")
    survivor.skills.set([python])
    survivor.tags.set([shared_tag])
    duplicate.skills.set([python, cobol])
    duplicate.tags.set([shared_tag, own_tag])
    application, _ = application_create(candidate=duplicate, job=JobFactory())
    email = OutboundEmailFactory(candidate=duplicate, to_email=duplicate.email)

    merged = merge(survivor, duplicate, recruiter)

    assert not Candidate.objects.filter(pk=duplicate.pk).exists()
    assert Note.objects.get(pk=note.pk).candidate == merged
    assert Consent.objects.get(pk=consent.pk).candidate == merged
    assert Activity.objects.get(pk=activity.pk).candidate == merged
    assert CandidateDocument.objects.get(pk=document.pk).candidate == merged
    assert CandidateEmail.objects.get(pk=other_email.pk).candidate == merged
    assert CandidatePhone.objects.get(pk=other_phone.pk).candidate == merged
    assert set(merged.skills.all()) == {python, cobol}
    assert set(merged.tags.all()) == {shared_tag, own_tag}
    assert Application.objects.get(pk=application.pk).candidate == merged
    assert OutboundEmail.objects.get(pk=email.pk).candidate == merged


def test_the_same_document_on_both_is_kept_once(
    survivor, duplicate, recruiter, django_capture_on_commit_callbacks
):
    mine = CandidateDocumentFactory(candidate=survivor, sha256="a" * 64)
    same = CandidateDocumentFactory(candidate=duplicate, sha256="a" * 64)
    different = CandidateDocumentFactory(candidate=duplicate, sha256="b" * 64)
    same_path = same.file.path

    with django_capture_on_commit_callbacks() as callbacks:
        merged = merge(survivor, duplicate, recruiter)
    # The duplicate copy stays on disk until the merge has committed (a rollback keeps it).
    assert same.file.storage.exists(same_path)
    for callback in callbacks:
        callback()

    assert sorted(merged.documents.values_list("pk", flat=True)) == sorted([mine.pk, different.pk])
    assert not CandidateDocument.objects.filter(pk=same.pk).exists()
    assert mine.file.storage.exists(mine.file.name)
    assert different.file.storage.exists(different.file.name)
    assert not same.file.storage.exists(same_path)
    moved = Activity.objects.get(candidate=merged, verb="candidate.merged").details["moved"]
    assert moved["documents"] == [different.pk]


def test_the_duplicates_primary_email_and_phone_become_further_ones(survivor, duplicate, recruiter):
    merged = merge(survivor, duplicate, recruiter)

    assert merged.email == "grace@example.org" and merged.phone == "+14155550100"
    assert list(merged.other_emails.values_list("email", flat=True)) == ["g.hopper@navy.example"]
    assert list(merged.other_phones.values_list("number", flat=True)) == ["+14155550199"]


def test_a_survivor_without_email_or_phone_takes_the_duplicates(duplicate, recruiter):
    survivor = CandidateFactory(email="", phone="")
    merged = merge(survivor, duplicate, recruiter)
    assert merged.email == "g.hopper@navy.example" and merged.phone == "+14155550199"
    assert merged.other_emails.count() == 0 and merged.other_phones.count() == 0


def test_contacts_both_had_are_kept_once(survivor, duplicate, recruiter):
    CandidateEmailFactory(candidate=survivor, email="grace@home.example")
    CandidateEmailFactory(candidate=duplicate, email="grace@example.org")  # survivor's primary
    CandidatePhoneFactory(candidate=duplicate, number="+14155550100")  # survivor's primary
    CandidatePhoneFactory(candidate=survivor, number="+14155550199")  # duplicate's primary

    merged = merge(survivor, duplicate, recruiter)

    assert sorted(merged.other_emails.values_list("email", flat=True)) == [
        "g.hopper@navy.example",
        "grace@home.example",
    ]
    assert list(merged.other_phones.values_list("number", flat=True)) == ["+14155550199"]


def test_blank_fields_are_filled_and_the_survivors_values_kept(survivor, duplicate, recruiter):
    owner = UserFactory()
    referral = SourceFactory(kind="referral", name="Employee referral")
    survivor.source = None
    survivor.save()
    duplicate.owner, duplicate.source = owner, referral
    duplicate.created_at = survivor.created_at - timedelta(days=30)
    duplicate.save()

    merged = merge(survivor, duplicate, recruiter)

    assert (merged.first_name, merged.current_title) == ("Grace", "Rear admiral")
    assert merged.current_company == "US Navy"
    assert merged.linkedin_url == "https://www.linkedin.com/in/grace"
    assert (merged.owner, merged.source) == (owner, referral)
    assert merged.created_at == duplicate.created_at  # the earliest first touch


def test_the_merge_is_recorded_with_the_duplicates_record(survivor, duplicate, recruiter):
    duplicate.tags.set([TagFactory(name="speaker")])
    duplicate_id = duplicate.pk

    merged = merge(survivor, duplicate, recruiter)

    [entry] = Activity.objects.filter(candidate=merged, verb="candidate.merged")
    assert entry.actor == recruiter
    record = entry.details["duplicate"]
    assert record["id"] == str(duplicate_id)
    assert record["email"] == "g.hopper@navy.example"
    assert record["phone"] == "+14155550199"
    assert record["first_name"] == "G." and record["current_company"] == "US Navy"
    assert record["tags"] == ["speaker"]


def test_when_both_applied_to_the_same_job_the_survivors_application_stays(
    survivor, duplicate, recruiter
):
    job = JobFactory(title="Backend engineer")
    other_job = JobFactory(title="Data engineer")
    kept, _ = application_create(candidate=survivor, job=job, actor=recruiter)
    gone, _ = application_create(candidate=duplicate, job=job, actor=recruiter)
    gone = application_move(
        application=gone, to_stage=job.stages.get(name="Screen"), actor=recruiter
    )
    moved, _ = application_create(candidate=duplicate, job=other_job, actor=recruiter)

    merged = merge(survivor, duplicate, recruiter)

    assert set(merged.applications.values_list("pk", flat=True)) == {kept.pk, moved.pk}
    assert not Application.objects.filter(pk=gone.pk).exists()
    assert not StageChange.objects.filter(application_id=gone.pk).exists()
    assert Application.objects.filter(candidate=merged, job=job).count() == 1
    [record] = Activity.objects.filter(candidate=merged, verb="application.merged_away")
    assert record.actor == recruiter
    assert record.details["job"] == "Backend engineer"
    assert record.details["application_id"] == gone.pk
    assert record.details["stage"] == "Screen" and record.details["status"] == "active"
    assert [stage for stage, _ in record.details["stages"]] == ["Applied", "Screen"]


def test_a_candidate_cannot_be_merged_into_itself(survivor, recruiter):
    with pytest.raises(ValidationError, match="itself"):
        candidate_merge(survivor=survivor, duplicate=survivor, actor=recruiter)
    assert Candidate.objects.filter(pk=survivor.pk).exists()
    assert not Activity.objects.filter(verb="candidate.merged").exists()


def test_merging_a_candidate_that_is_gone_is_refused(survivor, duplicate, recruiter):
    Candidate.objects.filter(pk=duplicate.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        candidate_merge(survivor=survivor, duplicate=duplicate, actor=recruiter)


def test_emails_to_the_duplicate_follow_the_person(survivor, duplicate, recruiter):
    sent = OutboundEmailFactory(candidate=duplicate, status="sent", sent_at=timezone.now())
    scheduled = OutboundEmailFactory(
        candidate=duplicate, status="scheduled", send_after=timezone.now() + timedelta(hours=1)
    )
    untouched = OutboundEmailFactory(candidate=CandidateFactory())

    merged = merge(survivor, duplicate, recruiter)

    assert set(OutboundEmail.objects.filter(candidate=merged)) == {sent, scheduled}
    untouched.refresh_from_db()
    assert untouched.candidate != merged
