"""Shared by the reminder tests: scheduling through the real services, running the beat's
service at a chosen time, and counting what actually went out per reminder."""

from collections import Counter
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ats.models import Reminder
from ats.services.interviews import interview_schedule
from ats.services.reminders import reminders_send_due
from recruit.messaging.models import OutboundEmail


def in_days(days: int, hour: int = 10) -> datetime:
    """A whole hour `days` from now, in UTC."""
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def schedule(application, actor, interviewers, start, hours=1, **kwargs):
    kwargs.setdefault("time_zone", "UTC")
    return interview_schedule(
        application=application,
        interviewers=interviewers,
        start=start,
        end=start + timedelta(hours=hours),
        actor=actor,
        **kwargs,
    )


def reminder_emails() -> "QuerySet[OutboundEmail]":  # noqa: F821
    """The emails the pipe logged for reminders (invites and other emails left out)."""
    return OutboundEmail.objects.filter(about_type=ContentType.objects.get_for_model(Reminder))


def sent_per_reminder() -> Counter:
    """(interview, recipient, kind, occurrence) -> how many emails the pipe logged for it."""
    rows = {r.pk: r for r in Reminder.objects.all()}
    counts: Counter = Counter()
    for about_id in reminder_emails().values_list("about_id", flat=True):
        row = rows[int(about_id)]
        counts[row.interview_id, row.recipient_key, row.kind, row.occurrence] += 1
    return counts


def delivered(mailoutbox) -> list:
    """The messages in the outbox that are reminders (matched through the pipe's id header)."""
    ids = {str(pk) for pk in reminder_emails().values_list("pk", flat=True)}
    return [m for m in mailoutbox if m.extra_headers.get("X-Recruit-Message-Id") in ids]


def run_beat(capture, now: datetime, **kwargs) -> int:
    """The beat task's service at `now`, with the pipe's after-commit delivery run."""
    with capture(execute=True):
        return reminders_send_due(now=now, **kwargs)
