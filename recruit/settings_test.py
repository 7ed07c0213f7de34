"""Test override: the suite runs on PostgreSQL and Redis, never silently on SQLite."""

from django.core.exceptions import ImproperlyConfigured

from recruit.settings import *  # noqa: F403
from recruit.settings import DATABASES, REDIS_URL

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The tests run on PostgreSQL: set DATABASE_URL=postgres://... or run them with "
        "`make test`, which starts (or installs) PostgreSQL and Redis for you."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "The tests run on Redis: set REDIS_URL=redis://... or use `make test`."
    )

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
