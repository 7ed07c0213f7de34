"""Interview reminders: to the candidate and each interviewer before an interview (24 h and 1 h
by default, INTERVIEW_REMINDERS), and to interviewers whose scorecard is not in after it
(FEEDBACK_REMINDER_AFTER_HOURS, then every FEEDBACK_REMINDER_EVERY_HOURS, at most
FEEDBACK_REMINDER_MAX times).

Each reminder is a Reminder row with its due time, never a Celery countdown (Redis redelivers
long ETAs). Arming writes every row of an interview up front, unique per interview, recipient,
kind and occurrence (the start it is about), so arming twice adds nothing and a reschedule arms
rows for the new time exactly once. A beat task claims due rows with SELECT ... FOR UPDATE SKIP
LOCKED and, in the same transaction, checks the row is still wanted, hands the email to the
messaging pipe (an OutboundEmail row, delivered after commit by the pipe's own exactly-once
machinery, which also applies suppression) and marks the row sent. Either all of that commits or
none of it does: a worker killed before the commit leaves the row pending and nothing queued, and
a duplicate tick or a retried task finds the row sent, or locked and skips it.
"""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from ats.models import CareersSite, Interview, InterviewParticipant, Reminder, Scorecard
from ats.selectors import is_blind_for
from recruit.accounts.timezones import format_in_zone, in_zone
from recruit.candidates.services import activity_record
from recruit.messaging.models import EmailTemplate, OutboundEmail
from recruit.messaging.services import email_render_and_queue, merge_context

logger = logging.getLogger(__name__)

Status = Reminder.Status
Recipient = Reminder.RecipientKind
BEFORE, FEEDBACK = "before_", "feedback_"
BATCH = 20
MAX_BATCHES_PER_TICK = 25  # 500 emails a minute; the next tick takes the rest
MISSED_ARMING_LIMIT = 50
_OFFSET = re.compile(r"(\d+)\s*([mhd])", re.IGNORECASE)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440}

CANDIDATE_PURPOSE = "interview-reminder-candidate"
INTERVIEWER_PURPOSE = "interview-reminder-interviewer"
FEEDBACK_PURPOSE = "feedback-reminder"
# The wording admins edit under Email templates; seeded by migration ats 0010, and put back from
# here should one be deleted (a reminder is never lost for want of its template).
TEMPLATES = {
    CANDIDATE_PURPOSE: {
        "name": "Interview reminder (candidate)",
        "subject": "Reminder: your interview for {{ job.title }} {{ interview.starts_in }}",
        "text_body": """Hello {{ candidate.first_name|default:"there" }},

This is a reminder of your interview for {{ job.title }} at {{ company.name }},
{{ interview.starts_in }}.

{{ interview.title }}
When: {{ interview.when }}
Where: {{ interview.place }}

{{ interview.notes_for_candidate }}

See you soon,
{{ company.name }}
""",
        "html_body": """<p>Hello {{ candidate.first_name|default:"there" }},</p>
<p>This is a reminder of your interview for {{ job.title }} at {{ company.name }},
{{ interview.starts_in }}.</p>
<p><strong>{{ interview.title }}</strong><br>
When: {{ interview.when }}<br>
Where: {{ interview.place }}</p>
<p>{{ interview.notes_for_candidate }}</p>
<p>See you soon,<br>{{ company.name }}</p>
""",
    },
    INTERVIEWER_PURPOSE: {
        "name": "Interview reminder (interviewer)",
        "subject": "Reminder: {{ interview.title }} with {{ candidate.full_name }} "
        "{{ interview.starts_in }}",
        "text_body": """Hello {{ interviewer.first_name|default:"there" }},

You are interviewing {{ candidate.full_name }} for {{ job.title }} {{ interview.starts_in }}.

{{ interview.title }}
When: {{ interview.when }}
Where: {{ interview.place }}

{{ interview.notes_for_interviewers }}

The interview kit and the resume: {{ interview.url }}
""",
        "html_body": """<p>Hello {{ interviewer.first_name|default:"there" }},</p>
<p>You are interviewing {{ candidate.full_name }} for {{ job.title }}
{{ interview.starts_in }}.</p>
<p><strong>{{ interview.title }}</strong><br>
When: {{ interview.when }}<br>
Where: {{ interview.place }}</p>
<p>{{ interview.notes_for_interviewers }}</p>
<p><a href="{{ interview.url }}">The interview kit and the resume</a></p>
""",
    },
    FEEDBACK_PURPOSE: {
        "name": "Feedback reminder (interviewer)",
        "subject": "Your feedback on {{ candidate.full_name }}: {{ interview.title }}",
        "text_body": """Hello {{ interviewer.first_name|default:"there" }},

Your scorecard for {{ interview.title }} with {{ candidate.full_name }} ({{ job.title }},
{{ interview.when }}) is not in yet. Please fill it in while the interview is fresh:
{{ feedback.url }}
""",
        "html_body": """<p>Hello {{ interviewer.first_name|default:"there" }},</p>
<p>Your scorecard for {{ interview.title }} with {{ candidate.full_name }} ({{ job.title }},
{{ interview.when }}) is not in yet. Please fill it in while the interview is fresh.</p>
<p><a href="{{ feedback.url }}">Fill in the scorecard</a></p>
""",
    },
}
MERGE_FIELDS = [
    "interview.title",
    "interview.when",
    "interview.starts_in",
    "interview.place",
    "interview.notes_for_candidate",
    "interview.notes_for_interviewers",
    "interview.url",
    "interviewer.first_name",
    "interviewer.full_name",
    "feedback.url",
    "feedback.number",
]


# Configuration


def parse_offset(text: str) -> timedelta:
    """ "24h", "90m" or "2d" as a duration. Raises ValueError for anything else."""
    match = _OFFSET.fullmatch(text.strip())
    if not match or int(match[1]) <= 0:
        raise ValueError(f"“{text}” is not a time before the interview like 24h, 90m or 2d.")
    return timedelta(minutes=int(match[1]) * _UNIT_MINUTES[match[2].lower()])


def before_kind(offset: timedelta) -> str:
    """The kind of the reminder `offset` before the start: before_24h, before_90m."""
    minutes = int(offset.total_seconds() // 60)
    return f"{BEFORE}{minutes // 60}h" if minutes % 60 == 0 else f"{BEFORE}{minutes}m"


def before_offsets() -> list[tuple[str, timedelta]]:
    """(kind, time before the start) for each INTERVIEW_REMINDERS entry, earliest first."""
    try:
        offsets = {parse_offset(text) for text in settings.INTERVIEW_REMINDERS if text.strip()}
    except ValueError as error:
        raise ImproperlyConfigured(f"INTERVIEW_REMINDERS: {error}") from None
    return [(before_kind(offset), offset) for offset in sorted(offsets, reverse=True)]


def feedback_offsets() -> list[tuple[str, timedelta]]:
    """(kind, time after the end) of each feedback reminder: after, after + every, ..."""
    after = timedelta(hours=settings.FEEDBACK_REMINDER_AFTER_HOURS)
    every = timedelta(hours=settings.FEEDBACK_REMINDER_EVERY_HOURS)
    count = settings.FEEDBACK_REMINDER_MAX
    if after < timedelta(0) or count < 0 or (count > 1 and every <= timedelta(0)):
        raise ImproperlyConfigured(
            "FEEDBACK_REMINDER_AFTER_HOURS and FEEDBACK_REMINDER_MAX cannot be negative, and "
            "FEEDBACK_REMINDER_EVERY_HOURS must be positive when more than one is sent."
        )
    return [(f"{FEEDBACK}{n}", after + every * (n - 1)) for n in range(1, count + 1)]


def reminder_settings_errors() -> list[str]:
    """What is wrong with the reminder settings (for the system check)."""
    errors = []
    for read in (before_offsets, feedback_offsets):
        try:
            read()
        except ImproperlyConfigured as error:
            errors.append(str(error))
    return errors


# Arming


@dataclass(frozen=True)
class _Planned:
    recipient_kind: str
    recipient_key: str
    recipient_user_id: int | None
    kind: str
    due_at: datetime


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def _plan(interview: Interview) -> list[_Planned]:
    """Every reminder the interview calls for at its current time: before it, to the candidate
    and each interviewer (those who declined too: they may accept again, and are checked when
    the reminder is due); after it, to interviewers whose scorecard is not in."""
    interviewers = list(interview.participants.values_list("user_id", flat=True))
    submitted = set(
        Scorecard.objects.filter(interview=interview, submitted_at__isnull=False).values_list(
            "interviewer_id", flat=True
        )
    )
    recipients = [(Recipient.CANDIDATE, Reminder.CANDIDATE_KEY, None)] + [
        (Recipient.INTERVIEWER, user_key(user_id), user_id) for user_id in interviewers
    ]
    planned = [
        _Planned(kind_of, key, user_id, kind, interview.start_at - offset)
        for kind, offset in before_offsets()
        for kind_of, key, user_id in recipients
    ]
    planned += [
        _Planned(Recipient.INTERVIEWER, user_key(user_id), user_id, kind, interview.end_at + wait)
        for kind, wait in feedback_offsets()
        for user_id in interviewers
        if user_id not in submitted
    ]
    return planned


def _one_of(planned: list[_Planned]) -> Q:
    """Rows matching any planned (recipient, kind) pair."""
    match = Q(pk__in=[])
    for row in planned:
        match |= Q(recipient_key=row.recipient_key, kind=row.kind)
    return match


@transaction.atomic
def reminders_arm(*, interview: Interview, now: datetime | None = None) -> int:
    """Make the interview's reminders match it: rows for its current time and people, pending
    when still ahead; pending rows for another time or someone no longer on it cancelled. Safe
    to run twice (the unique constraint and the interview's row lock see to it). Returns how many
    are pending."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status != Interview.Status.SCHEDULED:
        reminders_disarm(interview=interview, note="The interview is not scheduled.")
        return 0
    planned = _plan(interview)
    current = Reminder.objects.filter(interview=interview, occurrence=interview.start_at)
    Reminder.objects.filter(interview=interview, status=Status.PENDING).exclude(
        Q(occurrence=interview.start_at) & _one_of(planned)
    ).update(status=Status.CANCELLED, note="The interview moved, or they are no longer on it.")
    Reminder.objects.bulk_create(
        [_new_row(interview, row, now) for row in planned], ignore_conflicts=True
    )
    # Rows already there for this time (armed before, or cancelled when the interview moved
    # away and now back) take the due time of the plan; sent ones stay sent.
    ahead = [row for row in planned if row.due_at > now]
    renewable = (Q(status=Status.PENDING) & _one_of(planned)) | (
        Q(status=Status.CANCELLED) & _one_of(ahead)
    )
    if planned:
        current.filter(renewable).update(
            status=Status.PENDING,
            note="",
            due_at=Case(
                *[When(recipient_key=row.recipient_key, kind=row.kind, then=Value(row.due_at))
                  for row in planned]
            ),
        )  # fmt: skip
    return current.filter(status=Status.PENDING).count()


def _new_row(interview: Interview, row: _Planned, now: datetime) -> Reminder:
    # A reminder whose time has passed already (an interview booked for in two hours has no
    # 24-hour reminder) is written as cancelled, which also records that arming took place.
    late = row.due_at <= now
    return Reminder(
        interview=interview,
        recipient_kind=row.recipient_kind,
        recipient_key=row.recipient_key,
        recipient_user_id=row.recipient_user_id,
        kind=row.kind,
        occurrence=interview.start_at,
        due_at=row.due_at,
        status=Status.CANCELLED if late else Status.PENDING,
        note="Its time had passed when the interview was scheduled." if late else "",
    )


def reminders_disarm(*, interview: Interview, note: str = "The interview was cancelled.") -> int:
    """Cancel the interview's pending reminders. Returns how many."""
    return Reminder.objects.filter(interview=interview, status=Status.PENDING).update(
        status=Status.CANCELLED, note=note
    )


def reminders_feedback_done(*, interview: Interview, user) -> int:
    """The interviewer's scorecard is in: their pending feedback reminders are cancelled."""
    return Reminder.objects.filter(
        interview=interview,
        recipient_key=user_key(user.pk),
        kind__startswith=FEEDBACK,
        status=Status.PENDING,
    ).update(status=Status.CANCELLED, note="The scorecard was submitted.")


def reminders_arm_missed(*, now: datetime | None = None, limit: int = MISSED_ARMING_LIMIT) -> int:
    """Safety net for the beat task: scheduled interviews still ahead with no reminder row for
    their current start (arming runs after the change commits; the process may have stopped
    in between, or arming failed) are armed now. Returns how many."""
    if not before_offsets() and not feedback_offsets():
        return 0
    now = now or timezone.now()
    armed = Reminder.objects.filter(interview=OuterRef("pk"), occurrence=OuterRef("start_at"))
    missed = list(
        Interview.objects.filter(status=Interview.Status.SCHEDULED, start_at__gt=now)
        .exclude(Exists(armed))
        .order_by("start_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in missed:
        reminders_arm(interview=Interview(pk=pk), now=now)
    return len(missed)


# Sending


def reminders_send_due(
    *, now: datetime | None = None, batch: int = BATCH, max_batches: int = MAX_BATCHES_PER_TICK
) -> int:
    """The beat task, every minute: arm what was missed, then send the due reminders, a small
    batch per transaction. Safe to run twice at once. Returns how many rows it handled."""
    reminders_arm_missed(now=now)
    handled = 0
    for _ in range(max_batches):
        claimed = _send_batch(now=now or timezone.now(), batch=batch)
        handled += claimed
        if claimed < batch:
            break
    return handled


@transaction.atomic
def _send_batch(*, now: datetime, batch: int) -> int:
    """Claim up to `batch` due rows (rows another worker holds are skipped, not waited for) and
    settle each: sent with its email queued, cancelled with the reason, or failed with the
    error. The claim, the queued emails and the new states commit together."""
    ids = list(
        Reminder.objects.filter(status=Status.PENDING, due_at__lte=now)
        .order_by("due_at", "id")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:batch]
    )
    if not ids:
        return 0
    reminders = list(
        Reminder.objects.filter(pk__in=ids)
        .select_related(
            "interview__application__candidate",
            "interview__application__job",
            "interview__application__stage",
            "recipient_user",
        )
        .order_by("due_at", "id")
    )
    facts = _Facts.load(reminders, now)
    for reminder in reminders:
        _settle(reminder, facts)
    return len(ids)


@dataclass
class _Facts:
    """What deciding and writing a batch's reminders needs, read once per batch."""

    now: datetime
    participants: dict[tuple[int, int], InterviewParticipant]
    submitted: set[tuple[int, int]]
    # (interview, recipient, occurrence) -> (kind, due_at) of its rows pending or sent by now
    due: dict[tuple[int, str, datetime], list[tuple[str, datetime]]]
    company: str
    templates: dict[str, EmailTemplate] = field(default_factory=dict)

    @classmethod
    def load(cls, reminders: list[Reminder], now: datetime) -> "_Facts":
        interview_ids = {reminder.interview_id for reminder in reminders}
        participants = InterviewParticipant.objects.filter(interview_id__in=interview_ids)
        submitted = Scorecard.objects.filter(
            interview_id__in=interview_ids, submitted_at__isnull=False
        ).values_list("interview_id", "interviewer_id")
        due_rows = Reminder.objects.filter(
            interview_id__in=interview_ids,
            status__in=[Status.PENDING, Status.SENT],
            due_at__lte=now,
        ).values_list("interview_id", "recipient_key", "occurrence", "kind", "due_at")
        due: dict[tuple[int, str, datetime], list[tuple[str, datetime]]] = defaultdict(list)
        for interview_id, key, occurrence, kind, due_at in due_rows:
            due[interview_id, key, occurrence].append((kind, due_at))
        site = CareersSite.objects.filter(pk=1).first() or CareersSite()
        return cls(
            now=now,
            participants={(p.interview_id, p.user_id): p for p in participants},
            submitted=set(submitted),
            due=due,
            company=site.company_name,
        )

    def template(self, purpose: str) -> EmailTemplate:
        if not self.templates:
            self.templates = _templates()
        return self.templates[purpose]

    def superseded(self, reminder: Reminder) -> bool:
        """Whether a later reminder of the same family for the same person and time is due
        too (the beat was down for a while): only the latest of them goes."""
        family = BEFORE if reminder.kind.startswith(BEFORE) else FEEDBACK
        siblings = self.due[reminder.interview_id, reminder.recipient_key, reminder.occurrence]
        return any(
            kind.startswith(family) and due_at > reminder.due_at for kind, due_at in siblings
        )


def _templates() -> dict[str, EmailTemplate]:
    """The reminder templates by purpose; one deleted in the admin is put back with the default
    wording, in a fixed order, so that two workers doing it at once wait rather than deadlock."""
    found = {t.purpose: t for t in EmailTemplate.objects.filter(purpose__in=TEMPLATES)}
    for purpose in sorted(TEMPLATES.keys() - found.keys()):
        found[purpose], _ = EmailTemplate.objects.get_or_create(
            purpose=purpose, defaults=TEMPLATES[purpose]
        )
    return found


def _why_not(reminder: Reminder, facts: _Facts) -> str:
    """Why the reminder should not go now, or "" when it should."""
    interview = reminder.interview
    before = reminder.kind.startswith(BEFORE)
    if interview.status == Interview.Status.CANCELLED:
        return "The interview was cancelled."
    if reminder.occurrence != interview.start_at:
        return "The interview moved."
    started = interview.status != Interview.Status.SCHEDULED or facts.now >= interview.start_at
    if before and started:
        return "Too late: the interview had started."
    if reminder.recipient_kind == Recipient.INTERVIEWER:
        participant = facts.participants.get((interview.pk, reminder.recipient_user_id))
        if participant is None:
            return "No longer on the interview."
        if participant.response_status == InterviewParticipant.Response.DECLINED:
            return "Declined the interview."
        if not reminder.recipient_user.is_active:
            return "The account is deactivated."
        if not before and (interview.pk, reminder.recipient_user_id) in facts.submitted:
            return "The scorecard was submitted."
    if facts.superseded(reminder):
        return "A later reminder was due too; only that one was sent."
    return ""


def _settle(reminder: Reminder, facts: _Facts) -> None:
    reason = _why_not(reminder, facts)
    if reason:
        _mark(reminder, status=Status.CANCELLED, note=reason)
        return
    try:
        # A savepoint: an email that cannot be built rolls back alone and is marked failed
        # (never retried in a loop, never silently dropped); the batch goes on.
        with transaction.atomic():
            outbound = _queue_email(reminder, facts)
            if outbound is None:
                _mark(reminder, status=Status.CANCELLED, note="No email address.")
                return
            _mark(
                reminder,
                status=Status.SENT,
                sent_at=timezone.now(),
                email=outbound,
                recipient_email=outbound.to_email,
                note=""
                if outbound.status == OutboundEmail.Status.QUEUED
                else f"The email pipe did not send it: {outbound.get_status_display()}.",
            )
            if reminder.recipient_kind == Recipient.INTERVIEWER:
                _record(reminder)
    except Exception as error:
        logger.exception("reminder %s could not be sent", reminder.pk)
        _mark(reminder, status=Status.FAILED, note=f"{type(error).__name__}: {error}"[:300])


def _mark(reminder: Reminder, **fields) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(**fields, updated_at=timezone.now())


def _record(reminder: Reminder) -> None:
    """Interviewer reminders on the candidate's timeline (the candidate's own reminders are
    there already, as the emails the pipe logged)."""
    interview = reminder.interview
    what = "Feedback reminder" if reminder.kind.startswith(FEEDBACK) else "Interview reminder"
    activity_record(
        candidate=interview.application.candidate,
        verb="interview.reminder_sent",
        subject=interview,
        details={
            "name": f"{what} to {reminder.recipient_user}: {interview.title}",
            "interview_id": interview.pk,
            "reminder_id": reminder.pk,
            "kind": reminder.kind,
        },
    )


# The email


def when_text(interview: Interview, viewer) -> str:
    """ "Tue 3 Mar 2026, 10:00 to 11:00 CET (Europe/Berlin)" in the viewer's zone (a user or
    a zone name)."""
    start, end = in_zone(interview.start_at, viewer), in_zone(interview.end_at, viewer)
    end_format = "H:i T" if start.date() == end.date() else "D j M Y, H:i T"
    return (
        f"{format_in_zone(interview.start_at, viewer, 'D j M Y, H:i')} to "
        f"{format_in_zone(interview.end_at, viewer, end_format)} ({start.tzinfo})"
    )


def starts_in_text(start: datetime, now: datetime) -> str:
    """ "in 24 hours", "in 1 hour", "in 45 minutes": from now, as the reminder leaves."""
    minutes = max(1, round((start - now).total_seconds() / 60))
    if minutes < 55:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    if hours < 48:
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    return f"in {round(hours / 24)} days"


def _place(interview: Interview) -> str:
    return " · ".join(filter(None, [interview.location, interview.video_url])) or "to be confirmed"


def _interview_fields(interview: Interview, viewer, now: datetime) -> dict[str, str]:
    return {
        "title": interview.title,
        "when": when_text(interview, viewer),
        "starts_in": starts_in_text(interview.start_at, now),
        "place": _place(interview),
    }


def _link(name: str, pk: int | None = None) -> str:
    return settings.SITE_URL + reverse(name, args=[pk] if pk is not None else [])


def _queue_email(reminder: Reminder, facts: _Facts) -> OutboundEmail | None:
    """Render the reminder's template for its recipient and queue it in this transaction."""
    interview = reminder.interview
    application = interview.application
    candidate = application.candidate
    groups = {"job": {"title": application.job.title}, "company": {"name": facts.company}}
    if reminder.recipient_kind == Recipient.CANDIDATE:
        if not candidate.email:
            return None
        fields = _interview_fields(interview, interview.time_zone, facts.now)
        # Only what the candidate may read: never the notes for interviewers.
        fields["notes_for_candidate"] = interview.notes_for_candidate
        return email_render_and_queue(
            template=facts.template(CANDIDATE_PURPOSE),
            to=candidate.email,
            context=merge_context(candidate=candidate, interview=fields, **groups),
            candidate=candidate,
            about=reminder,
        )
    user = reminder.recipient_user
    if not user.email:
        return None
    blind = is_blind_for(user=user, job=application.job, stage=application.stage)
    fields = _interview_fields(interview, user, facts.now)
    fields["notes_for_interviewers"] = interview.notes_for_interviewers
    fields["url"] = _link("ats:my-interviews")
    context = merge_context(
        candidate=None,
        interviewer={"first_name": user.get_short_name(), "full_name": user.get_full_name()},
        interview=fields,
        feedback={
            "url": _link("ats:interview-scorecard", interview.pk),
            "number": reminder.kind.removeprefix(FEEDBACK),
        },
        **groups,
    )
    # The interviewer's view of the person: an alias while blind review hides them.
    context["candidate"] = {
        "full_name": f"Candidate #{candidate.pk}" if blind else candidate.full_name,
        "first_name": "" if blind else candidate.first_name,
    }
    purpose = FEEDBACK_PURPOSE if reminder.kind.startswith(FEEDBACK) else INTERVIEWER_PURPOSE
    return email_render_and_queue(
        template=facts.template(purpose), to=user.email, context=context, user=user, about=reminder
    )
