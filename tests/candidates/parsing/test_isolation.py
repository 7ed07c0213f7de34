"""The isolation runner: whatever a parser does in its child, the caller gets a result or a
reason, within the limits, and stays alive."""

import os
import time

import pytest

from recruit.candidates.parsing.isolation import IsolatedFailure, Limits, run_isolated

LIMITS = Limits(memory_mb=128, cpu_seconds=2, wall_seconds=5)


def test_the_result_comes_back_from_the_child():
    assert run_isolated(lambda: {"text": "é" * 200_000, "pid": os.getpid()}, limits=LIMITS)[
        "text"
    ] == ("é" * 200_000)
    assert run_isolated(os.getpid, limits=LIMITS) != os.getpid()


def test_a_value_error_carries_its_message_for_people():
    def refuse():
        raise ValueError("The PDF is encrypted (password protected).")

    with pytest.raises(IsolatedFailure, match="encrypted"):
        run_isolated(refuse, limits=LIMITS)


def test_other_exceptions_are_named_not_dumped():
    def broken():
        raise KeyError("/Root")

    with pytest.raises(IsolatedFailure, match=r"could not be read \(KeyError\)"):
        run_isolated(broken, limits=LIMITS)


def test_memory_beyond_the_limit_fails_the_child_not_us():
    def hog():
        return len(bytearray(512 * 1024 * 1024))

    with pytest.raises(IsolatedFailure, match="more than 128 MB"):
        run_isolated(hog, limits=LIMITS)


def test_endless_work_is_stopped_by_the_cpu_limit():
    def spin():
        while True:
            pass

    started = time.monotonic()
    with pytest.raises(IsolatedFailure, match="processor time"):
        run_isolated(spin, limits=LIMITS)
    assert time.monotonic() - started < LIMITS.wall_seconds


def test_a_child_that_waits_forever_is_killed_at_the_wall_clock_limit():
    started = time.monotonic()
    with pytest.raises(IsolatedFailure, match="longer than 1 seconds"):
        run_isolated(lambda: time.sleep(60), limits=Limits(128, 2, wall_seconds=1))
    assert time.monotonic() - started < 5


def test_a_crash_in_native_code_is_reported():
    with pytest.raises(IsolatedFailure, match="crashed"):
        run_isolated(os.abort, limits=LIMITS)


def test_deep_recursion_is_reported():
    def nest(depth=0):
        return nest(depth + 1)

    with pytest.raises(IsolatedFailure, match="nested too deeply"):
        run_isolated(nest, limits=LIMITS)


def test_the_parent_keeps_working_after_failures():
    for work in (os.abort, lambda: len(bytearray(512 * 1024 * 1024))):
        with pytest.raises(IsolatedFailure):
            run_isolated(work, limits=LIMITS)
    assert run_isolated(lambda: 42, limits=LIMITS) == 42
