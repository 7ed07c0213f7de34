"""Run a parser in a forked child process with memory, CPU and wall-clock limits.

A crafted file can make pdfminer inflate hundreds of megabytes, recurse until the stack runs
out, or loop for minutes. In a child, the worst it can do is die: the worker that asked gets
a reason back and carries on. Fork (not spawn) because the child inherits the loaded parser,
the skills taxonomy and Django with no start-up cost, which keeps the overhead per document
to a few milliseconds. The child never touches the database and leaves with os._exit, so
it cannot close or corrupt the parent's connections."""

import faulthandler
import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class IsolatedFailure(Exception):
    """The child did not return a result; the message says why, for people."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: float


_READ_CHUNK = 1 << 16


def run_isolated(work: Callable[[], Any], *, limits: Limits) -> Any:
    """`work()` in a child process; returns what it returned (anything JSON can carry).

    An exception in `work` comes back as IsolatedFailure with its message when it is a
    ValueError (the parsers' way to say "this file is bad, here is why"), or its type name."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; its effects are what the tests see
        os.close(read_end)
        _child(work, write_end, limits)
    os.close(write_end)
    try:
        payload = _read_until(read_end, deadline=time.monotonic() + limits.wall_seconds)
    finally:
        os.close(read_end)
        status = _reap(pid)
    if payload is None:
        raise IsolatedFailure(f"Parsing took longer than {limits.wall_seconds:g} seconds.")
    if not payload:
        raise IsolatedFailure(_death_reason(status, limits))
    outcome = json.loads(payload)
    if "error" in outcome:
        raise IsolatedFailure(outcome["error"])
    return outcome["result"]


def _child(work: Callable[[], Any], write_end: int, limits: Limits) -> None:  # pragma: no cover
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # Celery's handlers are the parent's
        faulthandler.disable()  # a crash is reported by the parent, not dumped into its log
        _limit_self(limits)
        outcome = {"result": work()}
    except MemoryError:
        outcome = {"error": f"The file needs more than {limits.memory_mb} MB to read."}
    except RecursionError:
        outcome = {"error": "The file is nested too deeply to read."}
    except ValueError as error:
        outcome = {"error": str(error)}
    except Exception as error:  # anything else a broken file provokes in a parser
        outcome = {"error": f"The file could not be read ({type(error).__name__})."}
    try:
        _write_all(write_end, json.dumps(outcome).encode())
    except BaseException:
        code = 1
    os._exit(code)


def _limit_self(limits: Limits) -> None:  # pragma: no cover - runs in the child
    # The address-space limit counts what the child inherited, so it is set above that.
    inherited = _virtual_memory_bytes()
    ceiling = inherited + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _virtual_memory_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: the budget alone
        return 0


def _write_all(fd: int, data: bytes) -> None:  # pragma: no cover - runs in the child
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_until(fd: int, *, deadline: float) -> bytes | None:
    """Everything the child writes, or None when the deadline passes first."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, _READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> int:
    """Wait for the child, killing it if it is still at work (after a timeout)."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return status


def _death_reason(status: int, limits: Limits) -> str:
    if os.WIFSIGNALED(status):
        if os.WTERMSIG(status) == signal.SIGXCPU:
            return f"Parsing used more than {limits.cpu_seconds} seconds of processor time."
        if os.WTERMSIG(status) == signal.SIGKILL:  # the CPU hard limit or the kernel's OOM killer
            return "Parsing was stopped: it needed too much processor time or memory."
        return f"The parser crashed on this file (signal {os.WTERMSIG(status)})."
    return "The parser stopped without a result."
