"""Emails due later (a delayed rejection, a reminder): stored with their due time, sent by the
beat task once due, exactly once, and never when suppressed or cancelled before then."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from recruit.candidates.models import Activity, Consent
from recruit.candidates.services import consent_record, consent_withdraw
from recruit.messaging.models import OutboundEmail, Suppression
from recruit.messaging.services import (
    email_queue,
    outbound_cancel,
    outbound_deliver,
    outbound_deliver_pending,
    suppression_add,
)
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


@pytest.fixture
def candidate():
    return CandidateFactory(first_name="Grace", email="grace@example.org")


def schedule(candidate, delay=timedelta(hours=1), kind="transactional", **extra):
    return email_queue(
        to=candidate.email,
        subject="About your application",
        text_body="Thank you for applying.",
        kind=kind,
        candidate=candidate,
        send_after=timezone.now() + delay,
        **extra,
    )


def status_of(outbound: OutboundEmail) -> str:
    outbound.refresh_from_db()
    return outbound.status


def test_an_email_due_later_is_scheduled_and_not_sent_on_commit(
    candidate, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbound = schedule(candidate, actor=recruiter)

    assert callbacks == []
    assert status_of(outbound) == Status.SCHEDULED
    assert mail.outbox == []
    activity = Activity.objects.get(candidate=candidate, verb="email.scheduled")
    assert activity.actor == recruiter
    assert activity.details["send_after"] == outbound.send_after.isoformat()


def test_a_scheduled_email_is_not_sent_before_it_is_due(candidate):
    outbound = schedule(candidate, delay=timedelta(hours=1))
    assert outbound_deliver_pending(now=outbound.send_after - timedelta(seconds=1)) == 0
    # Even asked directly, the sender leaves it until it is due.
    assert outbound_deliver(outbound_id=outbound.pk) == Status.SCHEDULED
    assert mail.outbox == []


def test_a_due_email_is_sent_by_the_beat_task_exactly_once(candidate):
    outbound = schedule(candidate, delay=timedelta(minutes=30))
    due = outbound.send_after + timedelta(seconds=1)

    assert outbound_deliver_pending(now=due) == 1
    assert outbound_deliver_pending(now=due + timedelta(minutes=1)) == 0
    assert outbound_deliver(outbound_id=outbound.pk, now=due) == Status.SENT

    [sent] = mail.outbox
    assert sent.to == ["grace@example.org"] and sent.subject == "About your application"
    outbound.refresh_from_db()
    assert outbound.status == Status.SENT and outbound.attempts == 1
    assert outbound.sent_at is not None


def test_only_due_emails_are_sent(candidate):
    soon = schedule(candidate, delay=timedelta(minutes=10))
    later = schedule(candidate, delay=timedelta(days=3))

    assert outbound_deliver_pending(now=timezone.now() + timedelta(hours=1)) == 1

    assert (status_of(soon), status_of(later)) == (Status.SENT, Status.SCHEDULED)
    assert len(mail.outbox) == 1


def test_an_email_whose_time_has_passed_is_sent_on_commit(
    candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbound = schedule(candidate, delay=-timedelta(minutes=5))
    assert status_of(outbound) == Status.SENT
    assert len(mail.outbox) == 1


def test_a_suppression_added_before_it_is_due_stops_it(candidate):
    outbound = schedule(candidate)
    suppression_add(email="GRACE@example.org", reason=Suppression.Reason.BOUNCED)

    outbound_deliver_pending(now=outbound.send_after + timedelta(seconds=1))

    assert status_of(outbound) == Status.SUPPRESSED
    assert mail.outbox == []
    assert outbound_deliver_pending(now=outbound.send_after + timedelta(hours=1)) == 0


def test_an_unsubscribe_before_it_is_due_stops_marketing_but_not_a_transactional_email(
    candidate,
):
    consent_record(
        candidate=candidate, purpose=Consent.Purpose.MARKETING, wording_version="1", how="form"
    )
    marketing = schedule(candidate, kind="marketing")
    transactional = schedule(candidate)
    suppression_add(email=candidate.email, reason=Suppression.Reason.UNSUBSCRIBED)

    outbound_deliver_pending(now=timezone.now() + timedelta(hours=2))

    assert status_of(marketing) == Status.SUPPRESSED
    assert status_of(transactional) == Status.SENT
    assert len(mail.outbox) == 1


def test_marketing_consent_withdrawn_before_it_is_due_stops_it(candidate):
    consent_record(
        candidate=candidate, purpose=Consent.Purpose.MARKETING, wording_version="1", how="form"
    )
    outbound = schedule(candidate, kind="marketing")
    assert outbound.status == Status.SCHEDULED
    consent_withdraw(candidate=candidate, purpose=Consent.Purpose.MARKETING)

    outbound_deliver_pending(now=outbound.send_after + timedelta(seconds=1))

    assert status_of(outbound) == Status.NO_CONSENT
    assert mail.outbox == []


def test_a_cancelled_email_is_never_sent(candidate, recruiter):
    outbound = schedule(candidate)

    assert outbound_cancel(outbound=outbound, actor=recruiter) is True

    assert status_of(outbound) == Status.CANCELLED
    assert outbound_deliver_pending(now=outbound.send_after + timedelta(days=1)) == 0
    assert outbound_deliver(outbound_id=outbound.pk) == Status.CANCELLED
    assert mail.outbox == []
    cancelled = Activity.objects.get(candidate=candidate, verb="email.cancelled")
    assert cancelled.actor == recruiter and cancelled.details["subject"] == outbound.subject


def test_an_email_that_went_already_cannot_be_cancelled(candidate, recruiter):
    outbound = schedule(candidate)
    outbound_deliver_pending(now=outbound.send_after + timedelta(seconds=1))

    assert outbound_cancel(outbound=outbound, actor=recruiter) is False

    assert status_of(outbound) == Status.SENT
    assert not Activity.objects.filter(verb="email.cancelled").exists()


def test_cancelling_twice_cancels_once(candidate, recruiter):
    outbound = schedule(candidate)
    assert outbound_cancel(outbound=outbound, actor=recruiter) is True
    assert outbound_cancel(outbound=outbound, actor=recruiter) is False
    assert Activity.objects.filter(verb="email.cancelled").count() == 1


def test_an_email_to_a_suppressed_address_is_never_scheduled(candidate):
    suppression_add(email=candidate.email, reason=Suppression.Reason.COMPLAINED)
    outbound = schedule(candidate)
    assert outbound.status == Status.SUPPRESSED
    assert outbound_deliver_pending(now=outbound.send_after + timedelta(seconds=1)) == 0
    assert mail.outbox == []
