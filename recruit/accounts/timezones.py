"""Times in a person's own zone. We store UTC; people read and type wall-clock times in a zone
(theirs, or the one an interview was scheduled in). Plain functions, usable from templates
(the `zones` template library), emails and calendar files alike."""

import zoneinfo
from datetime import UTC, datetime

from django.utils.formats import date_format

DEFAULT_FORMAT = "D j M Y, H:i T"  # "Sun 29 Mar 2026, 10:00 CEST"


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`; UTC for an empty or unknown name (display must never fail)."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def zone_of(viewer) -> str:
    """The zone name of a user (their `time_zone`), or a zone name given as it is."""
    return viewer if isinstance(viewer, str) else getattr(viewer, "time_zone", "") or "UTC"


def in_zone(value: datetime, viewer) -> datetime:
    """`value` (aware) as wall-clock time in the viewer's zone; `viewer` is a user or a name."""
    return value.astimezone(zone_named(zone_of(viewer)))


def format_in_zone(value: datetime, viewer, fmt: str = DEFAULT_FORMAT) -> str:
    """`value` shown in the viewer's zone with the zone's abbreviation, e.g. "Sun 29 Mar 2026,
    10:00 CEST": the abbreviation tells a reader which side of a DST change they are on."""
    return date_format(in_zone(value, viewer), fmt)


def wall_clock_to_utc(value: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in `zone_name` as an aware UTC datetime (an aware one is just
    converted). Raises ValueError for a time the zone skips when its clocks go forward
    (02:30 on 29 March 2026 in Europe/Berlin); a repeated hour means its first occurrence."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    zone = zoneinfo.ZoneInfo(zone_name)
    local = value.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise ValueError(
            f"{value:%H:%M} does not exist on {value.day} {value:%b %Y} in {zone_name}: "
            "the clocks go forward then."
        )
    return local.astimezone(UTC)
