#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are there for the tests, then run "$@" with DATABASE_URL and
# REDIS_URL set. Used by `make test` and .ci/run alike.
#
# With DATABASE_URL / REDIS_URL already set, they are used as they are. Otherwise the local
# servers are used: started when installed but stopped, installed from the system's packages when
# missing and we can (root on Debian/Ubuntu). It never falls back to SQLite.
set -euo pipefail

say() { printf 'services: %s\n' "$*" >&2; }
die() {
  say "$*"
  cat >&2 <<'HELP'

Recruit's tests need PostgreSQL (14+) and Redis (6+). Either
  - install them (Debian/Ubuntu: sudo apt-get install postgresql redis-server) and run `make test`, or
  - point the tests at servers you have:
      DATABASE_URL=postgres://user:password@host:5432/recruit REDIS_URL=redis://host:6379/0 make test
HELP
  exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

apt_install() {
  command -v apt-get >/dev/null || return 1
  say "installing $* from the system's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  port_open 127.0.0.1 5432 && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql || die "PostgreSQL is not installed and could not be installed here."
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  say "starting PostgreSQL $version"
  if command -v pg_ctlcluster >/dev/null; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      die "PostgreSQL $version is installed but would not start."
  fi
  for _ in $(seq 1 30); do port_open 127.0.0.1 5432 && break; sleep 1; done
  port_open 127.0.0.1 5432 || die "PostgreSQL did not come up on 127.0.0.1:5432."
}

ensure_db_role() {
  # Connect over the local socket as the current OS user (peer or trust authentication),
  # creating that role once when we may. pytest-django creates the test database itself.
  local me
  me=$(id -un)
  if command -v psql >/dev/null && ! psql -h /var/run/postgresql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    say "creating the PostgreSQL role $me"
    as_root runuser -u postgres -- psql -qc "CREATE ROLE \"$me\" LOGIN SUPERUSER" >/dev/null 2>&1 || true
  fi
}

ensure_redis() {
  port_open 127.0.0.1 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server ||
    die "Redis is not installed and could not be installed here."
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do port_open 127.0.0.1 6379 && break; sleep 0.5; done
  port_open 127.0.0.1 6379 || die "Redis did not come up on 127.0.0.1:6379."
}

if [ -z "${DATABASE_URL:-}" ]; then
  ensure_postgres
  if [ -S /var/run/postgresql/.s.PGSQL.5432 ]; then
    ensure_db_role
    export DATABASE_URL="postgres:///recruit?host=/var/run/postgresql"
  else
    export DATABASE_URL="postgres://127.0.0.1:5432/recruit"
  fi
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://* | pgsql://*) ;;
  *) die "DATABASE_URL must point at PostgreSQL for the tests (it is: ${DATABASE_URL%%:*}://...)." ;;
esac
if [ -z "${REDIS_URL:-}" ]; then
  ensure_redis
  export REDIS_URL="redis://127.0.0.1:6379/0"
fi

[ "$#" -gt 0 ] && exec "$@"
