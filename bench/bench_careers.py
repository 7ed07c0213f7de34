"""The public careers site under gunicorn: with 500 open jobs and 100,000 candidates, the list
of jobs (all, and searched) and the jobs' pages, in requests per second against a trivial view
served by the same gunicorn in the same run. Before that, the SQL queries each page runs with
the careers cache empty and warm."""

import cProfile
import os
import pstats
import random
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from ats.careers_cache import GENERATION_KEY, bump_generation
from ats.models import CareersSite, Department, Job, JobLocation, render_markdown
from ats.selectors.careers import public_job_search, public_jobs
from ats.services.locations import parse_locations
from bench.common import (
    PUBLIC_TRIVIAL_URL,
    BenchmarkError,
    Report,
    Server,
    analyze,
    build_candidates,
    count_queries,
    get_ok,
    gunicorn_server,
    http_get,
    measure_alternating,
    requests_per_second,
)

SEED = 500
OPEN_JOBS = 500
# Jobs the site must not show, around the open ones: (status, how many, apply_by in the past).
HIDDEN_JOBS = (
    ("closed", 120, False),
    ("paused", 20, False),
    ("draft", 30, False),
    ("open", 20, True),
)
CANDIDATES = 100_000
SEARCH = "engineer"
TARGET_RATIO = 0.60
WORKERS = 2  # the machine's two cores
THREADS = 4  # clients, so that both workers always have a request waiting
ROUNDS = 5
SECONDS = 4.0  # per measurement; the whole run stays well inside the cache's 300 s
# Teams, their weight, and the roles they hire for.
TEAMS = (
    ("Engineering", 30, ("Software Engineer", "Backend Developer", "Frontend Developer",
                         "DevOps Engineer", "Site Reliability Engineer", "QA Engineer",
                         "Engineering Manager", "Mobile Developer")),
    ("Data", 8, ("Data Scientist", "Data Engineer", "Analytics Engineer", "Data Analyst")),
    ("Product", 7, ("Product Manager", "Technical Product Manager")),
    ("Design", 5, ("Product Designer", "UX Researcher", "Brand Designer")),
    ("Security", 3, ("Security Engineer", "Security Analyst")),
    ("Sales", 12, ("Account Executive", "Sales Development Representative", "Sales Manager")),
    ("Marketing", 7, ("Marketing Manager", "Content Strategist", "Growth Marketer")),
    ("Customer Success", 10, ("Customer Success Manager", "Support Specialist",
                              "Implementation Consultant")),
    ("Finance", 5, ("Financial Analyst", "Accountant", "Payroll Specialist")),
    ("People", 5, ("Recruiter", "People Partner", "Learning Specialist")),
    ("Operations", 5, ("Operations Manager", "Office Coordinator", "Procurement Specialist")),
    ("Legal", 3, ("Legal Counsel", "Privacy Officer")),
)  # fmt: skip
# (title prefix, Job.seniority)
SENIORITIES = (("", "mid"), ("", "mid"), ("Junior ", "junior"), ("Senior ", "senior"),
               ("Senior ", "senior"), ("Staff ", "lead"), ("Lead ", "lead"),
               ("Principal ", "principal"))  # fmt: skip
FOCUS = ("", "", "", " (Payments)", " (Platform)", " (Growth)", " (EMEA)", " (Enterprise)")
# (place as recruiters type it, the salary currency there)
PLACES = (
    ("Berlin, Germany", "EUR"), ("Munich, Germany", "EUR"), ("Paris, France", "EUR"),
    ("Amsterdam, Netherlands", "EUR"), ("Lisbon, Portugal", "EUR"), ("Madrid, Spain", "EUR"),
    ("Warsaw, Poland", "EUR"), ("Stockholm, Sweden", "EUR"), ("London, UK", "GBP"),
    ("Manchester, UK", "GBP"), ("New York, NY, USA", "USD"), ("Austin, TX, USA", "USD"),
    ("San Francisco, CA, USA", "USD"), ("Toronto, Canada", "USD"), ("São Paulo, Brazil", "USD"),
    ("Bangalore, India", "USD"), ("Singapore, Singapore", "USD"), ("Sydney, Australia", "USD"),
)  # fmt: skip
EMPLOYMENT = (("full_time", 80), ("part_time", 6), ("contract", 8), ("temporary", 2), ("intern", 4))
REMOTE = (("onsite", 40), ("hybrid", 40), ("remote", 20))

# Description text: the pieces a job ad is made of, picked and repeated to 3-6 KB.
ABOUT = (
    "Northwind Labs builds the software that small logistics companies use to plan routes, "
    "track shipments and bill their customers. More than 4,000 companies in 30 countries rely "
    "on us every day, and we are growing the team that makes that possible.",
    "We are a remote-friendly company of 400 people with hubs in Berlin, London and Austin. We "
    "write things down, decide in the open and keep meetings short, so that everyone has long "
    "stretches of focused time.",
)
ROLE = (
    "You will join a cross-functional team of six to eight people who own a part of the "
    "product from the first sketch to the support ticket. The team sets its own goals every "
    "quarter and talks to customers directly.",
    "This is a role with real ownership: you will shape how we work as much as what we ship, "
    "and you will have a say in who joins the team after you.",
    "In your first month you will pair with a buddy, meet the customers who use what you will "
    "work on and ship something small to production. By your third month you will lead a "
    "piece of work of your own.",
)
DUTIES = {
    "Engineering": (
        "Design, build and run services that handle millions of shipment events a day",
        "Work with other engineers on reviews, design documents and incident follow-ups",
        "Keep our Python and TypeScript code bases healthy, tested and easy to change",
        "Improve how we deploy, observe and scale our systems on Kubernetes",
        "Help engineers new to the team find their way around the code",
    ),
    "Data": (
        "Build the pipelines that turn raw shipment events into trustworthy data sets",
        "Model demand and delays so that our customers can plan their fleets",
        "Work with product managers and engineers to measure what we ship",
    ),
    "Security": (
        "Threat-model new features with the engineers who build them",
        "Run our vulnerability management and help engineers fix what it finds",
    ),
}
GENERAL_DUTIES = (
    "Work closely with customers to understand what slows them down",
    "Write clear proposals and share progress in the open",
    "Take part in planning, retrospectives and our monthly demo day",
    "Measure the impact of your work and decide what to do next with your team",
    "Represent your team in conversations with sales, support and leadership",
    "Improve the processes and tools the team relies on every day",
    "Mentor colleagues and learn from them in return",
    "Keep documentation up to date for the people who come after you",
)
BRING = (
    "Several years of experience in a similar role, or the ability to show us what you can do",
    "Clear written communication in English; another European language is a plus",
    "Curiosity about how logistics companies work and what makes their day hard",
    "Comfort with ambiguity and with making decisions on incomplete information",
    "A habit of leaving things better than you found them",
    "Experience working with remote colleagues across several time zones",
    "Good judgement about when something is good enough to ship",
)
NICE = (
    "Experience in a fast-growing software company",
    "Familiarity with the logistics or transport industry",
    "Experience with SQL and analysing data yourself",
    "Public talks, writing or open-source contributions",
)
OFFER = (
    "A competitive salary and a share in the company through our option plan",
    "30 days of paid holiday, plus your birthday off",
    "A yearly learning budget of 1,500 euros and time to use it",
    "Flexible working hours and the option to work from home most of the week",
    "A new laptop of your choice and a budget to set up your home office",
    "Parental leave of 20 weeks at full pay for every parent",
    "Mental health support through a confidential counselling service",
    "Company offsites twice a year, most recently in Lisbon and the Alps",
)
MORE = (
    "## A week in the role\n\nMost weeks start with a short planning session and end with a "
    "written update. In between you will spend most of your time on focused work, with a few "
    "conversations with customers and colleagues. Every few weeks you will take part in our "
    "support rotation, which keeps all of us close to the people who use what we build.",
    "## Our values\n\nWe care about our customers' time, so we keep our product simple and our "
    "promises small. We care about each other's time, so we write things down and make "
    "decisions where everyone can see them. And we care about doing things properly, so we "
    "take the time to fix what is broken rather than working around it.",
    "## Diversity and inclusion\n\nWe welcome applications from people of every background, "
    "and we know that people from under-represented groups often apply only when they meet "
    "every requirement. Please apply even if you meet only some of them: we care more about "
    "what you can learn than about what you already know. Tell us if you need any adjustment "
    "during the process and we will make it.",
    "## About the team\n\nThe team you will join has people in five countries and a mix of "
    "backgrounds, from former dispatchers to people who have been building software for "
    "twenty years. We meet in person once a quarter and talk every day.",
    "## What success looks like\n\nAfter six months you will own a meaningful part of our "
    "work and be the person others ask about it. You will have shipped changes that customers "
    "noticed, improved at least one thing about how we work, and helped a newer colleague "
    "find their feet. We will talk about your progress every month, not once a year.",
    "## Working with us\n\nWe work mostly asynchronously: proposals are written, discussed "
    "in comments and decided by the people closest to the problem. Core hours are short, from "
    "11:00 to 15:00 in your time zone, and the rest of your day is yours to arrange. We do "
    "not expect anyone to answer messages in the evening or at the weekend.",
    "## Growth and learning\n\nEveryone has a budget and time for learning, and a "
    "manager whose job includes helping them grow. We publish our career framework, with "
    "what each level means and how promotions are decided, so that nobody has to guess what "
    "is expected of them or negotiate in the dark.",
    "## Our customers\n\nOur customers are family-run carriers, regional distributors and "
    "fast-growing delivery start-ups. Many of them moved to us from spreadsheets and paper, "
    "and they tell us every week what works and what does not. You will meet some of them "
    "in your first weeks, and you will hear from them often after that.",
)
PROCESS = (
    "| Step | With whom | How long |\n|---|---|---|\n"
    "| Introductory call | A recruiter | 30 minutes |\n"
    "| Conversation about your experience | The hiring manager | 45 minutes |\n"
    "| Practical exercise, reviewed together | Two future colleagues | 90 minutes |\n"
    "| Meet the team | Three or four people | 60 minutes |\n\n"
    "We aim to give you an answer within two weeks of your first call."
)


@dataclass
class Built:
    slugs: list[tuple[str, str]]  # (slug, title) of every public job
    hidden: int
    places: int
    description_kb: tuple[float, float, float]  # min, median, max
    seconds: float


def _bullets(rng: random.Random, items: tuple[str, ...], low: int, high: int) -> str:
    return "\n".join(
        f"- {item}" for item in rng.sample(items, min(len(items), rng.randint(low, high)))
    )


def _description(rng: random.Random, team: str, title: str) -> str:
    """A job ad of 3-6 KB in markdown: sections, lists, some emphasis and a table."""
    duties = DUTIES.get(team, ()) + GENERAL_DUTIES
    parts = [
        f"## About us\n\n{rng.choice(ABOUT)}",
        f"## The role\n\nWe are looking for a **{title}**. {rng.choice(ROLE)}",
        f"## What you will do\n\n{_bullets(rng, duties, 5, 8)}",
        f"## What you bring\n\n{_bullets(rng, BRING, 4, 6)}",
        f"## Nice to have\n\n{_bullets(rng, NICE, 2, 3)}",
        f"## What we offer\n\n{_bullets(rng, OFFER, 5, 8)}",
        f"## How we hire\n\n{PROCESS}",
    ]
    extra = list(MORE)
    rng.shuffle(extra)
    target = rng.randint(3_000, 6_000)
    while extra and sum(len(part) + 2 for part in parts) < target:
        parts.insert(-1, extra.pop())
    return "\n\n".join(parts) + "\n"


def _job(rng: random.Random, n: int, departments: dict, now, status: str, expired: bool) -> Job:
    team, _, roles = rng.choices(TEAMS, [weight for _, weight, _ in TEAMS])[0]
    prefix, seniority = rng.choice(SENIORITIES)
    title = f"{prefix}{rng.choice(roles)}{rng.choice(FOCUS)}"
    places = rng.sample(PLACES, rng.choices((1, 2, 3), (60, 28, 12))[0])
    remote = rng.choices(*zip(*REMOTE, strict=True))[0]
    kind = rng.choices(*zip(*EMPLOYMENT, strict=True))[0]
    opened = now - timedelta(days=rng.uniform(0, 120))
    low = rng.randrange(40_000, 140_000, 5_000)
    description = _description(rng, team, title)
    apply_by = None
    if expired:
        apply_by = (now - timedelta(days=rng.randint(1, 30))).date()
    elif rng.random() < 0.15:
        apply_by = (now + timedelta(days=rng.randint(7, 60))).date()
    return Job(
        title=title,
        slug=f"{slugify(title)}-{n}",
        department=departments[team],
        location="; ".join(place for place, _ in places),
        remote_policy=remote,
        remote_countries=[p.country for text, _ in places for p in parse_locations(text)]
        if remote == "remote"
        else [],
        employment_type=kind,
        seniority=seniority,
        openings=rng.choice((1, 1, 1, 2, 3)),
        salary_min=Decimal(low),
        salary_max=Decimal(low + rng.randrange(10_000, 40_000, 5_000)),
        salary_currency=places[0][1],
        salary_published=rng.random() < 0.4,
        description=description,
        description_html=render_markdown(description),
        apply_by=apply_by,
        status=status,
        closed_reason="filled" if status == "closed" else "",
        created_at=opened - timedelta(days=rng.uniform(0, 10)),
        opened_at=None if status == "draft" else opened,
        closed_at=now - timedelta(days=rng.uniform(1, 60)) if status == "closed" else None,
    )


def _build_jobs(rng: random.Random) -> list[Job]:
    """The open jobs and the hidden ones, shuffled, with their places (1 to 3 each)."""
    now = timezone.now()
    departments = {
        team: department
        for (team, _, _), department in zip(
            TEAMS,
            Department.objects.bulk_create(Department(name=t) for t, _, _ in TEAMS),
            strict=True,
        )
    }
    kinds = [("open", False)] * OPEN_JOBS
    kinds += [(status, expired) for status, count, expired in HIDDEN_JOBS for _ in range(count)]
    rng.shuffle(kinds)
    jobs = Job.objects.bulk_create(
        _job(rng, n, departments, now, status, expired)
        for n, (status, expired) in enumerate(kinds, 1)
    )
    JobLocation.objects.bulk_create(
        JobLocation(job=job, position=position, city=p.city, region=p.region, country=p.country)
        for job in jobs
        for position, p in enumerate(parse_locations(job.location))
    )
    return jobs


def _build_site() -> None:
    site = CareersSite.load()
    site.company_name = "Northwind Labs"
    site.website_url = "https://northwind.example.com"
    site.intro = f"{ABOUT[0]}\n\n{ABOUT[1]}"
    site.save()


def _build(report: Report) -> Built:
    started = time.perf_counter()
    rng = random.Random(SEED)
    jobs = _build_jobs(rng)
    _build_site()
    build_candidates(count=CANDIDATES, seed=SEED)
    analyze()
    public = list(public_jobs().values_list("slug", "title", "description"))
    if len(public) != OPEN_JOBS:
        raise BenchmarkError(f"{len(public)} public jobs, not {OPEN_JOBS}")
    sizes = sorted(len(description.encode()) / 1024 for _, _, description in public)
    built = Built(
        slugs=[(slug, title) for slug, title, _ in public],
        hidden=len(jobs) - OPEN_JOBS,
        places=JobLocation.objects.count(),
        description_kb=(sizes[0], statistics.median(sizes), sizes[-1]),
        seconds=time.perf_counter() - started,
    )
    low, median, high = built.description_kb
    report.info(
        f"built {OPEN_JOBS} open jobs (and {built.hidden} closed, paused, draft or expired "
        f"ones), {built.places:,} places, descriptions of {low:.1f}-{high:.1f} KB (median "
        f"{median:.1f}), {CANDIDATES:,} candidates in {built.seconds:.1f} s"
    )
    return built


# Measuring ---------------------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    pages: list[tuple[str, bytes]]  # (path, a piece of the body it must show)


def _targets(built: Built) -> list[Target]:
    """The baseline first, then the pages, each with what proves it is the real page."""
    newest = public_jobs().first()
    found = public_job_search(q=SEARCH)
    matches, first_match = found.count(), found.first()
    if not matches:
        raise BenchmarkError(f"no open job matches {SEARCH!r}")
    return [
        Target("trivial view (public, the baseline)", [(PUBLIC_TRIVIAL_URL, b"ok")]),
        Target(
            f"careers list ({OPEN_JOBS} open jobs, page 1)",
            [("/careers/", f'href="/careers/{newest.slug}/"'.encode())],
        ),
        Target(
            f"careers list ?q={SEARCH} ({matches} matches)",
            [
                (
                    f"/careers/?{urlencode({'q': SEARCH})}",
                    f'href="/careers/{first_match.slug}/"'.encode(),
                )
            ],
        ),
        Target(
            f"job page (rotating over all {len(built.slugs)})",
            [
                (f"/careers/{slug}/", f"<h1>{escape(title)}</h1>".encode())
                for slug, title in built.slugs
            ],
        ),
    ]


def _count_queries(report: Report, targets: list[Target]) -> None:
    """The SQL of each page in this process (Django's test client, anonymous): the first
    request after a change to the jobs, which fills the careers cache, and the next one."""
    client = Client()
    report.info("SQL queries per request (empty careers cache -> warm):")
    for target in targets[1:]:
        path = target.pages[0][0]
        bump_generation()
        cold, _ = count_queries(lambda path=path: get_ok(client, path))
        warm, _ = count_queries(lambda path=path: get_ok(client, path))
        report.info(f"  {target.label + ':':<52} {cold} -> {warm}")


def _check_pages(server: Server, targets: list[Target]) -> None:
    """Every page answers 200 with what it must show (this also fills the careers cache with
    every job's page), and the list counts the open jobs."""
    for target in targets:
        for path, piece in target.pages:
            status, body = http_get(server, path)
            if status != 200 or piece not in body:
                raise BenchmarkError(f"GET {path} answered {status} without {piece!r}")
    status, body = http_get(server, "/careers/")
    if f"{OPEN_JOBS} open roles".encode() not in body:
        raise BenchmarkError(f"GET /careers/ does not count {OPEN_JOBS} open roles")


def _measure(server: Server, targets: list[Target]) -> dict[str, list[float]]:
    """Requests per second of each target, in turns (baseline, list, ..., baseline, ...)."""
    for target in targets:  # warm up the workers, their connections and caches
        requests_per_second(server, target.pages, seconds=1.0, threads=THREADS)
    rates: dict[str, list[float]] = {target.label: [] for target in targets}
    for _ in range(ROUNDS):
        for target in targets:
            rate = requests_per_second(server, target.pages, seconds=SECONDS, threads=THREADS)
            rates[target.label].append(rate)
    return rates


def _print_rates(report: Report, rates: dict[str, list[float]]) -> list[str]:
    """One line per target: the median, each round's figure, the ratio to the baseline and
    the verdict. Returns the labels that missed the target."""
    baseline_label, *labels = rates
    baseline = statistics.median(rates[baseline_label])
    report.info(
        f"gunicorn, {WORKERS} sync workers, {THREADS} client threads, {ROUNDS} rounds "
        f"of {SECONDS:.0f} s in turns; median requests per second (each round's):"
    )
    rounds = " ".join(f"{rate:.0f}" for rate in rates[baseline_label])
    report.info(f"  {baseline_label + ':':<52} {baseline:7.0f} req/s   ({rounds})")
    missed = []
    for label in labels:
        median = statistics.median(rates[label])
        ratio = median / baseline
        verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
        if verdict == "MISS":
            missed.append(label)
        rounds = " ".join(f"{rate:.0f}" for rate in rates[label])
        report.info(
            f"  {label + ':':<52} {median:7.0f} req/s = {ratio:.2f} of the trivial view "
            f"(target >= {TARGET_RATIO:.2f}) {verdict}   ({rounds})"
        )
    return missed


def _profile(report: Report, targets: list[Target]) -> None:
    """Where a request's time goes, in this process with Django's test client (no HTTP, no
    gunicorn): each page from the warm cache and rebuilt (the first visit after a change), in
    milliseconds; then what the warm requests spend their time on."""
    client = Client()
    pages = {target.label: target.pages[0][0] for target in targets}
    warm = measure_alternating(
        {label: (lambda path=path: get_ok(client, path)) for label, path in pages.items()},
        repeat=60,
        warmup=5,
    )

    def rebuilt(path: str):
        bump_generation()
        return get_ok(client, path)

    cold = measure_alternating(
        {label: (lambda path=path: rebuilt(path)) for label, path in list(pages.items())[1:]},
        repeat=20,
        warmup=2,
    )
    report.info("in this process (test client, no HTTP), median ms: warm cache / rebuilt")
    for label in pages:
        again = f" / {cold[label]['median']:6.2f}" if label in cold else ""
        report.info(f"  {label + ':':<52} {warm[label]['median']:6.2f}{again}")
    report.info("the warm requests under cProfile (which slows Python code down), a request:")
    for label, path in pages.items():
        get_ok(client, path)  # fill the cache again after the rebuilt runs
        report.info(f"  {label + ':':<52} {_breakdown(client, path)}")


# What a request's time goes to: (file, function) -> part. Cumulative times, so "templates"
# include the form widgets (rendered by templates of their own); "cache" is Django making a
# Redis client for each call, then the call; "SQL" is the ORM compiling the query, then the
# database answering it.
PROFILED = {
    ("django/core/handlers/base.py", "get_response"): "total",
    ("django/template/backends/django.py", "render"): "templates",
    ("django/forms/renderers.py", "render"): "form widgets",
    ("django/core/cache/backends/redis.py", "get_client"): "cache",
    ("redis/client.py", "execute_command"): "cache",
    ("django/db/models/sql/compiler.py", "execute_sql"): "SQL",
}


def _breakdown(client: Client, path: str, repeat: int = 30) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        get_ok(client, path)
    profiler.disable()
    totals = {part: [0, 0.0] for part in PROFILED.values()}  # calls, seconds
    for (filename, _, function), (_, calls, _, seconds, _) in pstats.Stats(profiler).stats.items():
        for (ending, name), part in PROFILED.items():
            if function == name and filename.endswith(ending):
                totals[part][0] += calls
                totals[part][1] += seconds
    ms = {part: seconds * 1000 / repeat for part, (_, seconds) in totals.items()}
    calls = {part: count / repeat for part, (count, _) in totals.items()}
    rest = ms["total"] - ms["templates"] - ms["cache"] - ms["SQL"]
    return (
        f"{ms['total']:5.1f} ms: templates {ms['templates']:4.1f} (form widgets "
        f"{ms['form widgets']:4.1f} in {calls['form widgets']:.0f}), cache {ms['cache']:3.1f} "
        f"in {calls['cache'] / 2:.0f} calls, SQL {ms['SQL']:3.1f} in {calls['SQL']:.0f}, "
        f"the rest {rest:4.1f}"
    )


def run(report: Report) -> None:
    # A cache namespace of this run's own: no page left by another run (or a test) is served,
    # and gunicorn, given this process's cache settings, shares it.
    cache_settings = {**settings.CACHES["default"], "KEY_PREFIX": f"recruit-bench-{os.getpid()}"}
    with override_settings(CACHES={"default": cache_settings}):
        built = _build(report)
        targets = _targets(built)
        _count_queries(report, targets)
        with gunicorn_server(workers=WORKERS) as server:
            _check_pages(server, targets)
            generation = cache.get(GENERATION_KEY)
            rates = _measure(server, targets)
            # Other processes on the machine take cores from gunicorn and skew the figures.
            report.info(f"load average over the last minute: {os.getloadavg()[0]:.1f} "
                        f"on {os.cpu_count()} cores")  # fmt: skip
            if cache.get(GENERATION_KEY) != generation:
                report.info(
                    "!! the careers cache was emptied or changed during the run "
                    "(another process flushing Redis?): the figures may be low"
                )
        missed = _print_rates(report, rates)
        _profile(report, targets)
        if missed:
            report.info(f"MISS: {', '.join(missed)} under {TARGET_RATIO:.0%} of the trivial view")
