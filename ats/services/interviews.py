"""Interviews: the recruiting team schedules them for an application, with interviewers from the
job's hiring team, then reschedules or cancels them. Times are stored in UTC with the zone they
were scheduled in. Every change raises the interview's iCalendar SEQUENCE, writes an Activity on
the candidate's timeline, and sends its signal once the transaction commits (invites and
reminders subscribe to them)."""

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from ats import signals
from ats.models import Application, Interview, InterviewParticipant, InterviewStep, JobMember
from ats.selectors.interviews import interview_clashes
from recruit.accounts.models import User, acting_user, validate_time_zone
from recruit.accounts.permissions import is_recruiting_team
from recruit.accounts.timezones import format_in_zone, wall_clock_to_utc
from recruit.candidates.services import activity_record

Status = Interview.Status
LOCATION_MAX = Interview._meta.get_field("location").max_length
VIDEO_URL_MAX = Interview._meta.get_field("video_url").max_length
_web_address = URLValidator(schemes=["https", "http"])


class InterviewClash(ValidationError):
    """Some interviewers have another interview at that time. Nothing was saved; the form shows
    the messages and offers to schedule anyway (allow_clash=True). `clashes` holds
    (interviewer, other interview) pairs."""

    def __init__(self, clashes: list[tuple[User, Interview]], time_zone: str):
        self.clashes = clashes
        super().__init__(
            [ValidationError(_clash_message(user, other, time_zone), code="clash")
             for user, other in clashes]
        )  # fmt: skip


def _clash_message(user: User, other: Interview, time_zone: str) -> str:
    when = (
        f"{format_in_zone(other.start_at, time_zone, 'D j M, H:i')} to "
        f"{format_in_zone(other.end_at, time_zone, 'H:i T')}"
    )
    return (
        f"{user} already has an interview then: “{other.title}” with "
        f"{other.application.candidate}, {when}."
    )


def _require_recruiting_team(actor) -> None:
    if not is_recruiting_team(actor):
        raise PermissionDenied("Only recruiters and coordinators schedule interviews.")


def _checked_times(start: datetime, end: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """Start and end in UTC. Naive values are wall-clock times in `time_zone`."""
    try:
        validate_time_zone(time_zone)
    except ValidationError:
        raise ValidationError(
            f"“{time_zone}” is not a known time zone; use a name like Europe/Berlin.",
            code="unknown_time_zone",
        ) from None
    try:
        start, end = wall_clock_to_utc(start, time_zone), wall_clock_to_utc(end, time_zone)
    except ValueError as skipped:
        raise ValidationError(str(skipped), code="nonexistent_time") from None
    if end <= start:
        raise ValidationError("The interview must end after it starts.", code="end_before_start")
    if start < timezone.now():
        raise ValidationError("The interview cannot start in the past.", code="start_in_past")
    return start, end


def _checked_place(location: str, video_url: str) -> tuple[str, str]:
    location, video_url = (location or "").strip(), (video_url or "").strip()
    if len(location) > LOCATION_MAX:
        raise ValidationError(
            f"The location can be at most {LOCATION_MAX} characters.", code="location_too_long"
        )
    if video_url:
        try:
            _web_address(video_url)
        except ValidationError:
            raise ValidationError(
                "The video link must be a web address (https://…).", code="invalid_video_url"
            ) from None
        if len(video_url) > VIDEO_URL_MAX:
            raise ValidationError(
                f"The video link can be at most {VIDEO_URL_MAX} characters.",
                code="video_url_too_long",
            )
    return location, video_url


def _checked_interviewers(interviewers: Iterable[User], application: Application) -> list[User]:
    """The interviewers, once each, all active and on the job's hiring team."""
    people = list({user.pk: user for user in interviewers}.values())
    if not people:
        raise ValidationError("Choose at least one interviewer.", code="no_interviewers")
    inactive = [str(user) for user in people if not user.is_active]
    if inactive:
        raise ValidationError(
            f"No longer active: {', '.join(inactive)}.", code="inactive_interviewer"
        )
    on_team = set(
        JobMember.objects.filter(job_id=application.job_id, user__in=people).values_list(
            "user_id", flat=True
        )
    )
    outside = [str(user) for user in people if user.pk not in on_team]
    if outside:
        raise ValidationError(
            f"Not on the hiring team of {application.job}: {', '.join(outside)}. Add them to "
            "the team first.",
            code="not_on_team",
        )
    return people


def _lock_calendars(people: list[User]) -> None:
    """Serialise scheduling for the same interviewers (PostgreSQL), so that two coordinators
    booking one person at once cannot both miss the clash."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for user_id in sorted(user.pk for user in people):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"calendar:{user_id}"])


def _refuse_clashes(
    people: list[User], start: datetime, end: datetime, time_zone: str, exclude=None
) -> None:
    ids = {user.pk for user in people}
    clashes = [
        (participant.user, other)
        for other in interview_clashes(interviewers=people, start=start, end=end, exclude=exclude)
        for participant in other.participants.all()
        if participant.user_id in ids
        and participant.response_status != InterviewParticipant.Response.DECLINED
    ]
    if clashes:
        raise InterviewClash(clashes, time_zone)


def _send_on_commit(signal: Signal, **kwargs: Any) -> None:
    transaction.on_commit(partial(signal.send, sender=Interview, **kwargs))


def _record(interview: Interview, verb: str, actor, **details: Any) -> None:
    application = interview.application
    when = format_in_zone(interview.start_at, interview.time_zone)
    activity_record(
        candidate=application.candidate,
        verb=verb,
        actor=actor,
        subject=interview,
        details={
            "name": f"{interview.title}, {when}",
            "job": application.job.title,
            "job_id": application.job_id,
            "application_id": application.pk,
            "interview_id": interview.pk,
            "start": interview.start_at.isoformat(),
            "end": interview.end_at.isoformat(),
            "time_zone": interview.time_zone,
            **details,
        },
    )


def _names(people: Iterable[User]) -> list[str]:
    return [str(user) for user in people]


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    step: InterviewStep | None = None,
    interviewers: Iterable[User],
    start: datetime,
    end: datetime,
    time_zone: str,
    location: str = "",
    video_url: str = "",
    notes_for_interviewers: str = "",
    notes_for_candidate: str = "",
    title: str = "",
    actor,
    allow_clash: bool = False,
) -> Interview:
    """Schedule an interview of an active application. `start`/`end` are aware, or naive
    wall-clock times in `time_zone` (an IANA name). Raises PermissionDenied outside the
    recruiting team, ValidationError for bad input, and InterviewClash (a ValidationError)
    when an interviewer is busy then, unless `allow_clash`."""
    _require_recruiting_team(actor)
    application = Application.objects.select_related("candidate", "job").get(pk=application.pk)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(
            f"This application is {application.get_status_display().lower()}; reopen it first."
        )
    if step is not None and step.stage.job_id != application.job_id:
        raise ValidationError(
            "That interview step belongs to another job.", code="step_of_other_job"
        )
    start, end = _checked_times(start, end, time_zone)
    location, video_url = _checked_place(location, video_url)
    people = _checked_interviewers(interviewers, application)
    _lock_calendars(people)
    if not allow_clash:
        _refuse_clashes(people, start, end, time_zone)
    interview = Interview.objects.create(
        application=application,
        step=step,
        title=(title or "").strip() or (step.name if step else "Interview"),
        start_at=start,
        end_at=end,
        time_zone=time_zone,
        location=location,
        video_url=video_url,
        notes_for_interviewers=notes_for_interviewers.strip(),
        notes_for_candidate=notes_for_candidate.strip(),
        organizer=acting_user(actor),
    )
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user) for user in people
    )
    _record(interview, "interview.scheduled", actor, interviewers=_names(people))
    _send_on_commit(signals.interview_scheduled, interview=interview, actor=actor)
    return interview


def _locked(interview: Interview) -> Interview:
    Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk").get()
    return Interview.objects.select_related("application__candidate", "application__job").get(
        pk=interview.pk
    )


def _require_scheduled(interview: Interview, doing: str) -> None:
    if interview.status != Status.SCHEDULED:
        raise ValidationError(
            f"This interview is {interview.get_status_display().lower()}; it cannot be {doing}.",
            code="not_scheduled",
        )


def _bump(interview: Interview, *fields: str) -> None:
    """Save `fields` and raise SEQUENCE: calendars apply only an update with a higher one."""
    interview.sequence = F("sequence") + 1
    interview.save(update_fields=[*fields, "sequence", "updated_at"])
    interview.refresh_from_db(fields=["sequence"])


def _set_participants(interview: Interview, people: list[User], time_changed: bool):
    """Make the participants `people`. A new time asks everyone to answer again (iTIP resets
    PARTSTAT on a significant change). Returns (added, removed) users."""
    current = {p.user_id: p for p in interview.participants.select_related("user")}
    wanted = {user.pk: user for user in people}
    removed = [p.user for user_id, p in current.items() if user_id not in wanted]
    added = [user for user_id, user in wanted.items() if user_id not in current]
    interview.participants.filter(user__in=removed).delete()
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user) for user in added
    )
    if time_changed:
        interview.participants.update(
            response_status=InterviewParticipant.Response.NEEDS_ACTION, responded_at=None
        )
    return added, removed


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    start: datetime,
    end: datetime,
    time_zone: str,
    interviewers: Iterable[User] | None = None,
    location: str | None = None,
    video_url: str | None = None,
    notes_for_interviewers: str | None = None,
    notes_for_candidate: str | None = None,
    title: str | None = None,
    actor,
    allow_clash: bool = False,
) -> Interview:
    """Move a scheduled interview and/or change its details (None keeps a detail as it is;
    `interviewers` None keeps the participants). The same checks as scheduling; SEQUENCE + 1;
    the UID stays."""
    _require_recruiting_team(actor)
    interview = _locked(interview)
    _require_scheduled(interview, "rescheduled")
    start, end = _checked_times(start, end, time_zone)
    location, video_url = _checked_place(
        interview.location if location is None else location,
        interview.video_url if video_url is None else video_url,
    )
    if interviewers is None:
        interviewers = [p.user for p in interview.participants.select_related("user")]
    people = _checked_interviewers(interviewers, interview.application)
    _lock_calendars(people)
    if not allow_clash:
        _refuse_clashes(people, start, end, time_zone, exclude=interview)
    previous_start, previous_end = interview.start_at, interview.end_at
    time_changed = (start, end) != (previous_start, previous_end)
    interview.start_at, interview.end_at, interview.time_zone = start, end, time_zone
    interview.location, interview.video_url = location, video_url
    if notes_for_interviewers is not None:
        interview.notes_for_interviewers = notes_for_interviewers.strip()
    if notes_for_candidate is not None:
        interview.notes_for_candidate = notes_for_candidate.strip()
    if title is not None and title.strip():
        interview.title = title.strip()
    _bump(interview, "start_at", "end_at", "time_zone", "location", "video_url",
          "notes_for_interviewers", "notes_for_candidate", "title")  # fmt: skip
    added, removed = _set_participants(interview, people, time_changed)
    _record(interview, "interview.rescheduled", actor,
            previous_start=previous_start.isoformat(), previous_end=previous_end.isoformat(),
            interviewers=_names(people), added=_names(added), removed=_names(removed))  # fmt: skip
    _send_on_commit(
        signals.interview_rescheduled,
        interview=interview,
        actor=actor,
        previous_start=previous_start,
        previous_end=previous_end,
        added=added,
        removed=removed,
    )
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor, reason: str = "") -> Interview:
    """Cancel a scheduled interview (SEQUENCE + 1, so calendars take the cancellation)."""
    _require_recruiting_team(actor)
    interview = _locked(interview)
    _require_scheduled(interview, "cancelled")
    reason = (reason or "").strip()
    interview.status, interview.cancelled_at = Status.CANCELLED, timezone.now()
    interview.cancellation_reason = reason
    _bump(interview, "status", "cancelled_at", "cancellation_reason")
    _record(interview, "interview.cancelled", actor, reason=reason)
    _send_on_commit(signals.interview_cancelled, interview=interview, actor=actor, reason=reason)
    return interview
