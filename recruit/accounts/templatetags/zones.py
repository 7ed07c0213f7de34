"""{% load zones %}{{ interview.start_at|in_zone_of:request.user|date:"D j M, H:i T" }}: a time
in a given person's zone (or a zone name), whatever zone the page is rendered in."""

from datetime import datetime

from django import template
from django.templatetags.tz import do_timezone

from recruit.accounts.timezones import zone_named, zone_of

register = template.Library()


@register.filter
def in_zone_of(value: datetime | None, viewer) -> datetime | str:
    """`value` in the zone of `viewer` (a user, or a zone name like "Europe/Berlin")."""
    if not isinstance(value, datetime):
        return value if value is not None else ""
    # Django's own |timezone marks the result so that |date does not convert it back to the
    # zone the page is rendered in.
    return do_timezone(value, zone_named(zone_of(viewer)))
