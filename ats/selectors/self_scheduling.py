"""Reads of self-scheduling: the free times interviewers share (their weekly availability minus
their booked interviews), the signed link a candidate follows, and what that link's page shows:
the open slots, the booked interview, or why the link no longer books anything."""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, Availability, Interview, SchedulingRequest, Slot
from ats.selectors.interviews import interview_clashes
from recruit.accounts.models import User

SCHEDULE_LINK_SALT = "ats.self-schedule"
Interval = tuple[datetime, datetime]


# The signed link --------------------------------------------------------------------------------


class SchedulingLinkInvalid(Exception):
    """The link was not made by us (tampered with, cut short) or its request is gone."""


def scheduling_token(scheduling_request: SchedulingRequest) -> str:
    # Signed, not stored: the request's state (expiry, withdrawal, booking) decides what the
    # link still does, so a timestamp limit on the signature itself would add nothing.
    return signing.dumps(scheduling_request.pk, salt=SCHEDULE_LINK_SALT)


def scheduling_url(scheduling_request: SchedulingRequest) -> str:
    return settings.SITE_URL + reverse(
        "careers:schedule", args=[scheduling_token(scheduling_request)]
    )


def scheduling_request_from_token(token: str) -> SchedulingRequest:
    """The request a link is for, with its application, candidate, job, interview and
    interviewers. Raises SchedulingLinkInvalid for a forged link, a deleted request or an
    anonymised candidate."""
    try:
        pk = signing.loads(token, salt=SCHEDULE_LINK_SALT)
    except signing.BadSignature as error:
        raise SchedulingLinkInvalid("This link is not valid.") from error
    found = (
        SchedulingRequest.objects.filter(pk=pk, application__candidate__anonymised_at__isnull=True)
        .select_related("application__candidate", "application__job", "interview", "created_by")
        .prefetch_related(Prefetch("interviewers", queryset=User.objects.order_by("id")))
        .first()
    )
    if found is None:
        raise SchedulingLinkInvalid("This link is not valid.")
    return found


# Free time from weekly availability -------------------------------------------------------------


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with touching or overlapping intervals joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersected(first: list[Interval], second: list[Interval]) -> list[Interval]:
    """The times in both (each list sorted and merged)."""
    both, i, j = [], 0, 0
    while i < len(first) and j < len(second):
        start, end = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if start < end:
            both.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return both


def _days(start: date, end: date) -> Iterable[date]:
    while start <= end:
        yield start
        start += timedelta(days=1)


def _windows_in_utc(window: Availability, start: datetime, end: datetime) -> list[Interval]:
    """The dates of a weekly window between `start` and `end`, in UTC. Each date is converted
    on its own, so a DST change moves the window in UTC and keeps it on the wall clock."""
    zone = zoneinfo.ZoneInfo(window.time_zone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    return [
        (
            datetime.combine(day, window.start_time, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, window.end_time, tzinfo=zone).astimezone(UTC),
        )
        for day in _days(first, last)
        if day.weekday() == window.weekday
    ]


def shared_availability(
    *, interviewers: Iterable[User], start: datetime, end: datetime
) -> list[Interval]:
    """The times within [start, end) when every interviewer is available by their weekly
    availability (booked interviews not taken off), sorted. None for someone without any."""
    people = list(interviewers)
    if not people:
        return []
    windows: dict[int, list[Interval]] = {user.pk: [] for user in people}
    for window in Availability.objects.filter(user__in=people):
        windows[window.user_id].extend(_windows_in_utc(window, start, end))
    shared = [(start, end)]
    for intervals in windows.values():
        shared = _intersected(shared, _merged(intervals))
    return shared


def busy_times(
    *,
    interviewers: Iterable[User],
    start: datetime,
    end: datetime,
    exclude: Interview | None = None,
) -> list[Interval]:
    """When any of the interviewers has a scheduled interview within [start, end), merged."""
    clashes = interview_clashes(interviewers=interviewers, start=start, end=end, exclude=exclude)
    rows = clashes.prefetch_related(None).values_list("start_at", "end_at")
    return _merged(rows)


def _overlaps(busy: list[Interval], start: datetime, end: datetime) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in busy)


def availability_slots(
    *,
    interviewers: Iterable[User],
    duration: timedelta,
    days: int,
    start: datetime | None = None,
) -> list[Interval]:
    """Times of `duration` in the next `days` days (from `start`, default now) when all the
    interviewers are available and none of them has an interview: each shared window cut into
    consecutive pieces from its start (09:00, 10:00, 11:00 for an hour), less those an
    interview overlaps. Earliest first, in UTC."""
    people = list(interviewers)
    start = start or timezone.now()
    end = start + timedelta(days=days)
    busy = busy_times(interviewers=people, start=start, end=end)
    slots = []
    for window_start, window_end in shared_availability(interviewers=people, start=start, end=end):
        # The grid starts where the window starts on the clock, even if `start` cut it short.
        at = _window_grid_start(window_start, start, duration)
        while at + duration <= window_end:
            if not _overlaps(busy, at, at + duration):
                slots.append((at, at + duration))
            at += duration
    return slots


def _window_grid_start(window_start: datetime, start: datetime, duration: timedelta) -> datetime:
    """The first grid time of a window at or after `start` (the window may begin before it)."""
    if window_start >= start:
        return window_start
    steps = -(-(start - window_start) // duration)  # ceiling division
    return window_start + steps * duration


# The candidate's page ---------------------------------------------------------------------------


class PageState:
    OPEN = "open"  # times to pick from
    NO_TIMES = "no_times"  # not booked, but every offered time is gone
    BOOKED = "booked"  # an interview ahead
    HELD = "held"  # the booked interview has begun or ended
    CANCELLED = "cancelled"  # the booked interview was cancelled (by either side)
    EXPIRED = "expired"  # not booked in time
    WITHDRAWN = "withdrawn"  # the recruiter took the offer back
    CLOSED = "closed"  # the application is no longer active


@dataclass(frozen=True)
class SchedulingPage:
    request: SchedulingRequest
    state: str
    interview: Interview | None = None
    slots: list[Slot] = field(default_factory=list)  # open ones: to book, or to move to
    change_until: datetime | None = None  # the last moment to move or cancel it
    can_change: bool = False  # booked, and that moment is still ahead


def change_deadline(interview: Interview) -> datetime:
    """Until when the candidate may move or cancel the interview themselves."""
    return interview.start_at - timedelta(hours=settings.SELF_SCHEDULE_NOTICE_HOURS)


def open_slots(*, scheduling_request: SchedulingRequest, now: datetime | None = None) -> list[Slot]:
    """The request's slots still to be had: not booked, not begun, and no interviewer has
    another interview then (one booked through another request counts). Three queries."""
    now = now or timezone.now()
    slots = list(
        Slot.objects.filter(
            request=scheduling_request, interview__isnull=True, start_at__gt=now
        ).order_by("start_at", "id")
    )
    if not slots:
        return []
    busy = busy_times(
        interviewers=list(scheduling_request.interviewers.all()),
        start=slots[0].start_at,
        end=max(slot.end_at for slot in slots),
        exclude=scheduling_request.interview,
    )
    return [slot for slot in slots if not _overlaps(busy, slot.start_at, slot.end_at)]


def scheduling_page(
    *, scheduling_request: SchedulingRequest, now: datetime | None = None
) -> SchedulingPage:
    """What the candidate's link shows now."""
    now = now or timezone.now()
    request, interview = scheduling_request, scheduling_request.interview
    if interview is not None:
        if interview.status == Interview.Status.CANCELLED:
            return SchedulingPage(request, PageState.CANCELLED, interview)
        if interview.status == Interview.Status.COMPLETED or interview.start_at <= now:
            return SchedulingPage(request, PageState.HELD, interview)
        deadline = change_deadline(interview)
        if now >= deadline:
            return SchedulingPage(request, PageState.BOOKED, interview, [], deadline, False)
        slots = open_slots(scheduling_request=request, now=now)
        return SchedulingPage(request, PageState.BOOKED, interview, slots, deadline, True)
    if request.withdrawn_at is not None:
        return SchedulingPage(request, PageState.WITHDRAWN)
    if request.application.status != Application.Status.ACTIVE:
        return SchedulingPage(request, PageState.CLOSED)
    if request.expires_at <= now:
        return SchedulingPage(request, PageState.EXPIRED)
    slots = open_slots(scheduling_request=request, now=now)
    return SchedulingPage(request, PageState.OPEN if slots else PageState.NO_TIMES, None, slots)


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zone names a person may pick from, sorted (legacy aliases such as US/Eastern
    left out), then UTC."""
    names = (
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix", "right"))
    )
    return (*sorted(names), "UTC")


def is_time_zone_name(name: str) -> bool:
    return bool(name) and name in zoneinfo.available_timezones()
