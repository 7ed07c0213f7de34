"""Shared helpers of the self-scheduling tests: dates in Europe/Berlin some days ahead, a job
whose hiring team has the interviewers, offering times, and the candidate's link."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from ats.models import Availability, SchedulingRequest
from ats.selectors.self_scheduling import scheduling_token
from ats.services.self_scheduling import scheduling_request_create
from recruit.accounts.roles import Role
from tests.factories import ApplicationFactory, JobFactory, UserFactory

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware wall-clock time in Berlin."""
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def monday_ahead(weeks: int = 1) -> date:
    """A Monday at least three days ahead (in Berlin), `weeks` - 1 weeks after the first one."""
    today = timezone.now().astimezone(BERLIN).date() + timedelta(days=3)
    return today + timedelta(days=(7 - today.weekday()) % 7 + 7 * (weeks - 1))


def next_dst_change(
    zone: ZoneInfo = BERLIN, *, after_days: int = 8, forward: bool | None = None
) -> date:
    """The first day, more than `after_days` ahead, on which the zone's offset changes (the
    Sunday the clocks go forward or back in Berlin); only forward (spring) or back (autumn)
    ones with `forward`."""
    day = timezone.now().astimezone(zone).date() + timedelta(days=after_days)
    while True:
        before = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone).utcoffset()
        after = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
        if after != before and forward in (None, after > before):
            return day
        day += timedelta(days=1)


def interviewer(name: str):
    return UserFactory(full_name=name, roles=[Role.INTERVIEWER], time_zone="Europe/Berlin")


def application_with_team(*interviewers, **job_fields):
    """An active application for a job whose hiring team has the interviewers."""
    job = JobFactory(team=[(person, "interviewer") for person in interviewers], **job_fields)
    return ApplicationFactory(job=job)


def weekly(user, weekday: int, start: int, end: int, zone: str = "Europe/Berlin") -> Availability:
    return Availability.objects.create(
        user=user, weekday=weekday, start_time=time(start), end_time=time(end), time_zone=zone
    )


def offer(application, actor, interviewers, times, **options) -> SchedulingRequest:
    """Offer hand-picked (start, end) times, in Berlin, without emailing the link."""
    options.setdefault("time_zone", "Europe/Berlin")
    options.setdefault("send_email", False)
    options.setdefault("duration_minutes", 60)
    return scheduling_request_create(
        application=application, interviewers=interviewers, slots=times, actor=actor, **options
    )


def hours(day: date, *starts: int, length: int = 60) -> list[tuple[datetime, datetime]]:
    """Times on `day` in Berlin starting at the given hours."""
    return [
        (berlin(day, start), berlin(day, start) + timedelta(minutes=length)) for start in starts
    ]


def link(scheduling_request: SchedulingRequest, action: str = "") -> str:
    path = f"/careers/schedule/{scheduling_token(scheduling_request)}/"
    return f"{path}{action}/" if action else path
