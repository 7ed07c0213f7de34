"""Calendar invites (ats.calendar): every document is read back by vobject, a parser written
independently of icalendar (its time zones come from dateutil reading our VTIMEZONE), and checked
field by field; icalendar's own parser is the second check. No database."""

import dataclasses
import email
import email.policy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from ats.calendar import (
    Attendee,
    CalendarEvent,
    display_name,
    feed,
    invite_email,
    itip_cancel,
    itip_request,
    vtimezone,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
STAMP = datetime(2026, 3, 1, 9, 0, 0, tzinfo=BERLIN)
HOSTILE_LOCATION = "Room 1; Floor 2, \\ North\nBuilding"
HOSTILE_SUMMARY = '<b>Technical</b> interview <script>alert("x")</script> & co; a, b'
HOSTILE_DESCRIPTION = "Line one\nLine two; with, commas \\ and a backslash\n\nÜnïcödé ✓ 日本語"
URL = "https://meet.example.com/abc-defg-hij?pwd=1;2,3"

ORGANIZER = Attendee(
    name="Cora Coordinator", email="cora@recruit.example", role="CHAIR", partstat="ACCEPTED"
)
CANDIDATE = Attendee(name="Ada Lovelace", email="ada@example.com")
INTERVIEWER = Attendee(name="Grace Hopper", email="grace@recruit.example")
OBSERVER = Attendee(
    name="Alan Turing", email="alan@recruit.example", role="OPT-PARTICIPANT", rsvp=False
)


def make_event(**overrides) -> CalendarEvent:
    values = {
        "uid": "interview-42-7f3a@recruit.example",
        "sequence": 0,
        "start": datetime(2026, 3, 29, 10, 0, tzinfo=BERLIN),
        "end": datetime(2026, 3, 29, 11, 0, tzinfo=BERLIN),
        "time_zone": "Europe/Berlin",
        "summary": HOSTILE_SUMMARY,
        "description": HOSTILE_DESCRIPTION,
        "location": HOSTILE_LOCATION,
        "url": URL,
        "organizer": ORGANIZER,
        "attendees": [CANDIDATE, INTERVIEWER, OBSERVER],
        "created": datetime(2026, 2, 1, 10, 0, tzinfo=BERLIN),
        "last_modified": datetime(2026, 2, 2, 9, 30, tzinfo=UTC),
    }
    values.update(overrides)
    return CalendarEvent(**values)


def read(data: bytes):
    """The document as vobject reads it."""
    return vobject.readOne(data.decode("utf-8"))


def instant(prop, calendar) -> datetime:
    """The UTC instant of a DTSTART/DTEND as the VTIMEZONE in the same document defines it:
    the wall time is interpreted by dateutil's reading of our VTIMEZONE, not by zoneinfo."""
    # vobject moves the TZID parameter aside once it has resolved it.
    tzid = prop.params.get("TZID") or prop.params.get("X-VOBJ-ORIGINAL-TZID")
    if not tzid:
        assert prop.value.utcoffset() == timedelta(0)
        return prop.value.astimezone(UTC)
    (definition,) = [tz for tz in calendar.vtimezone_list if tz.tzid.value == tzid[0]]
    naive = prop.value.replace(tzinfo=None)
    return naive.replace(tzinfo=definition.gettzinfo()).astimezone(UTC)


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


# --- The REQUEST, field by field ----------------------------------------------------------------


def test_request_reads_back_field_by_field():
    event = make_event()
    data = itip_request(event, dtstamp=STAMP)
    calendar = read(data)

    # Stamps are written in UTC, whatever zone they were given in.
    lines = unfolded_lines(data)
    assert "DTSTAMP:20260301T080000Z" in lines
    assert "CREATED:20260201T090000Z" in lines
    assert "LAST-MODIFIED:20260202T093000Z" in lines
    assert calendar.method.value == "REQUEST"
    assert calendar.version.value == "2.0"
    assert calendar.calscale.value == "GREGORIAN"
    assert calendar.prodid.value == "-//Recruit//Interviews//EN"
    (vevent,) = calendar.vevent_list
    assert vevent.uid.value == event.uid
    assert vevent.sequence.value == "0"
    assert vevent.dtstamp.value == STAMP
    assert vevent.status.value == "CONFIRMED"
    assert vevent.created.value == event.created
    assert vevent.last_modified.value == event.last_modified
    # Text comes back literally: escaping and folding are undone, HTML is not interpreted.
    assert vevent.summary.value == HOSTILE_SUMMARY
    assert vevent.location.value == HOSTILE_LOCATION
    assert vevent.description.value == HOSTILE_DESCRIPTION
    assert vevent.url.value == URL

    assert vevent.organizer.value == "mailto:cora@recruit.example"
    assert vevent.organizer.params["CN"] == ["Cora Coordinator"]
    attendees = {a.value: a.params for a in vevent.attendee_list}
    assert attendees == {
        "mailto:ada@example.com": {
            "CN": ["Ada Lovelace"],
            "CUTYPE": ["INDIVIDUAL"],
            "ROLE": ["REQ-PARTICIPANT"],
            "PARTSTAT": ["NEEDS-ACTION"],
            "RSVP": ["TRUE"],
        },
        "mailto:grace@recruit.example": {
            "CN": ["Grace Hopper"],
            "CUTYPE": ["INDIVIDUAL"],
            "ROLE": ["REQ-PARTICIPANT"],
            "PARTSTAT": ["NEEDS-ACTION"],
            "RSVP": ["TRUE"],
        },
        "mailto:alan@recruit.example": {
            "CN": ["Alan Turing"],
            "CUTYPE": ["INDIVIDUAL"],
            "ROLE": ["OPT-PARTICIPANT"],
            "PARTSTAT": ["NEEDS-ACTION"],
            "RSVP": ["FALSE"],
        },
    }

    (alarm,) = vevent.valarm_list
    assert alarm.action.value == "DISPLAY"
    assert alarm.trigger.value == timedelta(minutes=-15)
    assert alarm.description.value == f"Reminder: {HOSTILE_SUMMARY}"


def test_request_times_are_the_given_instants_through_the_documents_own_vtimezone():
    event = make_event()
    calendar = read(itip_request(event, dtstamp=STAMP))
    vevent = calendar.vevent

    assert vevent.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Berlin"]
    assert vevent.dtend.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Berlin"]
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/Berlin"]
    assert vevent.dtstart.value.replace(tzinfo=None) == datetime(2026, 3, 29, 10, 0)
    assert instant(vevent.dtstart, calendar) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert instant(vevent.dtend, calendar) == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    # vobject's own resolution of the TZID agrees.
    assert vevent.dtstart.value == event.start


@pytest.mark.parametrize(
    ("zone_name", "start", "end"),
    [
        # Berlin springs forward at 02:00 on 2026-03-29: 01:30 CET to 03:30 CEST is one hour.
        ("Europe/Berlin", datetime(2026, 3, 29, 0, 30, tzinfo=UTC), timedelta(hours=1)),
        ("Europe/Berlin", datetime(2026, 3, 28, 9, 0, tzinfo=UTC), timedelta(days=1)),
        # New York falls back at 02:00 on 2026-11-01: 01:30 happens twice. The first is EDT,
        # the second (EST) cannot be named by a TZID wall time and goes out in UTC.
        ("America/New_York", datetime(2026, 11, 1, 5, 30, tzinfo=UTC), timedelta(hours=1)),
        ("America/New_York", datetime(2026, 11, 1, 6, 30, tzinfo=UTC), timedelta(hours=1)),
        ("America/New_York", datetime(2026, 10, 31, 14, 0, tzinfo=UTC), timedelta(days=1)),
        # The southern hemisphere, a half-hour zone and a zone without daylight saving time.
        ("Australia/Sydney", datetime(2026, 4, 4, 15, 30, tzinfo=UTC), timedelta(hours=2)),
        ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 0, tzinfo=UTC), timedelta(hours=1)),
        ("Asia/Kolkata", datetime(2026, 7, 1, 4, 30, tzinfo=UTC), timedelta(minutes=45)),
    ],
)
def test_times_survive_daylight_saving_changes(zone_name, start, end):
    event = make_event(start=start, end=start + end, time_zone=zone_name)
    data = itip_request(event, dtstamp=STAMP)
    calendar = read(data)
    vevent = calendar.vevent

    assert instant(vevent.dtstart, calendar) == event.start
    assert instant(vevent.dtend, calendar) == event.end
    for prop, moment in ((vevent.dtstart, event.start), (vevent.dtend, event.end)):
        if "X-VOBJ-ORIGINAL-TZID" in prop.params:
            assert prop.params["X-VOBJ-ORIGINAL-TZID"] == [zone_name]
            assert prop.value.replace(tzinfo=None) == moment.astimezone(
                ZoneInfo(zone_name)
            ).replace(tzinfo=None)
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == [zone_name]
    # icalendar reads the same instants (its TZID resolution goes through zoneinfo).
    parsed = icalendar.Calendar.from_ical(data)
    (ical_event,) = parsed.walk("VEVENT")
    assert ical_event.decoded("DTSTART").astimezone(UTC) == event.start
    assert ical_event.decoded("DTEND").astimezone(UTC) == event.end


def test_second_occurrence_of_a_repeated_hour_is_written_in_utc():
    second_half_past_one = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, the second one
    event = make_event(
        start=second_half_past_one, end=second_half_past_one + timedelta(hours=1),
        time_zone="America/New_York",
    )  # fmt: skip
    lines = unfolded_lines(itip_request(event, dtstamp=STAMP))

    assert "DTSTART:20261101T063000Z" in lines
    assert "DTEND;TZID=America/New_York:20261101T023000" in lines


def test_utc_events_need_no_vtimezone():
    event = make_event(time_zone="UTC")
    data = itip_request(event, dtstamp=STAMP)
    calendar = read(data)

    assert "DTSTART:20260329T080000Z" in unfolded_lines(data)
    assert calendar.contents.get("vtimezone", []) == []
    assert instant(calendar.vevent.dtstart, calendar) == event.start


MID_2026 = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone_name", "when"),
    [
        ("Europe/Berlin", MID_2026),
        ("America/New_York", MID_2026),
        ("Australia/Sydney", MID_2026),
        ("Australia/Lord_Howe", MID_2026),
        # Moves with Ramadan: no yearly rule, explicit RDATEs.
        ("Africa/Casablanca", MID_2026),
        # zoneinfo's "negative DST": winter GMT is the exception.
        ("Europe/Dublin", MID_2026),
        ("Asia/Tehran", MID_2026),  # gave up daylight saving time in 2022
        ("Asia/Kolkata", MID_2026),
        # Mexico followed "first Sunday of April" until it gave up daylight saving time in
        # October 2022: the rule must stop (UNTIL) before the April 2023 it would predict.
        ("America/Mexico_City", datetime(2022, 6, 15, 12, 0, tzinfo=UTC)),
    ],
)
def test_vtimezone_matches_zoneinfo_hour_by_hour(zone_name, when):
    zone = ZoneInfo(zone_name)
    definition = vtimezone(zone_name, when, when)
    parsed = read(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + definition.to_ical() + b"END:VCALENDAR\r\n"
    )
    tz = parsed.vtimezone.gettzinfo()

    # dateutil, reading the VTIMEZONE, gives every hour of a year each side the offset zoneinfo
    # gives it.
    moment = when - timedelta(days=365)
    while moment < when + timedelta(days=365):
        assert moment.astimezone(tz).utcoffset() == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(hours=1)

    # Each onset, read as RFC 5545 says (DTSTART is the wall time before it, in TZOFFSETFROM),
    # is the very second zoneinfo changes the offset.
    for observance in icalendar.Calendar.from_ical(definition.to_ical()).walk():
        if observance.name not in ("STANDARD", "DAYLIGHT"):
            continue
        before = observance.decoded("TZOFFSETFROM")
        after = observance.decoded("TZOFFSETTO")
        if before == after:
            continue
        onset = observance.decoded("DTSTART").replace(tzinfo=UTC) - before
        assert (onset - timedelta(seconds=1)).astimezone(zone).utcoffset() == before
        assert onset.astimezone(zone).utcoffset() == after
        # DAYLIGHT is the time ahead of STANDARD, even where zoneinfo calls winter the exception.
        assert observance.name == ("DAYLIGHT" if after > before else "STANDARD")


def test_rules_are_written_the_way_outlook_reads_them():
    definition = vtimezone("Europe/Berlin", STAMP, STAMP).to_ical().decode()

    # Onsets are the wall time before the change: 02:00 CET in spring, 03:00 CEST in autumn.
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\n" in definition
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in definition
    assert "BEGIN:STANDARD\r\nDTSTART:20241027T030000\r\n" in definition
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in definition


# --- Escaping, folding, line ends ---------------------------------------------------------------


def test_text_is_escaped_folded_at_75_octets_with_crlf():
    long_description = ("Ünïcödé ✓ 日本語, semicolons; and \\ backslashes. " * 12).strip()
    event = make_event(description=long_description)
    data = itip_request(event, dtstamp=STAMP)

    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF
    assert b"\r" not in data.replace(b"\r\n", b"")  # no bare CR
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # no line ends inside a multi-byte character
    assert any(line.startswith(b" ") for line in physical)  # it was folded
    lines = unfolded_lines(data)
    assert "LOCATION:Room 1\\; Floor 2\\, \\\\ North\\nBuilding" in lines
    assert read(data).vevent.description.value == long_description
    assert icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["DESCRIPTION"] == long_description


def test_names_that_cannot_live_in_a_parameter_are_made_safe():
    hostile = Attendee(name='Robert "Bobby"; Tables,\r\nJr: <b>x</b>', email="bobby@example.com")
    event = make_event(attendees=[hostile])
    vevent = read(itip_request(event, dtstamp=STAMP)).vevent

    assert display_name(hostile.name) == "Robert 'Bobby'; Tables, Jr: <b>x</b>"
    assert vevent.attendee.params["CN"] == ["Robert 'Bobby'; Tables, Jr: <b>x</b>"]
    assert vevent.attendee.value == "mailto:bobby@example.com"


# --- Schedule, reschedule, cancel ---------------------------------------------------------------


def test_schedule_reschedule_cancel_keeps_the_uid_and_raises_the_sequence():
    scheduled = make_event(sequence=0)
    moved = dataclasses.replace(
        scheduled,
        sequence=1,
        start=datetime(2026, 11, 2, 15, 0, tzinfo=NEW_YORK),
        end=datetime(2026, 11, 2, 16, 30, tzinfo=NEW_YORK),
        time_zone="America/New_York",
    )
    cancelled = dataclasses.replace(moved, sequence=2, status="CANCELLED")

    first = read(itip_request(scheduled, dtstamp=STAMP))
    second = read(itip_request(moved, dtstamp=STAMP + timedelta(days=1)))
    third = read(itip_cancel(cancelled, dtstamp=STAMP + timedelta(days=2)))

    assert [c.method.value for c in (first, second, third)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {c.vevent.uid.value for c in (first, second, third)} == {scheduled.uid}
    assert [int(c.vevent.sequence.value) for c in (first, second, third)] == [0, 1, 2]
    assert [c.vevent.status.value for c in (first, second, third)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert instant(second.vevent.dtstart, second) == datetime(2026, 11, 2, 20, 0, tzinfo=UTC)
    assert instant(second.vevent.dtend, second) == datetime(2026, 11, 2, 21, 30, tzinfo=UTC)
    assert [tz.tzid.value for tz in second.vtimezone_list] == ["America/New_York"]
    # The cancellation names everyone it concerns and carries no alarm (RFC 5546, 3.2.5).
    assert {a.value for a in third.vevent.attendee_list} == {
        "mailto:ada@example.com",
        "mailto:grace@recruit.example",
        "mailto:alan@recruit.example",
    }
    assert third.vevent.organizer.value == "mailto:cora@recruit.example"
    assert "valarm" not in third.vevent.contents
    assert instant(third.vevent.dtstart, third) == moved.start


def test_cancel_is_cancelled_even_from_a_confirmed_event():
    data = itip_cancel(make_event(sequence=3), dtstamp=STAMP)
    parsed = icalendar.Calendar.from_ical(data)

    assert parsed["METHOD"] == "CANCEL"
    (vevent,) = parsed.walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 3
    assert not vevent.walk("VALARM")


def test_icalendar_reads_the_request_the_same_way():
    event = make_event(sequence=4)
    parsed = icalendar.Calendar.from_ical(itip_request(event, dtstamp=STAMP))

    assert parsed["METHOD"] == "REQUEST"
    assert parsed["CALSCALE"] == "GREGORIAN"
    (vevent,) = parsed.walk("VEVENT")
    assert vevent["UID"] == event.uid
    assert vevent["SEQUENCE"] == 4
    assert vevent.decoded("DTSTAMP") == STAMP
    assert vevent.decoded("DTSTART") == event.start
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert vevent["SUMMARY"] == HOSTILE_SUMMARY
    assert vevent["LOCATION"] == HOSTILE_LOCATION
    assert vevent["DESCRIPTION"] == HOSTILE_DESCRIPTION
    assert vevent["URL"] == URL
    assert vevent["ORGANIZER"] == "mailto:cora@recruit.example"
    assert vevent["ORGANIZER"].params["CN"] == "Cora Coordinator"
    first = vevent["ATTENDEE"][0]
    assert first == "mailto:ada@example.com"
    assert dict(first.params) == {
        "CN": "Ada Lovelace",
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
    }
    (alarm,) = vevent.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)


def test_alarm_lead_time_and_no_alarm():
    with_thirty = read(itip_request(make_event(alarm_minutes_before=30), dtstamp=STAMP))
    without = read(itip_request(make_event(alarm_minutes_before=None), dtstamp=STAMP))

    assert with_thirty.vevent.valarm.trigger.value == timedelta(minutes=-30)
    assert "valarm" not in without.vevent.contents


def test_dtstamp_defaults_to_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = read(itip_request(make_event())).vevent.dtstamp.value

    assert before <= stamp <= datetime.now(UTC)
    assert stamp.utcoffset() == timedelta(0)


# --- Per-audience descriptions ------------------------------------------------------------------


def test_candidate_and_interviewer_copies_differ_only_in_the_description():
    secret = "Interviewer only: probe the gap in 2019; salary ask is high"
    shared = make_event(description="")
    for_candidate = dataclasses.replace(shared, description="Bring a photo ID. Ask for Cora.")
    for_panel = dataclasses.replace(shared, description=f"Kit: system design.\n{secret}")

    candidate_data = itip_request(for_candidate, dtstamp=STAMP)
    panel_data = itip_request(for_panel, dtstamp=STAMP)
    candidate_lines = set(unfolded_lines(candidate_data))
    panel_lines = set(unfolded_lines(panel_data))

    assert candidate_lines - panel_lines == {"DESCRIPTION:Bring a photo ID. Ask for Cora."}
    assert panel_lines - candidate_lines == {
        "DESCRIPTION:Kit: system design.\\nInterviewer only: probe the gap in 2019\\; salary "
        "ask is high"
    }
    assert read(panel_data).vevent.description.value.endswith(secret)
    email_bytes = (
        invite_email(
            event=for_candidate,
            method="REQUEST",
            subject="Your interview",
            text_body="See you there",
            html_body="<p>See you there</p>",
            from_email="jobs@recruit.example",
            to=["ada@example.com"],
            dtstamp=STAMP,
        )
        .message()
        .as_bytes()
    )
    for part in email.message_from_bytes(email_bytes, policy=email.policy.default).walk():
        if not part.is_multipart():
            assert b"probe the gap" not in part.get_payload(decode=True)


# --- The email ----------------------------------------------------------------------------------


def parse_email(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_invite_email_has_the_mime_structure_calendars_recognise(method):
    event = make_event(sequence=1)
    message = invite_email(
        event=event,
        method=method,
        subject="Interview: Compiler engineer",
        text_body="Your interview is on 29 March.",
        html_body="<p>Your interview is on <b>29 March</b>.</p>",
        from_email="Recruit <jobs@recruit.example>",
        to=["ada@example.com"],
        reply_to=["cora@recruit.example"],
        dtstamp=STAMP,
    )
    parsed = parse_email(message)

    assert parsed.get_content_type() == "multipart/mixed"
    assert parsed["Reply-To"] == "cora@recruit.example"
    alternative, attachment = parsed.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html, calendar_part = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert plain.get_content() == "Your interview is on 29 March."
    assert html.get_content_type() == "text/html"
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_param("method") == method
    assert calendar_part.get_content_charset() == "utf-8"
    assert calendar_part.get_content_disposition() is None  # inline, the invitation itself

    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_param("name") == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment["Content-Transfer-Encoding"] == "base64"

    expected = (
        itip_request(event, dtstamp=STAMP)
        if method == "REQUEST"
        else itip_cancel(event, dtstamp=STAMP)
    )
    assert attachment.get_payload(decode=True) == expected  # byte for byte, CRLF kept
    inline = calendar_part.get_payload(decode=True)
    assert inline.replace(b"\r\n", b"\n") == expected.replace(b"\r\n", b"\n")
    for data in (inline, attachment.get_payload(decode=True)):
        vevent = read(data)
        assert vevent.method.value == method
        assert vevent.vevent.uid.value == event.uid
        assert vevent.vevent.sequence.value == "1"


def test_invite_email_without_html_has_two_alternatives():
    message = invite_email(
        event=make_event(),
        method="REQUEST",
        subject="Interview",
        text_body="Plain only",
        from_email="jobs@recruit.example",
        to=["grace@recruit.example"],
        dtstamp=STAMP,
    )
    alternative, attachment = parse_email(message).get_payload()

    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/calendar",
    ]
    assert attachment.get_filename() == "invite.ics"


def test_invite_email_can_leave_the_alternative_out_for_esps_that_cannot_carry_it():
    message = invite_email(
        event=make_event(),
        method="CANCEL",
        subject="Interview cancelled",
        text_body="Sorry",
        html_body="<p>Sorry</p>",
        from_email="jobs@recruit.example",
        to=["grace@recruit.example"],
        dtstamp=STAMP,
        calendar_part=False,
    )
    alternative, attachment = parse_email(message).get_payload()

    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
    assert read(attachment.get_payload(decode=True)).method.value == "CANCEL"


def test_invite_email_sends_through_django(mailoutbox):
    invite_email(
        event=make_event(),
        method="REQUEST",
        subject="Interview",
        text_body="Hello",
        from_email="jobs@recruit.example",
        to=["ada@example.com"],
        dtstamp=STAMP,
    ).send()

    (sent,) = mailoutbox
    assert sent.to == ["ada@example.com"]
    assert parse_email(sent).get_content_type() == "multipart/mixed"


# --- The feed -----------------------------------------------------------------------------------


def test_feed_publishes_every_event_with_cancelled_ones_marked():
    berlin = make_event(uid="interview-1@recruit.example", sequence=2)
    new_york = make_event(
        uid="interview-2@recruit.example",
        start=datetime(2026, 11, 1, 9, 0, tzinfo=NEW_YORK),
        end=datetime(2026, 11, 1, 10, 0, tzinfo=NEW_YORK),
        time_zone="America/New_York",
        description="Panel: Grace Hopper, Alan Turing",
    )
    called_off = make_event(
        uid="interview-3@recruit.example",
        sequence=5,
        start=datetime(2026, 4, 2, 14, 0, tzinfo=BERLIN),
        end=datetime(2026, 4, 2, 15, 0, tzinfo=BERLIN),
        status="CANCELLED",
    )
    name = "Interviews: Grace Hopper; team, \\ Berlin"
    data = feed([new_york, called_off, berlin], name=name, dtstamp=STAMP)
    calendar = read(data)

    assert calendar.method.value == "PUBLISH"
    assert calendar.x_wr_calname.value == name
    assert calendar.contents["name"][0].value == name  # RFC 7986 NAME
    lines = unfolded_lines(data)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert sorted(tz.tzid.value for tz in calendar.vtimezone_list) == [
        "America/New_York",
        "Europe/Berlin",
    ]
    vevents = {v.uid.value: v for v in calendar.vevent_list}
    assert list(vevents) == [berlin.uid, called_off.uid, new_york.uid]  # by start
    for event in (berlin, new_york, called_off):
        vevent = vevents[event.uid]
        assert int(vevent.sequence.value) == event.sequence
        assert instant(vevent.dtstart, calendar) == event.start
        assert instant(vevent.dtend, calendar) == event.end
        assert vevent.status.value == event.status
        assert vevent.organizer.value == "mailto:cora@recruit.example"
        assert vevent.description.value == event.description
        assert "attendee" not in vevent.contents  # RFC 5546: no ATTENDEE in a PUBLISH
    assert "valarm" in vevents[berlin.uid].contents
    assert "valarm" not in vevents[called_off.uid].contents

    parsed = icalendar.Calendar.from_ical(data)
    assert parsed["X-WR-CALNAME"] == name
    assert parsed["METHOD"] == "PUBLISH"
    assert [e["UID"] for e in parsed.walk("VEVENT")] == [berlin.uid, called_off.uid, new_york.uid]


def test_a_feed_refuses_two_events_with_one_uid():
    with pytest.raises(ValueError, match="UID of its own"):
        feed([make_event(), make_event(sequence=1)], name="Twice")


def test_an_empty_feed_is_still_a_calendar():
    calendar = read(feed([], name="Nothing yet", dtstamp=STAMP))

    assert calendar.method.value == "PUBLISH"
    assert calendar.contents.get("vevent", []) == []


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "Unknown time zone"),
        ({"time_zone": "../../etc/passwd"}, "Unknown time zone"),
        ({"start": datetime(2026, 3, 29, 10, 0)}, "aware"),
        ({"end": datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)}, "end after it starts"),
        ({"sequence": -1}, "SEQUENCE"),
        ({"uid": "two\r\nlines"}, "UID"),
        ({"url": "javascript:alert(1)"}, "URL"),
        ({"status": "TENTATIVE"}, "STATUS"),
        ({"alarm_minutes_before": -5}, "minutes"),
    ],
)
def test_bad_events_are_refused_clearly(overrides, message):
    with pytest.raises(ValueError, match=message):
        make_event(**overrides)


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not an address"},
        {"email": "a@b.c\r\nBcc: x@y.z"},
        {"email": "a@b.c:evil"},
        {"role": "BOSS"},
        {"partstat": "MAYBE"},
    ],
)
def test_bad_attendees_are_refused(fields):
    with pytest.raises(ValueError):
        Attendee(**{"name": "X", "email": "x@example.com", **fields})


def test_requests_need_attendees_and_a_live_event():
    with pytest.raises(ValueError, match="at least one attendee"):
        itip_request(make_event(attendees=[]))
    with pytest.raises(ValueError, match="itip_cancel"):
        itip_request(make_event(status="CANCELLED"))
    with pytest.raises(ValueError, match="Unknown method"):
        invite_email(
            event=make_event(),
            method="PUBLISH",
            subject="x",
            text_body="x",
            from_email="jobs@recruit.example",
            to=["ada@example.com"],
        )
