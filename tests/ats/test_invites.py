"""Calendar invites for interviews, end to end: the real services schedule, reschedule and
cancel; the invitations leave through the email pipe (locmem); every iTIP document is read
back by vobject and checked field by field, as the candidate and each interviewer got it."""

import email
import email.policy
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail

from ats.invites import calendar_part_supported
from ats.models import Interview
from ats.services.interviews import interview_cancel, interview_reschedule, interview_schedule
from ats.services.invites import interview_invite_send
from recruit.accounts.roles import Role
from recruit.candidates.models import Activity
from recruit.messaging.models import OutboundEmail, Suppression
from recruit.messaging.services import suppression_add
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    JobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
SECRET = "PANEL-ONLY: probe their Rust unsafe code, salary cap 95k"
CANDIDATE_NOTE = "Please bring an ID; reception is on the 2nd floor."
START = datetime(2030, 6, 3, 10, 0)  # wall clock in Berlin, 08:00 UTC (summer time)
VIDEO = "https://meet.example.com/abc-defg-hij"


@pytest.fixture(autouse=True)
def _vobject_reads_each_tests_zones_afresh():
    """vobject keeps the first VTIMEZONE it reads for a TZID for the whole process and reads
    every later document's times with it: each test here starts with no zone registered but
    UTC, and leaves the registry as it found it (test_calendar reads Berlin in other years)."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved["UTC"]
    yield
    registry.clear()
    registry.update(saved)


@pytest.fixture
def ivan(interviewer):
    interviewer.full_name, interviewer.time_zone = "Ivan Interviewer", "America/New_York"
    interviewer.save()
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(email="inga@example.com", full_name="Inga Interviewer",
                       time_zone="Asia/Tokyo", roles=[Role.INTERVIEWER])  # fmt: skip


@pytest.fixture
def cody(coordinator):
    coordinator.full_name = "Cody Coordinator"
    coordinator.save()
    return coordinator


@pytest.fixture
def job(hiring_manager, ivan, inga):
    return JobFactory(
        title="Compiler engineer",
        team=[(hiring_manager, "hiring_manager"), (ivan, "interviewer"), (inga, "interviewer")],
    )


@pytest.fixture
def candidate(db):
    return CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org",
                            phone="+4930123456")  # fmt: skip


@pytest.fixture
def application(job, candidate):
    return ApplicationFactory(job=job, candidate=candidate)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as a request would: its transaction commits, so the signals go out and
    the queued emails are delivered."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def scheduled(committed, application, cody, ivan, inga):
    return committed(
        interview_schedule,
        application=application,
        interviewers=[ivan, inga],
        start=START,
        end=START + timedelta(hours=1),
        time_zone="Europe/Berlin",
        location="Room 4, Invalidenstr. 1",
        video_url=VIDEO,
        notes_for_interviewers=SECRET,
        notes_for_candidate=CANDIDATE_NOTE,
        title="Technical interview",
        actor=cody,
    )


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def calendar_of(message):
    """The invite.ics attachment as vobject reads it, after checking that the text/calendar
    alternative says the same."""
    mime = parsed(message)
    (attachment,) = [part for part in mime.iter_attachments() if part.get_filename()]
    data = attachment.get_payload(decode=True)
    (inline,) = [part for part in mime.walk() if part.get_content_type() == "text/calendar"]
    assert inline.get_payload(decode=True).replace(b"\r\n", b"\n") == data.replace(b"\r\n", b"\n")
    return vobject.readOne(data.decode("utf-8"))


def every_decoded_part(message) -> bytes:
    """The whole message: its raw bytes and every part decoded (base64 hides text)."""
    mime = parsed(message)
    parts = [
        part.get_payload(decode=True) or b"" for part in mime.walk() if not part.is_multipart()
    ]
    return b"\n".join([message.message().as_bytes(), *parts])


def sent_to(address: str):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def attendees(vevent) -> dict[str, dict]:
    return {
        attendee.value: {name: values[0] for name, values in attendee.params.items()}
        for attendee in vevent.attendee_list
    }


def instant(prop) -> datetime:
    return prop.value.astimezone(UTC)


# --- The invitation --------------------------------------------------------------------------


def test_schedule_invites_candidate_and_each_interviewer_with_a_request(
    scheduled, candidate, ivan, inga, cody
):
    assert sorted(m.to[0] for m in mail.outbox) == [
        "grace@example.org", "inga@example.com", "ivan.interviewer@example.com",
    ]  # fmt: skip
    for address in ("grace@example.org", "ivan.interviewer@example.com", "inga@example.com"):
        calendar = calendar_of(sent_to(address))
        assert calendar.method.value == "REQUEST"
        vevent = calendar.vevent
        assert vevent.uid.value == scheduled.ical_uid
        assert vevent.sequence.value == "0"
        assert vevent.status.value == "CONFIRMED"
        assert vevent.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == ["Europe/Berlin"]
        assert instant(vevent.dtstart) == datetime(2030, 6, 3, 8, 0, tzinfo=UTC)
        assert instant(vevent.dtend) == datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
        assert vevent.location.value == "Room 4, Invalidenstr. 1"
        assert vevent.url.value == VIDEO
        assert vevent.organizer.value == "mailto:cody.coordinator@example.com"
        assert vevent.organizer.params["CN"] == ["Cody Coordinator"]
        assert vevent.valarm.trigger.value == -timedelta(minutes=15)
        assert vevent.valarm.action.value == "DISPLAY"
        required = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE",
                    "CUTYPE": "INDIVIDUAL"}  # fmt: skip
        assert attendees(vevent) == {
            "mailto:ivan.interviewer@example.com": {**required, "CN": "Ivan Interviewer"},
            "mailto:inga@example.com": {**required, "CN": "Inga Interviewer"},
            "mailto:grace@example.org": {**required, "CN": "Grace Hopper"},
        }
        assert sent_to(address).reply_to == ["cody.coordinator@example.com"]


def test_candidate_copy_has_only_the_candidates_notes(scheduled, candidate):
    message = sent_to("grace@example.org")
    vevent = calendar_of(message).vevent
    assert vevent.description.value == CANDIDATE_NOTE
    assert vevent.summary.value == "Technical interview: Compiler engineer at Our company"
    whole = every_decoded_part(message)
    assert SECRET.encode() not in whole
    assert b"PANEL-ONLY" not in whole
    assert CANDIDATE_NOTE.encode() in whole
    # The words: their own zone (the interview's), in plain sentences.
    assert (
        message.subject
        == "Interview invitation: Technical interview for Compiler engineer, Mon 3 Jun, 10:00 CEST"
    )
    assert "When: Monday 3 June 2030, 10:00 to 11:00 CEST (Europe/Berlin)" in message.body
    assert "Where: Room 4, Invalidenstr. 1" in message.body
    assert f"Video link: {VIDEO}" in message.body
    assert message.body.startswith("Hello Grace,")


def test_interviewer_copy_has_the_panel_notes_kit_and_their_own_time_zone(
    settings, scheduled, ivan, inga
):
    message = sent_to("ivan.interviewer@example.com")
    vevent = calendar_of(message).vevent
    assert vevent.summary.value == "Technical interview: Grace Hopper (Compiler engineer)"
    description = vevent.description.value
    assert SECRET in description and "Candidate: Grace Hopper" in description
    assert "Interviewers: Ivan Interviewer, Inga Interviewer" in description
    assert f"Interview kit: {settings.SITE_URL}/ats/interviews/mine/" in description
    assert f"Application: {settings.SITE_URL}/ats/applications/{scheduled.application_id}/" in (
        description
    )
    assert "+4930123456" not in description
    # 08:00 UTC is 04:00 in New York (EDT) and 17:00 in Tokyo (JST).
    assert "When: Monday 3 June 2030, 04:00 to 05:00 EDT (America/New_York)" in message.body
    assert SECRET in message.body and "Interview kit:" in message.body
    assert (
        message.subject == "Interview: Technical interview with Grace Hopper, Mon 3 Jun, 04:00 EDT"
    )
    tokyo = sent_to("inga@example.com")
    assert "When: Monday 3 June 2030, 17:00 to 18:00 JST (Asia/Tokyo)" in tokyo.body


def test_invite_mime_is_a_calendar_alternative_and_an_invite_ics_attachment(scheduled):
    mime = parsed(sent_to("grace@example.org"))
    assert mime.get_content_type() == "multipart/mixed"
    alternative, attachment = mime.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, calendar_part = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    assert calendar_part.get_content_disposition() is None
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_param("name") == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment["Content-Transfer-Encoding"] == "base64"
    data = attachment.get_payload(decode=True)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    # The log holds exactly what went out, so a retry sends the same invitation.
    outbound = OutboundEmail.objects.get(to_email="grace@example.org")
    assert outbound.status == OutboundEmail.Status.SENT and outbound.about == scheduled
    assert outbound.alternatives[0][1] == "text/calendar; method=REQUEST"


# --- Reschedule and cancel -------------------------------------------------------------------


def test_schedule_reschedule_cancel_keeps_the_uid_raises_the_sequence(
    scheduled, committed, cody, ivan, inga, hiring_manager, candidate
):
    uid = scheduled.ical_uid
    first = {m.to[0]: calendar_of(m) for m in mail.outbox}
    mail.outbox.clear()
    later = START + timedelta(days=1, hours=4)
    committed(interview_reschedule, interview=scheduled, start=later,
              end=later + timedelta(minutes=90), time_zone="Europe/Berlin",
              interviewers=[ivan, hiring_manager], actor=cody)  # fmt: skip
    second = {m.to[0]: calendar_of(m) for m in mail.outbox}
    moved = {m.to[0]: m for m in mail.outbox}
    mail.outbox.clear()
    committed(interview_cancel, interview=scheduled, actor=cody, reason="Role put on hold")
    third = {m.to[0]: calendar_of(m) for m in mail.outbox}
    cancelled = {m.to[0]: m for m in mail.outbox}

    grace, ivan_at, inga_at = "grace@example.org", ivan.email, inga.email
    hana = hiring_manager.email
    assert set(first) == {grace, ivan_at, inga_at}
    assert set(second) == {grace, ivan_at, inga_at, hana}  # Inga hears she is off it
    assert set(third) == {grace, ivan_at, hana}
    for documents, sequence in ((first, "0"), (second, "1"), (third, "2")):
        for calendar in documents.values():
            assert calendar.vevent.uid.value == uid
            assert calendar.vevent.sequence.value == sequence

    # The update: a REQUEST at the new time to everyone still invited, answers asked again.
    for address in (grace, ivan_at, hana):
        vevent = second[address].vevent
        assert second[address].method.value == "REQUEST"
        assert instant(vevent.dtstart) == datetime(2030, 6, 4, 12, 0, tzinfo=UTC)
        assert instant(vevent.dtend) == datetime(2030, 6, 4, 13, 30, tzinfo=UTC)
        assert set(attendees(vevent)) == {f"mailto:{a}" for a in (grace, ivan_at, hana)}
        assert {p["PARTSTAT"] for p in attendees(vevent).values()} == {"NEEDS-ACTION"}
    assert "Previously: Monday 3 June 2030, 10:00 to 11:00 CEST" in moved[grace].body
    assert moved[grace].subject.startswith("Updated interview:")
    # The removed interviewer: a CANCEL naming her alone.
    removal = second[inga_at]
    assert removal.method.value == "CANCEL"
    assert removal.vevent.status.value == "CANCELLED"
    assert set(attendees(removal.vevent)) == {f"mailto:{inga_at}"}
    assert moved[inga_at].subject.startswith("Removed from interview:")

    # The cancellation: to all, no alarm, the reason for the panel only.
    for calendar in third.values():
        assert calendar.method.value == "CANCEL"
        assert calendar.vevent.status.value == "CANCELLED"
        assert not hasattr(calendar.vevent, "valarm")
        assert set(attendees(calendar.vevent)) == {f"mailto:{a}" for a in (grace, ivan_at, hana)}
    assert "Reason: Role put on hold" in cancelled[ivan_at].body
    assert b"Role put on hold" not in every_decoded_part(cancelled[grace])
    for message in (*moved.values(), *cancelled.values()):
        if message.to == [grace]:
            assert SECRET.encode() not in every_decoded_part(message)


def test_each_step_is_on_the_candidates_timeline_without_panel_notes(
    scheduled, committed, cody, ivan, hiring_manager, candidate
):
    later = START + timedelta(days=1)
    committed(interview_reschedule, interview=scheduled, start=later,
              end=later + timedelta(hours=1), time_zone="Europe/Berlin",
              interviewers=[ivan, hiring_manager], actor=cody)  # fmt: skip
    committed(interview_cancel, interview=scheduled, actor=cody)
    entries = Activity.objects.filter(candidate=candidate, verb__startswith="interview.")
    by_verb = {entry.verb: entry for entry in entries}
    assert set(by_verb) == {
        "interview.scheduled", "interview.invite_sent", "interview.rescheduled",
        "interview.update_sent", "interview.cancelled", "interview.cancellation_sent",
    }  # fmt: skip
    invite = by_verb["interview.invite_sent"].details
    assert invite["recipients"] == 3 and invite["interviewers"] == 2
    assert invite["method"] == "REQUEST" and invite["sequence"] == 0
    assert invite["candidate"] == OutboundEmail.Status.QUEUED
    assert invite["interview_id"] == scheduled.pk
    assert invite["name"] == "Technical interview, Mon 3 Jun 2030, 10:00 CEST"
    update = by_verb["interview.update_sent"].details
    assert update["recipients"] == 4 and update["removed"] == 1 and update["sequence"] == 1
    cancel = by_verb["interview.cancellation_sent"].details
    assert cancel["recipients"] == 3 and cancel["method"] == "CANCEL" and cancel["sequence"] == 2
    assert by_verb["interview.invite_sent"].actor == cody
    assert by_verb["interview.invite_sent"].label == "Interview invite sent"
    everything = json.dumps(
        [entry.details for entry in Activity.objects.filter(candidate=candidate)]
    )
    assert "PANEL-ONLY" not in everything


# --- Suppression, missing addresses, blind review, the organizer -----------------------------


def test_a_suppressed_candidate_gets_nothing_but_the_interviewers_do(
    committed, application, cody, ivan, inga, candidate
):
    suppression_add(email="Grace@Example.org", reason=Suppression.Reason.BOUNCED)
    committed(interview_schedule, application=application, interviewers=[ivan, inga],
              start=START, end=START + timedelta(hours=1), time_zone="Europe/Berlin",
              actor=cody)  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == ["inga@example.com", ivan.email]
    outbound = OutboundEmail.objects.get(candidate=candidate)
    assert outbound.status == OutboundEmail.Status.SUPPRESSED
    entry = Activity.objects.get(candidate=candidate, verb="interview.invite_sent")
    assert entry.details["candidate"] == OutboundEmail.Status.SUPPRESSED
    assert entry.details["recipients"] == 2
    assert Activity.objects.filter(candidate=candidate, verb="email.blocked").exists()
    # The interviewers' invitation still lists the candidate as an attendee.
    vevent = calendar_of(sent_to(ivan.email)).vevent
    assert "mailto:grace@example.org" in attendees(vevent)


def test_a_candidate_without_an_address_is_not_an_attendee(committed, job, cody, ivan):
    nameless = CandidateFactory(first_name="Alan", last_name="Turing", email="")
    application = ApplicationFactory(job=job, candidate=nameless)
    committed(interview_schedule, application=application, interviewers=[ivan], start=START,
              end=START + timedelta(hours=1), time_zone="UTC", actor=cody)  # fmt: skip
    (message,) = mail.outbox
    assert message.to == [ivan.email]
    vevent = calendar_of(message).vevent
    assert set(attendees(vevent)) == {f"mailto:{ivan.email}"}
    assert "DTSTART:20300603T100000Z" in message.alternatives[0][0].replace("\r\n ", "")
    entry = Activity.objects.get(candidate=nameless, verb="interview.invite_sent")
    assert entry.details["candidate"] == "no email address" and entry.details["recipients"] == 1


def test_blind_review_keeps_the_candidate_from_the_interviewers(
    committed, cody, ivan, hiring_manager, candidate
):
    job = JobFactory(title="Compiler engineer", blind_review=True,
                     team=[(ivan, "interviewer"), (hiring_manager, "hiring_manager")])  # fmt: skip
    application = ApplicationFactory(job=job, candidate=candidate)  # still in "applied"
    committed(interview_schedule, application=application, interviewers=[ivan], start=START,
              end=START + timedelta(hours=1), time_zone="Europe/Berlin", actor=cody)  # fmt: skip
    panel = sent_to(ivan.email)
    whole = every_decoded_part(panel)
    assert b"Grace" not in whole and b"grace@example.org" not in whole
    assert f"Candidate #{candidate.pk}".encode() in whole
    assert set(attendees(calendar_of(panel).vevent)) == {f"mailto:{ivan.email}"}
    # The candidate's own copy is theirs as ever.
    own = calendar_of(sent_to("grace@example.org")).vevent
    assert set(attendees(own)) == {f"mailto:{ivan.email}", "mailto:grace@example.org"}


def test_an_interview_booked_by_the_system_is_organised_by_the_sending_address(
    settings, django_capture_on_commit_callbacks, application, ivan
):
    settings.DEFAULT_FROM_EMAIL = "Acme Hiring <jobs@acme.example>"
    interview = InterviewFactory(application=application, interviewers=[ivan])
    with django_capture_on_commit_callbacks(execute=True):
        interview_invite_send(interview=interview, actor=None)
    message = sent_to("grace@example.org")
    organizer = calendar_of(message).vevent.organizer
    assert organizer.value == "mailto:jobs@acme.example"
    assert organizer.params["CN"] == ["Acme Hiring"]
    assert message.reply_to == [] and message.from_email == "Acme Hiring <jobs@acme.example>"
    assert Activity.objects.get(verb="interview.invite_sent").actor is None


def test_an_invitation_that_cannot_be_built_never_undoes_the_interview(
    settings, committed, application, ivan, caplog
):
    # An organizer address no calendar accepts, and no usable sending address to fall back on.
    settings.DEFAULT_FROM_EMAIL = "Recruit <recruit@localhost>"
    local = UserFactory(email="cody@localhost", roles=[Role.COORDINATOR])
    interview = committed(interview_schedule, application=application, interviewers=[ivan],
                          start=START, end=START + timedelta(hours=1), time_zone="UTC",
                          actor=local)  # fmt: skip
    assert Interview.objects.filter(pk=interview.pk).exists()
    assert mail.outbox == [] and not OutboundEmail.objects.exists()
    assert not Activity.objects.filter(verb="interview.invite_sent").exists()
    assert f"Invitations for interview {interview.pk} were not sent" in caplog.text


# --- ESPs that cannot carry the calendar alternative ------------------------------------------


@pytest.mark.parametrize(
    ("backend", "supported"),
    [
        ("django.core.mail.backends.smtp.EmailBackend", True),
        ("django.core.mail.backends.locmem.EmailBackend", True),
        ("anymail.backends.amazon_ses.EmailBackend", True),
        ("anymail.backends.sendgrid.EmailBackend", True),
        ("anymail.backends.postmark.EmailBackend", False),
        ("anymail.backends.mailgun.EmailBackend", False),
        ("anymail.backends.sparkpost.EmailBackend", False),
        ("anymail.backends.brevo.EmailBackend", False),
    ],
)
def test_which_backends_get_the_calendar_alternative(settings, backend, supported):
    settings.EMAIL_BACKEND = backend
    assert calendar_part_supported() is supported


def test_through_an_esp_without_alternatives_the_invite_is_the_attachment(
    settings, committed, application, cody, ivan
):
    # anymail's test backend stands in for an ESP like Postmark (it is not one that takes a
    # text/calendar alternative): the invitation goes, as invite.ics only.
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    committed(interview_schedule, application=application, interviewers=[ivan], start=START,
              end=START + timedelta(hours=1), time_zone="Europe/Berlin", actor=cody)  # fmt: skip
    message = sent_to("grace@example.org")
    assert message.alternatives == []
    (attachment,) = message.anymail_test_params["attachments"]
    assert attachment.name == "invite.ics" and attachment.mimetype == "application/ics"
    calendar = vobject.readOne(attachment.content.decode("utf-8"))
    assert calendar.method.value == "REQUEST" and calendar.vevent.sequence.value == "0"
    mime = parsed(message)
    assert [part.get_content_type() for part in mime.walk()] == [
        "multipart/mixed", "text/plain", "application/ics",
    ]  # fmt: skip
    assert OutboundEmail.objects.get(to_email="grace@example.org").status == "sent"
