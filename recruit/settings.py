"""Recruit settings: everything comes from the environment.

With no environment at all, Recruit runs on embedded defaults (SQLite under var/, media under
var/media, console email, the local-memory cache and kombu's filesystem broker under var/broker),
so a fresh checkout needs nothing but Python. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and an email transport; `manage.py check --deploy` refuses the embedded defaults.
Every variable read here is listed, with its default, in .env.example and the README.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# The development key is public; recruit.checks refuses it when DEBUG is off.
DEV_SECRET_KEY = "dev-insecure-recruit-key-change-me"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Search (recruit/candidates/search.py): GIN and trigram indexes, full-text lookups. Harmless
    # on SQLite, where search falls back to icontains.
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "anymail",
    "recruit.accounts",
    "recruit.candidates",
    "recruit.messaging",
    "ats",
    "crm",
    "campaigns",
    "recruit.apps.RecruitConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "recruit.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "recruit.urls"
WSGI_APPLICATION = "recruit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL is set. SQLite is tuned so that the web process
# and the Celery worker can write at once (WAL journal, a busy timeout, immediate transactions).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'recruit.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis serves as Celery broker and cache when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "recruit",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development whitenoise serves straight from the source folders, with no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Media is never served by URL: documents are streamed by a permission-checked view.
MEDIA_URL = "/media-not-served/"

# Files: local disk by default, any S3-compatible store when a bucket is named.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads: DATA_UPLOAD_MAX_MEMORY_SIZE does not cover file data, so each upload's size is checked
# by the document service against this limit (bytes). Cap the request body at the proxy too.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# Resume parsing runs in a child process with these limits; a file that needs more ends as
# "could not parse: <reason>" instead of taking the worker down. Pages past the limit are unread.
PARSE_MAX_PAGES = env.int("PARSE_MAX_PAGES", default=20)
PARSE_MEMORY_MB = env.int("PARSE_MEMORY_MB", default=512)
PARSE_CPU_SECONDS = env.int("PARSE_CPU_SECONDS", default=20)
PARSE_TIMEOUT_SECONDS = env.int("PARSE_TIMEOUT_SECONDS", default=30)

# Email: an anymail ESP when ANYMAIL_ESP is set (its keys as ANYMAIL_<SETTING>, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN), SMTP when EMAIL_URL is set, the console otherwise.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Recruit <recruit@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ANYMAIL_ESP = env.str("ANYMAIL_ESP", default="")
EMAIL_URL = env.str("EMAIL_URL", default="")
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in env.ENVIRON.items()
    if name.startswith("ANYMAIL_") and name != "ANYMAIL_ESP"
}
if ANYMAIL_ESP:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
elif EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/broker, so the
# worker and beat still run as real separate processes with no server to install.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "recruit.heartbeat", "schedule": 60.0},
    "deliver-pending-emails": {"task": "messaging.deliver_pending_emails", "schedule": 60.0},
    "mark-abandoned-applications": {"task": "ats.mark_abandoned_applications", "schedule": 900.0},
    "send-due-reminders": {"task": "ats.send_due_reminders", "schedule": 60.0},
}

# Security. Production (DEBUG off) gets secure cookies, HSTS and an HTTPS redirect unless told
# otherwise (e.g. SECURE_SSL_REDIRECT=false behind a proxy that already redirects).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False)
    else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' HSTS preload list binds the whole domain for months; that is the domain
# owner's decision (SECURE_HSTS_PRELOAD=true), not a default a self-hosted install should make.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON only: the browsable API's inline styles break the Content-Security-Policy, and
    # /api/docs/ is the place to explore the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["recruit.accounts.permissions.RecruitPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Recruit API",
    "DESCRIPTION": "Jobs, applications, candidates and the CRM of a Recruit installation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs page are for signed-in users (session or token), like the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "ats.models.Application.Status",
        "JobStatusEnum": "ats.models.Job.Status",
        "JobClosedReasonEnum": "ats.models.Job.ClosedReason",
        # Scorecards: the one scale of every focus attribute and the overall recommendation.
        "RatingEnum": "ats.models.Rating",
    },
}

# The careers site. Public forms (apply, talent community, status links) are limited per client
# address, counted in the cache; NUM_PROXIES is how many trusted proxies (load balancer, nginx)
# stand in front of the app, so the client address is read from X-Forwarded-For correctly.
CAREERS_RATE_LIMIT = env.str("CAREERS_RATE_LIMIT", default="20/h")
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# An application started (step 1) but not finished after this many hours counts as abandoned.
CAREERS_ABANDONED_AFTER_HOURS = env.int("CAREERS_ABANDONED_AFTER_HOURS", default=24)
# How long the link to a candidate's status page works.
CANDIDATE_LINK_MAX_AGE_DAYS = env.int("CANDIDATE_LINK_MAX_AGE_DAYS", default=30)
# Self-scheduling: a candidate may move or cancel the interview they booked through their link
# until this many hours before it starts; after that the page asks them to contact the recruiter.
SELF_SCHEDULE_NOTICE_HOURS = env.int("SELF_SCHEDULE_NOTICE_HOURS", default=24)

# Interview reminders (ats/services/reminders.py), sent by the beat every minute: to the
# candidate and each interviewer this long before an interview ("24h,1h"; m, h or d), and to
# interviewers with no scorecard in this many hours after it ends, then every so many hours, at
# most FEEDBACK_REMINDER_MAX times (0: none).
INTERVIEW_REMINDERS = env.list("INTERVIEW_REMINDERS", default=["24h", "1h"])
FEEDBACK_REMINDER_AFTER_HOURS = env.int("FEEDBACK_REMINDER_AFTER_HOURS", default=4)
FEEDBACK_REMINDER_EVERY_HOURS = env.int("FEEDBACK_REMINDER_EVERY_HOURS", default=24)
FEEDBACK_REMINDER_MAX = env.int("FEEDBACK_REMINDER_MAX", default=3)

# Phone numbers without a country code are read as numbers of this region.
PHONE_DEFAULT_REGION = env.str("PHONE_DEFAULT_REGION", default="US")

# Structured logs (one JSON object a line) to stdout.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "recruit.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
