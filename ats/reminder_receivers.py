"""Reminders follow their interview: armed when it is scheduled, re-armed when it moves,
disarmed when it is cancelled; feedback reminders stop once the scorecard is in. The signals
are sent after the change commits, so a failure here must not turn a saved change into an
error page: it is logged, the beat task arms any interview it finds without reminders for its
current time, and checks each reminder against its interview when it falls due."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core import checks
from django.dispatch import receiver

from ats import signals
from ats.services import reminders
from recruit.messaging.merge import register_merge_fields

logger = logging.getLogger(__name__)
register_merge_fields(reminders.MERGE_FIELDS)


@receiver(signals.interview_scheduled, dispatch_uid="ats.reminders_on_schedule")
@receiver(signals.interview_rescheduled, dispatch_uid="ats.reminders_on_reschedule")
def arm_reminders(sender, interview, **kwargs) -> None:
    with _logged("arming", interview):
        reminders.reminders_arm(interview=interview)


@receiver(signals.interview_cancelled, dispatch_uid="ats.reminders_on_cancel")
def disarm_reminders(sender, interview, **kwargs) -> None:
    # Were this lost, each reminder would still be checked against the interview when due.
    with _logged("disarming", interview):
        reminders.reminders_disarm(interview=interview)


@receiver(signals.scorecard_submitted, dispatch_uid="ats.reminders_on_scorecard")
def stop_feedback_reminders(sender, scorecard, **kwargs) -> None:
    with _logged("stopping the feedback reminders of", scorecard.interview):
        reminders.reminders_feedback_done(interview=scorecard.interview, user=scorecard.interviewer)


@contextmanager
def _logged(doing: str, interview) -> Iterator[None]:
    try:
        yield
    except Exception:
        logger.exception("%s the reminders of interview %s failed", doing, interview.pk)


@checks.register(checks.Tags.compatibility)
def reminder_settings_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [checks.Error(error, id="ats.E010") for error in reminders.reminder_settings_errors()]
