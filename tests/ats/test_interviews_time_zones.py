"""Interview times are stored in UTC and shown in each viewer's own zone, right on both sides
of a daylight-saving change (which Europe and North America make on different dates)."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from recruit.accounts.timezones import format_in_zone, wall_clock_to_utc
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berliner(db):
    return UserFactory(time_zone="Europe/Berlin")


@pytest.fixture
def new_yorker(db):
    return UserFactory(time_zone="America/New_York")


def render(text: str, **context) -> str:
    return Template("{% load zones %}" + text).render(Context(context)).strip()


def test_berlin_interview_on_the_day_clocks_go_forward(berliner, new_yorker):
    """29 March 2026: Berlin moves to CEST (UTC+2); New York has been on EDT since 8 March."""
    start = wall_clock_to_utc(datetime(2026, 3, 29, 10, 0), "Europe/Berlin")
    assert start == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    interview = InterviewFactory(start_at=start, end_at=start.replace(hour=9),
                                 time_zone="Europe/Berlin")  # fmt: skip
    interview.refresh_from_db()
    assert format_in_zone(interview.start_at, berliner) == "Sun 29 Mar 2026, 10:00 CEST"
    assert format_in_zone(interview.start_at, new_yorker) == "Sun 29 Mar 2026, 04:00 EDT"
    assert format_in_zone(interview.start_at, interview.time_zone).endswith("10:00 CEST")
    # The day before, 10:00 in Berlin was still CET (UTC+1): an hour later in UTC.
    saturday = wall_clock_to_utc(datetime(2026, 3, 28, 10, 0), "Europe/Berlin")
    assert saturday == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    assert format_in_zone(saturday, new_yorker) == "Sat 28 Mar 2026, 05:00 EDT"


def test_new_york_interview_on_the_day_clocks_go_forward(berliner, new_yorker):
    """8 March 2026: New York moves to EDT (UTC-4); Berlin stays on CET (UTC+1) until 29 March,
    so the gap between the two shrinks from six hours to five."""
    sunday = wall_clock_to_utc(datetime(2026, 3, 8, 10, 0), "America/New_York")
    saturday = wall_clock_to_utc(datetime(2026, 3, 7, 10, 0), "America/New_York")
    assert sunday == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    assert saturday == datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    assert format_in_zone(saturday, new_yorker) == "Sat 7 Mar 2026, 10:00 EST"
    assert format_in_zone(sunday, new_yorker) == "Sun 8 Mar 2026, 10:00 EDT"
    assert format_in_zone(saturday, berliner) == "Sat 7 Mar 2026, 16:00 CET"
    assert format_in_zone(sunday, berliner) == "Sun 8 Mar 2026, 15:00 CET"


def test_a_skipped_wall_clock_time_is_refused_and_a_repeated_one_is_the_first():
    with pytest.raises(ValueError, match="02:30 does not exist on 8 Mar 2026 in America/New_York"):
        wall_clock_to_utc(datetime(2026, 3, 8, 2, 30), "America/New_York")
    # 25 October 2026, Berlin: 02:30 happens twice; the first is still CEST (UTC+2).
    assert wall_clock_to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Berlin") == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


def test_the_template_filter_shows_the_viewers_zone_whatever_zone_the_page_is_in(
    berliner, new_yorker
):
    start = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    fmt = '|date:"D j M Y, H:i T"'
    with timezone.override("Asia/Tokyo"):  # the page is rendered for someone in Tokyo
        assert render("{{ t|in_zone_of:user" + fmt + " }}", t=start, user=berliner) == (
            "Sun 29 Mar 2026, 10:00 CEST"
        )
        assert render("{{ t|in_zone_of:user" + fmt + " }}", t=start, user=new_yorker) == (
            "Sun 29 Mar 2026, 04:00 EDT"
        )
        assert render("{{ t|in_zone_of:'Europe/Berlin'|date:'H:i T' }}", t=start) == "10:00 CEST"
        assert render("{{ t" + fmt + " }}", t=start) == "Sun 29 Mar 2026, 17:00 JST"


def test_an_unknown_or_missing_zone_shows_utc():
    start = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert format_in_zone(start, "Not/AZone", "H:i e") == "08:00 UTC"
    assert render("{{ t|in_zone_of:user|date:'H:i' }}", t=start, user=None) == "08:00"
    assert render("{{ t|in_zone_of:user }}", t=None, user=None) == ""
