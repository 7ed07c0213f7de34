"""Two coordinators booking the same interviewer at the same moment: the clash check and the
insert are one step per interviewer (an advisory lock on PostgreSQL), so one booking wins and
the other is told of the clash. Real transactions, real threads."""

import importlib
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from ats.models import Interview
from ats.services.interviews import InterviewClash, interview_schedule
from recruit.accounts.roles import Role
from tests.factories import ApplicationFactory, JobFactory, UserFactory


@pytest.fixture
def default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline that jobs copy."""
    importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons").create(apps, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("default_pipeline")
def test_two_bookings_of_one_interviewer_at_once_one_wins_the_other_hears_of_the_clash():
    ivan = UserFactory(full_name="Ivan Interviewer", roles=[Role.INTERVIEWER])
    coordinators = [UserFactory(roles=[Role.COORDINATOR]) for _ in range(2)]
    job = JobFactory(team=[(ivan, "interviewer")])
    applications = [ApplicationFactory(job=job) for _ in range(2)]
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    barrier = threading.Barrier(2)
    booked, clashes, errors = [], [], []

    def book(application, coordinator, offset):
        try:
            barrier.wait(timeout=10)
            booked.append(
                interview_schedule(
                    application=application,
                    interviewers=[ivan],
                    start=start + offset,
                    end=start + offset + timedelta(hours=1),
                    time_zone="UTC",
                    actor=coordinator,
                )
            )
        except InterviewClash as clash:
            clashes.append(clash)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    offsets = [timedelta(0), timedelta(minutes=30)]
    threads = [
        threading.Thread(target=book, args=args)
        for args in zip(applications, coordinators, offsets, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(booked) == 1 and len(clashes) == 1
    assert "Ivan Interviewer already has an interview then" in clashes[0].messages[0]
    assert Interview.objects.count() == 1
