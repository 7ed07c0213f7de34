# syntax=docker/dockerfile:1
# Recruit's one image. It serves the web app with gunicorn by default; docker-compose.yml runs the
# migrations, the Celery worker and Celery beat from the same image with other commands.
FROM python:3.11-slim

# PYTHONPATH=/app: the code runs from /app (settings find templates/ and static/ beside it), ahead
# of the copy that `pip install` also puts in site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONPATH=/app

WORKDIR /app

# antiword reads legacy Word (.doc) resumes; nothing in Python reads them well.
RUN apt-get update \
    && apt-get install -y --no-install-recommends antiword \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 recruit \
    && useradd --system --uid 10001 --gid recruit --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin recruit

# The dependencies (with the s3 extra, without dev) in a layer of their own, read from
# pyproject.toml, so that a change to the code does not reinstall them all.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print(*p['dependencies'], *p['optional-dependencies']['s3'], sep=chr(10))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself (.dockerignore keeps out .env, var/, tests/ and local clutter).
COPY . .
RUN pip install ".[s3]" \
    && rm -rf build ./*.egg-info

# Static files are collected, compressed and hashed at build time (STATIC_ROOT is /app/staticfiles)
# and served by whitenoise. The key below exists only for this command and is not in the image.
RUN SECRET_KEY=collectstatic-only-not-a-secret DEBUG=false \
    python manage.py collectstatic --noinput

# var/ holds uploads (MEDIA_ROOT, a volume in compose) and beat's schedule: the app's user owns it.
RUN mkdir -p /app/var/media && chown -R recruit:recruit /app/var

# A numeric user, so that orchestrators enforcing "run as non-root" can verify it.
USER 10001:10001

EXPOSE 8000

# /healthz answers 200 when the database, cache and broker answer. The Host header is the first of
# ALLOWED_HOSTS, so that Django accepts the probe whatever the site is called. No curl in slim.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8)"]

# Gunicorn leaves X-Forwarded-Proto to Django (TRUST_X_FORWARDED_PROTO), so its own
# forwarded-allow-ips stays at the default. Access log and errors go to stdout/stderr.
CMD ["gunicorn", "recruit.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
