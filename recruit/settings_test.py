"""Test override: the suite runs on PostgreSQL and Redis, never silently on SQLite."""

import os

from django.core.exceptions import ImproperlyConfigured

from recruit.settings import *  # noqa: F403
from recruit.settings import CACHES, DATABASES, REDIS_URL

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The tests run on PostgreSQL: set DATABASE_URL=postgres://... or run them with "
        "`make test`, which starts (or installs) PostgreSQL and Redis for you."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "The tests run on Redis: set REDIS_URL=redis://... or use `make test`."
    )

# One test database per run, so that two runs on one server (two checkouts, CI and a developer)
# never drop each other's database. pytest-xdist adds its worker suffix to this name.
DATABASES["default"]["TEST"] = {"NAME": f"test_recruit_{os.getpid()}"}

# The cache is Redis, shared by every run on this machine: each run, and each xdist worker in
# it (which has a database of its own, so its row ids repeat another's), gets its own keys.
# Set in the environment so that a Celery worker started by a test shares them.
_RUN = os.environ.setdefault("RECRUIT_TEST_RUN", str(os.getpid()))
CACHES["default"]["KEY_PREFIX"] = f"test-{_RUN}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
