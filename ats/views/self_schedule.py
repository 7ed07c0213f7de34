"""The candidate's self-scheduling page, reached by the signed link in their email (no login):
the offered times in their own time zone to pick one; once booked, the interview with buttons to
move or cancel it until SELF_SCHEDULE_NOTICE_HOURS before it; otherwise a page saying plainly
why the link books nothing any more. A forged link is a 404."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ats.models import SchedulingRequest
from ats.selectors.self_scheduling import (
    PageState,
    SchedulingLinkInvalid,
    is_time_zone_name,
    scheduling_page,
    scheduling_request_from_token,
    time_zone_names,
)
from ats.services.self_scheduling import (
    SchedulingClosed,
    SlotTaken,
    booking_cancel,
    booking_reschedule,
    slot_book,
)
from ats.views.careers import careers_site
from recruit.accounts.timezones import format_in_zone, in_zone

# A link that books nothing any more answers 410 Gone; the page still says why and what to do.
GONE = {PageState.EXPIRED, PageState.WITHDRAWN, PageState.CLOSED}


def _with_request(view):
    """Resolve the token to its scheduling request, or answer with the invalid-link page."""

    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        try:
            scheduling_request = scheduling_request_from_token(token)
        except SchedulingLinkInvalid:
            response = render(
                request, "ats/self_schedule/invalid.html", {"site": careers_site()}, status=404
            )
            response["Cache-Control"] = "no-store"
            return response
        return view(request, scheduling_request, token)

    wrapped.__name__ = view.__name__
    return login_not_required(wrapped)


def _viewer_zone(request: HttpRequest, scheduling_request: SchedulingRequest) -> str:
    """The zone the visitor asked for (?tz=, or the forms' tz field), else the request's."""
    asked = (request.POST.get("tz") or request.GET.get("tz") or "").strip()[:64]
    return asked if is_time_zone_name(asked) else scheduling_request.time_zone


def _days(slots, zone: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """The slots grouped by day in `zone`: [("Monday 7 December 2026", [(id, "09:00-10:00 CET")])],
    the days in order."""
    days: dict = {}
    for slot in slots:
        day = in_zone(slot.start_at, zone).date()
        # The zone's abbreviation on each time: across a DST change it tells which side a time
        # is on (CET, CEST).
        start, end = (
            format_in_zone(slot.start_at, zone, "H:i"),
            format_in_zone(slot.end_at, zone, "H:i T"),
        )
        label = f"{start}\u2013{end}"  # an en dash
        days.setdefault(day, (format_in_zone(slot.start_at, zone, "l j F Y"), []))[1].append(
            (slot.pk, label)
        )
    return [days[day] for day in sorted(days)]


def _render(
    request: HttpRequest,
    scheduling_request: SchedulingRequest,
    token: str,
    *,
    problem: str = "",
    status: int | None = None,
) -> HttpResponse:
    zone = _viewer_zone(request, scheduling_request)
    page = scheduling_page(scheduling_request=scheduling_request)
    zones = time_zone_names()
    context = {
        "site": careers_site(),
        "token": token,
        "page": page,
        "state": page.state,
        "request_": scheduling_request,
        "job": scheduling_request.application.job,
        "candidate": scheduling_request.application.candidate,
        "zone": zone,
        "when": _span(page.interview, zone) if page.interview else "",
        "change_until": _when(page.change_until, zone) if page.change_until else "",
        "zones": zones if zone in zones else (zone, *zones),
        "days": _days(page.slots, zone),
        "problem": problem,
        "notice_hours": settings.SELF_SCHEDULE_NOTICE_HOURS,
        "contact": scheduling_request.created_by,
    }  # fmt: skip
    if status is None:
        status = 410 if page.state in GONE else 200
    response = render(request, "ats/self_schedule/page.html", context, status=status)
    response["Cache-Control"] = "no-store"  # personal, and changes as others book
    return response


def _back(token: str, zone: str) -> HttpResponse:
    return redirect(f"{reverse('careers:schedule', args=[token])}?{urlencode({'tz': zone})}")


def _slot_id(request: HttpRequest) -> int | None:
    value = request.POST.get("slot", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _when(moment, zone: str) -> str:
    return format_in_zone(moment, zone, "l j F Y, H:i T")


def _span(interview, zone: str) -> str:
    start = format_in_zone(interview.start_at, zone, "l j F Y, H:i")
    return f"{start} to {format_in_zone(interview.end_at, zone, 'H:i T')}"


@require_GET
@_with_request
def schedule_page(request: HttpRequest, scheduling_request, token: str) -> HttpResponse:
    return _render(request, scheduling_request, token)


@require_POST
@_with_request
def book(request: HttpRequest, scheduling_request, token: str) -> HttpResponse:
    return _change(request, scheduling_request, token, moving=False)


@require_POST
@_with_request
def reschedule(request: HttpRequest, scheduling_request, token: str) -> HttpResponse:
    return _change(request, scheduling_request, token, moving=True)


def _change(request: HttpRequest, scheduling_request, token: str, *, moving: bool) -> HttpResponse:
    """Book a time, or move the booked interview to one (the same form and answers)."""
    zone = _viewer_zone(request, scheduling_request)
    slot_id = _slot_id(request)
    if slot_id is None:
        return _render(request, scheduling_request, token, problem="Please pick a time.",
                       status=400)  # fmt: skip
    service = booking_reschedule if moving else slot_book
    try:
        interview = service(scheduling_request=scheduling_request, slot_id=slot_id)
    except SlotTaken as taken:
        return _refused(request, scheduling_request, token, taken, status=409)
    except SchedulingClosed as closed:
        return _refused(request, scheduling_request, token, closed, status=409)
    except ValidationError as error:
        return _refused(request, scheduling_request, token, error, status=400)
    done = "moved to" if moving else "booked for"
    messages.success(request, f"Your interview is {done} {_when(interview.start_at, zone)}.")
    return _back(token, zone)


@require_POST
@_with_request
def cancel(request: HttpRequest, scheduling_request, token: str) -> HttpResponse:
    zone = _viewer_zone(request, scheduling_request)
    try:
        booking_cancel(scheduling_request=scheduling_request, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        return _refused(request, scheduling_request, token, error, status=409)
    messages.success(request, "Your interview is cancelled. We have let the interviewers know.")
    return _back(token, zone)


def _refused(request, scheduling_request, token: str, error: ValidationError, *, status: int):
    # Fresh from the database: the booking that just failed may have changed what is open.
    fresh = scheduling_request_from_token(token)
    return _render(request, fresh, token, problem=error.messages[0], status=status)
