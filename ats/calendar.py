"""Calendar invites for interviews: iTIP messages (RFC 5545 objects, RFC 5546 methods) built with
icalendar, the iMIP email that carries them, and the subscribable feed of an interviewer.

Plain functions over dataclasses: no models, no database. The caller (the interview services)
turns an Interview into one `CalendarEvent` per audience and picks the method.

Privacy: `CalendarEvent.description` has no default and nothing here adds notes of its own. The
caller builds one event per audience: the candidate's with the candidate's notes only, the
interviewers' with the interview kit and the interviewer-only notes. The same goes for the
attendee list, should the candidate not be meant to see the interviewers' addresses.

Time zones: DTSTART/DTEND are written as wall times with TZID=<the IANA name> and the calendar
carries a VTIMEZONE for that zone, generated from the zoneinfo database around the event (the
zone's transitions from about a year before to a year after it). Outlook reads only the TZID,
DTSTART, RRULE and offsets of a VTIMEZONE and approximates the zone with one yearly rule, so each
observance is written as Outlook and Google write it: a DTSTART and a yearly RRULE when the
transitions follow one ("last Sunday of March"), explicit RDATEs when they do not. The one wall
time a TZID cannot name (the second occurrence of a repeated hour when clocks go back) is written
in UTC instead, which every client reads as the same instant.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from email import encoders
from email.mime.base import MIMEBase
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.mail import EmailMultiAlternatives
from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
)

PRODID = "-//Recruit//Interviews//EN"
ROLES = frozenset({"REQ-PARTICIPANT", "OPT-PARTICIPANT", "CHAIR", "NON-PARTICIPANT"})
PARTSTATS = frozenset({"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})
STATUSES = frozenset({"CONFIRMED", "CANCELLED"})
METHODS = frozenset({"REQUEST", "CANCEL"})
ATTACHMENT_NAME = "invite.ics"

# Names that mean UTC itself: their times are written with the "Z" suffix and need no VTIMEZONE.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})
# Deliberately plain: an address goes into a mailto: URI, so no spaces, quotes, angle brackets,
# colons or semicolons, whatever a looser validator would let through.
_EMAIL = re.compile(r"[^@\s<>\"(),;:\\\[\]]+@[^@\s<>\"(),;:\\\[\]]+\.[^@\s<>\"(),;:\\\[\]]+")
_URL = re.compile(r"https?://[^\s<>\"]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True, kw_only=True)
class Attendee:
    """A person on the invite: the organizer, or one ATTENDEE (candidate or interviewer)."""

    name: str
    email: str
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"
    rsvp: bool = True

    def __post_init__(self):
        if not _EMAIL.fullmatch(self.email):
            raise ValueError(f"Not an email address a calendar can use: {self.email!r}.")
        if self.role not in ROLES:
            raise ValueError(f"Unknown attendee role {self.role!r}; one of {sorted(ROLES)}.")
        if self.partstat not in PARTSTATS:
            raise ValueError(f"Unknown PARTSTAT {self.partstat!r}; one of {sorted(PARTSTATS)}.")


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    """One interview as one audience sees it. `start` and `end` are aware datetimes (any zone:
    only the instant counts); `time_zone` is the IANA name the times are shown in."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    time_zone: str
    summary: str
    description: str  # per audience: the candidate's copy never gets interviewer-only notes
    organizer: Attendee
    attendees: Sequence[Attendee] = field(default_factory=tuple)
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"
    alarm_minutes_before: int | None = 15  # None: no VALARM
    created: datetime | None = None
    last_modified: datetime | None = None

    def __post_init__(self):
        object.__setattr__(self, "attendees", tuple(self.attendees))
        if not self.uid.strip() or _CONTROL.search(self.uid):
            raise ValueError("The UID must be non-empty text on one line.")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative.")
        for name in ("start", "end", "created", "last_modified"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime.")
        if self.end <= self.start:
            raise ValueError("The event must end after it starts.")
        zone_for(self.time_zone)
        if self.url and not _URL.fullmatch(self.url):
            raise ValueError(f"Not an http(s) URL: {self.url!r}.")
        if self.status not in STATUSES:
            raise ValueError(f"Unknown STATUS {self.status!r}; one of {sorted(STATUSES)}.")
        if self.alarm_minutes_before is not None and self.alarm_minutes_before < 0:
            raise ValueError("The alarm goes off before the event: minutes must be >= 0.")


def zone_for(name: str) -> ZoneInfo:
    """The zone of an IANA name, or a ValueError that says which name was wrong."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}.") from error


# --- The three documents -------------------------------------------------------------------------


def itip_request(event: CalendarEvent, *, dtstamp: datetime | None = None) -> bytes:
    """METHOD:REQUEST: the invitation, and every update of it (same UID, a higher SEQUENCE)."""
    if event.status == "CANCELLED":
        raise ValueError("A cancelled event is sent with itip_cancel, not as a REQUEST.")
    if not event.attendees:
        raise ValueError("A REQUEST needs at least one attendee (RFC 5546, 3.2.2).")
    return _document("REQUEST", [event], dtstamp=dtstamp)


def itip_cancel(event: CalendarEvent, *, dtstamp: datetime | None = None) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED for the whole event: the same UID, the SEQUENCE given
    (the caller raises it), every attendee listed (RFC 5546 wants all of them), no VALARM."""
    return _document("CANCEL", [event], dtstamp=dtstamp)


def feed(events: Iterable[CalendarEvent], *, name: str, dtstamp: datetime | None = None) -> bytes:
    """METHOD:PUBLISH: a subscribable calendar (an interviewer's private feed). Cancelled events
    stay in it with STATUS:CANCELLED so subscribed clients drop them. RFC 5546 forbids ATTENDEE in
    a PUBLISH, so attendees are left out: put who else is on the panel in the description.
    Pass a fixed `dtstamp` (e.g. the newest last_modified) for a byte-stable, cacheable feed."""
    events = sorted(events, key=lambda e: e.start)
    if len({event.uid for event in events}) != len(events):
        # Two VEVENTs with one UID would read as a recurring event and its exception.
        raise ValueError("Each event in a feed needs a UID of its own.")
    return _document("PUBLISH", events, dtstamp=dtstamp, name=name)


def invite_email(
    *,
    event: CalendarEvent,
    method: str,
    subject: str,
    text_body: str,
    html_body: str | None = None,
    from_email: str,
    to: list[str],
    reply_to: list[str] | None = None,
    dtstamp: datetime | None = None,
    calendar_part: bool = True,
) -> EmailMultiAlternatives:
    """The iMIP email (RFC 6047) for one audience, shaped as Google Calendar sends it:

        multipart/mixed
          multipart/alternative
            text/plain
            text/html                                  (when html_body is given)
            text/calendar; method=REQUEST; charset=utf-8
          application/ics; name="invite.ics"           (attachment, base64)

    Outlook looks for iMIP data only in the first child of multipart/mixed (MS-OXCMAIL); Gmail
    reads the text/calendar alternative; clients that ignore iMIP inside multipart/alternative
    still find the attachment. Both copies are the same bytes.

    `calendar_part=False` leaves out the text/calendar alternative (the attachment stays), for
    an ESP whose API cannot carry it: SMTP, Amazon SES (raw MIME) and SendGrid do; anymail's other
    backends (Mailgun, Postmark, SparkPost, Brevo, Mailjet, Resend, ...) raise
    AnymailUnsupportedFeature on a non-HTML alternative."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; one of {sorted(METHODS)}.")
    data = (
        itip_request(event, dtstamp=dtstamp)
        if method == "REQUEST"
        else itip_cancel(event, dtstamp=dtstamp)
    )
    message = EmailMultiAlternatives(
        subject=subject, body=text_body, from_email=from_email, to=to, reply_to=reply_to
    )
    if html_body is not None:
        message.attach_alternative(html_body, "text/html")
    if calendar_part:
        # Django appends the charset to a text/* part; the method parameter rides on the
        # subtype (and reaches the ESPs that take the alternative as a type string unchanged).
        message.attach_alternative(data.decode("utf-8"), f"text/calendar; method={method}")
    message.attach(_ics_attachment(data))
    return message


def _ics_attachment(data: bytes) -> MIMEBase:
    # base64 keeps the CRLF line ends of the iCalendar data exactly as written.
    part = MIMEBase("application", "ics", name=ATTACHMENT_NAME)
    part.set_payload(data)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=ATTACHMENT_NAME)
    return part


# --- Building ------------------------------------------------------------------------------------


def _document(
    method: str,
    events: Sequence[CalendarEvent],
    *,
    dtstamp: datetime | None,
    name: str | None = None,
) -> bytes:
    stamp = (dtstamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name is not None:
        calendar.add("name", name)  # RFC 7986
        calendar.add("x-wr-calname", name)  # what Apple, Google and Outlook read
        # How often subscribers should fetch it again (RFC 7986, and Outlook's older name).
        every_hour = vDuration(timedelta(hours=1))
        calendar.add("refresh-interval", every_hour, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")  # written as Outlook writes it, no VALUE
    windows: dict[str, list[datetime]] = defaultdict(list)
    vevents = []
    for event in events:
        vevent, zoned = _vevent(event, method=method, dtstamp=stamp)
        vevents.append(vevent)
        if zoned:
            windows[event.time_zone] += [event.start, event.end]
    # VTIMEZONEs first: some clients resolve a TZID only against a definition they have seen.
    for zone_name, instants in windows.items():
        calendar.add_component(vtimezone(zone_name, min(instants), max(instants)))
    for vevent in vevents:
        calendar.add_component(vevent)
    return calendar.to_ical()  # folded at 75 octets, CRLF line ends, RFC 5545 text escaping


def _vevent(event: CalendarEvent, *, method: str, dtstamp: datetime) -> tuple[Event, bool]:
    """The VEVENT, and whether a time in it refers to the event's zone by TZID."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", dtstamp)
    zoned = False
    for prop, instant in (("dtstart", event.start), ("dtend", event.end)):
        value, tzid = _wall_time(instant, event.time_zone)
        vevent.add(prop, value, parameters={"TZID": tzid} if tzid else None)
        zoned = zoned or tzid is not None
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    cancelled = method == "CANCEL" or event.status == "CANCELLED"
    vevent.add("status", "CANCELLED" if cancelled else event.status)
    vevent.add("transp", "OPAQUE")
    vevent.add("organizer", _address(event.organizer, attendee=False))
    if method != "PUBLISH":
        for attendee in event.attendees:
            vevent.add("attendee", _address(attendee, attendee=True))
    for prop, value in (("created", event.created), ("last-modified", event.last_modified)):
        if value is not None:
            vevent.add(prop, value.astimezone(UTC))
    # RFC 5546 forbids VALARM in a CANCEL; there is nothing left to be reminded of.
    if event.alarm_minutes_before is not None and not cancelled:
        vevent.add_component(_alarm(event))
    return vevent, zoned


def _wall_time(instant: datetime, zone_name: str) -> tuple[datetime, str | None]:
    """The value of DTSTART/DTEND and its TZID: the naive wall time in the zone, or the instant
    in UTC when the zone is UTC or the wall time would name another instant (a TZID time in a
    repeated hour means its first occurrence, RFC 5545 3.3.5)."""
    if zone_name in _UTC_NAMES:
        return instant.astimezone(UTC), None
    local = instant.astimezone(zone_for(zone_name))
    if local.replace(fold=0).astimezone(UTC) != instant.astimezone(UTC):
        return instant.astimezone(UTC), None
    return local.replace(tzinfo=None), zone_name


def _address(person: Attendee, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = display_name(person.name) or person.email
    if attendee:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = person.role
        address.params["PARTSTAT"] = person.partstat
        address.params["RSVP"] = "TRUE" if person.rsvp else "FALSE"
    return address


def display_name(name: str) -> str:
    """A name fit for a CN parameter in every client. A parameter value cannot hold a double
    quote or a line break; RFC 6868 encodes them, but few clients decode it (vobject, Outlook),
    so they become an apostrophe and a space."""
    return " ".join(_CONTROL.sub(" ", name).replace('"', "'").split())


def _alarm(event: CalendarEvent) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -timedelta(minutes=event.alarm_minutes_before))
    alarm.add("description", f"Reminder: {event.summary}")  # DISPLAY requires a DESCRIPTION
    return alarm


# --- VTIMEZONE from zoneinfo ---------------------------------------------------------------------

# More than a year each side, so a zone with daylight saving time shows both of its yearly
# transitions at least twice, which is what it takes to recognise a yearly rule.
_MARGIN = timedelta(days=400)
# How far back to look for the change that set the offset in force when the window starts.
_LOOKBACK = timedelta(days=3 * 365)
# Zones change offset at most twice a year, months apart: a step this short cannot hide a change.
_STEP = timedelta(hours=12)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Transition:
    at: datetime  # the UTC instant the new offset starts
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    tzname: str

    @property
    def onset(self) -> datetime:
        """RFC 5545 states an onset as the wall time in force just before it (in TZOFFSETFROM):
        02:00 for the spring change in New York, 03:00 for the autumn one."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def vtimezone(zone_name: str, first: datetime, last: datetime) -> Timezone:
    """A VTIMEZONE for the zone that is exact from about a year before `first` to a year after
    `last`, generated from the zoneinfo transitions in that window."""
    zone = zone_for(zone_name)
    start, end = first.astimezone(UTC) - _MARGIN, last.astimezone(UTC) + _MARGIN
    component = Timezone()
    component.add("tzid", zone_name)
    # The offset in force at the window's start comes from the last change before it.
    transitions = _transitions(zone, start - _LOOKBACK, end)
    earlier = [transition for transition in transitions if transition.at <= start]
    transitions = earlier[-1:] + transitions[len(earlier) :]
    if not transitions:  # a fixed offset in the window: one observance
        midnight = start.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        offset, name = midnight.utcoffset(), midnight.tzname() or ""
        is_dst = midnight.dst() > timedelta(0)
        fixed = _Transition(midnight.astimezone(UTC), offset, offset, is_dst, name)
        component.add_component(_observance([fixed], end=end))
        return component
    groups: dict[tuple, list[_Transition]] = defaultdict(list)
    for transition in transitions:
        key = (transition.offset_from, transition.offset_to, transition.is_dst, transition.tzname)
        groups[key].append(transition)
    for group in groups.values():
        component.add_component(_observance(group, end=end))
    return component


def _offset(zone: tzinfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset()


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[_Transition]:
    found = []
    here, before = start, _offset(zone, start)
    while here < end:
        there = min(here + _STEP, end)
        after = _offset(zone, there)
        if after != before:
            found.append(_pinpoint(zone, here, there))
        here, before = there, after
    return found


def _pinpoint(zone: ZoneInfo, low: datetime, high: datetime) -> _Transition:
    """The exact second between `low` and `high` at which the offset changes (bisection)."""
    old = _offset(zone, low)
    low_s, high_s = int(low.timestamp()), int(high.timestamp())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if _offset(zone, datetime.fromtimestamp(middle, UTC)) == old:
            low_s = middle
        else:
            high_s = middle
    at = datetime.fromtimestamp(high_s, UTC)
    local, previous = at.astimezone(zone), (at - timedelta(seconds=1)).astimezone(zone)
    # zoneinfo follows the tz database's "negative DST" for Ireland and Morocco (winter GMT in
    # Dublin is dst() == -1 h). Calendars expect DAYLIGHT to be the time ahead of STANDARD, as
    # the tz database's own "rearguard" data writes it: entering a positive DST, or leaving a
    # negative one, is entering DAYLIGHT.
    is_dst = local.dst() > timedelta(0) or previous.dst() < timedelta(0)
    return _Transition(at, old, local.utcoffset(), is_dst, local.tzname() or "")


def _observance(group: list[_Transition], *, end: datetime):
    first = group[0]
    observance = TimezoneDaylight() if first.is_dst else TimezoneStandard()
    observance.add("tzname", first.tzname)
    observance.add("dtstart", first.onset)
    observance.add("tzoffsetfrom", first.offset_from)
    observance.add("tzoffsetto", first.offset_to)
    rule = _yearly_rule(group, end=end)
    if rule is not None:
        observance.add("rrule", rule)
    else:
        # One RDATE per onset: a comma-separated list is valid, but some readers (vobject) keep
        # only its first date.
        for transition in group[1:]:
            observance.add("rdate", transition.onset)
    return observance


def _yearly_rule(group: list[_Transition], *, end: datetime) -> dict | None:
    """The RRULE ("the last Sunday of March", "the 2nd Sunday of March") that yields exactly
    these onsets in consecutive years, or None. When the zone stops following the rule before
    the window ends (daylight saving time abolished), UNTIL stops the rule there too."""
    onsets = [transition.onset for transition in group]
    if len(onsets) < 2:
        return None
    first = onsets[0]
    same_slot = all(
        (o.month, o.weekday(), o.time()) == (first.month, first.weekday(), first.time())
        for o in onsets
    )
    consecutive = [o.year for o in onsets] == list(range(first.year, first.year + len(onsets)))
    if not (same_slot and consecutive):
        return None
    if all(_is_last_in_month(o.date()) for o in onsets):
        ordinal = -1
    elif len({_ordinal_in_month(o.date()) for o in onsets}) == 1:
        ordinal = _ordinal_in_month(first.date())
    else:
        return None
    weekday = _WEEKDAYS[first.weekday()]
    rule = {"FREQ": "YEARLY", "BYMONTH": first.month, "BYDAY": f"{ordinal}{weekday}"}
    following = _nth_weekday(first.year + len(onsets), first.month, first.weekday(), ordinal)
    following_at = datetime.combine(following, first.time(), UTC) - group[0].offset_from
    if following_at < end:
        rule["UNTIL"] = group[-1].at
    return rule


def _ordinal_in_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def _is_last_in_month(day: date) -> bool:
    return (day + timedelta(days=7)).month != day.month


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    if ordinal > 0:
        day = date(year, month, 1)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        return day + timedelta(weeks=ordinal - 1)
    after_month = date(year + month // 12, month % 12 + 1, 1)
    day = after_month - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)
