"""The careers site's page cache, in two levels: the shared cache (Redis in production) and a
small copy in each web process. Each entry carries the generation number it was built in; any
change to jobs, their places and teams, or the site's settings raises the generation
(ats/receivers.py), which retires every entry at once.

A process trusts the generation it last read for GENERATION_RECHECK seconds, so a page served
again costs no cache call at all; a change made by another process shows within that time, and
one made in this process shows at once."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

GENERATION_KEY = "careers:generation"
TTL = 300  # seconds; also bounds how late a job past its apply-by date drops out
GENERATION_RECHECK = 1.0  # seconds
LOCAL_ENTRIES = 500  # pages kept per process (a page is 3-20 KB)
T = TypeVar("T")

_lock = threading.Lock()
_local: OrderedDict[str, tuple[int, float, Any]] = OrderedDict()  # key -> (gen, expires, value)
_generations: dict[str, tuple[float, int]] = {}  # cache's key -> (read at, generation)


def _new_generation() -> int:
    # Never a number an older entry could carry, even if the counter was evicted.
    return time.time_ns()


def generation() -> int:
    """The current generation, read from the shared cache at most every GENERATION_RECHECK s."""
    key = cache.make_key(GENERATION_KEY)
    read_at, current = _generations.get(key, (0.0, 0))
    if time.monotonic() - read_at < GENERATION_RECHECK:
        return current
    current = cache.get_or_set(GENERATION_KEY, _new_generation, timeout=None)
    _generations[key] = (time.monotonic(), current)
    return current


def bump_generation() -> None:
    try:
        current = cache.incr(GENERATION_KEY)
    except ValueError:
        current = _new_generation()
        cache.set(GENERATION_KEY, current, timeout=None)
    _generations[cache.make_key(GENERATION_KEY)] = (time.monotonic(), current)


def cached(key: str, build: Callable[[], T]) -> T:
    """`build()`'s value, kept until the generation changes or TTL passes (None is not kept)."""
    current = generation()
    key = f"careers:{key}"
    local_key = cache.make_key(key)
    with _lock:
        mine = _local.get(local_key)
        if mine is not None and mine[0] == current and mine[1] > time.monotonic():
            _local.move_to_end(local_key)
            return mine[2]
    entry = cache.get(key)
    if entry is None or entry[0] != current:
        value = build()
        if value is None:
            return value
        entry = (current, value)
        cache.set(key, entry, TTL)
    _remember(local_key, entry)
    return entry[1]


def _remember(local_key: str, entry: tuple[int, Any]) -> None:
    with _lock:
        _local[local_key] = (entry[0], time.monotonic() + TTL, entry[1])
        _local.move_to_end(local_key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
