"""Deployment checks (`manage.py check --deploy`): refuse to run production on the embedded
defaults, which are meant for a laptop."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register(deploy=True)
def production_settings(app_configs, **kwargs) -> list:
    problems = []
    if settings.DEBUG:
        return problems
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        problems.append(
            Error(
                "SECRET_KEY is the public development key.",
                hint="Set SECRET_KEY.",
                id="recruit.E001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Error(
                "SQLite is the quickstart database, not a production one.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/recruit.",
                id="recruit.E002",
            )
        )
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        problems.append(
            Error(
                "The filesystem broker only works on one machine and loses nothing only by luck.",
                hint="Set REDIS_URL=redis://host:6379/0.",
                id="recruit.E003",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        problems.append(
            Error(
                "Email goes to the console: candidates and interviewers would receive nothing.",
                hint="Set ANYMAIL_ESP (with its keys) or EMAIL_URL=smtp://...",
                id="recruit.E004",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost>"):
        problems.append(
            Warning(
                "DEFAULT_FROM_EMAIL is a localhost address.",
                hint="Set DEFAULT_FROM_EMAIL=Recruit <jobs@example.com>.",
                id="recruit.W001",
            )
        )
    return problems
