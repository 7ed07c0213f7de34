"""Settings read the environment; with none, Recruit runs on embedded defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!Lq2#pV9zR4m@Kd8sW1nB6cF3hJ0tY5uE2aQ9gZ7oP4iX-long-and-random-enough",
    "ALLOWED_HOSTS": "jobs.example.com",
    "DATABASE_URL": "postgres://recruit:secret@db.example.com:5432/recruit",
    "REDIS_URL": "redis://redis.example.com:6379/0",
    "EMAIL_URL": "smtp://mail.example.com:587",
    "DEFAULT_FROM_EMAIL": "Recruit <jobs@example.com>",
}
PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "options": settings.DATABASES["default"].get("OPTIONS", {}),
    "broker": settings.CELERY_BROKER_URL,
    "broker_options": getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "media": str(settings.MEDIA_ROOT),
    "hsts": settings.SECURE_HSTS_SECONDS,
}))
"""


def run(code_or_args, env_extra: dict[str, str], *, module="recruit.settings"):
    # Only the basics of the environment: none of the DATABASE_URL/REDIS_URL the tests run with.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": module,
        **env_extra,
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def probe(env_extra):
    result = run(PROBE, env_extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_means_sqlite_filesystem_broker_console_email_and_local_cache():
    found = probe({})
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(ROOT / "var" / "recruit.sqlite3")
    # Tuned for the web process and the worker writing at once.
    assert "journal_mode=WAL" in found["options"]["init_command"]
    assert found["options"]["transaction_mode"] == "IMMEDIATE"
    assert found["broker"] == "filesystem://"
    assert found["broker_options"]["data_folder_in"].startswith(str(ROOT / "var" / "broker"))
    assert found["cache"].endswith("LocMemCache")
    assert found["email"].endswith("console.EmailBackend")
    assert found["media"] == str(ROOT / "var" / "media")
    assert found["debug"] is False


def test_production_environment_selects_postgres_redis_smtp_and_hsts():
    found = probe(PRODUCTION_ENV)
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["broker"] == "redis://redis.example.com:6379/0"
    assert found["cache"].endswith("RedisCache")
    assert found["email"].endswith("smtp.EmailBackend")
    assert found["hsts"] == 31536000


def test_anymail_esp_is_picked_from_the_environment():
    found = probe({"ANYMAIL_ESP": "postmark", "ANYMAIL_POSTMARK_SERVER_TOKEN": "token"})
    assert found["email"] == "anymail.backends.postmark.EmailBackend"


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("drop", "error_id"),
    [
        ("SECRET_KEY", "recruit.E001"),
        ("DATABASE_URL", "recruit.E002"),
        ("REDIS_URL", "recruit.E003"),
        ("EMAIL_URL", "recruit.E004"),
    ],
)
def test_check_deploy_refuses_the_embedded_defaults_in_production(drop, error_id):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != drop}
    result = run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0
    assert error_id in result.stderr + result.stdout


def test_tests_refuse_to_run_on_sqlite():
    result = run(PROBE, {}, module="recruit.settings_test")
    assert result.returncode != 0
    assert "The tests run on PostgreSQL" in result.stderr
