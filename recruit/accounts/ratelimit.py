"""Per-client rate limits on public forms, counted in the cache (Redis in production, so every
web process shares the count). A fixed window is enough to stop a flood from one address."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/h" → (20, 3600)."""
    count, _, unit = rate.partition("/")
    if unit not in _PERIODS or not count.isdigit():
        raise ValueError(f"A rate looks like 20/h (per s, m, h or d), not {rate!r}.")
    return int(count), _PERIODS[unit]


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind NUM_PROXIES trusted proxies, the address the outermost of
    them saw; the rest of X-Forwarded-For is the client's to forge, so it is ignored."""
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [h for h in forwarded if h]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_exceeded(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request against `scope` for its client; True once past `rate`."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    client = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]
    key = f"ratelimit:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count > limit
