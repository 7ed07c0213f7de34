"""The self-scheduling page in a real browser (Debian's Chromium), under the strict CSP: a
candidate in New York opens their link on a phone, the page switches to their browser's zone by
itself (static/js/self-schedule.js), they pick a time with a tap and book it; no serious
accessibility findings and no sideways scrolling on the way."""

import importlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ats.models import Interview
from recruit.accounts.roles import Role
from recruit.accounts.timezones import format_in_zone
from tests.ats.careers_helpers import own_cache
from tests.ats.self_scheduling_helpers import (
    application_with_team,
    berlin,
    hours,
    interviewer,
    link,
    monday_ahead,
    offer,
)
from tests.browser.conftest import PHONE
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
AXE = Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe.min.js"
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A phone whose clock is set to New York."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
        locale="en-US", timezone_id="America/New_York",
    )  # fmt: skip
    context.set_default_timeout(5_000)
    context.add_init_script(path=AXE)  # runs outside the page's CSP, which stays in force
    yield context
    context.close()


@pytest.fixture(autouse=True)
def careers_cache(settings):
    """The careers pages' cache keys of this test's own (see tests/ats/conftest.py)."""
    with own_cache(settings):
        yield


@pytest.fixture
def request_():
    """The default pipeline (a transactional test empties the tables data migrations filled),
    and three times offered in Berlin on a Monday ahead."""
    importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons").create(apps, None)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    ivan = interviewer("Ivan Interviewer")
    application = application_with_team(ivan, title="Compiler engineer")
    return offer(application, coordinator, [ivan], hours(monday_ahead(), 9, 10, 11),
                 title="Technical interview")  # fmt: skip


def blocking_accessibility_findings(page: Page) -> list[str]:
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['id']}: {rule['help']} {json.dumps([node['target'] for node in rule['nodes']])}"
        for rule in results["violations"]
        if rule["impact"] in ("serious", "critical")
    ]


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_candidate_books_on_a_phone_in_their_own_zone(
    live_server,
    page: Page,
    browser_errors: list[str],
    request_,
):
    page.goto(live_server.url + link(request_))

    # The script moved the page to the browser's zone: ?tz=America/New_York.
    page.wait_for_url("**?tz=America%2FNew_York")
    expect(page.get_by_label("Times are shown in")).to_have_value("America/New_York")
    ten = berlin(monday_ahead(), 10)
    local, local_end = ten.astimezone(NEW_YORK), (ten + timedelta(hours=1)).astimezone(NEW_YORK)
    zone = format_in_zone(ten, NEW_YORK.key, "T")  # EST or EDT
    label = f"{local:%H:%M}\u2013{local_end:%H:%M} {zone}"
    option = page.get_by_label(label)
    expect(option).to_be_visible()
    assert blocking_accessibility_findings(page) == []
    assert no_sideways_scroll(page)

    option.check()
    page.get_by_role("button", name="Book this time").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Your interview is booked for {local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"
    )
    expect(page.get_by_role("button", name="Cancel my interview")).to_be_visible()
    assert "tz=America%2FNew_York" in page.url  # the zone stays theirs after booking
    assert Interview.objects.get().start_at == ten
    assert blocking_accessibility_findings(page) == []
    assert no_sideways_scroll(page)
    assert browser_errors == []
