"""Parsing runs in a sandbox: a separate, long-lived process per worker, with memory, CPU and
wall-clock limits, restarted whenever it dies.

A crafted file can make pdfminer inflate hundreds of megabytes, recurse until the stack runs
out, or loop for minutes. In the sandbox the worst it can do is kill the sandbox: the worker
that asked gets a reason back, starts a fresh sandbox and carries on.

Why one long-lived process and not a fork per document: a forked child starts with a copy of
its parent's heap, and every page pdfminer writes is copied on first touch; measured, that
added 60-70% to pdfminer's own time. The sandbox keeps a warm heap across documents, so the
overhead is the pipe. Limits per document: an address-space limit (set once, counting what the
sandbox needs to run), a CPU-time limit raised before each document, and the caller's wall
clock. The sandbox is replaced after a failure and every RECYCLE_AFTER documents, so nothing
one file did can linger for long.

The protocol on the sandbox's stdin/stdout: a length-prefixed JSON header, then the document's
bytes, length-prefixed; the answer is one length-prefixed JSON object."""

import json
import os
import resource
import select
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class IsolatedFailure(Exception):
    """The sandbox did not return a result; the message says why, for people."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: float


RECYCLE_AFTER = 200
_LENGTH = struct.Struct(">I")
# Time for a new sandbox to import the parsers and build the skills matcher.
_START_SECONDS = 30.0


def run_in_sandbox(header: dict[str, Any], data: bytes, *, limits: Limits) -> Any:
    """Send one document to this process's sandbox; return what the sandbox's work returned.
    Raises IsolatedFailure with a reason when the file could not be parsed within the limits."""
    return _sandbox_for(limits).run(header, data)


_sandboxes: dict[tuple[int, Limits], "Sandbox"] = {}


def _sandbox_for(limits: Limits) -> "Sandbox":
    # Keyed by pid too: a Celery prefork child must not share its parent's sandbox pipes.
    key = (os.getpid(), limits)
    if key not in _sandboxes:
        for old in [k for k in _sandboxes if k[0] == os.getpid()]:
            _sandboxes.pop(old).stop()
        _sandboxes[key] = Sandbox(limits)
    return _sandboxes[key]


class Sandbox:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.process: subprocess.Popen | None = None
        self.served = 0

    def run(self, header: dict[str, Any], data: bytes) -> Any:
        process = self._running()
        try:
            _send(process.stdin, json.dumps(header).encode())
            _send(process.stdin, data)
            answer = _receive(process.stdout, deadline=time.monotonic() + self.limits.wall_seconds)
        except BrokenPipeError:
            answer = b""
        if answer is None:
            self.stop()
            raise IsolatedFailure(f"Parsing took longer than {self.limits.wall_seconds:g} seconds.")
        if not answer:
            raise IsolatedFailure(self._death_reason())
        self.served += 1
        outcome = json.loads(answer)
        if outcome.get("fatal") or self.served >= RECYCLE_AFTER:
            self.stop()  # a fresh sandbox after anything odd, and now and then anyway
        if "error" in outcome:
            raise IsolatedFailure(outcome["error"])
        return outcome["result"]

    def _running(self) -> subprocess.Popen:
        if self.process is not None and self.process.poll() is None:
            return self.process
        self.served = 0
        limits = self.limits
        self.process = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            [sys.executable, "-m", __name__, str(limits.memory_mb), str(limits.cpu_seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_sandbox_environment(),
        )
        ready = _receive(self.process.stdout, deadline=time.monotonic() + _START_SECONDS)
        if ready != b"ready":
            self.stop()
            raise OSError("The parsing sandbox did not start.")  # transient: the task retries
        return self.process

    def _death_reason(self) -> str:
        process, self.process = self.process, None
        status = process.wait() if process is not None else 0
        if status == -signal.SIGXCPU:
            return f"Parsing used more than {self.limits.cpu_seconds} seconds of processor time."
        if status == -signal.SIGKILL:  # the kernel's OOM killer, or someone's kill -9
            return "Parsing was stopped: it needed too much memory."
        if status < 0:
            return f"The parser crashed on this file (signal {-status})."
        return "The parser stopped without a result."

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            stream.close()


def _sandbox_environment() -> dict[str, str]:
    # The sandbox imports this package whatever the worker's current directory is.
    root = str(Path(__file__).resolve().parents[3])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _send(stream, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream, *, deadline: float | None) -> bytes | None:
    """One length-prefixed message; b"" when the other side is gone, None past the deadline."""
    fd = stream.fileno()
    head = _read_exactly(fd, _LENGTH.size, deadline)
    if not head:
        return head
    return _read_exactly(fd, _LENGTH.unpack(head)[0], deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    """`size` bytes; None past the deadline (None: wait for ever), b"" at end of stream."""
    chunks, missing = [], size
    while missing:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


# --- The sandbox's side ----------------------------------------------------------------------


def serve(memory_mb: int, cpu_seconds: int) -> None:  # pragma: no cover - runs in the sandbox
    from recruit.candidates.parsing.pipeline import sandbox_warm_up, sandbox_work

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a parser prints may corrupt the protocol
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file behind
    sandbox_warm_up()
    _limit_memory(memory_mb)
    _send(stdout, b"ready")
    while True:
        header = _receive(stdin, deadline=None)
        data = _receive(stdin, deadline=None)
        if not header or data is None:
            return  # the worker went away
        _limit_cpu(cpu_seconds)
        outcome = _work(sandbox_work, json.loads(header), data, memory_mb)
        _send(stdout, json.dumps(outcome).encode())
        if outcome.get("fatal"):
            return


def _work(work, header: dict, data: bytes, memory_mb: int) -> dict:
    """The outcome to send back; "fatal" when this sandbox should be replaced after it."""
    try:
        return {"result": work(header, data)}
    except MemoryError:
        return {"error": f"The file needs more than {memory_mb} MB to read.", "fatal": True}
    except RecursionError:
        return {"error": "The file is nested too deeply to read.", "fatal": True}
    except ValueError as error:  # the parsers' way to say "this file is bad, here is why"
        return {"error": str(error)}
    except Exception as error:  # anything else a broken file provokes in a parser
        return {"error": f"The file could not be read ({type(error).__name__}).", "fatal": True}


def _limit_memory(memory_mb: int) -> None:  # pragma: no cover - runs in the sandbox
    # The limit counts what the sandbox already maps (Python, the parsers, the taxonomy).
    ceiling = _virtual_memory_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _limit_cpu(cpu_seconds: int) -> None:  # pragma: no cover - runs in the sandbox
    """This document's CPU budget: the soft limit, raised from what was used so far."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime) + cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _virtual_memory_bytes() -> int:  # pragma: no cover - runs in the sandbox
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: the budget alone
        return 0


if __name__ == "__main__":  # pragma: no cover
    serve(int(sys.argv[1]), int(sys.argv[2]))
