"""Fixtures of the careers site's tests."""

import pytest

from tests.ats.careers_helpers import careers_site_with_version, own_cache
from tests.factories import JobFactory


@pytest.fixture
def careers_cache(settings):
    """The careers page cache and the rate-limit counters live in Redis, shared across tests:
    each test gets keys of its own."""
    with own_cache(settings):
        yield


@pytest.fixture
def site(db, careers_cache):
    """The careers site with a known privacy notice version, and an empty cache."""
    return careers_site_with_version()


@pytest.fixture
def job(db):
    return JobFactory(title="Compiler engineer", slug="compiler-engineer", location="Berlin, DE")
