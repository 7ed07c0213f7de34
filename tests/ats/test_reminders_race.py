"""Two beat runs at the same instant, in two threads with real transactions on PostgreSQL:
each claims rows the other has not locked (SKIP LOCKED), and every due reminder is sent once."""

import importlib
import threading
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_save

from ats.models import Reminder
from ats.services.reminders import TEMPLATES, reminders_send_due
from recruit.accounts.roles import Role
from recruit.messaging.models import EmailTemplate, OutboundEmail
from tests.ats.reminder_helpers import delivered, in_days, schedule, sent_per_reminder
from tests.factories import ApplicationFactory, CareersSiteFactory, JobFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
INTERVIEWS = 15


@pytest.fixture(autouse=True)
def default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline that jobs copy."""
    importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons").create(apps, None)


def _slow_queue(sender, instance, created, **kwargs):
    """Each email takes a little while to queue, so the two runs' batches overlap."""
    if created:
        time.sleep(0.01)


def test_two_beat_runs_at_once_send_every_due_reminder_once(coordinator, mailoutbox):
    CareersSiteFactory()
    interviewers = [UserFactory(roles=[Role.INTERVIEWER]) for _ in range(2)]
    job = JobFactory(team=[(user, "interviewer") for user in interviewers])
    start = in_days(3)
    for _ in range(INTERVIEWS):
        schedule(ApplicationFactory(job=job), coordinator, interviewers, start, allow_clash=True)
    due = start - timedelta(hours=24) + timedelta(minutes=1)
    # Both runs find the templates gone and put them back at the same moment, without deadlock.
    EmailTemplate.objects.filter(purpose__in=TEMPLATES).delete()
    expected = Reminder.objects.filter(kind="before_24h", status=Reminder.Status.PENDING).count()
    assert expected == INTERVIEWS * 3

    barrier = threading.Barrier(2)
    handled: list[int] = []
    errors: list[BaseException] = []

    def beat():
        try:
            barrier.wait(timeout=10)
            handled.append(reminders_send_due(now=due, batch=2))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    post_save.connect(_slow_queue, sender=OutboundEmail, weak=False)
    try:
        threads = [threading.Thread(target=beat) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        post_save.disconnect(_slow_queue, sender=OutboundEmail)

    assert not errors, errors
    assert sum(handled) == expected
    assert min(handled) > 0, "both runs claimed rows: they did run side by side"
    counts = sent_per_reminder()
    assert len(counts) == expected and set(counts.values()) == {1}
    assert len(delivered(mailoutbox)) == expected
    assert not Reminder.objects.filter(kind="before_24h", status=Reminder.Status.PENDING).exists()
    assert EmailTemplate.objects.filter(purpose__in=TEMPLATES).count() == len(TEMPLATES)
