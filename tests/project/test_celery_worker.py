"""A task round-trips through the real Redis broker to a real worker process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from recruit.celery import HEARTBEAT_KEY, heartbeat

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.worker


@pytest.fixture
def worker_queue():
    """Start `celery worker` on a queue of its own, so no other worker can take our task."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruit",
            "worker",
            "--pool=solo",
            f"--queues={queue}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "recruit.settings_test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue, worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def test_task_sent_through_redis_is_run_by_a_real_worker(worker_queue, settings):
    queue, worker = worker_queue
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    token = uuid.uuid4().hex
    heartbeat.apply_async(args=[token], queue=queue)
    deadline = time.monotonic() + 60
    seen = None
    while time.monotonic() < deadline and worker.poll() is None:
        seen = cache.get(HEARTBEAT_KEY)
        if seen and seen.get("token") == token:
            break
        time.sleep(0.25)
    if worker.poll() is not None:
        pytest.fail(f"the worker exited early:\n{worker.stdout.read()}")
    assert seen and seen["token"] == token, "the worker did not run the task within 60 s"
    assert abs(seen["at"] - time.time()) < 60
