"""What every benchmark shares: timing, the trivial-view baseline, the report and data builders.

Figures are never absolute: each request is timed in alternation with a trivial view served by
the same test client through the same middleware, and reported as a ratio to it, so that a slow
machine or a busy CI runner moves both sides alike. This module is also the URLconf the
benchmarks run under: the project's URLs plus /bench-trivial/ (and /bench-trivial-public/,
the same without the login, the baseline of public pages).
"""

import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from math import ceil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from recruit import urls as project_urls
from recruit.accounts.models import User
from recruit.accounts.roles import Role
from recruit.candidates.models import Activity, Candidate, Source, Tag

TRIVIAL_URL = "/bench-trivial/"


def trivial(request: HttpRequest) -> HttpResponse:
    """The baseline: no query of its own, no template; only the middleware around it works."""
    return HttpResponse(b"ok", content_type="text/plain")


PUBLIC_TRIVIAL_URL = "/bench-trivial-public/"


@login_not_required
def trivial_public(request: HttpRequest) -> HttpResponse:
    """The baseline of public pages: the trivial view open to anonymous visitors (the one
    above sends them to the login page)."""
    return trivial(request)


urlpatterns = [
    *project_urls.urlpatterns,
    path(TRIVIAL_URL.strip("/") + "/", trivial),
    path(PUBLIC_TRIVIAL_URL.strip("/") + "/", trivial_public),
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@contextmanager
def bench_settings() -> Iterator[None]:
    """Serve this URLconf to Django's test client ("testserver"); run.py wraps each module in it."""
    with override_settings(
        ROOT_URLCONF=__name__, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    ):
        yield


class BenchmarkError(Exception):
    pass


# Timing ---------------------------------------------------------------------------------------


def summarize(samples: list[float]) -> dict:
    """Median, p95 (nearest rank) and min of samples in seconds, in milliseconds."""
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered) * 1000,
        "p95": ordered[max(ceil(0.95 * len(ordered)) - 1, 0)] * 1000,
        "min": ordered[0] * 1000,
        "repeat": len(ordered),
    }


def measure_alternating(
    fns: dict[str, Callable[[], object]], *, repeat: int, warmup: int
) -> dict[str, dict]:
    """Time several functions in turns (a, b, a, b, ...), so that drift hits each alike."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: summarize(values) for name, values in samples.items()}


def measure(fn: Callable[[], object], *, repeat: int, warmup: int) -> dict:
    """Call fn `warmup` times untimed, then `repeat` times timed: median, p95 and min in ms."""
    return measure_alternating({"fn": fn}, repeat=repeat, warmup=warmup)["fn"]


def count_queries(fn: Callable[[], object]) -> tuple[int, object]:
    """The number of SQL queries one call of fn runs (outside any timing), and its result."""
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured), result


# Requests and the report ----------------------------------------------------------------------


def get_ok(client: Client, url: str, headers: dict | None = None):
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise BenchmarkError(f"GET {url} answered {response.status_code}, not 200")
    return response


@dataclass
class Result:
    label: str
    url: str
    stats: dict
    baseline: dict
    queries: int

    @property
    def ratio(self) -> float:
        return self.stats["median"] / self.baseline["median"]


@dataclass
class Report:
    """Prints one aligned line per measurement and keeps the results for the caller."""

    name: str
    label_width: int = 52
    client: Client | None = None
    baseline_stats: dict | None = None
    baseline_queries: int = 0
    results: list[Result] = field(default_factory=list)

    def info(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def baseline(self, client: Client, *, repeat: int = 300, warmup: int = 30) -> dict:
        """Measure (and print) the trivial view through `client`, which later lines then use."""
        self.client = client
        self.baseline_queries, _ = count_queries(lambda: get_ok(client, TRIVIAL_URL))
        stats = measure(lambda: get_ok(client, TRIVIAL_URL), repeat=repeat, warmup=warmup)
        self.baseline_stats = stats
        print(
            f"  {'trivial view (the baseline):':<{self.label_width}} "
            f"median {stats['median']:6.2f} ms, p95 {stats['p95']:6.2f} ms, "
            f"min {stats['min']:6.2f} ms   {_queries(self.baseline_queries)}",
            flush=True,
        )
        return stats

    def get(
        self,
        label: str,
        url: str,
        *,
        repeat: int = 40,
        warmup: int = 5,
        headers: dict | None = None,
        contains: str | None = None,
    ) -> Result:
        """Time GET `url` against the trivial view, alternating the two, and print the line."""
        if self.client is None:
            raise BenchmarkError("call report.baseline(client) before report.get()")
        client = self.client
        queries, response = count_queries(lambda: get_ok(client, url, headers))
        if contains is not None and contains not in response.content.decode():
            raise BenchmarkError(f"GET {url} does not show {contains!r}")
        timed = measure_alternating(
            {
                "view": lambda: get_ok(client, url, headers),
                "trivial": lambda: get_ok(client, TRIVIAL_URL),
            },
            repeat=repeat,
            warmup=warmup,
        )
        result = Result(label, url, timed["view"], timed["trivial"], queries)
        self.results.append(result)
        stats = result.stats
        print(
            f"  {label + ':':<{self.label_width}} "
            f"median {stats['median']:6.2f} ms, p95 {stats['p95']:6.2f} ms "
            f"= {result.ratio:5.1f}x trivial view   {_queries(queries)}",
            flush=True,
        )
        return result


def _queries(count: int) -> str:
    return f"{count} SQL quer{'y' if count == 1 else 'ies'}"


# Users and clients ----------------------------------------------------------------------------


def create_user(email: str, *, roles: tuple[Role, ...] = (), full_name: str = "") -> User:
    user = User.objects.create_user(email, full_name=full_name)
    user.groups.add(*Group.objects.filter(name__in=[str(role) for role in roles]))
    if len(roles) != user.groups.count():
        raise BenchmarkError(f"missing role groups among {roles}: is the database migrated?")
    return user


def logged_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def analyze() -> None:
    """Vacuum and analyze after bulk loads, as autovacuum would have on a live server."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def reserve_ids(model: type[Model], count: int) -> range:
    """Take `count` consecutive ids from the table's id sequence, for rows loaded by copy_rows
    that other rows must point at before they exist."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, count],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def skip_foreign_key_checks() -> bool:
    """Inside a transaction: let PostgreSQL skip its row-by-row foreign key checks until the
    commit (session_replication_role = replica), which take longer than a bulk load itself.
    Only a superuser may; returns False (and checks stay on) otherwise. Call
    check_foreign_keys() on the loaded models before the transaction ends."""
    if not connection.in_atomic_block:
        raise BenchmarkError("skip_foreign_key_checks() needs a transaction")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def check_foreign_keys(*models: type[Model]) -> None:
    """Check every foreign key of the models' rows at once (one anti-join per key, instead of
    a trigger per row): raise if a row points at nothing."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            for fk in model._meta.concrete_fields:
                if not fk.is_relation:
                    continue
                target = fk.target_field
                cursor.execute(
                    f"SELECT count(*) FROM {quote(model._meta.db_table)} AS child "  # noqa: S608
                    f"WHERE child.{quote(fk.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    f"{quote(target.model._meta.db_table)} AS parent "
                    f"WHERE parent.{quote(target.column)} = child.{quote(fk.column)})"
                )
                dangling = cursor.fetchone()[0]
                if dangling:
                    raise BenchmarkError(f"{dangling} {model.__name__}.{fk.name} point at nothing")


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Load rows into the model's table with PostgreSQL's COPY, many times faster than
    bulk_create for hundreds of thousands of rows. Each row gives `columns` (database column
    names) in order: None is NULL, JSON columns take the JSON text. No default, no save(), no
    signal applies: give every NOT NULL column. Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


# Serving with gunicorn ------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "bench_gunicorn_settings"
# What gunicorn and Django log when a request fails (gunicorn's own lines, and recruit.logs'
# JSON lines of the django.request logger: 5xx at ERROR, 4xx at WARNING).
LOG_ERRORS = ("Traceback", "[ERROR]", "[CRITICAL]", '"level": "ERROR"', '"level": "WARNING"')


@dataclass
class Server:
    host: str
    port: int
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def errors(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if any(word in line for word in LOG_ERRORS)]


@contextmanager
def gunicorn_server(*, workers: int = 2, overrides: dict | None = None) -> Iterator[Server]:
    """Serve the project with gunicorn's sync workers on a free local port, as this process
    sees it: this URLconf, the benchmark's database (the module's clone) and cache settings,
    DEBUG off, plus `overrides` (setting name: value). Stopped on the way out, whatever
    happens; raises with the server's log when it fails to start or logged an error."""
    with tempfile.TemporaryDirectory(prefix="recruit-bench-") as folder:
        (Path(folder) / f"{SETTINGS_MODULE}.py").write_text(_settings_source(overrides or {}))
        server = Server("127.0.0.1", _free_port(), Path(folder) / "gunicorn.log")
        process = _start_gunicorn(server, workers=workers, folder=folder)
        try:
            _wait_until_up(process, server)
            yield server
            errors = server.errors()  # before stopping: shutting down logs its own lines
            if errors:
                raise BenchmarkError("gunicorn logged errors:\n" + "\n".join(errors[:20]))
        except BaseException:
            print(f"  gunicorn's log (last lines):\n{server.log_tail()}", flush=True)
            raise
        finally:
            _stop(process)
            _wait_for_other_connections_to_close()


def _settings_source(overrides: dict) -> str:
    values = {
        "ROOT_URLCONF": __name__,
        "DEBUG": False,
        "ALLOWED_HOSTS": ["127.0.0.1"],
        "CACHES": settings.CACHES,
        # Production serves static files from what it found at start, with no lookup per
        # request (the test settings look on every request).
        "WHITENOISE_AUTOREFRESH": False,
        **overrides,
    }
    base = os.environ["DJANGO_SETTINGS_MODULE"]
    return "\n".join([
        '"""Written by bench/common.py: the settings gunicorn serves the benchmark with."""',
        f"from {base} import *  # noqa: F403",
        f"from {base} import DATABASES",
        f"DATABASES['default']['NAME'] = {connection.settings_dict['NAME']!r}",
        *(f"{name} = {value!r}" for name, value in values.items()),
        "",
    ])  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(server: Server, *, workers: int, folder: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [folder, str(ROOT), os.environ.get("PYTHONPATH")])
        ),
        "SECRET_KEY": secrets.token_urlsafe(50),  # DEBUG off refuses the public development key
        "DEBUG": "false",
    }
    command = [
        sys.executable, "-m", "gunicorn", "recruit.wsgi:application",
        f"--bind={server.host}:{server.port}", f"--workers={workers}", "--worker-class=sync",
        "--graceful-timeout=10",
    ]  # fmt: skip
    with server.log.open("wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_until_up(process: subprocess.Popen, server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited with status {process.returncode}")
        try:
            status, body = http_get(server, PUBLIC_TRIVIAL_URL)
        except OSError:
            time.sleep(0.2)
            continue
        if status != 200:
            raise BenchmarkError(f"GET {PUBLIC_TRIVIAL_URL} answered {status}: {body[:300]!r}")
        return
    raise BenchmarkError(f"gunicorn did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()  # SIGTERM: gunicorn stops its workers gracefully
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for_other_connections_to_close(timeout: float = 10) -> None:
    """Wait until the workers' database connections are gone, so that run.py can drop the
    database once the module is done."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.1)


def http_get(server: Server, path: str) -> tuple[int, bytes]:
    """One GET on a connection of its own: the status and the body."""
    client = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        return response.status, response.read()
    finally:
        client.close()


def requests_per_second(
    server: Server, pages: Sequence[tuple[str, bytes]], *, seconds: float, threads: int
) -> float:
    """Requests per second `threads` clients get for `seconds`, each going round `pages`
    ((path, a piece of the body it must show), each client starting elsewhere) on a kept
    connection. Raises on the first answer that is not 200 or does not show its piece."""
    started = time.perf_counter()
    deadline = started + seconds
    counts: list[tuple[int, float]] = []
    errors: list[str] = []
    workers = [
        threading.Thread(
            target=_client_loop,
            args=(server, pages, n * len(pages) // threads, deadline, counts, errors),
        )
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise BenchmarkError(errors[0])
    return sum(done for done, _ in counts) / (max(end for _, end in counts) - started)


def _client_loop(server, pages, start, deadline, counts, errors) -> None:
    # Sync workers answer "Connection: close"; http.client then reconnects by itself.
    client = http.client.HTTPConnection(server.host, server.port, timeout=30)
    done, index, path = 0, start, ""
    try:
        while time.perf_counter() < deadline and not errors:
            path, piece = pages[index % len(pages)]
            index += 1
            client.request("GET", path)
            response = client.getresponse()
            body = response.read()
            if response.status != 200 or piece not in body:
                errors.append(f"GET {path} answered {response.status} without {piece!r}: "
                              f"{body[:300]!r}")  # fmt: skip
                return
            done += 1
    except (OSError, http.client.HTTPException) as error:
        errors.append(f"GET {path} failed: {error!r}")
    finally:
        client.close()
        counts.append((done, time.perf_counter()))


# Data -----------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "James Maria Michael Sarah David Anna Daniel Laura Thomas Emma Robert Sofia John Olivia Luca "
    "Chen Aisha Mohammed Priya Raj Yuki Hiroshi Fatima Omar Elena Ivan Nora Lars Ingrid Pedro "
    "Lucia Kwame Amara Tomasz Katarzyna Pierre Camille Jonas Lea Mateo"
)
LAST_NAMES = _words(
    "Smith Garcia Johnson Müller Brown Rossi Williams Martin Jones Nguyen Miller Kowalski Davis "
    "Silva Wilson Tanaka Anderson Kim Taylor Patel Thomas Dubois Moore Schmidt Jackson Ivanova "
    "White Lopez Harris Sato Clark Novak Lewis Hansen Walker Bianchi Hall Fischer Allen Cohen "
    "Young Mensah King Okafor Wright Haddad Scott Larsen Green Costa Baker Weber Adams Nakamura "
    "Nelson Horvat Hill Romero Campbell Jensen Mitchell Petrov Roberts Kaya Carter Yilmaz Singh"
)
SENIORITY = ("", "", "Junior ", "Senior ", "Senior ", "Staff ", "Lead ", "Principal ")
ROLES = (
    "Software Engineer",
    "Backend Developer",
    "Frontend Developer",
    "Data Scientist",
    "Data Engineer",
    "Product Manager",
    "Product Designer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "QA Engineer",
    "Engineering Manager",
    "Account Executive",
    "Customer Success Manager",
    "Marketing Manager",
    "Financial Analyst",
    "Recruiter",
)
COMPANIES = (
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Cyberdyne Systems",
    "Tyrell Corporation",
    "Vandelay Industries",
    "Pied Piper",
    "Massive Dynamic",
    "Aperture Science",
    "Soylent",
    "Wonka Industries",
    "Oceanic Airlines",
    "Dunder Mifflin",
    "Nakatomi Trading",
    "Gringotts",
    "Monarch Solutions",
    "Blue Sun",
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Tailspin Toys",
    "Litware",
    "Adventure Works",
    "Bluth Company",
    "Prestige Worldwide",
    "Sirius Cybernetics",
)
LOCATIONS = (
    "Berlin, Germany",
    "London, United Kingdom",
    "Paris, France",
    "Amsterdam, Netherlands",
    "Lisbon, Portugal",
    "Madrid, Spain",
    "Warsaw, Poland",
    "Stockholm, Sweden",
    "New York, NY",
    "San Francisco, CA",
    "Austin, TX",
    "Chicago, IL",
    "Seattle, WA",
    "Toronto, Canada",
    "São Paulo, Brazil",
    "Bangalore, India",
    "Singapore",
    "Tokyo, Japan",
    "Sydney, Australia",
    "Lagos, Nigeria",
    "Remote",
)
SOURCES = (
    (Source.Kind.CAREERS_SITE, "Careers site"),
    (Source.Kind.JOB_BOARD, "LinkedIn Jobs"),
    (Source.Kind.JOB_BOARD, "Indeed"),
    (Source.Kind.REFERRAL, "Employee referral"),
    (Source.Kind.SOURCING, "LinkedIn Recruiter"),
    (Source.Kind.IMPORT, "Spreadsheet import"),
    (Source.Kind.EVENT, "Tech meetup"),
)
TAGS = _words(
    "python django kubernetes react remote-ok relocation visa-needed silver-medalist "
    "do-not-contact leadership fintech open-source"
)
ACTIVITIES = (
    ("candidate.created", {}),
    ("email.queued", {"subject": "Thanks for applying"}),
    ("document.added", {"name": "resume.pdf"}),
    ("consent.given", {}),
    ("candidate.updated", {}),
    ("email.queued", {"subject": "Interview invitation"}),
)
# Zipf-like: the most common last name is about 8% of people, the rarest a fraction of a percent.
LAST_NAME_WEIGHTS = [1 / (rank + 3) for rank in range(len(LAST_NAMES))]
FIRST_NAME_WEIGHTS = [1 / (rank + 3) for rank in range(len(FIRST_NAMES))]


@dataclass
class BuiltCandidates:
    ids: list[int]
    with_activities: list[int]
    activity_count: int
    common_first_name: str
    common_last_name: str


def build_candidates(
    *,
    count: int,
    seed: int = 1,
    owners: tuple[User, ...] = (),
    with_activities: int = 0,
    activities_each: int = 5,
    batch_size: int = 2000,
) -> BuiltCandidates:
    """Insert `count` realistic candidates with bulk_create, fast and the same for a given seed.

    Each has a source; about 40% carry tags, half a phone, some an owner, a summary and
    experience; `with_activities` of them (at random) get `activities_each` timeline entries.
    """
    rng = random.Random(seed)
    now = timezone.now()
    sources = [Source.objects.get_or_create(kind=kind, name=name)[0] for kind, name in SOURCES]
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    offset = Candidate.objects.count()  # keeps emails unique when a module builds twice
    first_names = rng.choices(FIRST_NAMES, FIRST_NAME_WEIGHTS, k=count)
    last_names = rng.choices(LAST_NAMES, LAST_NAME_WEIGHTS, k=count)
    candidates = []
    for number, (first, last) in enumerate(zip(first_names, last_names, strict=True), offset):
        title = rng.choice(SENIORITY) + rng.choice(ROLES)
        company = rng.choice(COMPANIES)
        candidates.append(
            Candidate(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{number}@example.org".lower(),
                phone=f"+1{rng.randint(201, 989)}555{rng.randint(0, 9999):04d}"
                if rng.random() < 0.5
                else "",
                location=rng.choice(LOCATIONS),
                current_title=title,
                current_company=company,
                linkedin_url=f"https://www.linkedin.com/in/{first}-{last}-{number}".lower()
                if rng.random() < 0.4
                else "",
                summary=f"{title} at {company}, previously {rng.choice(COMPANIES)}."
                if rng.random() < 0.3
                else "",
                source=rng.choice(sources),
                owner=rng.choice(owners) if owners and rng.random() < 0.3 else None,
                years_experience=Decimal(rng.randint(0, 300)) / 10 if rng.random() < 0.6 else None,
                created_at=now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400)),
            )
        )
    with transaction.atomic():
        Candidate.objects.bulk_create(candidates, batch_size=batch_size)
        tagging = Candidate.tags.through
        links = [
            tagging(candidate_id=candidate.pk, tag_id=tag.pk)
            for candidate in candidates
            if rng.random() < 0.4
            for tag in rng.sample(tags, rng.randint(1, 3))
        ]
        tagging.objects.bulk_create(links, batch_size=batch_size)
        chosen = rng.sample(candidates, min(with_activities, count))
        activities = []
        for candidate in chosen:
            moment = candidate.created_at
            for step in range(activities_each):
                verb, details = ACTIVITIES[step % len(ACTIVITIES)]
                moment += timedelta(hours=rng.randint(1, 240))
                activities.append(
                    Activity(
                        candidate=candidate,
                        actor=rng.choice(owners) if owners and step else None,
                        verb=verb,
                        details=details,
                        created_at=moment,
                    )
                )
        Activity.objects.bulk_create(activities, batch_size=batch_size)
    return BuiltCandidates(
        ids=[candidate.pk for candidate in candidates],
        with_activities=[candidate.pk for candidate in chosen],
        activity_count=len(activities),
        common_first_name=Counter(first_names).most_common(1)[0][0],
        common_last_name=Counter(last_names).most_common(1)[0][0],
    )
