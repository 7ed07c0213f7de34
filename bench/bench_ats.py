"""The ATS at 500,000 applications: the board of a job with 2,000 active applications (as a
recruiter and as the job's hiring manager), that job's applications list, and the applications
API (a job's pages, and every application unfiltered). Then the targets, and the plans of the
slowest queries."""

import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ats.models import (
    Application,
    Department,
    Job,
    JobMember,
    JobStatusChange,
    PipelineTemplate,
    RejectionReason,
    Stage,
    StageChange,
    render_markdown,
)
from ats.selectors import BOARD_COLUMN_LIMIT, board_columns
from bench.common import (
    COMPANIES,
    FIRST_NAME_WEIGHTS,
    FIRST_NAMES,
    LOCATIONS,
    ROLES,
    SENIORITY,
    SOURCES,
    TAGS,
    BenchmarkError,
    Report,
    Result,
    analyze,
    check_foreign_keys,
    copy_rows,
    create_user,
    get_ok,
    logged_in_client,
    measure,
    reserve_ids,
    skip_foreign_key_checks,
)
from recruit.accounts.roles import Role
from recruit.candidates.models import Candidate, Source, Tag

SEED = 500_000
APPLICATIONS = 500_000
JOBS = 250
CANDIDATES = 120_000
# The big job: active applications in Applied, Screen, Phone interview, Onsite, Offer (2,000),
# two hires in Hired, and some rejected and withdrawn ones.
BIG_ACTIVE_BY_POSITION = (900, 520, 330, 180, 70)
BIG_ACTIVE = sum(BIG_ACTIVE_BY_POSITION)
BIG_HIRED = 2
BIG_REJECTED = 340
BIG_WITHDRAWN = 40
BIG_DUPLICATES = 30  # big-job applicants given a namesake elsewhere in the database
DUPLICATES = 200  # other pairs of candidates with the same name
HIRED_POSITION = 5
# Where applications of each status stand, by stage position (Applied .. Offer).
STAGE_WEIGHTS = {
    Application.Status.ACTIVE: (45, 25, 15, 10, 5),
    Application.Status.REJECTED: (55, 25, 12, 7, 1),
    Application.Status.WITHDRAWN: (40, 30, 18, 10, 2),
}
SYLLABLES = (
    "ka", "ro", "mi", "ne", "la", "to", "sa", "ve", "li", "da", "mo", "ri", "an", "el", "or", "ta",
    "ni", "be", "co", "lu", "fa", "ge", "hi", "jo", "ke", "ma", "pe", "ru", "si", "ti", "va", "wo",
    "ya", "ze", "bo", "du", "fi", "go", "na",
)  # fmt: skip
ENDINGS = ("", "", "", "son", "ez", "ski", "ova", "er", "ini", "ides", "berg", "sen")
SKILLS = (
    "Python", "Django", "PostgreSQL", "Kubernetes", "React", "TypeScript", "Go", "AWS",
    "Terraform", "Kafka", "SQL", "Figma", "Salesforce", "Excel", "Spark",
)  # fmt: skip
DEPARTMENTS = (
    "Engineering",
    "Product",
    "Design",
    "Data",
    "Sales",
    "Marketing",
    "Finance",
    "People",
)
DAY = 86_400.0
CANDIDATE_COLUMNS = (
    "id", "first_name", "last_name", "email", "phone", "location", "current_title",
    "current_company", "linkedin_url", "github_url", "portfolio_url", "summary", "source_id",
    "owner_id", "years_experience", "anonymised_at", "created_at", "updated_at",
)  # fmt: skip
APPLICATION_COLUMNS = (
    "candidate_id", "job_id", "stage_id", "status", "source_id", "answers", "knockout_failed",
    "match_score", "match_details", "applied_at", "stage_entered_at", "rejected_at",
    "rejection_reason_id", "rejection_note", "keep_in_touch", "withdrawn_at", "hired_at",
    "version", "updated_at", "cover_letter", "tracking",
)  # fmt: skip

TARGET_BOARD_MS = 300
TARGET_API_P95_MS = 100
SLOW_FACTOR = 3  # a page this many times the median page's time gets its slowest query explained


@dataclass
class JobPlan:
    job: Job
    applications: int
    hired: int = 0
    scored: bool = True
    big: bool = False
    start: float = 0.0  # when applications start arriving (epoch seconds)
    end: float = 0.0  # and stop (closing, or now)


@dataclass
class Built:
    big: Job
    big_counts: Counter
    applications: int
    candidates: int
    stage_changes: int
    jobs: Counter
    seconds: float
    users: dict = field(default_factory=dict)


# Building the data -------------------------------------------------------------------------------


def _ts(moment: datetime) -> float:
    return moment.timestamp()


def _dt(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _long_tail(rng: random.Random, count: int, total: int, cap: int) -> list[int]:
    """`count` sizes adding up to `total`, log-normally spread (a few large, many small), none
    above `cap` nor below 5."""
    weights = [rng.lognormvariate(0, 1.0) for _ in range(count)]
    for _ in range(20):  # scale up what the cap took off, spread over the others
        scale = total / sum(weights)
        weights = [min(cap, weight * scale) for weight in weights]
    sizes = [max(5, round(weight)) for weight in weights]
    below_cap = [i for i, size in enumerate(sizes) if size < cap]
    sizes[max(below_cap, key=sizes.__getitem__)] += total - sum(sizes)
    return sizes


def _build_users() -> dict:
    users = {
        "rita": create_user(
            "rita.bench@example.com", roles=(Role.RECRUITER,), full_name="Rita Recruiter"
        ),
        "hank": create_user(
            "hank.bench@example.com", roles=(Role.HIRING_MANAGER,), full_name="Hank Manager"
        ),
    }
    users["recruiters"] = [users["rita"]] + [
        create_user(f"recruiter{n}.bench@example.com", roles=(Role.RECRUITER,)) for n in range(1, 4)
    ]
    users["managers"] = [users["hank"]] + [
        create_user(f"manager{n}.bench@example.com", roles=(Role.HIRING_MANAGER,))
        for n in range(1, 16)
    ]
    users["interviewers"] = [
        create_user(f"interviewer{n}.bench@example.com", roles=(Role.INTERVIEWER,))
        for n in range(1, 11)
    ]
    return users


def _build_jobs(rng: random.Random, users: dict, now: datetime) -> list[JobPlan]:
    """250 jobs with the default pipeline copied as stages: the big one (open), other open,
    paused and draft ones, and many closed ones from the last three years."""
    departments = Department.objects.bulk_create(Department(name=name) for name in DEPARTMENTS)
    template = PipelineTemplate.objects.get(is_default=True)
    pipeline = list(template.stages.order_by("position").values_list("name", "kind"))
    if len(pipeline) != 6 or pipeline[HIRED_POSITION][1] != "hired":
        raise BenchmarkError(f"expected the 6-stage default pipeline, found {pipeline}")
    statuses = (
        [Job.Status.OPEN] * 40 + [Job.Status.PAUSED] * 8 + [Job.Status.DRAFT] * 6
    )  # the big job is one more open job
    statuses += [Job.Status.CLOSED] * (JOBS - 1 - len(statuses))
    rng.shuffle(statuses)
    statuses.insert(0, Job.Status.OPEN)
    description = (
        "## About the role\n\nYou will build and run the services behind our product.\n\n"
        "## What you bring\n\n- Experience with **Python** and SQL\n- Care for the details\n"
    )
    html = render_markdown(description)
    jobs, plans = [], []
    for index, status in enumerate(statuses):
        title = ("Senior Backend Developer" if index == 0 else
                 (rng.choice(SENIORITY) + rng.choice(ROLES)).strip())  # fmt: skip
        if index == 0:
            created = now - timedelta(days=45)
        elif status == Job.Status.CLOSED:
            created = now - timedelta(days=rng.uniform(60, 3 * 365))
        else:
            created = now - timedelta(days=rng.uniform(2, 120))
        opened = None if status == Job.Status.DRAFT else created + timedelta(days=rng.uniform(0, 5))
        closed = None
        reason = ""
        if status == Job.Status.CLOSED:
            closed = min(opened + timedelta(days=rng.uniform(20, 150)), now - timedelta(days=1))
            reason = Job.ClosedReason.FILLED if rng.random() < 0.8 else Job.ClosedReason.CANCELLED
        job = Job(
            title=title,
            slug=f"{slugify(title)}-{index + 1}",
            department=rng.choice(departments),
            location=rng.choice(LOCATIONS),
            remote_policy=rng.choice(Job.RemotePolicy.values),
            seniority=rng.choice(Job.Seniority.values),
            openings=3 if index == 0 else rng.choice((1, 1, 1, 2, 3)),
            salary_min=60_000,
            salary_max=90_000,
            salary_currency="EUR",
            description=description,
            description_html=html,
            status=status,
            closed_reason=reason,
            created_at=created,
            opened_at=opened,
            closed_at=closed,
        )
        jobs.append(job)
        if opened is not None:
            plans.append(JobPlan(job, 0, start=_ts(opened), end=_ts(closed or now)))
    Job.objects.bulk_create(jobs)
    Stage.objects.bulk_create(
        Stage(job=job, name=name, kind=kind, position=position)
        for job in jobs
        for position, (name, kind) in enumerate(pipeline)
    )
    JobStatusChange.objects.bulk_create(
        change
        for job in jobs
        for change in (
            JobStatusChange(job=job, to_status=Job.Status.DRAFT, at=job.created_at),
            job.opened_at
            and JobStatusChange(job=job, from_status="draft", to_status="open", at=job.opened_at),
            job.closed_at
            and JobStatusChange(
                job=job,
                from_status="open",
                to_status="closed",
                reason=job.closed_reason,
                at=job.closed_at,
            ),
        )
        if change
    )
    members = []
    for index, job in enumerate(jobs):
        manager = users["hank"] if index in (0, 7, 19, 42) else rng.choice(users["managers"][1:])
        members += [
            JobMember(job=job, user=rng.choice(users["recruiters"]), role="recruiter"),
            JobMember(job=job, user=manager, role="hiring_manager"),
            *(JobMember(job=job, user=u, role="interviewer")
              for u in rng.sample(users["interviewers"], 2)),
        ]  # fmt: skip
    JobMember.objects.bulk_create(members)
    return plans


def _plan_sizes(rng: random.Random, plans: list[JobPlan]) -> None:
    """How many applications each job gets: the big job its exact numbers, the others a long
    tail, the smaller sizes going to the younger (open, paused) jobs."""
    big, others = plans[0], plans[1:]
    big.big = True
    big.applications = BIG_ACTIVE + BIG_HIRED + BIG_REJECTED + BIG_WITHDRAWN
    big.hired = BIG_HIRED
    sizes = sorted(_long_tail(rng, len(others), APPLICATIONS - big.applications, cap=20_000))
    young = [plan for plan in others if plan.job.status != Job.Status.CLOSED]
    picked = set(rng.sample(range(int(len(sizes) * 0.6)), len(young)))
    young_sizes = [sizes[i] for i in sorted(picked)]
    old_sizes = [size for i, size in enumerate(sizes) if i not in picked]
    rng.shuffle(young_sizes)
    rng.shuffle(old_sizes)
    old = [plan for plan in others if plan.job.status == Job.Status.CLOSED]
    for plan, size in [*zip(young, young_sizes, strict=True), *zip(old, old_sizes, strict=True)]:
        plan.applications = size
        plan.scored = rng.random() < 0.85
        if plan.job.status == Job.Status.CLOSED:
            filled = plan.job.closed_reason == Job.ClosedReason.FILLED
            plan.hired = min(plan.job.openings, size) if filled else 0
        else:
            plan.hired = rng.choice((0, 0, 1)) if size > 50 else 0


def _statuses(rng: random.Random, plan: JobPlan) -> list[tuple[str, int]]:
    """(status, stage position) of each of the job's applications, shuffled."""
    S = Application.Status
    n = plan.applications
    rows: list[tuple[str, int]] = [(S.HIRED, HIRED_POSITION)] * plan.hired
    if plan.big:
        for position, count in enumerate(BIG_ACTIVE_BY_POSITION):
            rows += [(S.ACTIVE, position)] * count
        withdrawn, rejected = BIG_WITHDRAWN, BIG_REJECTED
    else:
        rest = n - plan.hired
        if plan.job.status == Job.Status.CLOSED:
            active = 0
            withdrawn = round(rest * (0.09 if plan.job.closed_reason == "filled" else 0.15))
        else:
            active = round(rest * 0.30)
            withdrawn = round(rest * 0.07)
        rejected = rest - active - withdrawn
        rows += [(S.ACTIVE, p) for p in rng.choices(range(5), STAGE_WEIGHTS[S.ACTIVE], k=active)]
    rows += [(S.REJECTED, p) for p in rng.choices(range(5), STAGE_WEIGHTS[S.REJECTED], k=rejected)]
    rows += [(S.WITHDRAWN, p)
             for p in rng.choices(range(5), STAGE_WEIGHTS[S.WITHDRAWN], k=withdrawn)]  # fmt: skip
    rng.shuffle(rows)
    return rows


def _match_variants(rng: random.Random) -> list[tuple[int, str]]:
    """A few (score, match_details JSON) pairs for one job's requirements."""
    required = rng.sample(SKILLS, 3)
    preferred = rng.sample([s for s in SKILLS if s not in required], 2)
    variants = []
    for _ in range(12):
        checks = [{"requirement": f"{name} (required)", "met": rng.random() < 0.6,
                   "kind": "required"} for name in required]  # fmt: skip
        checks += [{"requirement": f"{name} (preferred)", "met": rng.random() < 0.4,
                    "kind": "preferred"} for name in preferred]  # fmt: skip
        checks.append({"requirement": "3+ years of experience (has 4.5)",
                       "met": rng.random() < 0.7, "kind": "years"})  # fmt: skip
        checks.append({"requirement": "Location", "met": rng.random() < 0.8, "kind": "location"})
        met = {kind: [c["met"] for c in checks if c["kind"] == kind] for kind in
               ("required", "preferred", "years", "location")}  # fmt: skip
        score = round(50 * sum(met["required"]) / 3 + 20 * sum(met["preferred"]) / 2
                      + 15 * met["years"][0] + 15 * met["location"][0])  # fmt: skip
        variants.append((score, json.dumps(checks)))
    return variants


def _build(report: Report) -> Built:
    started = time.perf_counter()
    rng = random.Random(SEED)
    now = timezone.now()
    users = _build_users()
    plans = _build_jobs(rng, users, now)
    _plan_sizes(rng, plans)
    stages = {}
    for job_id, stage_id, position in Stage.objects.values_list("job_id", "id", "position"):
        stages[job_id, position] = stage_id
    sources = [Source.objects.get_or_create(kind=kind, name=name)[0] for kind, name in SOURCES]
    source_weights = (30, 25, 10, 8, 15, 5, 7)  # careers, LinkedIn, Indeed, referral, ...
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    reasons = list(RejectionReason.objects.values_list("id", flat=True))
    recruiter_ids = [u.pk for u in users["recruiters"]]

    # Candidates: who applies where. Some people apply a lot (Pareto weights, capped so that
    # the keenest applied to a couple of dozen jobs, not to all of them).
    ids = reserve_ids(Candidate, CANDIDATES + DUPLICATES)
    first_names = rng.choices(FIRST_NAMES, FIRST_NAME_WEIGHTS, k=len(ids))
    last_names = [
        (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
         + rng.choice(ENDINGS)).capitalize()
        for _ in ids
    ]  # fmt: skip
    cum_weights = list(accumulate(min(rng.paretovariate(1.5), 12) for _ in range(CANDIDATES)))
    population = range(CANDIDATES)
    applicants: dict[int, list[int]] = {}
    for plan in plans:
        chosen: dict[int, None] = {}
        while len(chosen) < plan.applications:
            wanted = plan.applications - len(chosen)
            for index in rng.choices(population, cum_weights=cum_weights, k=wanted):
                chosen[index] = None
        applicants[plan.job.pk] = list(chosen)[: plan.applications]
    # Namesakes: the last DUPLICATES candidates copy someone's name; BIG_DUPLICATES of those
    # someones applied to the big job.
    big_plan = plans[0]
    twins = rng.sample(applicants[big_plan.job.pk], BIG_DUPLICATES)
    twins += rng.sample(range(CANDIDATES), DUPLICATES - BIG_DUPLICATES)
    for copy, original in zip(range(CANDIDATES, CANDIDATES + DUPLICATES), twins, strict=True):
        first_names[copy], last_names[copy] = first_names[original], last_names[original]

    tag_links = []
    candidate_rows = []
    for index, pk in enumerate(ids):
        first, last = first_names[index], last_names[index]
        title = (rng.choice(SENIORITY) + rng.choice(ROLES)).strip()
        company = rng.choice(COMPANIES)
        created = _dt(_ts(now) - rng.uniform(0, 3 * 365) * DAY)
        candidate_rows.append((
            pk, first, last, f"{first}.{last}.{index}@example.org".lower(),
            f"+1{rng.randint(201, 989)}555{rng.randint(0, 9999):04d}" if rng.random() < 0.5 else "",
            rng.choice(LOCATIONS), title, company,
            f"https://www.linkedin.com/in/{first}-{last}-{index}".lower()
            if rng.random() < 0.4 else "",
            "", "", f"{title} at {company}." if rng.random() < 0.3 else "",
            rng.choices(sources, source_weights)[0].pk,
            rng.choice(recruiter_ids) if rng.random() < 0.2 else None,
            round(rng.uniform(0, 30), 1) if rng.random() < 0.6 else None,
            None, created, created,
        ))  # fmt: skip
        if rng.random() < 0.4:
            tag_links += [(pk, tag.pk) for tag in rng.sample(tags, rng.randint(1, 3))]

    S = Application.Status
    application_rows = []
    big_counts: Counter = Counter()
    referral_ids = {s.pk for s in sources if s.kind == Source.Kind.REFERRAL}
    for plan in plans:
        job = plan.job
        variants = _match_variants(rng)
        span = plan.end - plan.start
        for (status, position), index in zip(_statuses(rng, plan), applicants[job.pk], strict=True):
            applied = plan.start + span * rng.random()
            entered = min(applied + sum(rng.uniform(1, 6) for _ in range(position)) * DAY, plan.end)
            ended = min(entered + rng.uniform(0, 8) * DAY, plan.end)
            if plan.scored and rng.random() < 0.95:
                score, details = rng.choice(variants)
                score = max(0, min(100, score + rng.randint(-4, 4)))
            else:
                score, details = None, "[]"
            rejected = status == S.REJECTED
            keep = rejected and rng.random() < (0.4 if position >= 2 else 0.02)
            source = rng.choices(sources, source_weights)[0].pk
            applied_at, entered_at = _dt(applied), _dt(entered)
            end_at = _dt(ended) if status != S.ACTIVE else None
            application_rows.append((
                ids[index], job.pk, stages[job.pk, position], status, source,
                "{}", rng.random() < 0.03, score, details, applied_at, entered_at,
                end_at if rejected else None,
                rng.choice(reasons) if rejected else None,
                "Strong, but another finalist was closer." if keep else "",
                keep,
                end_at if status == S.WITHDRAWN else None,
                entered_at if status == S.HIRED else None,
                1 + position + (status != S.ACTIVE and status != S.HIRED),
                end_at or entered_at, "", "{}",
            ))  # fmt: skip
            if plan is big_plan:
                big_counts[status] += 1
                big_counts["referral"] += source in referral_ids
    planned = time.perf_counter()

    with transaction.atomic():
        unchecked = skip_foreign_key_checks()
        copy_rows(
            Candidate,
            CANDIDATE_COLUMNS,
            candidate_rows,
        )
        copy_rows(Candidate.tags.through, ("candidate_id", "tag_id"), tag_links)
        copy_rows(
            Application,
            APPLICATION_COLUMNS,
            application_rows,
        )
        loaded = time.perf_counter()
        stage_changes = _build_stage_changes(recruiter_ids)
        if unchecked:
            check_foreign_keys(Candidate, Candidate.tags.through, Application, StageChange)
    analyze()
    report.info(
        f"planned the data in {planned - started:.1f} s, loaded it with COPY in "
        f"{loaded - planned:.1f} s, stage history and VACUUM ANALYZE in "
        f"{time.perf_counter() - loaded:.1f} s"
    )
    return Built(
        big=big_plan.job,
        big_counts=big_counts,
        applications=len(application_rows),
        candidates=len(candidate_rows),
        stage_changes=stage_changes,
        jobs=Counter(Job.objects.values_list("status", flat=True).order_by()),
        seconds=time.perf_counter() - started,
        users=users,
    )


def _build_stage_changes(actor_ids: list[int]) -> int:
    """Each application's history: entering the first stage when it applied, then one move per
    stage up to where it is (the moves spread evenly until it entered its stage)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {StageChange._meta.db_table}
                (application_id, from_stage_id, to_stage_id, actor_id, at, note)
            SELECT a.id, previous.id, stage.id,
                   CASE WHEN stage.position = 0 THEN NULL
                        ELSE (%s::bigint[])[1 + a.id %% %s] END,
                   CASE WHEN stage.position = 0 THEN a.applied_at
                        ELSE a.applied_at + (a.stage_entered_at - a.applied_at)
                             * (stage.position::float8 / now.position) END,
                   ''
            FROM {Application._meta.db_table} a
            JOIN {Stage._meta.db_table} now ON now.id = a.stage_id
            JOIN {Stage._meta.db_table} stage
              ON stage.job_id = a.job_id AND stage.position <= now.position
            LEFT JOIN {Stage._meta.db_table} previous
              ON previous.job_id = a.job_id AND previous.position = stage.position - 1
            """,  # noqa: S608 (table names from the models)
            [actor_ids, len(actor_ids)],
        )
        return cursor.rowcount


# Measuring ---------------------------------------------------------------------------------------


def _check(client: Client, url: str, texts: list[str], headers: dict | None = None) -> str:
    """GET url (200, or raise) and make sure it shows every one of `texts`."""
    content = get_ok(client, url, headers).content.decode()
    for text in texts:
        if text not in content:
            raise BenchmarkError(f"GET {url} does not show {text!r}")
    return content


@dataclass
class Profile:
    label: str
    result: Result
    queries: list[tuple[float, str]]  # (ms, SQL), slowest first

    @property
    def sql_ms(self) -> float:
        return sum(ms for ms, _ in self.queries)


def _profile(report: Report, result: Result, headers: dict | None = None) -> Profile:
    """Run the request once more with each query timed; print where its time goes."""
    with CaptureQueriesContext(connection) as captured:
        get_ok(report.client, result.url, headers)
    queries = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries), reverse=True
    )
    profile = Profile(result.label, result, queries)
    slowest_ms, slowest_sql = queries[0]
    report.info(
        f"    SQL {profile.sql_ms:6.1f} ms of the median {result.stats['median']:.1f} ms; "
        f"slowest {slowest_ms:.1f} ms: {_short(slowest_sql)}"
    )
    return profile


def _short(sql: str, width: int = 96) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def _explain(report: Report, profile: Profile, why: str, *, full: bool) -> None:
    """EXPLAIN ANALYZE the page's slowest query: the whole plan, or (full=False) its top
    nodes without the buffer counts."""
    ms, sql = profile.queries[0]
    report.info("")
    report.info(f"EXPLAIN ANALYZE of the slowest query of {profile.label!r} ({ms:.1f} ms; {why}):")
    report.info(f"  {_short(sql, 300)}")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [line for (line,) in cursor.fetchall()]
    if not full:  # the plan nodes, their sort keys, conditions and filters; the timings
        kept = ("->", "SubPlan", "Sort Key", "Index Cond", "Filter:", "Hash Cond")
        shown = [line for line in lines[1:] if any(word in line for word in kept)]
        lines = [lines[0], *shown[:24], *[line for line in lines if " Time:" in line]]
    for line in lines:
        report.info(f"    {line}")


def _target(report: Report, text: str, value: float, limit: float) -> None:
    verdict = "PASS" if value < limit else "MISS"
    report.info(f"{text.format(value=value)} {verdict}")


def run(report: Report) -> None:
    built = _build(report)
    big, counts = built.big, built.big_counts
    S = Application.Status
    on_board = counts[S.ACTIVE] + counts[S.HIRED]
    big_total = sum(counts[status] for status in S.values)
    total = Application.objects.count()
    if counts[S.ACTIVE] != BIG_ACTIVE or total != APPLICATIONS:
        raise BenchmarkError(f"built {total} applications, the big job's: {counts}")
    statuses = Counter(Application.objects.values_list("status", flat=True).order_by())
    by_status = ", ".join(f"{n:,} {s}" for s, n in statuses.most_common())
    report.info(
        f"built {total:,} applications ({by_status}) "
        f"to {sum(built.jobs.values())} jobs "
        f"({', '.join(f'{n} {s}' for s, n in sorted(built.jobs.items()))}), "
        f"{built.candidates:,} candidates and {built.stage_changes:,} stage changes "
        f"in {built.seconds:.1f} s"
    )
    report.info(
        f"the big job #{big.pk}: {counts[S.ACTIVE]:,} active over its stages "
        f"{'/'.join(map(str, BIG_ACTIVE_BY_POSITION))}, {counts[S.HIRED]} hired, "
        f"{counts[S.REJECTED]} rejected, {counts[S.WITHDRAWN]} withdrawn, "
        f"{counts['referral']} referrals"
    )

    rita, hank = built.users["rita"], built.users["hank"]
    board_url = reverse("ats:job-board", args=[big.pk])
    list_url = reverse("ats:job-applications", args=[big.pk])
    api_url = "/api/applications/"
    as_json = {"Accept": "application/json"}
    of_big = Application.objects.filter(job=big)
    newest_active = of_big.filter(status=S.ACTIVE).order_by("-applied_at", "-id")[0]
    best_match = of_big.filter(status=S.ACTIVE).order_by(
        F("match_score").desc(nulls_last=True), "-id"
    )[0]
    newest_of_big = of_big.order_by("-applied_at", "-id").values_list("id", flat=True)
    newest = Application.objects.order_by("-applied_at", "-id").values_list("id", flat=True)[0]
    board_texts = [
        f">{on_board}</span> on the board",
        "Possible duplicate",
        "Silver medalist",
        "Referral",
        "Drag a card",
    ]

    # Each column shows its best BOARD_COLUMN_LIMIT cards; its header counts them all.
    per_stage = of_big.filter(Q(status="active") | Q(status="hired", stage__kind="hired"))
    per_stage = per_stage.order_by().values_list("stage").annotate(n=Count("pk"))
    shown_on_board = sum(min(n, BOARD_COLUMN_LIMIT) for _, n in per_stage)

    rita_client = logged_in_client(rita)
    report.baseline(rita_client)
    profiles: list[Profile] = []

    def timed(label: str, url: str, texts: list[str], *, headers=None) -> Result:
        started = time.perf_counter()
        content = _check(report.client, url, texts, headers)
        seconds = time.perf_counter() - started
        if url == board_url and content.count(' id="card-') != shown_on_board:
            cards = content.count(' id="card-')
            raise BenchmarkError(f"the board shows {cards} cards, not {shown_on_board}")
        # About 20 s per line: 40 timed requests, fewer (at least 10) for a slow page.
        repeat = max(10, min(40, int(20 / seconds)))
        warmup = 2 if seconds > 0.3 else 5
        result = report.get(
            label, url, headers=headers, contains=texts[0], repeat=repeat, warmup=warmup
        )
        profiles.append(_profile(report, result, headers))
        return result

    rita_board = timed(
        f"board, {on_board:,} in stages, {shown_on_board} cards shown (recruiter)",
        board_url,
        board_texts,
    )
    timed(
        f"applications list ({BIG_ACTIVE:,} active, newest)",
        list_url,
        [f"{BIG_ACTIVE} applications", f'id="select-{newest_active.pk}"'],
    )
    timed(
        "applications list, best match first",
        f"{list_url}?sort=-score",
        [f"{BIG_ACTIVE} applications", f'id="select-{best_match.pk}"'],
    )
    api_job = timed(
        f"API applications ?job= ({big_total:,}), page 1",
        f"{api_url}?job={big.pk}",
        [f'"count":{big_total}', f'"id":{newest_of_big[0]}'],
        headers=as_json,
    )
    api_page = timed(
        "API applications ?job=, page 20",
        f"{api_url}?job={big.pk}&page=20",
        [f'"count":{big_total}', f'"id":{newest_of_big[19 * 50]}'],
        headers=as_json,
    )
    api_all = timed(
        f"API applications, all {total:,}, page 1",
        api_url,
        [f'"count":{total}', f'"id":{newest}'],
        headers=as_json,
    )

    report.info("as Hank, the big job's hiring manager (sees his 4 jobs' applications):")
    report.baseline(logged_in_client(hank), repeat=100, warmup=10)
    hank_board = timed(f"board, {on_board:,} cards (hiring manager)", board_url, board_texts)

    # Where the board's time goes: its queries, building the cards, rendering the template.
    columns = measure(lambda: board_columns(user=rita, job=big), repeat=5, warmup=1)["median"]
    sql = profiles[0].sql_ms
    report.info(
        f"the recruiter's board ({rita_board.stats['median']:.0f} ms): {sql:.0f} ms SQL, "
        f"{columns - sql:.0f} ms building {on_board:,} cards in board_columns() (median "
        f"{columns:.0f} ms with its queries), {rita_board.stats['median'] - columns:.0f} ms "
        "rendering the template and the rest"
    )

    report.info("")
    for who, result in (("recruiter", rita_board), ("hiring manager", hank_board)):
        _target(
            report,
            f"board of {BIG_ACTIVE:,} active applications: median {{value:.1f}} ms "
            f"(target < {TARGET_BOARD_MS} ms server time) [{who}]",
            result.stats["median"],
            TARGET_BOARD_MS,
        )
    for which, result in (("?job=", api_job), ("?job=&page=20", api_page), ("all", api_all)):
        _target(
            report,
            "applications API page of 50: p95 {value:.1f} ms "
            f"(target < {TARGET_API_P95_MS} ms) [{which}]",
            result.stats["p95"],
            TARGET_API_P95_MS,
        )

    # Why: the plan of the slowest query of all in full; the top of the plan of the slowest
    # query of each other page that missed its target or is much slower than the typical page.
    missed = {
        rita_board.label: rita_board.stats["median"] >= TARGET_BOARD_MS,
        hank_board.label: hank_board.stats["median"] >= TARGET_BOARD_MS,
        **{r.label: r.stats["p95"] >= TARGET_API_P95_MS for r in (api_job, api_page, api_all)},
    }
    typical = sorted(p.result.ratio for p in profiles)[len(profiles) // 2]
    worst = max(profiles, key=lambda p: p.queries[0][0])
    _explain(report, worst, "the slowest query of all", full=True)
    explained = {worst.queries[0][1]}
    for profile in profiles:
        sql = profile.queries[0][1]
        if sql in explained:
            continue
        if missed.get(profile.label):
            why = "the page missed its target"
        elif profile.result.ratio > SLOW_FACTOR * typical:
            why = f"the page takes {profile.result.ratio / typical:.0f}x the typical page's time"
        else:
            continue
        explained.add(sql)
        _explain(report, profile, why, full=False)
