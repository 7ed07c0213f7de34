"""The careers site's page cache. Rendered HTML is keyed by a generation number that any change
to jobs, their places and teams, or the site's settings raises (ats/receivers.py), so the public
pages are served from the cache yet never stale for long."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

GENERATION_KEY = "careers:generation"
TTL = 300  # seconds; also bounds how late a job past its apply-by date drops out
T = TypeVar("T")


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached(key: str, build: Callable[[], T]) -> T:
    """`build()`'s value, kept until the generation changes or TTL passes (None is not kept)."""
    key = f"careers:{generation()}:{key}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TTL)
    return value
