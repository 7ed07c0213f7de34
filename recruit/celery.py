"""The Celery app.

Exactly-once never comes from the broker (a killed worker child can lose or repeat a task): tasks
take ids, are idempotent, and state their guarantees with database constraints. Long delays are
rows with a due time claimed by a beat task, never a countdown (Redis redelivers ETA tasks past its
visibility timeout).
"""

import os
import time

from celery import Celery
from django.core.cache import cache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruit.settings")

app = Celery("recruit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    timezone="UTC",
)
app.autodiscover_tasks()

HEARTBEAT_KEY = "celery:heartbeat"


@app.task(name="recruit.heartbeat")
def heartbeat(token: str = "") -> None:
    """Proves a worker is consuming: /healthz reports how long ago this ran."""
    cache.set(HEARTBEAT_KEY, {"at": time.time(), "token": token}, timeout=None)
