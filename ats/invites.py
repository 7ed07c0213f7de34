"""Interviews as calendar entries: what each audience's invitation, update and cancellation
says (the iTIP documents of ats.calendar and the words around them), and the entries of an
interviewer's private feed. Plain functions over interviews loaded with their application,
candidate, job, stage, organizer and participants: nothing here writes. ats.services.invites sends
what these build through the email pipe.

Privacy: there are two copies of every event. The candidate's carries the candidate's notes and
nothing else in its description; the interviewers' carries the interviewer-only notes, the
panel and a link to the kit. The feed is read by whoever holds its URL, without a login, so it
names the candidate but gives none of their contact details.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse

from ats.calendar import Attendee, CalendarEvent, feed
from ats.models import Interview
from ats.selectors import is_blind_for
from recruit.accounts.timezones import format_in_zone, in_zone

logger = logging.getLogger(__name__)

# anymail hands Amazon SES the raw MIME message and SendGrid any alternative part; its other
# backends (Mailgun, Postmark, SparkPost, Brevo, Mailjet, Resend, ...) raise
# AnymailUnsupportedFeature on a text/calendar alternative, so with them an invitation goes
# with its invite.ics attachment only.
ESPS_WITH_CALENDAR_PART = frozenset({"amazon_ses", "sendgrid"})

INVITE, UPDATE, CANCEL, REMOVED = "invite", "update", "cancel", "removed"
METHODS = {INVITE: "REQUEST", UPDATE: "REQUEST", CANCEL: "CANCEL", REMOVED: "CANCEL"}


@dataclass(frozen=True)
class Copy:
    """One email of an invitation: its words and the event it carries."""

    subject: str
    text_body: str
    event: CalendarEvent
    method: str


def calendar_part_supported(backend: str | None = None) -> bool:
    """Whether the email backend can carry the text/calendar alternative part. Django's own
    backends (SMTP; console, file and locmem in development and tests) send our MIME as it is;
    settings turn ANYMAIL_ESP into EMAIL_BACKEND = "anymail.backends.<esp>.EmailBackend"."""
    backend = backend or settings.EMAIL_BACKEND
    if not backend.startswith("anymail."):
        return True
    parts = backend.split(".")
    return len(parts) > 2 and parts[2] in ESPS_WITH_CALENDAR_PART


# --- People ----------------------------------------------------------------------------------


def _person(name: str, email: str, **params) -> Attendee | None:
    """An Attendee, or None for an address a calendar cannot use (it is left off the invite;
    the rest of the invitation still goes)."""
    try:
        return Attendee(name=name, email=email, **params)
    except ValueError as error:
        logger.warning("calendar invite: leaving out %r: %s", email, error)
        return None


def organizer_of(interview: Interview, fallback=None) -> Attendee:
    """Who organises it: the person who scheduled it, else the address email comes from (an
    interview booked by the system), else `fallback` (a feed's owner: a development setup's
    DEFAULT_FROM_EMAIL, e.g. recruit@localhost, is no address a calendar takes). Raises
    ValueError when none will do."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    choices = [(name or "Recruit", address)]
    organizer = interview.organizer
    if organizer is not None and organizer.is_active:
        choices.insert(0, (organizer.get_full_name(), organizer.email))
    if fallback is not None:
        choices.append((fallback.get_full_name(), fallback.email))
    for name, address in choices:
        try:
            return Attendee(name=name, email=address)
        except ValueError:
            continue
    raise ValueError(f"No organizer address a calendar can use for interview {interview.pk}.")


def is_blind(interview: Interview, user) -> bool:
    """Whether blind review hides the candidate from this interviewer (see is_blind_for)."""
    application = interview.application
    return is_blind_for(user=user, job=application.job, stage=application.stage)


def candidate_name(interview: Interview, *, blind: bool = False) -> str:
    """The candidate's name, never their address (str(candidate) falls back to it); under
    blind review the alias the pages use."""
    candidate = interview.application.candidate
    if blind or not candidate.full_name:
        return f"Candidate #{candidate.pk}"
    return candidate.full_name


def candidate_attendee(interview: Interview) -> Attendee | None:
    candidate = interview.application.candidate
    if not candidate.email:
        return None
    return _person(candidate_name(interview), candidate.email)


def interviewer_attendee(user, partstat: str = "NEEDS-ACTION") -> Attendee | None:
    """An interviewer: a required participant, with their answer so far (PARTSTAT)."""
    return _person(user.get_full_name(), user.email, partstat=partstat)


def interviewer_attendees(interview: Interview) -> list[Attendee]:
    people = (interviewer_attendee(p.user, p.partstat) for p in interview.participants.all())
    return [person for person in people if person is not None]


def _panel(interview: Interview) -> str:
    return ", ".join(p.user.get_full_name() for p in interview.participants.all())


# --- Events ----------------------------------------------------------------------------------


def link_lines(interview: Interview) -> list[str]:
    """Where interviewers find the kit ("My interviews") and the application (login needed)."""
    application = reverse("ats:application-detail", args=[interview.application_id])
    return [
        f"Interview kit: {settings.SITE_URL}{reverse('ats:my-interviews')}",
        f"Application: {settings.SITE_URL}{application}",
    ]


def candidate_summary(interview: Interview, company: str) -> str:
    return f"{interview.title}: {interview.application.job.title} at {company}"


def interviewer_summary(interview: Interview, *, blind: bool = False) -> str:
    job = interview.application.job.title
    return f"{interview.title}: {candidate_name(interview, blind=blind)} ({job})"


def interviewer_description(interview: Interview, *, blind: bool = False) -> str:
    """What the interviewers' copy and the feed say: the candidate by name, the job, the panel,
    where the kit is, the interviewer-only notes; for a cancelled interview, why."""
    lines = []
    if interview.status == Interview.Status.CANCELLED:
        reason = interview.cancellation_reason
        lines += [f"Cancelled{': ' + reason if reason else '.'}", ""]
    lines += [
        f"Candidate: {candidate_name(interview, blind=blind)}",
        f"Job: {interview.application.job.title}",
        f"Interviewers: {_panel(interview)}",
        *link_lines(interview),
    ]
    if interview.notes_for_interviewers:
        lines += ["", "Notes for interviewers:", interview.notes_for_interviewers]
    return "\n".join(lines)


def _event(
    interview: Interview,
    *,
    summary: str,
    description: str,
    attendees: Iterable[Attendee],
    organizer_fallback=None,
) -> CalendarEvent:
    cancelled = interview.status == Interview.Status.CANCELLED
    return CalendarEvent(
        uid=interview.ical_uid,
        sequence=interview.sequence,
        start=interview.start_at,
        end=interview.end_at,
        time_zone=interview.time_zone,
        summary=summary,
        description=description,
        organizer=organizer_of(interview, organizer_fallback),
        attendees=tuple(attendees),
        # Calendars show LOCATION in the event's first line: the video link when there is
        # no room, as Google and Outlook do for their own meetings.
        location=interview.location or interview.video_url,
        url=interview.video_url,
        status="CANCELLED" if cancelled else "CONFIRMED",
        created=interview.created_at,
        last_modified=interview.updated_at,
    )


def candidate_event(
    interview: Interview, *, company: str, attendees: Iterable[Attendee]
) -> CalendarEvent:
    """The candidate's copy: its description is the candidate's notes and nothing else."""
    return _event(
        interview,
        summary=candidate_summary(interview, company),
        description=interview.notes_for_candidate,
        attendees=attendees,
    )


def interviewer_event(
    interview: Interview,
    *,
    attendees: Iterable[Attendee],
    blind: bool = False,
    organizer_fallback=None,
) -> CalendarEvent:
    return _event(
        interview,
        summary=interviewer_summary(interview, blind=blind),
        description=interviewer_description(interview, blind=blind),
        attendees=attendees,
        organizer_fallback=organizer_fallback,
    )


# --- Words -----------------------------------------------------------------------------------


def when(start: datetime, end: datetime, zone: str) -> str:
    """'Monday 3 June 2030, 10:00 to 11:00 CEST (Europe/Berlin)' in the reader's zone."""
    same_day = in_zone(start, zone).date() == in_zone(end, zone).date()
    until = format_in_zone(end, zone, "H:i T" if same_day else "l j F Y, H:i T")
    return f"{format_in_zone(start, zone, 'l j F Y, H:i')} to {until} ({zone or 'UTC'})"


def _time_lines(
    interview: Interview, zone: str, previous_start: datetime | None, previous_end: datetime | None
) -> list[str]:
    lines = [
        f"What: {interview.title}",
        f"When: {when(interview.start_at, interview.end_at, zone)}",
    ]
    if previous_start and previous_end and previous_start != interview.start_at:
        lines.append(f"Previously: {when(previous_start, previous_end, zone)}")
    if interview.location:
        lines.append(f"Where: {interview.location}")
    if interview.video_url:
        lines.append(f"Video link: {interview.video_url}")
    return lines


def _words(interview: Interview, zone: str, blind: bool = False, **more: str) -> dict[str, str]:
    return {
        "title": interview.title,
        "job": interview.application.job.title,
        "candidate": candidate_name(interview, blind=blind),
        "short": format_in_zone(interview.start_at, zone, "D j M, H:i T"),
        **more,
    }


_CANDIDATE_OPENING = {
    INVITE: "You are invited to an interview for the {job} position at {company}.",
    UPDATE: "Your interview for the {job} position at {company} has changed.",
    CANCEL: "Your interview for the {job} position at {company} has been cancelled.",
}
_CANDIDATE_SUBJECT = {
    INVITE: "Interview invitation: {title} for {job}, {short}",
    UPDATE: "Updated interview: {title} for {job}, {short}",
    CANCEL: "Cancelled: {title} for {job}, {short}",
}


def candidate_copy(
    interview: Interview,
    *,
    kind: str,
    company: str,
    attendees: Iterable[Attendee],
    previous_start: datetime | None = None,
    previous_end: datetime | None = None,
) -> Copy:
    """The candidate's email, times in the interview's own zone. Neither the words nor the
    event hold anything meant for interviewers only (their notes, the cancellation reason)."""
    zone, candidate = interview.time_zone, interview.application.candidate
    words = _words(interview, zone, company=company)
    greeting = f"Hello {candidate.first_name or candidate_name(interview)},"
    lines = [greeting, "", _CANDIDATE_OPENING[kind].format(**words), ""]
    if kind == CANCEL:
        lines.append(f"It was to be: {when(interview.start_at, interview.end_at, zone)}")
    else:
        lines += _time_lines(interview, zone, previous_start, previous_end)
        if interview.notes_for_candidate:
            lines += ["", interview.notes_for_candidate]
        lines += ["", "The invitation is attached: add it to your calendar."]
    return Copy(
        subject=_CANDIDATE_SUBJECT[kind].format(**words),
        text_body="\n".join(lines) + "\n",
        event=candidate_event(interview, company=company, attendees=attendees),
        method=METHODS[kind],
    )


_INTERVIEWER_OPENING = {
    INVITE: "You are on the panel of an interview with {candidate} for {job}.",
    UPDATE: "The interview with {candidate} for {job} has changed.",
    CANCEL: "The interview with {candidate} for {job} has been cancelled.",
    REMOVED: "You are no longer on the panel of the interview with {candidate} for {job}.",
}
_INTERVIEWER_SUBJECT = {
    INVITE: "Interview: {title} with {candidate}, {short}",
    UPDATE: "Updated interview: {title} with {candidate}, {short}",
    CANCEL: "Cancelled interview: {title} with {candidate}, {short}",
    REMOVED: "Removed from interview: {title} with {candidate}, {short}",
}


def interviewer_copy(
    interview: Interview,
    user,
    *,
    kind: str,
    interviewers: Iterable[Attendee],
    candidate: Attendee | None,
    previous_start: datetime | None = None,
    previous_end: datetime | None = None,
) -> Copy:
    """An interviewer's email, times in their own zone (user.time_zone). Under blind review
    the candidate is an alias, and is left off the attendees (their name and address)."""
    zone, blind = user.time_zone or "UTC", is_blind(interview, user)
    attendees = [*interviewers, *([candidate] if candidate and not blind else [])]
    words = _words(interview, zone, blind)
    lines = [f"Hello {user.get_short_name()},", "", _INTERVIEWER_OPENING[kind].format(**words), ""]
    if kind in (CANCEL, REMOVED):
        lines.append(f"It was to be: {when(interview.start_at, interview.end_at, zone)}")
        if kind == CANCEL and interview.cancellation_reason:
            lines.append(f"Reason: {interview.cancellation_reason}")
    else:
        lines += _time_lines(interview, zone, previous_start, previous_end)
        lines.append(f"Interviewers: {_panel(interview)}")
        if interview.notes_for_interviewers:
            lines += ["", "Notes for interviewers:", interview.notes_for_interviewers]
        lines += ["", *link_lines(interview)]
    return Copy(
        subject=_INTERVIEWER_SUBJECT[kind].format(**words),
        text_body="\n".join(lines) + "\n",
        event=interviewer_event(interview, attendees=attendees, blind=blind),
        method=METHODS[kind],
    )


# --- The feed --------------------------------------------------------------------------------


def feed_document(*, user, interviews: list[Interview]) -> bytes:
    """An interviewer's subscribable calendar (METHOD:PUBLISH) of `interviews`; cancelled ones
    are marked CANCELLED so subscribed calendars drop them. DTSTAMP is the newest change, so
    the same interviews give the same bytes."""
    events = [
        interviewer_event(
            interview, attendees=(), blind=is_blind(interview, user), organizer_fallback=user
        )
        for interview in interviews
    ]
    changes = [interview.updated_at for interview in interviews]
    name = f"Interviews of {user.get_full_name()}"
    return feed(events, name=name, dtstamp=max(changes) if changes else None)
