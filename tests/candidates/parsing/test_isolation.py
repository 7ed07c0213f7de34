"""The parsing sandbox: whatever a file makes the parser do, the caller gets a result or a
reason within the limits, and the next document is parsed by a healthy sandbox."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from recruit.candidates.parsing import isolation
from recruit.candidates.parsing.isolation import IsolatedFailure, Limits, run_in_sandbox

RESUMES = Path(__file__).resolve().parents[2] / "fixtures" / "resumes"
GOOD = (RESUMES / "01-software-engineer-single.pdf").read_bytes()
BOMB = (RESUMES / "bad" / "flate-bomb.pdf").read_bytes()  # inflates to 200 MB, seconds of CPU
LIMITS = Limits(memory_mb=256, cpu_seconds=10, wall_seconds=20)
ROOMY = Limits(memory_mb=2048, cpu_seconds=30, wall_seconds=20)


def header(**overrides):
    return {"type": "application/pdf", "max_pages": 5, "region": "US", "today": "2026-11-22",
            "taxonomy": "shipped", "added": [], **overrides}  # fmt: skip


def sandbox_pid(limits: Limits) -> int:
    return isolation._sandbox_for(limits).process.pid


def test_a_document_goes_through_the_sandbox_and_back():
    done = run_in_sandbox(header(), GOOD, limits=LIMITS)
    assert "Software Engineer" in done["text"]
    assert done["result"]["basics"]["email"]
    assert sandbox_pid(LIMITS) != os.getpid()


def test_a_bad_file_is_explained_and_the_same_sandbox_goes_on():
    run_in_sandbox(header(), GOOD, limits=LIMITS)
    pid = sandbox_pid(LIMITS)
    encrypted = (RESUMES / "bad" / "encrypted-user-password.pdf").read_bytes()
    with pytest.raises(IsolatedFailure, match="encrypted"):
        run_in_sandbox(header(), encrypted, limits=LIMITS)
    run_in_sandbox(header(), GOOD, limits=LIMITS)
    assert sandbox_pid(LIMITS) == pid


def test_memory_beyond_the_limit_ends_that_sandbox_not_us():
    with pytest.raises(IsolatedFailure, match="more than 256 MB"):
        run_in_sandbox(header(), BOMB, limits=LIMITS)
    assert run_in_sandbox(header(), GOOD, limits=LIMITS)["result"]


def test_processor_time_beyond_the_limit_is_stopped():
    limits = Limits(memory_mb=2048, cpu_seconds=1, wall_seconds=30)
    with pytest.raises(IsolatedFailure, match="more than 1 seconds of processor time"):
        run_in_sandbox(header(), BOMB, limits=limits)
    assert run_in_sandbox(header(), GOOD, limits=limits)["result"]


def test_the_wall_clock_limit_stops_a_slow_file_and_a_new_sandbox_takes_over():
    limits = Limits(memory_mb=2048, cpu_seconds=30, wall_seconds=0.3)
    run_in_sandbox(header(), GOOD, limits=limits)  # started and warm
    started = time.monotonic()
    with pytest.raises(IsolatedFailure, match=r"longer than 0\.3 seconds"):
        run_in_sandbox(header(), BOMB, limits=limits)
    assert time.monotonic() - started < 5
    assert run_in_sandbox(header(), GOOD, limits=limits)["result"]


def test_a_crash_of_the_sandbox_is_reported_and_the_next_document_is_parsed():
    run_in_sandbox(header(), GOOD, limits=ROOMY)
    pid = sandbox_pid(ROOMY)
    # A native crash while it works on a slow file, as a segfault in a C library would be.
    threading.Timer(0.3, os.kill, args=(pid, signal.SIGSEGV)).start()
    with pytest.raises(IsolatedFailure, match=r"crashed on this file \(signal 11\)"):
        run_in_sandbox(header(), BOMB, limits=ROOMY)
    assert run_in_sandbox(header(), GOOD, limits=ROOMY)["result"]
    assert sandbox_pid(ROOMY) != pid


def test_the_sandbox_is_replaced_after_a_number_of_documents(monkeypatch):
    monkeypatch.setattr(isolation, "RECYCLE_AFTER", 2)
    run_in_sandbox(header(), GOOD, limits=LIMITS)
    first = sandbox_pid(LIMITS)
    run_in_sandbox(header(), GOOD, limits=LIMITS)
    run_in_sandbox(header(), GOOD, limits=LIMITS)
    assert sandbox_pid(LIMITS) != first


def test_skills_an_admin_added_are_used_by_the_sandbox():
    text = b"Ada Lovelace\nada@example.org\n\nSKILLS\nFrobnication Studio, Python\n" + b"x " * 30
    plain = run_in_sandbox(header(type="text/plain"), text, limits=LIMITS)
    names = {skill["name"] for skill in plain["result"]["skills"]}
    assert "Frobnicator" not in names and "Python" in names
    added = header(type="text/plain", taxonomy="v2",
                   added=[["Frobnicator", ["Frobnication Studio"]]])  # fmt: skip
    names = {s["name"] for s in run_in_sandbox(added, text, limits=LIMITS)["result"]["skills"]}
    assert "Frobnicator" in names
