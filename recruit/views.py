"""Project-wide pages: the dashboard, health check and error pages."""

import time
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ats.selectors import job_list
from recruit.candidates.selectors import candidate_list
from recruit.celery import HEARTBEAT_KEY
from recruit.celery import app as celery_app


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    candidates = candidate_list(user=request.user)
    context = {
        "candidate_count": candidates.count(),
        "recent_candidates": candidates[:8],
        "open_job_count": job_list(user=request.user, status="open").count(),
    }
    return render(request, "home.html", context)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    token = uuid.uuid4().hex
    cache.set("healthz", token, timeout=30)
    if cache.get("healthz") != token:
        raise RuntimeError("the cache did not return what was stored")


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, cache and broker answer; 503 naming what failed otherwise."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    body = {"status": "ok" if healthy else "error", "checks": results}
    heartbeat = _safe_heartbeat()
    if heartbeat is not None:
        # Informational: a worker that stopped consuming shows here before anything fails.
        body["worker_last_seen_seconds"] = round(time.time() - heartbeat["at"], 1)
    return JsonResponse(body, status=200 if healthy else 503)


def _safe_heartbeat() -> dict | None:
    try:
        return cache.get(HEARTBEAT_KEY)
    except Exception:
        return None


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or queries: whatever broke may break them too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
