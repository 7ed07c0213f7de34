"""The one email pipe: render safely, check suppression and consent, send after commit, log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recruit.candidates.models import Activity, Consent
from recruit.candidates.services import consent_record, consent_withdraw
from recruit.messaging.merge import render_merge_fields, validate_merge_fields
from recruit.messaging.models import EmailTemplate, OutboundEmail, Suppression
from recruit.messaging.services import (
    email_queue,
    email_send_template,
    merge_context,
    outbound_deliver,
    outbound_deliver_pending,
    suppression_add,
)
from tests.factories import CandidateFactory, EmailTemplateFactory

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


def queue(candidate, kind="transactional", **extra):
    return email_queue(
        to=candidate.email, subject="Hi", text_body="Hello", kind=kind, candidate=candidate, **extra
    )


def test_template_is_rendered_sent_after_commit_and_logged(
    recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(first_name="Grace", email="grace@example.org")
    template = EmailTemplateFactory(
        purpose="hello",
        subject="Hello {{ candidate.first_name }}",
        html_body="<p>Hi {{ candidate.first_name }}</p><script>alert(1)</script>",
    )
    context = merge_context(candidate=candidate, sender=recruiter)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbound = email_send_template(
            purpose="hello",
            to=candidate.email,
            context=context,
            candidate=candidate,
            actor=recruiter,
        )
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    [sent] = mail.outbox
    assert sent.subject == "Hello Grace"
    assert sent.to == ["grace@example.org"]
    assert "Rita Recruiter" in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and "<p>Hi Grace</p>" in html
    assert "<script>" not in html  # template HTML is sanitised when saved
    assert template.html_body == "<p>Hi {{ candidate.first_name }}</p>"
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT and outbound.sent_at is not None
    assert sent.extra_headers["X-Recruit-Message-Id"] == str(outbound.pk)
    assert Activity.objects.filter(candidate=candidate, verb="email.queued").exists()


def test_a_rolled_back_action_sends_nothing():
    candidate = CandidateFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(candidate)
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert OutboundEmail.objects.count() == 0


def test_merge_values_are_escaped_in_html_and_cannot_add_headers(
    django_capture_on_commit_callbacks,
):
    candidate = CandidateFactory(first_name="<b>Eve</b>\r\nBcc: all@example.org")
    EmailTemplateFactory(
        purpose="p",
        subject="Hi {{ candidate.first_name }}",
        html_body="<p>{{ candidate.first_name }}</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        email_send_template(
            purpose="p",
            to=candidate.email,
            context=merge_context(candidate=candidate),
            candidate=candidate,
        )
    [sent] = mail.outbox
    assert "\n" not in sent.subject and sent.bcc == []
    assert "&lt;b&gt;Eve&lt;/b&gt;" in sent.alternatives[0][0]


def test_merge_fields_reach_only_the_given_plain_values():
    context = {"candidate": {"first_name": "Grace"}}
    assert render_merge_fields("{{ candidate.first_name }}", context, html=False) == "Grace"
    assert (
        render_merge_fields('{{ candidate.last_name|default:"there" }}', context, html=False)
        == "there"
    )
    assert render_merge_fields("{{ candidate.owner.password }}", context, html=False) == ""


@pytest.mark.parametrize(
    "text",
    [
        "{{ candidate.password }}",
        "{% load static %}",
        "{{ candidate.first_name",
        "{% include 'x' %}",
    ],
)
def test_templates_with_unknown_fields_or_tags_are_refused(text):
    with pytest.raises(ValidationError):
        validate_merge_fields(text)
    template = EmailTemplate(purpose="bad", name="Bad", subject=text, text_body="ok")
    with pytest.raises(ValidationError):
        template.full_clean()


def test_suppressed_address_is_logged_and_never_sent(django_capture_on_commit_callbacks):
    candidate = CandidateFactory(email="bounced@example.org")
    suppression_add(email="BOUNCED@example.org", reason=Suppression.Reason.BOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue(candidate)
    assert outbound.status == Status.SUPPRESSED
    assert mail.outbox == []
    assert Activity.objects.filter(candidate=candidate, verb="email.blocked").exists()


def test_unsubscribe_stops_marketing_but_not_transactional_email(
    django_capture_on_commit_callbacks,
):
    candidate = CandidateFactory()
    consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.MARKETING,
        wording_version="1",
        how="careers form",
    )
    suppression_add(email=candidate.email, reason=Suppression.Reason.UNSUBSCRIBED)
    with django_capture_on_commit_callbacks(execute=True):
        marketing = queue(candidate, kind="marketing")
        transactional = queue(candidate)
    assert marketing.status == Status.SUPPRESSED
    transactional.refresh_from_db()
    assert transactional.status == Status.SENT
    assert len(mail.outbox) == 1


def test_marketing_needs_active_consent(django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(candidate, kind="marketing").status == Status.NO_CONSENT
    consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.MARKETING,
        wording_version="1",
        how="careers form",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue(candidate, kind="marketing")
    sent.refresh_from_db()
    assert sent.status == Status.SENT
    consent_withdraw(candidate=candidate, purpose=Consent.Purpose.MARKETING)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(candidate, kind="marketing").status == Status.NO_CONSENT
    assert len(mail.outbox) == 1


def test_suppression_added_after_queueing_still_stops_the_send(django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbound = queue(candidate)
    suppression_add(email=candidate.email, reason=Suppression.Reason.COMPLAINED)
    for callback in callbacks:
        callback()
    outbound.refresh_from_db()
    assert outbound.status == Status.SUPPRESSED and mail.outbox == []


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue(candidate)
    assert outbound_deliver(outbound_id=outbound.pk) == Status.SENT
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_with_backoff_then_given_up(
    settings, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory()
    # An SMTP server that refuses connections: a real transport failure.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue(candidate)
    outbound.refresh_from_db()
    assert outbound.status == Status.FAILED and outbound.attempts == 1
    assert outbound.error and outbound.next_attempt_at > timezone.now()
    # Not due yet: the beat task leaves it alone.
    assert outbound_deliver_pending() == 0
    # Once the SMTP server is back, the retry sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbound_deliver_pending(now=outbound.next_attempt_at + timedelta(seconds=1)) == 1
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT and outbound.attempts == 2
    assert len(mail.outbox) == 1


def test_email_whose_after_commit_send_never_ran_is_picked_up_by_beat():
    candidate = CandidateFactory()
    outbound = OutboundEmail.objects.create(
        to_email=candidate.email,
        candidate=candidate,
        kind="transactional",
        subject="Hi",
        text_body="Hello",
        from_email="a@example.com",
        created_at=timezone.now() - timedelta(minutes=5),
    )
    assert outbound_deliver_pending() == 1
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT and len(mail.outbox) == 1


def test_send_interrupted_mid_flight_is_flagged_not_resent():
    outbound = OutboundEmail.objects.create(
        to_email="x@example.org",
        kind="transactional",
        subject="Hi",
        text_body="Hello",
        from_email="a@example.com",
        status=Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    outbound_deliver_pending()
    outbound.refresh_from_db()
    assert outbound.status == Status.GAVE_UP and "outcome unknown" in outbound.error
    assert mail.outbox == []


def test_anymail_esp_message_id_is_stored(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        outbound = queue(candidate)
    outbound.refresh_from_db()
    [sent] = mail.outbox
    # anymail's test backend numbers messages from 0: an id of 0 must be kept too.
    assert outbound.esp_message_id == str(sent.anymail_status.message_id) == "0"
    assert sent.metadata == {"outbound_id": str(outbound.pk)}
