"""Self-scheduling: the recruiting team offers a candidate times for an interview (picked by
hand, or generated from the interviewers' weekly availability minus their interviews), the
candidate gets a signed link by email, picks a time, and later moves or cancels it up to
SELF_SCHEDULE_NOTICE_HOURS before it starts.

Booking is atomic. Each booking locks its request's row and the slot's row (SELECT ... FOR
UPDATE), then schedules through interview_schedule, which takes a lock per interviewer and checks
their calendars again: two tabs, or two candidates offered the same interviewer at the same
time, can never both get it. The unique constraints on Slot (an interview in one slot, one booked
slot per request) are the last line of defence.

The candidate has no account: what they do is done on behalf of the person who offered the
times (they organise the interview; interview_* services want a member of the recruiting team),
and written on the timeline as the candidate's own doing, with no actor."""

import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ats.models import (
    Application,
    Availability,
    CareersSite,
    Interview,
    InterviewParticipant,
    InterviewStep,
    JobMember,
    SchedulingRequest,
    Slot,
)
from ats.selectors.interviews import interview_clashes
from ats.selectors.self_scheduling import (
    PageState,
    availability_slots,
    change_deadline,
    is_time_zone_name,
    scheduling_url,
)

# The checks scheduling an interview makes, shared so that an offer is refused for the same
# reasons (and in the same words) as the interview it would become.
from ats.services.interviews import (
    InterviewClash,
    _checked_interviewers,
    _checked_place,
    _require_recruiting_team,
    interview_cancel,
    interview_reschedule,
    interview_schedule,
)
from recruit.accounts.models import User
from recruit.accounts.permissions import is_recruiting_team
from recruit.accounts.timezones import format_in_zone, wall_clock_to_utc
from recruit.candidates.services import activity_record
from recruit.messaging.merge import register_merge_fields
from recruit.messaging.models import EmailTemplate, OutboundEmail
from recruit.messaging.services import email_render_and_queue, merge_context

logger = logging.getLogger(__name__)

INVITE_PURPOSE = "interview-self-schedule"  # the email template (ats migration 0010)
MAX_SLOTS = 200  # offered at once: more is no choice but a haystack
MAX_DAYS = 60  # how far ahead times are generated
MAX_DURATION_MINUTES = 8 * 60
DEFAULT_DURATION_MINUTES = 60
REASON_MAX = 1000
Response = InterviewParticipant.Response

register_merge_fields(
    ["schedule.url", "schedule.expires", "schedule.notice", "interview.title",
     "interview.duration"]
)  # fmt: skip


class SchedulingClosed(ValidationError):
    """The link no longer does what was asked (`state`, a PageState, says what it shows
    instead): expired, withdrawn, already booked, too close to the interview to change it..."""

    def __init__(self, message: str, *, state: str):
        self.state = state
        super().__init__(message, code=state)


class SlotTaken(ValidationError):
    """That time was just taken (another tab, or an interviewer booked meanwhile) or has begun."""

    def __init__(self, message: str = "That time was just taken. Please pick another one."):
        super().__init__(message, code="slot_taken")


# Weekly availability ----------------------------------------------------------------------------


def _checked_zone(name: str) -> str:
    if not is_time_zone_name(name):
        raise ValidationError(
            f"“{name}” is not a known time zone; use a name like Europe/Berlin.",
            code="unknown_time_zone",
        )
    return name


def availability_add(
    *, user: User, weekday: int, start: time, end: time, time_zone: str, actor
) -> Availability:
    """Add a weekly window to a person's availability (they, or the recruiting team, may)."""
    if not (getattr(actor, "pk", None) == user.pk or is_recruiting_team(actor)):
        raise PermissionDenied("Only the person themselves or the recruiting team set this.")
    _checked_zone(time_zone)
    if weekday not in Availability.Weekday.values:
        raise ValidationError("Pick a day of the week.", code="invalid_weekday")
    if end <= start:
        raise ValidationError("The time must end after it starts.", code="end_before_start")
    return Availability.objects.create(
        user=user, weekday=weekday, start_time=start, end_time=end, time_zone=time_zone
    )


def availability_remove(*, availability: Availability, actor) -> None:
    if not (getattr(actor, "pk", None) == availability.user_id or is_recruiting_team(actor)):
        raise PermissionDenied("Only the person themselves or the recruiting team set this.")
    availability.delete()


# Offering times ---------------------------------------------------------------------------------


def _when(value: datetime, zone: str) -> str:
    return format_in_zone(value, zone, "D j M Y, H:i T")


def _checked_slots(
    slots: Iterable[tuple[datetime, datetime]], zone: str, now: datetime
) -> list[tuple[datetime, datetime]]:
    """Hand-picked times in UTC, earliest first (naive ones are wall-clock times in `zone`)."""
    checked = []
    for start, end in slots:
        try:
            start, end = wall_clock_to_utc(start, zone), wall_clock_to_utc(end, zone)
        except ValueError as skipped:
            raise ValidationError(str(skipped), code="nonexistent_time") from None
        if end <= start:
            raise ValidationError(
                f"The time starting {_when(start, zone)} must end after it starts.",
                code="end_before_start",
            )
        if start <= now:
            raise ValidationError(
                f"{_when(start, zone)} is in the past; offer only times to come.",
                code="start_in_past",
            )
        checked.append((start, end))
    checked.sort()
    for (first_start, first_end), (second_start, _) in pairwise(checked):
        if second_start < first_end:
            raise ValidationError(
                f"The times {_when(first_start, zone)} and {_when(second_start, zone)} overlap; "
                "offer each time once.",
                code="overlapping_slots",
            )
    return checked


def _refuse_busy_slots(
    people: list[User], slots: list[tuple[datetime, datetime]], zone: str
) -> None:
    """An offered time an interviewer already has an interview at could never be booked."""
    ids = {user.pk for user in people}
    clashes = list(interview_clashes(interviewers=people, start=slots[0][0], end=slots[-1][1]))
    problems = []
    for start, end in slots:
        busy = sorted({
            str(participant.user)
            for other in clashes if other.start_at < end and start < other.end_at
            for participant in other.participants.all()
            if participant.user_id in ids and participant.response_status != Response.DECLINED
        })  # fmt: skip
        if busy:
            problems.append(f"{', '.join(busy)} already interviewing at {_when(start, zone)}")
    if problems:
        raise ValidationError(
            [ValidationError(f"{problem}.", code="slot_clash") for problem in problems]
        )


def _generated_slots(
    people: list[User], duration: timedelta, days: int, now: datetime
) -> list[tuple[datetime, datetime]]:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            f"Generate times for 1 to {MAX_DAYS} days ahead.", code="invalid_days"
        )
    slots = availability_slots(interviewers=people, duration=duration, days=days, start=now)
    if not slots:
        raise ValidationError(
            "The interviewers have no free time in common then: check their availability, or "
            "pick times by hand.",
            code="no_free_time",
        )
    return slots[:MAX_SLOTS]  # the earliest: a candidate picks among the first ones anyway


def _checked_duration(duration_minutes: int | None, step: InterviewStep | None) -> int:
    minutes = duration_minutes or (step.duration_minutes if step else DEFAULT_DURATION_MINUTES)
    if not 0 < minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            f"An interview lasts 1 to {MAX_DURATION_MINUTES} minutes.", code="invalid_duration"
        )
    return minutes


def _active_application(application: Application) -> Application:
    application = Application.objects.select_related("candidate", "job").get(pk=application.pk)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(
            f"This application is {application.get_status_display().lower()}; reopen it first.",
            code="application_closed",
        )
    return application


@transaction.atomic
def scheduling_request_create(
    *,
    application: Application,
    interviewers: Iterable[User],
    time_zone: str,
    actor,
    slots: Iterable[tuple[datetime, datetime]] | None = None,
    from_availability_days: int | None = None,
    duration_minutes: int | None = None,
    step: InterviewStep | None = None,
    title: str = "",
    location: str = "",
    video_url: str = "",
    notes_for_interviewers: str = "",
    notes_for_candidate: str = "",
    expires_at: datetime | None = None,
    send_email: bool = True,
    now: datetime | None = None,
) -> SchedulingRequest:
    """Offer the candidate of `application` times for an interview with `interviewers` (all
    on the job's hiring team): `slots` as (start, end) pairs, aware or wall-clock times in
    `time_zone`, or `from_availability_days`: the times of `duration_minutes` (default: the
    step's) in that many days ahead when every interviewer is available and free. The link
    stops booking at `expires_at` (default: when the last time begins). With `send_email`,
    the candidate gets the link by email (suppression applies). Raises PermissionDenied
    outside the recruiting team and ValidationError for bad input."""
    _require_recruiting_team(actor)
    now = now or timezone.now()
    application = _active_application(application)
    if step is not None and step.stage.job_id != application.job_id:
        raise ValidationError("That interview step belongs to another job.", code="wrong_step")
    _checked_zone(time_zone)
    minutes = _checked_duration(duration_minutes, step)
    location, video_url = _checked_place(location, video_url)
    people = _checked_interviewers(interviewers, application)
    if (slots is None) == (from_availability_days is None):
        raise ValidationError(
            "Offer times picked by hand or generated from availability (one of the two).",
            code="no_slots",
        )
    if slots is not None:
        times = _checked_slots(slots, time_zone, now)
        if not times:
            raise ValidationError("Offer at least one time.", code="no_slots")
        if len(times) > MAX_SLOTS:
            raise ValidationError(f"Offer at most {MAX_SLOTS} times.", code="too_many_slots")
        _refuse_busy_slots(people, times, time_zone)
    else:
        times = _generated_slots(people, timedelta(minutes=minutes), from_availability_days, now)
    expires_at = expires_at or times[-1][0]
    if expires_at <= now:
        raise ValidationError("The offer must stay open for a while.", code="expires_in_past")
    request = SchedulingRequest.objects.create(
        application=application,
        step=step,
        title=(title or "").strip() or (step.name if step else "Interview"),
        duration_minutes=minutes,
        time_zone=time_zone,
        location=location,
        video_url=video_url,
        notes_for_interviewers=notes_for_interviewers.strip(),
        notes_for_candidate=notes_for_candidate.strip(),
        created_by=actor,
        expires_at=expires_at,
    )
    request.interviewers.set(people)
    Slot.objects.bulk_create(Slot(request=request, start_at=s, end_at=e) for s, e in times)
    _record(request, "interview.times_offered", actor, times=len(times),
            first=times[0][0].isoformat(), last=times[-1][0].isoformat(),
            interviewers=[str(user) for user in people])  # fmt: skip
    if send_email:
        scheduling_link_send(scheduling_request=request, actor=actor)
    return request


def scheduling_link_send(*, scheduling_request: SchedulingRequest, actor) -> OutboundEmail | None:
    """Email the candidate their link (again). None when there is no address or no email
    template; a suppressed address is logged as such by the email pipe and not sent to."""
    _require_recruiting_team(actor)
    request = scheduling_request
    candidate = request.application.candidate
    template = EmailTemplate.objects.filter(purpose=INVITE_PURPOSE).first()
    if template is None or not candidate.email:
        logger.warning("No %r email template (or no address); link not sent", INVITE_PURPOSE)
        return None
    hours = settings.SELF_SCHEDULE_NOTICE_HOURS
    return email_render_and_queue(
        template=template,
        to=candidate.email,
        candidate=candidate,
        about=request,
        actor=actor,
        context=merge_context(
            candidate=candidate,
            company={"name": CareersSite.load().company_name},
            job={"title": request.application.job.title},
            interview={"title": request.title, "duration": f"{request.duration_minutes} minutes"},
            schedule={
                "url": scheduling_url(request),
                "expires": _when(request.expires_at, request.time_zone),
                "notice": f"{hours} hour{'s' if hours != 1 else ''}",
            },
        ),
    )


@transaction.atomic
def scheduling_request_withdraw(
    *, scheduling_request: SchedulingRequest, actor
) -> SchedulingRequest:
    """Take the offer back: the link books nothing more. A booked interview is rescheduled or
    cancelled as an interview, not here."""
    _require_recruiting_team(actor)
    request = _locked(scheduling_request)
    if request.interview is not None and request.interview.status == Interview.Status.SCHEDULED:
        raise ValidationError(
            "The candidate has booked a time: reschedule or cancel the interview instead.",
            code="booked",
        )
    if request.withdrawn_at is None:
        request.withdrawn_at = timezone.now()
        request.save(update_fields=["withdrawn_at"])
        _record(request, "interview.times_withdrawn", actor)
    return request


# The candidate's link ---------------------------------------------------------------------------


def _locked(scheduling_request: SchedulingRequest) -> SchedulingRequest:
    """The request, its row locked until the transaction ends (bookings of one request queue
    here), loaded fresh with what the checks need."""
    SchedulingRequest.objects.select_for_update().filter(pk=scheduling_request.pk).values_list(
        "pk"
    ).get()
    return (
        SchedulingRequest.objects.select_related(
            "application__candidate", "application__job", "interview", "created_by", "step"
        )
        .prefetch_related("interviewers")
        .get(pk=scheduling_request.pk)
    )


def _locked_slot(request: SchedulingRequest, slot_id: int) -> Slot:
    slot = Slot.objects.select_for_update().filter(request=request, pk=slot_id).first()
    if slot is None:
        raise ValidationError("That is not one of the times offered.", code="unknown_slot")
    return slot


def _require_bookable(request: SchedulingRequest, now: datetime) -> None:
    interview = request.interview
    if interview is not None:
        if interview.status == Interview.Status.CANCELLED:
            raise SchedulingClosed("This interview was cancelled.", state=PageState.CANCELLED)
        raise SchedulingClosed(
            f"You have already booked {_when(interview.start_at, request.time_zone)}.",
            state=PageState.BOOKED,
        )
    if request.withdrawn_at is not None:
        raise SchedulingClosed("These times are no longer offered.", state=PageState.WITHDRAWN)
    if request.application.status != Application.Status.ACTIVE:
        raise SchedulingClosed("This application is closed.", state=PageState.CLOSED)
    if request.expires_at <= now:
        raise SchedulingClosed("This link has expired.", state=PageState.EXPIRED)


def _require_changeable(request: SchedulingRequest, now: datetime) -> Interview:
    interview = request.interview
    if interview is None:
        raise SchedulingClosed("Nothing is booked yet.", state=PageState.OPEN)
    if interview.status == Interview.Status.CANCELLED:
        raise SchedulingClosed("This interview was cancelled.", state=PageState.CANCELLED)
    if interview.status != Interview.Status.SCHEDULED or interview.start_at <= now:
        raise SchedulingClosed("This interview has already begun.", state=PageState.HELD)
    if now >= change_deadline(interview):
        raise SchedulingClosed(
            f"The interview is less than {settings.SELF_SCHEDULE_NOTICE_HOURS} hours away: "
            "please contact us to change it.",
            state=PageState.BOOKED,
        )
    return interview


def _require_future(slot: Slot, now: datetime) -> None:
    if slot.start_at <= now:
        raise SlotTaken("That time has already begun. Please pick another one.")


def _organizer(request: SchedulingRequest) -> User:
    """Who the booking is made on behalf of: whoever offered the times, or, when they are no
    longer on the recruiting team, a recruiter or coordinator of the job's hiring team."""
    if is_recruiting_team(request.created_by):
        return request.created_by
    members = JobMember.objects.filter(
        job_id=request.application.job_id,
        role__in=[JobMember.Role.RECRUITER, JobMember.Role.COORDINATOR],
        user__is_active=True,
    ).select_related("user")
    for member in members.order_by("id"):
        if is_recruiting_team(member.user):
            return member.user
    logger.warning("Scheduling request %s has nobody to book on behalf of", request.pk)
    raise SchedulingClosed(
        "These times can no longer be booked online: please contact us.", state=PageState.CLOSED
    )


def _claim(slot: Slot, interview: Interview, request: SchedulingRequest) -> None:
    """Put the interview in the slot, freeing the slot it was in. A conditional update, and
    the unique constraints behind it: a slot someone else holds stays theirs."""
    try:
        with transaction.atomic():
            Slot.objects.filter(request=request, interview=interview).update(interview=None)
            claimed = Slot.objects.filter(pk=slot.pk, interview__isnull=True).update(
                interview=interview
            )
    except IntegrityError:
        claimed = 0
    if not claimed:
        raise SlotTaken()


def _not_for_the_candidate(error: Exception, request: SchedulingRequest) -> SchedulingClosed:
    """What the scheduling service refused (an interviewer left the team, the application
    closed) is the team's business: the candidate hears only that it cannot be done online."""
    logger.warning("Self-scheduling of request %s refused: %s", request.pk, error)
    return SchedulingClosed(
        "This time can no longer be booked online: please contact us.", state=PageState.CLOSED
    )


def _interview_details(request: SchedulingRequest) -> dict:
    return {
        "application": request.application,
        "step": request.step,
        "interviewers": list(request.interviewers.all()),
        "time_zone": request.time_zone,
        "location": request.location,
        "video_url": request.video_url,
        "notes_for_interviewers": request.notes_for_interviewers,
        "notes_for_candidate": request.notes_for_candidate,
        "title": request.title,
    }


@transaction.atomic
def slot_book(
    *, scheduling_request: SchedulingRequest, slot_id: int, now: datetime | None = None
) -> Interview:
    """The candidate books one of the offered times: the interview is scheduled (invites and
    reminders follow its signal). Raises SlotTaken when the time was just taken or an
    interviewer got busy meanwhile, SchedulingClosed when the link books nothing any more."""
    now = now or timezone.now()
    request = _locked(scheduling_request)
    slot = _locked_slot(request, slot_id)
    if slot.interview_id is not None:
        raise SlotTaken()
    _require_bookable(request, now)
    _require_future(slot, now)
    organizer = _organizer(request)
    try:
        interview = interview_schedule(
            **_interview_details(request), start=slot.start_at, end=slot.end_at, actor=organizer
        )
    except InterviewClash as clash:
        raise SlotTaken() from clash
    except (ValidationError, PermissionDenied) as error:
        raise _not_for_the_candidate(error, request) from error
    _claim(slot, interview, request)
    request.interview = interview
    request.save(update_fields=["interview"])
    _record(request, "interview.self_scheduled", None, interview_id=interview.pk,
            start=interview.start_at.isoformat(), end=interview.end_at.isoformat())  # fmt: skip
    return interview


@transaction.atomic
def booking_reschedule(
    *, scheduling_request: SchedulingRequest, slot_id: int, now: datetime | None = None
) -> Interview:
    """The candidate moves their booked interview to another offered time, up to the notice
    period before it (same UID, higher SEQUENCE: calendars update the event)."""
    now = now or timezone.now()
    request = _locked(scheduling_request)
    slot = _locked_slot(request, slot_id)
    interview = _require_changeable(request, now)
    if slot.interview_id == interview.pk:
        raise ValidationError("That is the time you have already.", code="same_slot")
    if slot.interview_id is not None:
        raise SlotTaken()
    _require_future(slot, now)
    organizer = _organizer(request)
    previous = interview.start_at
    try:
        interview = interview_reschedule(
            interview=interview,
            start=slot.start_at,
            end=slot.end_at,
            time_zone=interview.time_zone,
            actor=organizer,
        )
    except InterviewClash as clash:
        raise SlotTaken() from clash
    except (ValidationError, PermissionDenied) as error:
        raise _not_for_the_candidate(error, request) from error
    _claim(slot, interview, request)
    _record(request, "interview.self_rescheduled", None, interview_id=interview.pk,
            previous_start=previous.isoformat(), start=interview.start_at.isoformat())  # fmt: skip
    return interview


@transaction.atomic
def booking_cancel(
    *, scheduling_request: SchedulingRequest, reason: str = "", now: datetime | None = None
) -> Interview:
    """The candidate cancels their booked interview, up to the notice period before it."""
    now = now or timezone.now()
    request = _locked(scheduling_request)
    interview = _require_changeable(request, now)
    reason = " ".join((reason or "").split())[:REASON_MAX]
    organizer = _organizer(request)
    said = f"Cancelled by the candidate: {reason}" if reason else "Cancelled by the candidate."
    try:
        interview = interview_cancel(interview=interview, actor=organizer, reason=said)
    except (ValidationError, PermissionDenied) as error:
        raise _not_for_the_candidate(error, request) from error
    _record(request, "interview.self_cancelled", None, interview_id=interview.pk, reason=reason)
    return interview


def _record(request: SchedulingRequest, verb: str, actor, **details) -> None:
    application = request.application
    activity_record(
        candidate=application.candidate,
        verb=verb,
        actor=actor,
        subject=request,
        details={
            "name": request.title,
            "job": application.job.title,
            "job_id": application.job_id,
            "application_id": application.pk,
            "scheduling_request_id": request.pk,
            **details,
        },
    )
