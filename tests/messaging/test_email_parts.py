"""The email pipe carries further alternative parts and attachments (a calendar invitation's
text/calendar part and invite.ics): logged with the row, sent byte for byte, sent again the
same on a retry, and still never past a suppression."""

import email
import email.policy

import pytest
from django.core import mail

from recruit.messaging.models import OutboundEmail, Suppression
from recruit.messaging.services import (
    email_queue,
    outbound_deliver,
    outbound_deliver_pending,
    suppression_add,
)
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status
# Bytes a text transfer encoding would change: CRLF line ends, a trailing space, non-ASCII.
ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Entretien au café \r\nEND:VCALENDAR\r\n"


def queue(to="grace@example.org", **extra):
    return email_queue(
        to=to,
        subject="Interview",
        text_body="See the invitation.",
        kind="transactional",
        candidate=CandidateFactory(email=to),
        alternatives=[(ICS, "text/calendar; method=REQUEST")],
        attachments=[("invite.ics", ICS.encode(), "application/ics")],
        **extra,
    )


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def test_alternatives_and_attachments_go_out_as_given(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue()
    (sent,) = mail.outbox
    mime = parsed(sent)
    assert mime.get_content_type() == "multipart/mixed"
    alternative, attachment = mime.get_payload()
    assert [part.get_content_type() for part in alternative.get_payload()] == [
        "text/plain",
        "text/calendar",
    ]
    calendar_part = alternative.get_payload()[1]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")
    assert attachment.get_content_type() == "application/ics"
    assert (
        attachment.get_filename() == "invite.ics" and attachment.get_param("name") == "invite.ics"
    )
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == ICS.encode()  # byte for byte, CRLF kept
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT
    assert outbound.alternatives == [[ICS, "text/calendar; method=REQUEST"]]
    assert outbound.attachments[0]["filename"] == "invite.ics"


def test_a_retry_sends_the_same_parts(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.messaging.test_email_parts.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue()
    outbound.refresh_from_db()
    assert outbound.status == Status.FAILED and mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=outbound.pk).update(next_attempt_at=outbound.created_at)
    assert outbound_deliver_pending() == 1
    (sent,) = mail.outbox
    (attachment,) = list(parsed(sent).iter_attachments())
    assert attachment.get_payload(decode=True) == ICS.encode()
    assert sent.alternatives[0][1] == "text/calendar; method=REQUEST"


def test_a_suppressed_address_gets_no_invitation(django_capture_on_commit_callbacks):
    suppression_add(email="grace@example.org", reason=Suppression.Reason.COMPLAINED)
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue()
    assert outbound.status == Status.SUPPRESSED
    assert outbound_deliver(outbound_id=outbound.pk) == Status.SUPPRESSED
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("alternatives", "attachments"),
    [
        ([("x", "text/calendar; method=REQUEST\r\nBcc: someone@example.com")], []),
        ([("x", 'text/calendar; method="REQUEST"')], []),
        ([("x", "calendar")], []),
        ([], [("invite.ics\r\nX-Evil: 1", b"x", "application/ics")]),
        ([], [('a".ics', b"x", "application/ics")]),
        ([], [("invite.ics", b"x", "application/ics; name=a\nb")]),
    ],
)
def test_parts_that_could_forge_headers_are_refused(alternatives, attachments):
    with pytest.raises(ValueError, match="Not a"):
        email_queue(
            to="grace@example.org",
            subject="Hi",
            text_body="Hello",
            kind="transactional",
            alternatives=alternatives,
            attachments=attachments,
        )
    assert not OutboundEmail.objects.exists()


def test_emails_without_parts_are_as_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbound = email_queue(
            to="grace@example.org", subject="Hi", text_body="Hello", kind="transactional"
        )
    (sent,) = mail.outbox
    assert sent.alternatives == [] and sent.attachments == []
    assert parsed(sent).get_content_type() == "text/plain"
    outbound.refresh_from_db()
    assert outbound.alternatives == [] and outbound.attachments == []


class FailingBackend:
    """An email backend whose provider is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("provider unavailable")
