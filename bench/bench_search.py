"""Candidate search at 200,000 people with resumes: p50 and p95 of candidate_search over a mix of
the queries recruiters type, against the bare SQL query on the same GIN index.

Each candidate has a varied international name, a title, a company, 3 to 10 skills out of 120,
tags on 40%, and 90% a resume of 200 to 450 words drawn from vocabularies (their own name,
titles, companies and skills among everyday resume prose). 12 jobs hold 30,000 applications. The
data is loaded with COPY, the vectors computed by candidate_search_refresh in one UPDATE per
chunk (GIN indexes dropped meanwhile and built once after, as a bulk load would).

Per query, "search" is what the Candidates page asks of the database: the first page of 25
ranked rows (tags prefetched), the total count, and the snippets of the page. "bare SQL" is
`SELECT id ... WHERE search_vector @@ websearch_to_tsquery(...) ORDER BY ts_rank(...) DESC
LIMIT 25`, the least any ranked full-text page costs on that index.
"""

import json
import random
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from math import ceil
from urllib.parse import urlencode

from django.db import connection, transaction
from django.utils import timezone

from ats.models import Application, Job, JobMember, PipelineTemplate, Stage
from bench.common import (
    COMPANIES,
    LOCATIONS,
    ROLES,
    SENIORITY,
    SOURCES,
    TAGS,
    BenchmarkError,
    Report,
    analyze,
    check_foreign_keys,
    copy_rows,
    count_queries,
    create_user,
    logged_in_client,
    reserve_ids,
    skip_foreign_key_checks,
)
from recruit.accounts.roles import Role
from recruit.candidates.models import Candidate, CandidateDocument, Skill, Source, Tag
from recruit.candidates.search import SEARCH_CONFIG, CandidateFilters
from recruit.candidates.selectors import candidate_search, candidate_search_snippets
from recruit.candidates.services import candidate_search_refresh

SEED = 200_000
CANDIDATES = 200_000
WITH_RESUME = 0.9
JOBS = 12
APPLICATIONS = 30_000
PAGE = 25
REPEAT = 30  # timed runs of each query (after WARMUP untimed ones)
WARMUP = 3
REFRESH_CHUNK = 10_000
REFRESH_THREADS = 2
TARGET_P95_MS = 50
SEARCH_INDEXES = ("candidate_search_idx", "candidate_name_trgm_idx", "candidate_location_trgm_idx")

_w = str.split
FIRST_NAMES = _w(
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
    "Emily Mark Michelle Steven Laura Paul Rachel Andrew Anna Joshua Emma Kevin Olivia Brian "
    "Sophie Jean Marie Pierre Camille Louis Chloé Hugo Léa Antoine Manon Nicolas Inès Julien "
    "Clémence François Élodie Théo Margaux Lukas Hannah Jonas Lena Felix Mia Leon Katharina "
    "Maximilian Jürgen Sabine Tobias Anke Matthias Ursula Niklas Greta José María Carlos Lucía "
    "Javier Carmen Alejandro Sofía Miguel Elena Pablo Paula Diego Marta Álvaro Nuria Sergio "
    "Raquel Luca Giulia Marco Francesca Matteo Chiara Wei Mei Hiroshi Yuki Ravi Priya Arjun "
    "Ananya Mohammed Fatima Omar Aisha Kwame Amara Chidi Ngozi Ivan Olga Piotr Agnieszka Lars "
    "Ingrid Sven Astrid Mateo Valentina Tomás Joana"
)
LAST_NAMES = _w(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans "
    "Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Dubois Lefèvre Moreau "
    "Laurent Girard Bonnet Dupont Lambert Fontaine Rousseau Chevalier Mercier Faure Garnier "
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
    "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger García Fernández González "
    "Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno "
    "Muñoz Álvarez Romero Alonso Navarro Rossi Russo Ferrari Esposito Bianchi Romano Colombo "
    "Ricci Marino Greco Chen Wang Li Zhang Liu Tanaka Suzuki Sato Nakamura Patel Sharma Singh "
    "Gupta Kumar Khan Haddad Nasser Okafor Mensah Adeyemi Mwangi Ivanov Petrova Kowalski Nowak "
    "Wiśniewska Larsen Hansen Johansson Lindqvist Nielsen O'Brien Kelly Silva Santos Oliveira "
    "Costa Pereira Yilmaz Kaya Novak Horvat"
)
SKILL_NAMES = (
    "Python", "Django", "Flask", "FastAPI", "PostgreSQL", "MySQL", "Redis", "Kafka", "RabbitMQ",
    "Kubernetes", "Docker", "Terraform", "Ansible", "Amazon Web Services",
    "Google Cloud Platform", "Microsoft Azure", "Linux", "Bash", "Go", "Rust", "Java", "Kotlin",
    "Scala", "Spring Boot", "C++", "C#", ".NET", "JavaScript", "TypeScript", "React", "Vue.js",
    "Angular", "Node.js", "Next.js", "GraphQL", "REST APIs", "HTML", "CSS", "Tailwind CSS",
    "Swift", "iOS", "Android", "Flutter", "React Native", "SQL", "Spark", "Hadoop", "Airflow",
    "dbt", "Snowflake", "BigQuery", "Tableau", "Power BI", "Looker", "Pandas", "NumPy",
    "scikit-learn", "TensorFlow", "PyTorch", "Machine Learning", "Deep Learning",
    "Natural Language Processing", "Computer Vision", "Statistics", "R", "MATLAB", "Excel",
    "Figma", "Sketch", "Adobe Photoshop", "User Research", "Prototyping", "Accessibility",
    "Product Management", "Agile", "Scrum", "Kanban", "Jira", "Confluence", "Git", "GitHub Actions",
    "Jenkins", "CI/CD", "Prometheus", "Grafana", "Elasticsearch", "MongoDB", "Cassandra",
    "DynamoDB", "Microservices", "System Design", "Security", "Penetration Testing", "OAuth",
    "Salesforce", "HubSpot", "SEO", "Content Marketing", "Google Analytics", "Copywriting",
    "Negotiation", "Account Management", "Lead Generation", "Financial Modelling", "SAP",
    "Accounting", "Budgeting", "Recruiting", "Sourcing", "Onboarding", "Public Speaking",
    "Leadership", "Mentoring", "Stakeholder Management", "Project Management", "Six Sigma",
    "Lean", "Customer Success", "Technical Writing", "Unity", "Blender", "Embedded C",
)  # fmt: skip
PROSE = _w(
    "responsible for the design development delivery and operation of services used by "
    "customers across several markets working closely with product design and data teams to "
    "ship features every week improving reliability performance and cost while keeping quality "
    "high reviewed code wrote documentation ran incidents and postmortems introduced testing "
    "practices and automated deployments partnered with stakeholders to define roadmaps "
    "prioritised work measured outcomes presented results to leadership hired and coached new "
    "colleagues contributed to open source projects spoke at meetups organised workshops "
    "migrated legacy systems to the cloud reduced latency and error rates built dashboards and "
    "alerts improved onboarding of new engineers collaborated with remote teams in different "
    "time zones handled customer escalations negotiated with vendors managed budgets planned "
    "capacity analysed data to find opportunities wrote proposals grew revenue retained key "
    "accounts launched campaigns researched users tested prototypes iterated on feedback "
    "simplified processes owned the backlog facilitated retrospectives estimated projects "
    "tracked risks resolved conflicts supported sales engineers trained support staff "
    "maintained compliance with security standards audited access designed schemas tuned "
    "queries scaled databases cached hot paths refactored modules removed dead code upgraded "
    "frameworks standardised tooling published internal libraries evaluated new technologies"
)
# Everyday words are common, most are rare: Zipf's law, as in real text.
PROSE_WEIGHTS = [1 / (rank + 3) for rank in range(len(PROSE))]
VERBS = _w(
    "Led Built Designed Maintained Migrated Scaled Automated Improved Managed Delivered "
    "Mentored Owned Launched Refactored Monitored Reduced Optimised Created Introduced Ran"
)
OBJECTS = (
    "the payment platform", "a real-time data pipeline", "internal tooling", "the onboarding flow",
    "a fleet of microservices", "the reporting stack", "a recommendation engine",
    "the CI/CD pipelines", "the mobile app", "the search infrastructure", "a design system",
    "the billing system", "global marketing campaigns", "sales operations",
    "the analytics warehouse", "the customer support portal", "a machine learning platform",
    "the identity and access service", "the pricing engine", "an events marketplace",
)  # fmt: skip
OUTCOMES = (
    "cutting costs by {n}%", "serving {n} million users", "for {n} enterprise customers",
    "reducing latency by {n}%", "across {n} countries", "with a team of {n} engineers",
    "growing revenue by {n}%", "with {n}% fewer incidents",
)  # fmt: skip
SECTIONS = ("Experience", "Education", "Projects", "Certifications", "Languages")
DEGREES = ("BSc Computer Science", "MSc Data Science", "BA Economics", "MBA", "BEng Mechanical "
           "Engineering", "MSc Information Systems", "BA Design", "PhD Physics")  # fmt: skip
UNIVERSITIES = (
    "University of Lyon", "TU München", "Universidad de Madrid", "Imperial College",
    "Politecnico di Milano", "University of Toronto", "IIT Bombay", "KTH Stockholm",
)  # fmt: skip
CANDIDATE_COLUMNS = (
    "id", "first_name", "last_name", "email", "phone", "location", "current_title",
    "current_company", "linkedin_url", "github_url", "portfolio_url", "summary", "source_id",
    "owner_id", "years_experience", "anonymised_at", "created_at", "updated_at",
)  # fmt: skip


@dataclass
class Built:
    recruiter: object
    manager: object
    job: Job
    sample_names: list[tuple[str, str]]
    sample_email: str


@dataclass
class Query:
    label: str
    text: str = ""
    filters: CandidateFilters | None = None
    user: str = "recruiter"


def _resume(rng: random.Random, first: str, last: str, title: str, company: str,
            skills: list[str], location: str) -> str:  # fmt: skip
    lines = [f"{first} {last}", f"{title} · {location}", "Summary"]
    lines.append(
        " ".join(rng.choices(PROSE, PROSE_WEIGHTS, k=rng.randint(25, 50))).capitalize() + "."
    )
    lines += ["Skills", ", ".join(skills), SECTIONS[0]]
    employers = [company, *rng.sample(COMPANIES, 2)]
    for employer in employers:
        role = (rng.choice(SENIORITY) + rng.choice(ROLES)).strip()
        until = rng.choice(("Present", "2023", "2021"))
        lines.append(f"{role}, {employer}, {rng.randint(2008, 2022)} - {until}")
        for _ in range(rng.randint(2, 4)):
            outcome = rng.choice(OUTCOMES).format(n=rng.randint(2, 60))
            lines.append(f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} with {rng.choice(skills)} "
                         f"and {rng.choice(skills)}, {outcome}.")  # fmt: skip
        lines.append(
            " ".join(rng.choices(PROSE, PROSE_WEIGHTS, k=rng.randint(15, 40))).capitalize() + "."
        )
    lines += ["Education", f"{rng.choice(DEGREES)}, {rng.choice(UNIVERSITIES)}"]
    return "\n".join(lines)


def _copy_model(model, rows: list[dict]) -> int:
    """COPY dicts into the model's table, every other column taking its field's default (so
    that fields added later do not break the benchmark)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.column in rows[0]]
    columns = [f.column for f in fields]

    def value(field, row):
        if field.column in row:
            return row[field.column]
        default = field.get_default()
        if field.get_internal_type() == "JSONField":
            return None if default is None else json.dumps(default)
        return default

    return copy_rows(model, columns, ([value(f, row) for f in fields] for row in rows))


def _build(report: Report) -> Built:
    started = time.perf_counter()
    rng = random.Random(SEED)
    now = timezone.now()
    recruiter = create_user("rita.search@example.com", roles=(Role.RECRUITER,))
    manager = create_user("hank.search@example.com", roles=(Role.HIRING_MANAGER,))
    sources = [Source.objects.get_or_create(kind=kind, name=name)[0].pk for kind, name in SOURCES]
    tags = [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS]
    skills = {s.name: s.pk for s in Skill.objects.bulk_create(Skill(name=n) for n in SKILL_NAMES)}
    skill_names = list(skills)
    skill_weights = [1 / (rank + 4) for rank in range(len(skill_names))]
    jobs = _build_jobs(rng, now, manager)

    ids = reserve_ids(Candidate, CANDIDATES)
    # People arrive over three years in id order, as rows do in a live database: the table's
    # physical order follows created_at (which makes walking its index cheap).
    arrivals = sorted(rng.randint(0, 3 * 365 * 86400) for _ in ids)
    candidate_rows, skill_links, tag_links, documents = [], [], [], []
    sample_names = []
    for index, pk in enumerate(ids):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        title = (rng.choice(SENIORITY) + rng.choice(ROLES)).strip()
        company, location = rng.choice(COMPANIES), rng.choice(LOCATIONS)
        created = now - timedelta(seconds=3 * 365 * 86400 - arrivals[index])
        years = Decimal(rng.randint(0, 300)) / 10 if rng.random() < 0.7 else None
        email = f"{first}.{last}.{index}@example.org".lower().replace("'", "")
        candidate_rows.append((
            pk, first, last, email, "", location, title, company, "", "", "", "",
            rng.choice(sources), None, years, None, created, created,
        ))  # fmt: skip
        mine = list(dict.fromkeys(rng.choices(skill_names, skill_weights, k=rng.randint(3, 10))))
        skill_links += [(pk, skills[name]) for name in mine]
        if rng.random() < 0.4:
            tag_links += [(pk, tag) for tag in rng.sample(tags, rng.randint(1, 3))]
        if rng.random() < WITH_RESUME:
            text = _resume(rng, first, last, title, company, mine, location)
            documents.append({
                "candidate_id": pk, "kind": "resume", "file": f"candidates/{pk}/{pk:064x}.pdf",
                "original_name": "resume.pdf", "content_type": "application/pdf",
                "extension": ".pdf", "size": len(text) * 3, "sha256": f"{pk:064x}",
                "uploaded_by_id": None, "created_at": created, "text": text,
                "parse_status": "parsed", "parse_error": "", "parsed": None, "parsed_at": created,
            })  # fmt: skip
        if index % 997 == 0:
            sample_names.append((first, last))
    with transaction.atomic():
        checks_skipped = skip_foreign_key_checks()
        copy_rows(Candidate, CANDIDATE_COLUMNS, candidate_rows)
        copy_rows(Candidate.skills.through, ("candidate_id", "skill_id"), skill_links)
        copy_rows(Candidate.tags.through, ("candidate_id", "tag_id"), tag_links)
        _copy_model(CandidateDocument, documents)
        _build_applications(rng, jobs, ids, sources, now)
        if checks_skipped:
            check_foreign_keys(Candidate, CandidateDocument, Application)
    loaded = time.perf_counter()
    words = sum(len(d["text"].split()) for d in documents) / max(len(documents), 1)
    report.info(
        f"loaded {len(ids):,} candidates, {len(skill_links):,} skills, {len(tag_links):,} tags, "
        f"{len(documents):,} resumes of {words:.0f} words on average, {APPLICATIONS:,} "
        f"applications in {loaded - started:.1f} s"
    )
    _refresh_vectors(list(ids))
    report.info(f"computed the search vectors and built the indexes in "
                f"{time.perf_counter() - loaded:.1f} s")  # fmt: skip
    analyze()
    return Built(recruiter, manager, jobs[0], sample_names, candidate_rows[12_345][3])


def _build_jobs(rng: random.Random, now: datetime, manager) -> list[Job]:
    pipeline = list(
        PipelineTemplate.objects.get(is_default=True)
        .stages.order_by("position")
        .values_list("name", "kind")
    )
    jobs = Job.objects.bulk_create(
        Job(title=(rng.choice(SENIORITY) + rng.choice(ROLES)).strip(), slug=f"search-job-{n}",
            status=Job.Status.OPEN, opened_at=now - timedelta(days=30))
        for n in range(JOBS)
    )  # fmt: skip
    Stage.objects.bulk_create(
        Stage(job=job, name=name, kind=kind, position=position)
        for job in jobs
        for position, (name, kind) in enumerate(pipeline)
    )
    JobMember.objects.bulk_create(
        JobMember(job=job, user=manager, role=JobMember.Role.HIRING_MANAGER) for job in jobs[:2]
    )
    return jobs


def _build_applications(rng, jobs: list[Job], ids: range, sources: list[int], now) -> None:
    stages = {}
    for job_id, stage_id, position in Stage.objects.values_list("job_id", "id", "position"):
        stages[job_id, position] = stage_id
    pairs = set()
    while len(pairs) < APPLICATIONS:
        pairs.add((rng.choice(ids), rng.choice(jobs).pk))
    rows = []
    for candidate_id, job_id in sorted(pairs):
        status = rng.choices(("active", "rejected", "withdrawn"), (50, 45, 5))[0]
        applied = now - timedelta(days=rng.uniform(1, 60))
        rows.append({
            "candidate_id": candidate_id, "job_id": job_id,
            "stage_id": stages[job_id, rng.choice((0, 0, 1, 2, 3, 4))], "status": status,
            "source_id": rng.choice(sources), "applied_at": applied, "stage_entered_at": applied,
            "rejected_at": applied if status == "rejected" else None,
            "withdrawn_at": applied if status == "withdrawn" else None, "updated_at": applied,
        })  # fmt: skip
    _copy_model(Application, rows)


def _refresh_vectors(ids: list[int]) -> None:
    """Compute every vector with the service (one UPDATE per chunk), the GIN indexes dropped
    meanwhile and built once after."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(SEARCH_INDEXES)],
        )
        definitions = cursor.fetchall()
        if len(definitions) != len(SEARCH_INDEXES):
            raise BenchmarkError(f"search indexes missing: found {definitions}")
        for name, _ in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        chunks = [ids[start : start + REFRESH_CHUNK] for start in range(0, len(ids), REFRESH_CHUNK)]
        with ThreadPoolExecutor(max_workers=REFRESH_THREADS) as pool:
            list(pool.map(_refresh_chunk, chunks))
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in definitions:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


def _refresh_chunk(ids: list[int]) -> None:
    """In a thread of its own, hence a database connection of its own (one core each)."""
    try:
        candidate_search_refresh(candidate_ids=ids)
    finally:
        connection.close()


# Measuring ------------------------------------------------------------------------------------


def _queries(built: Built) -> list[Query]:
    first, last = built.sample_names[3]
    typo_first, typo_last = built.sample_names[7]
    typo = typo_first[:-2] + typo_first[-1] + typo_first[-2]  # "John" -> "Jonh"
    berlin = CandidateFilters(location="Berlin", experience_min=Decimal(5))
    both_skills = CandidateFilters(skills_all=("PostgreSQL", "Django"))
    applicants = CandidateFilters(extra={"who": "applicants", "job": built.job})
    rust_or_go = CandidateFilters(skills_any=("Rust", "Go"), tags=("relocation",))
    return [
        Query("one word, a common skill", "python"),
        Query("one word, a last name", last),
        Query("one word, a rare title word", "cartographer"),
        Query("one word, in resume prose", "dashboards"),
        Query("two words", "senior kubernetes"),
        Query("two words, first and last name", f"{first} {last}"),
        Query("phrase", '"machine learning"'),
        Query("phrase and a word", '"data engineer" spark'),
        Query("or and exclusion", "react or angular -junior"),
        Query("misspelled name", f"{typo} {typo_last}"),
        Query("email", built.sample_email),
        Query("word + location and experience", "python", berlin),
        Query("word + skills all of", "senior", both_skills),
        Query("word + applicants of a job", "engineer", applicants),
        Query("filters only: skills any of + tag", "", rust_or_go),
        Query("no query (newest first)", ""),
        Query("hiring manager, one word", "python", user="manager"),
    ]


def _search_page(user, query: Query) -> int:
    """What the Candidates page asks: 25 ranked rows with their tags, the count, snippets."""
    candidates = candidate_search(user=user, query=query.text, filters=query.filters)
    rows = list(candidates[:PAGE])
    total = candidates.count()
    candidate_search_snippets(candidates=rows, query=query.text)
    return total


BARE_SQL = """
SELECT id FROM candidates_candidate
 WHERE search_vector @@ websearch_to_tsquery(%(config)s::regconfig, %(q)s)
 ORDER BY ts_rank(search_vector, websearch_to_tsquery(%(config)s::regconfig, %(q)s)) DESC
 LIMIT 25
"""


def _bare(text: str) -> Callable[[], object]:
    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, {"config": SEARCH_CONFIG, "q": text})
            return cursor.fetchall()

    return run


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(ceil(q * len(ordered)) - 1, 0)] * 1000


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(report: Report) -> None:
    built = _build(report)
    users = {"recruiter": built.recruiter, "manager": built.manager}
    queries = _queries(built)
    search_all, bare_all = [], []
    report.info(f"{'query':<44} {'matches':>8}  search p50 / p95 ms   bare SQL p50 / p95 ms  "
                f"queries")  # fmt: skip
    for query in queries:
        user = users[query.user]
        queries_run, total = count_queries(lambda q=query, u=user: _search_page(u, q))
        page = lambda q=query, u=user: _search_page(u, q)  # noqa: E731
        bare = _bare(query.text) if query.text else None
        for _ in range(WARMUP):
            page()
            bare and bare()
        searched, bared = [], []
        for _ in range(REPEAT):  # in turns, so drift hits both alike
            searched.append(_time(page))
            if bare:
                bared.append(_time(bare))
        search_all += searched
        bare_all += bared
        bare_text = (
            f"{_p(bared, 0.5):6.1f} / {_p(bared, 0.95):6.1f}" if bared else "     — /      —"
        )
        report.info(
            f"{query.label + ':':<44} {total:>8,}  {_p(searched, 0.5):6.1f} / "
            f"{_p(searched, 0.95):6.1f}        {bare_text}        {queries_run}"
        )
    p95, bare_p95 = _p(search_all, 0.95), _p(bare_all, 0.95)
    verdict = "PASS" if p95 < TARGET_P95_MS else "MISS"
    report.info(
        f"over the mix ({len(queries)} queries x {REPEAT}): search p50 {_p(search_all, 0.5):.1f} "
        f"ms, p95 {p95:.1f} ms (target < {TARGET_P95_MS} ms: {verdict}); bare SQL p50 "
        f"{_p(bare_all, 0.5):.1f} ms, p95 {bare_p95:.1f} ms; search p95 / bare SQL p95 = "
        f"{p95 / bare_p95:.2f}x"
    )
    _explain_slowest(report, built, users, queries)
    _page(report, built)


def _explain_slowest(report: Report, built: Built, users: dict, queries: list[Query]) -> None:
    """EXPLAIN ANALYZE of the slowest query of the slowest search (the top of the plan)."""
    slowest, worst = None, 0.0
    for query in queries:
        took = statistics.median(
            _time(lambda q=query: _search_page(users[q.user], q)) for _ in range(5)
        )
        if took > worst:
            slowest, worst = query, took
    candidates = candidate_search(
        user=users[slowest.user], query=slowest.text, filters=slowest.filters
    )
    sql, params = candidates[:PAGE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    report.info(f"slowest search: {slowest.label!r} ({worst * 1000:.1f} ms), its page query:")
    for line in plan[:25]:
        report.info(f"    {line}")


def _page(report: Report, built: Built) -> None:
    """The page itself through Django's test client, for two searches."""
    client = logged_in_client(built.recruiter)
    report.baseline(client, repeat=100, warmup=10)
    for text in ("python", '"machine learning" -junior', f"{built.sample_names[3][1]}"):
        results = candidate_search(user=built.recruiter, query=text)
        total = results.count()
        if results.count_is_estimate:
            total = f"About {total:,}"
        elif results.count_is_minimum:
            total = f"More than {total - 1:,}"
        report.get(f"candidates page q={text!r}", "/candidates/?" + urlencode({"q": text}),
                   contains=f"{total} candidate")  # fmt: skip
