"""The careers page cache: a page is built once, served from the process's own copy, and
retired by a change, at once in this process and within GENERATION_RECHECK in another."""

import pytest
from django.core.cache import cache

from ats import careers_cache
from ats.careers_cache import GENERATION_KEY, bump_generation, cached

pytestmark = pytest.mark.usefixtures("careers_cache")


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"page {self.count}"


def test_a_page_is_built_once_and_then_served_without_asking_the_cache():
    build = Builds()
    assert cached("page", build) == "page 1"
    cache.delete("careers:page")  # gone from the shared cache: the process's copy still serves
    assert cached("page", build) == "page 1"
    assert build.count == 1


def test_a_change_in_this_process_retires_pages_at_once():
    build = Builds()
    cached("page", build)
    bump_generation()
    assert cached("page", build) == "page 2"


def test_a_change_in_another_process_shows_after_the_recheck(monkeypatch):
    build = Builds()
    cached("page", build)
    cache.incr(GENERATION_KEY)  # what another web process's bump_generation() does
    assert cached("page", build) == "page 1"  # this process trusts its generation a moment
    monkeypatch.setattr(careers_cache, "GENERATION_RECHECK", 0)
    assert cached("page", build) == "page 2"


def test_another_process_reuses_what_one_built():
    build = Builds()
    cached("page", build)
    careers_cache._local.clear()  # a second process: its own copy is empty
    assert cached("page", build) == "page 1"
    assert build.count == 1


def test_nothing_is_kept_for_no_page():
    calls = []
    assert cached("missing", lambda: calls.append(1)) is None
    assert cached("missing", lambda: calls.append(1)) is None
    assert len(calls) == 2


def test_the_process_keeps_only_so_many_pages(monkeypatch):
    monkeypatch.setattr(careers_cache, "LOCAL_ENTRIES", 2)
    for name in ("a", "b", "c"):
        cached(name, lambda name=name: name)
    kept = [key.rsplit(":", 1)[-1] for key in careers_cache._local if cache.key_prefix in key]
    assert kept == ["b", "c"]


def test_a_kept_page_expires_after_its_time(monkeypatch):
    build = Builds()
    cached("page", build)
    cache.delete("careers:page")
    monkeypatch.setattr(careers_cache, "TTL", -1)
    careers_cache._local.clear()
    cached("page", build)  # kept for no time now
    assert cached("page", build) == "page 3"
