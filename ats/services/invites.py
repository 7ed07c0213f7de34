"""Sending interview invitations: when an interview is scheduled, moved or cancelled, the
candidate and each interviewer get an email carrying the iTIP REQUEST or CANCEL (ats.invites
builds them), through the one email pipe (suppression, the outbound log, delivery after
commit), and the candidate's timeline says who was told what.

Called by the receivers of the interview signals, which are sent once the interview's
transaction has committed. Each function loads the interview afresh: the calendars get what is
true now, whatever the caller holds.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch

from ats import invites
from ats.calendar import invite_email
from ats.models import CareersSite, Interview, InterviewParticipant
from recruit.accounts.models import User
from recruit.accounts.timezones import format_in_zone
from recruit.candidates.services import activity_record
from recruit.messaging.models import EmailKind, OutboundEmail
from recruit.messaging.services import email_queue

VERBS = {
    invites.INVITE: "interview.invite_sent",
    invites.UPDATE: "interview.update_sent",
    invites.CANCEL: "interview.cancellation_sent",
}


def _loaded(interview: Interview) -> Interview | None:
    participants = InterviewParticipant.objects.select_related("user").order_by("id")
    return (
        Interview.objects.select_related(
            "application__candidate", "application__job", "application__stage", "organizer"
        )
        .prefetch_related(Prefetch("participants", queryset=participants))
        .filter(pk=interview.pk)
        .first()
    )


def _queue(copy: invites.Copy, *, to: str, interview: Interview, actor, dtstamp, **recipient):
    """Queue one copy: the MIME parts invite_email builds, carried by the email pipe."""
    organizer = interview.organizer
    message = invite_email(
        event=copy.event,
        method=copy.method,
        subject=copy.subject,
        text_body=copy.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        dtstamp=dtstamp,
        calendar_part=invites.calendar_part_supported(),
    )
    return email_queue(
        to=to,
        subject=message.subject,
        text_body=message.body,
        kind=EmailKind.TRANSACTIONAL,
        about=interview,
        # Answers and questions go to whoever scheduled it (none: a booking by the system).
        reply_to=organizer.email if organizer is not None and organizer.is_active else "",
        actor=actor,
        alternatives=[(content, mimetype) for content, mimetype in message.alternatives],
        attachments=[
            (part.get_filename(), part.get_payload(decode=True), part.get_content_type())
            for part in message.attachments
        ],
        **recipient,
    )


def _record(interview: Interview, kind: str, actor, emails: list[OutboundEmail], **more: Any):
    """The timeline entry: what went to how many people. The interviewer-only notes stay out."""
    candidate = interview.application.candidate
    candidate_emails = [email for email in emails if email.candidate_id is not None]
    activity_record(
        candidate=candidate,
        verb=VERBS[kind],
        actor=actor,
        subject=interview,
        details={
            "name": f"{interview.title}, {format_in_zone(interview.start_at, interview.time_zone)}",
            "job": interview.application.job.title,
            "job_id": interview.application.job_id,
            "application_id": interview.application_id,
            "interview_id": interview.pk,
            "method": invites.METHODS[kind],
            "sequence": interview.sequence,
            "recipients": sum(email.status == OutboundEmail.Status.QUEUED for email in emails),
            "interviewers": sum(email.user_id is not None for email in emails),
            "candidate": candidate_emails[0].status if candidate_emails else "no email address",
            **more,
        },
    )


def _send_to_all(interview: Interview, kind: str, actor, **when: Any) -> list[OutboundEmail]:
    """The candidate's copy and each active interviewer's, every ATTENDEE on both."""
    queue = partial(_queue, interview=interview, actor=actor, dtstamp=datetime.now(UTC))
    candidate = invites.candidate_attendee(interview)
    interviewers = invites.interviewer_attendees(interview)
    attendees = [*interviewers, *([candidate] if candidate else [])]
    emails = []
    if candidate is not None:
        company = CareersSite.load().company_name
        copy = invites.candidate_copy(
            interview, kind=kind, company=company, attendees=attendees, **when
        )
        emails.append(queue(copy, to=candidate.email, candidate=interview.application.candidate))
    for participant in interview.participants.all():
        user = participant.user
        if user.is_active:
            copy = invites.interviewer_copy(
                interview, user, kind=kind, interviewers=interviewers, candidate=candidate, **when
            )
            emails.append(queue(copy, to=user.email, user=user))
    return emails


@transaction.atomic
def interview_invite_send(*, interview: Interview, actor=None) -> list[OutboundEmail]:
    """Invite the candidate and the interviewers to a scheduled interview (METHOD:REQUEST)."""
    interview = _loaded(interview)
    if interview is None or interview.status != Interview.Status.SCHEDULED:
        return []
    emails = _send_to_all(interview, invites.INVITE, actor)
    _record(interview, invites.INVITE, actor, emails)
    return emails


@transaction.atomic
def interview_update_send(
    *,
    interview: Interview,
    actor=None,
    removed: Iterable[User] = (),
    previous_start: datetime | None = None,
    previous_end: datetime | None = None,
) -> list[OutboundEmail]:
    """After a reschedule: the updated REQUEST (same UID, the new SEQUENCE) to everyone still
    invited, and a CANCEL to the interviewers taken off it."""
    interview = _loaded(interview)
    if interview is None or interview.status != Interview.Status.SCHEDULED:
        return []  # cancelled meanwhile: the cancellation tells everyone
    emails = _send_to_all(
        interview, invites.UPDATE, actor, previous_start=previous_start, previous_end=previous_end
    )
    queue = partial(_queue, interview=interview, actor=actor, dtstamp=datetime.now(UTC))
    still_on = {participant.user_id for participant in interview.participants.all()}
    taken_off = [user for user in removed if user.pk not in still_on and user.is_active]
    for user in taken_off:
        # RFC 5546 3.2.5: the CANCEL to a removed attendee lists that attendee alone.
        attendee = invites.interviewer_attendee(user)
        copy = invites.interviewer_copy(
            interview,
            user,
            kind=invites.REMOVED,
            interviewers=[attendee] if attendee else [],
            candidate=None,
        )
        emails.append(queue(copy, to=user.email, user=user))
    _record(interview, invites.UPDATE, actor, emails, removed=len(taken_off))
    return emails


@transaction.atomic
def interview_cancellation_send(*, interview: Interview, actor=None) -> list[OutboundEmail]:
    """Tell the candidate and the interviewers that the interview is off (METHOD:CANCEL)."""
    interview = _loaded(interview)
    if interview is None or interview.status != Interview.Status.CANCELLED:
        return []
    emails = _send_to_all(interview, invites.CANCEL, actor)
    _record(interview, invites.CANCEL, actor, emails)
    return emails
