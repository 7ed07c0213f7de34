"""Real Celery workers (Redis broker, this test's database) send due reminders: one killed with
SIGKILL in the middle of a batch, then a second worker on the next beat tick; and a worker whose
pool child is killed, so Celery hands the task to a new child (a retry). Every due reminder goes
out exactly once overall, counted in the messaging pipe's log."""

import importlib
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from ats.models import Reminder
from ats.tasks import send_due_reminders
from recruit.accounts.roles import Role
from recruit.messaging.models import OutboundEmail
from recruit.messaging.services import outbound_deliver_pending
from tests.ats.reminder_helpers import reminder_emails, schedule, sent_per_reminder
from tests.factories import ApplicationFactory, JobFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
INTERVIEWS = 30  # two reminders each (the candidate's and the interviewer's): 3 batches of 20
Status = Reminder.Status


@pytest.fixture(autouse=True)
def default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline that jobs copy."""
    importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons").create(apps, None)


def _database_url() -> str:
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    user = f"{db['USER']}@" if db["USER"] else ""
    return f"postgres://{user}{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(tmp_path):
    """start_worker(pool) starts `celery worker` on a queue of its own and this test's
    database; returns (queue, process). Every worker started is stopped at the end."""
    started: list[subprocess.Popen] = []

    def _start(pool: str = "solo") -> tuple[str, subprocess.Popen]:
        queue = f"test-reminders-{uuid.uuid4().hex[:12]}"
        log = (tmp_path / f"{queue}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "recruit", "worker", f"--pool={pool}",
             "--concurrency=1", f"--queues={queue}", "--without-gossip", "--without-mingle",
             "--loglevel=INFO"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "recruit.settings_test",
                "DATABASE_URL": _database_url(),
                "INTERVIEW_REMINDERS": "2h",
                "FEEDBACK_REMINDER_MAX": "0",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker.log_path = log.name
        started.append(worker)
        return queue, worker

    yield _start
    for worker in started:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()


@pytest.fixture
def due_reminders(settings, coordinator):
    """INTERVIEWS interviews two hours and a few seconds ahead, scheduled through the service,
    with a reminder two hours before each: the candidate's and the interviewer's fall due a few
    seconds later. Returns how many are due."""
    settings.INTERVIEW_REMINDERS = ["2h"]
    settings.FEEDBACK_REMINDER_MAX = 0
    ivan = UserFactory(roles=[Role.INTERVIEWER])
    job = JobFactory(team=[(ivan, "interviewer")])
    for _ in range(INTERVIEWS):
        start = timezone.now() + timedelta(hours=2, seconds=3)
        schedule(ApplicationFactory(job=job), coordinator, [ivan], start, allow_clash=True)
    pending = Reminder.objects.filter(status=Status.PENDING)
    assert pending.count() == INTERVIEWS * 2
    while pending.filter(due_at__gt=timezone.now()).exists():
        time.sleep(0.2)
    return INTERVIEWS * 2


def _in_transaction() -> bool:
    """Whether a worker's connection is inside an open transaction, between two statements."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'idle in transaction'"
        )
        return cursor.fetchone()[0] > 0


def _wait(condition, worker, timeout=90, what="the worker") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            pytest.fail(f"{what} exited:\n{Path(worker.log_path).read_text()[-3000:]}")
        time.sleep(0.002)
    pytest.fail(f"{what} did not get there in {timeout} s:\n"
                f"{Path(worker.log_path).read_text()[-3000:]}")  # fmt: skip


def _sent() -> int:
    return Reminder.objects.filter(status=Status.SENT).count()


def _assert_each_sent_once(expected: int) -> None:
    assert not Reminder.objects.filter(status=Status.PENDING).exists()
    assert Reminder.objects.filter(status=Status.SENT).count() == expected
    counts = sent_per_reminder()
    assert len(counts) == expected and set(counts.values()) == {1}
    # What the killed worker committed but never delivered, the pipe's beat sweep delivers.
    outbound_deliver_pending(now=timezone.now() + timedelta(minutes=2))
    statuses = set(reminder_emails().values_list("status", flat=True))
    assert statuses == {OutboundEmail.Status.SENT}


def test_a_worker_killed_mid_batch_then_a_second_worker_send_each_reminder_once(
    due_reminders, start_worker
):
    queue, first = start_worker()
    send_due_reminders.apply_async(queue=queue)
    # Kill it inside a batch's transaction, once an earlier batch has committed.
    _wait(lambda: _sent() > 0 and _in_transaction(), first, what="the first worker")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    sent_by_first = _sent()
    assert 0 < sent_by_first < due_reminders, "it died half way through"
    assert reminder_emails().count() == sent_by_first  # its open batch left nothing behind

    queue, second = start_worker()
    send_due_reminders.apply_async(queue=queue)  # the next beat tick
    _wait(lambda: not Reminder.objects.filter(status=Status.PENDING).exists(), second,
          what="the second worker")  # fmt: skip
    _assert_each_sent_once(due_reminders)


def _pool_child(worker: subprocess.Popen) -> int:
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def test_a_killed_pool_child_is_retried_and_sends_each_reminder_once(due_reminders, start_worker):
    queue, worker = start_worker(pool="prefork")
    send_due_reminders.apply_async(queue=queue)
    _wait(lambda: _sent() > 0 and _in_transaction(), worker)
    os.kill(_pool_child(worker), signal.SIGKILL)
    assert _sent() < due_reminders, "it died half way through"
    # task_reject_on_worker_lost: the task goes back to the queue and a new child runs it.
    _wait(lambda: not Reminder.objects.filter(status=Status.PENDING).exists(), worker)
    assert worker.poll() is None, "the worker itself lives on"
    _assert_each_sent_once(due_reminders)
