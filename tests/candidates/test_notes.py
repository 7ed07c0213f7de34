"""Notes with @mentions: who is notified (in the app and by email, after commit), who is not,
private notes, and who reads which notes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from recruit.accounts.models import Notification
from recruit.candidates.models import Activity, Note
from recruit.candidates.selectors import notes_visible_to
from recruit.candidates.services import MAX_NOTE_LENGTH, mentioned_users, note_add
from recruit.messaging.models import OutboundEmail
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    return CandidateFactory(first_name="Grace", last_name="Hopper")


@pytest.fixture
def job_team(candidate, hiring_manager, interviewer):
    """Grace applied to a job whose team has the hiring manager and the interviewer."""
    job = JobFactory(team=[(hiring_manager, "hiring_manager"), (interviewer, "interviewer")])
    return ApplicationFactory(candidate=candidate, job=job)


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def add(candidate, author, body, **options):
    return note_add(candidate=candidate, author=author, body=body, **options)


def test_a_note_is_saved_with_a_timeline_entry(candidate, recruiter):
    note = add(candidate, recruiter, "  Strong on PostgreSQL.  ")
    assert note.body == "Strong on PostgreSQL."
    assert (note.author, note.is_private) == (recruiter, False)
    activity = Activity.objects.get(candidate=candidate, verb="note.added")
    assert activity.subject == note and activity.actor == recruiter


def test_a_note_about_an_application_points_to_it(candidate, recruiter, job_team):
    note = add(candidate, recruiter, "Good screen call", about=job_team)
    assert note.about == job_team


def test_colleagues_mentioned_by_email_or_unique_local_part_are_notified_in_the_app_and_by_email(
    candidate, recruiter, coordinator, hiring_manager, job_team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = add(
            candidate,
            recruiter,
            "@cody.coordinator@example.com and @hana.manager, please have a look",
        )

    assert set(note.mentions.all()) == {coordinator, hiring_manager}
    for user in (coordinator, hiring_manager):
        [notification] = Notification.objects.filter(user=user)
        assert notification.text == "Rita Recruiter mentioned you on Grace Hopper"
        assert notification.url.endswith(f"/candidates/{candidate.pk}/#note-{note.pk}")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "cody.coordinator@example.com",
        "hana.manager@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "Rita Recruiter mentioned you on Grace Hopper"
    assert "please have a look" in message.body
    assert f"#note-{note.pk}" in message.body
    assert OutboundEmail.objects.filter(user=hiring_manager, status="sent").count() == 1


def test_mention_emails_leave_only_after_the_note_is_committed(
    candidate, recruiter, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add(candidate, recruiter, "cc @cody.coordinator")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["cody.coordinator@example.com"]]


def test_a_mention_in_upper_case_still_finds_the_colleague(candidate, recruiter, coordinator):
    add(candidate, recruiter, "cc @Cody.Coordinator@Example.COM")
    assert len(notified(coordinator)) == 1


def test_a_mention_at_the_end_of_a_sentence_still_notifies(candidate, recruiter, coordinator):
    note = add(candidate, recruiter, "Please schedule the onsite, @cody.coordinator.")
    assert list(note.mentions.all()) == [coordinator]
    assert len(notified(coordinator)) == 1


def test_an_ambiguous_local_part_mentions_nobody(
    candidate, recruiter, django_capture_on_commit_callbacks
):
    sam = UserFactory(email="sam@example.com", roles=["Recruiter"])
    other_sam = UserFactory(email="sam@partner.example", roles=["Recruiter"])

    with django_capture_on_commit_callbacks(execute=True):
        note = add(candidate, recruiter, "@sam can you call her?")
    assert note.mentions.count() == 0
    assert notified(sam) == [] and notified(other_sam) == []
    assert mail.outbox == []

    # The full address is never ambiguous.
    add(candidate, recruiter, "@sam@partner.example can you call her?")
    assert notified(sam) == [] and len(notified(other_sam)) == 1


def test_a_colleague_mentioned_twice_is_notified_once(
    candidate, recruiter, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(candidate, recruiter, "@cody.coordinator ... and again @cody.coordinator@example.com")
    assert len(notified(coordinator)) == 1
    assert len(mail.outbox) == 1


def test_an_email_address_in_the_text_is_not_a_mention(candidate, recruiter, coordinator):
    note = add(candidate, recruiter, "Her old address was cody.coordinator@example.com")
    assert note.mentions.count() == 0
    assert notified(coordinator) == []


def test_mentioning_yourself_notifies_nobody(
    candidate, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(candidate, recruiter, "Reminder for @rita.recruiter: call back Monday")
    assert notified(recruiter) == []
    assert mail.outbox == []


def test_a_deactivated_colleague_is_not_mentioned(candidate, recruiter, coordinator):
    coordinator.is_active = False
    coordinator.save()
    note = add(candidate, recruiter, "@cody.coordinator")
    assert note.mentions.count() == 0 and notified(coordinator) == []


def test_a_hiring_manager_without_access_to_the_candidate_is_not_notified(
    candidate, recruiter, hiring_manager, django_capture_on_commit_callbacks
):
    JobFactory(team=[(hiring_manager, "hiring_manager")])  # a job Grace did not apply to

    with django_capture_on_commit_callbacks(execute=True):
        note = add(candidate, recruiter, "@hana.manager what do you think?")

    assert note.mentions.count() == 0
    assert notified(hiring_manager) == []
    assert mail.outbox == []


def test_a_hiring_manager_on_a_job_the_candidate_applied_to_is_notified(
    candidate, recruiter, hiring_manager, interviewer, job_team
):
    add(candidate, recruiter, "@hana.manager @ivan.interviewer what do you think?")
    assert len(notified(hiring_manager)) == 1
    assert len(notified(interviewer)) == 1


def test_a_hiring_manager_may_write_notes_and_mention_the_recruiter(
    candidate, recruiter, hiring_manager, job_team
):
    note = add(candidate, hiring_manager, "Loved her, @rita.recruiter")
    assert not note.is_private
    assert len(notified(recruiter)) == 1


def test_only_the_recruiting_team_writes_private_notes(
    candidate, recruiter, hiring_manager, job_team
):
    with pytest.raises(ValidationError, match="recruiting team"):
        add(candidate, hiring_manager, "Salary expectations too high", is_private=True)
    assert not Note.objects.exists()
    assert add(candidate, recruiter, "Salary: 90k", is_private=True).is_private


def test_mentions_in_a_private_note_notify_only_the_recruiting_team(
    candidate,
    recruiter,
    coordinator,
    hiring_manager,
    job_team,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        note = add(
            candidate,
            recruiter,
            "Counter-offer risk, @cody.coordinator and @hana.manager",
            is_private=True,
        )
    assert list(note.mentions.all()) == [coordinator]
    assert len(notified(coordinator)) == 1
    assert notified(hiring_manager) == []
    assert [message.to for message in mail.outbox] == [["cody.coordinator@example.com"]]


@pytest.mark.parametrize("body", ["", "   \n\t ", None, "x" * (MAX_NOTE_LENGTH + 1)])
def test_an_empty_or_oversized_note_is_refused(candidate, recruiter, body):
    with pytest.raises(ValidationError):
        add(candidate, recruiter, body)
    assert not Note.objects.exists()
    assert not Activity.objects.filter(verb="note.added").exists()


def test_a_note_of_the_maximum_length_is_accepted(candidate, recruiter):
    assert len(add(candidate, recruiter, "x" * MAX_NOTE_LENGTH).body) == MAX_NOTE_LENGTH


def test_mentioned_users_lists_each_active_user_once_in_order(recruiter, coordinator):
    body = "@cody.coordinator then @rita.recruiter@example.com then @cody.coordinator again"
    assert mentioned_users(body) == [coordinator, recruiter]


# Who reads which notes --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "admin_user"])
def test_the_recruiting_team_reads_private_and_shared_notes(request, candidate, recruiter, persona):
    add(candidate, recruiter, "Shared")
    add(candidate, recruiter, "Private", is_private=True)
    reader = request.getfixturevalue(persona)
    assert sorted(n.body for n in notes_visible_to(user=reader, candidate=candidate)) == [
        "Private",
        "Shared",
    ]


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer"])
def test_private_notes_are_hidden_from_people_outside_the_recruiting_team(
    request, candidate, recruiter, job_team, persona
):
    add(candidate, recruiter, "Shared")
    add(candidate, recruiter, "Private", is_private=True)
    reader = request.getfixturevalue(persona)
    assert [n.body for n in notes_visible_to(user=reader, candidate=candidate)] == ["Shared"]


def test_notes_of_other_candidates_are_not_listed(candidate, recruiter):
    add(CandidateFactory(), recruiter, "Someone else")
    add(candidate, recruiter, "Hers")
    assert [n.body for n in notes_visible_to(user=recruiter, candidate=candidate)] == ["Hers"]


def test_a_hiring_manager_reads_notes_on_their_jobs_application_not_on_another_jobs(
    candidate, recruiter, hiring_manager
):
    mine = ApplicationFactory(
        candidate=candidate, job=JobFactory(team=[(hiring_manager, "hiring_manager")])
    )
    other = ApplicationFactory(candidate=candidate, job=JobFactory())
    general = add(candidate, recruiter, "Met at the meetup")
    about_mine = add(candidate, recruiter, "Strong systems design", about=mine)
    add(candidate, recruiter, "Salary expectations for the other role", about=other)

    readable = set(notes_visible_to(user=hiring_manager, candidate=candidate))

    assert readable == {general, about_mine}
    assert len(notes_visible_to(user=recruiter, candidate=candidate)) == 3
