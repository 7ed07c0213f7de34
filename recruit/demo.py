"""Demo data for `make run` (`manage.py seed_demo`), so a fresh checkout has something to show.

The demo contains:
- an admin (admin@demo.recruit.local) and ten team members: three recruiters, a coordinator, three
  hiring managers and three interviewers, in a few time zones, all with one shared password that is
  kept in var/demo-password;
- six departments and ten jobs (seven open, one draft, one paused, one closed as filled), made
  by the ATS services so each has its pipeline, with Markdown descriptions, required and
  preferred skills, experience, location and remote rules, salary bands, knockout questions and
  a hiring team (a recruiter, the coordinator, a hiring manager and interviewers); two of them
  review blind;
- sources of every common kind, a handful of tags and a skills taxonomy with aliases (k8s, JS);
- 65 candidates with skills, tags, a one-page PDF resume, consents and a short timeline (one of
  them twice, under another email address, so the board shows its duplicate warning);
- 150 applications spread across the jobs' stages over the weeks each job has been open: some
  rejected with a reason (a few kept in touch as silver medalists), two hired;
- one email template ("demo-intro") using merge fields.

Running it again adds nothing: every row is looked up by its natural key (email, slug, name,
purpose, the resume's sha256, candidate and job) first. The people and their applications are
drawn from fixed seeds and the PDFs carry a fixed date, so every run, on every machine, produces
the same candidates, byte-identical resumes and the same applications.
"""

import random
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ats import services as ats
from ats.models import (
    Application,
    CareersSite,
    Department,
    Job,
    JobMember,
    JobStatusChange,
    PipelineTemplate,
)
from recruit.accounts.roles import Role
from recruit.candidates.models import (
    Candidate,
    CandidateDocument,
    Consent,
    Skill,
    Source,
    Tag,
)
from recruit.candidates.services import (
    activity_record,
    candidate_find_or_create,
    consent_record,
    document_add,
    source_get_or_create,
)
from recruit.demo_applications import DemoJob, _applications_seed
from recruit.demo_data import (
    ADMIN_EMAIL,
    COMPANIES,
    DEMO_DOMAIN,
    DEPARTMENT_BLURBS,
    DEPARTMENTS,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    JOBS,
    LAST_NAMES,
    LOCATIONS,
    SCHOOLS,
    SKILLS,
    SOURCE_WEIGHTS,
    SOURCES,
    SUMMARY_ENDINGS,
    TAGS,
    TEAM,
    TRACK_WEIGHTS,
    TRACKS,
    JobSpec,
    QuestionSpec,
    Track,
)
from recruit.demo_resume import Position, Profile, plain_ascii, resume_pdf
from recruit.messaging.models import EmailTemplate

PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a password)
SEED = 2026
CANDIDATE_COUNT = 64
# A fixed creation date makes the PDF bytes, and so their sha256, the same on every run.
RESUME_DATE = datetime(2026, 1, 1, tzinfo=UTC)
CONSENT_WORDING = "2025-01"
TEMPLATE_PURPOSE = "demo-intro"
# Where an open job's demo applications stand: the stage they reached (Applied .. Offer) by
# weight, and how many were rejected on the way.
STAGE_WEIGHTS = (34, 18, 12, 8, 4)
REJECTED_SHARE = 0.15
REJECTION_NOTES = (
    "Thanks for the time; we went with people closer to what the team needs now.",
    "Strong profile, but not enough hands-on depth for this level.",
    "Good conversation. Timing is not right on either side.",
    "",
)


@dataclass(frozen=True)
class DemoSummary:
    admin_email: str
    password: str
    password_path: Path
    totals: dict[str, int]  # rows in the database now: users, jobs, candidates, documents
    added: dict[str, int]  # of which this run created


def demo_seed(*, var_dir: Path) -> DemoSummary:
    """Create whatever part of the demo is missing. Safe to run any number of times."""
    password, password_is_new = demo_password(var_dir=var_dir)
    with transaction.atomic():
        team, users_added = _users_seed(password=password, reset=password_is_new)
        taxonomy = _taxonomy_seed()
        jobs = _jobs_seed(departments=_departments_seed(), team=team, taxonomy=taxonomy)
        recruiters = team[Role.RECRUITER]
        candidates_added, documents_added = 0, 0
        people: list[tuple[Profile, Candidate]] = []
        for profile in (*demo_profiles(), *namesake_profiles()):
            candidate, created, document_created = _candidate_seed(
                profile=profile,
                taxonomy=taxonomy,
                recruiter=recruiters[profile.owner % len(recruiters)],
            )
            people.append((profile, candidate))
            candidates_added += created
            documents_added += document_created
        _email_template_seed()
        _careers_site_seed()
        applications_added = sum(
            _applications_seed(demo_job=demo_job, people=people, team=team) for demo_job in jobs
        )
        for demo_job in jobs:
            _job_history_seed(demo_job=demo_job, team=team)
    totals = {
        "users": get_user_model().objects.count(),
        "jobs": Job.objects.count(),
        "candidates": Candidate.objects.count(),
        "documents": CandidateDocument.objects.count(),
        "applications": Application.objects.count(),
    }
    added = {
        "users": users_added,
        "jobs": sum(demo_job.created for demo_job in jobs),
        "candidates": candidates_added,
        "documents": documents_added,
        "applications": applications_added,
    }
    return DemoSummary(ADMIN_EMAIL, password, var_dir / PASSWORD_FILE, totals, added)


def demo_password(*, var_dir: Path) -> tuple[str, bool]:
    """The demo users' shared password from var/demo-password, made on first use.

    Returns (password, is_new). The file outlives the database on purpose, so a rebuilt
    database gets the password the README already told people where to find.
    """
    path = var_dir / PASSWORD_FILE
    if path.exists():
        password = path.read_text(encoding="utf-8").strip()
        if password:
            return password, False
    password = secrets.token_urlsafe(12)
    var_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)  # a login secret: readable by its owner only
    path.write_text(password + "\n", encoding="utf-8")
    return password, True


def _users_seed(*, password: str, reset: bool) -> tuple[dict[Role, list], int]:
    """The admin and the team, by role. Returns ({role: [users]}, how many were created).

    With reset (the password file was just made), existing demo users get the new password too,
    so the password printed is always the one that works.
    """
    User = get_user_model()
    existing = {user.email: user for user in User.objects.filter(email__endswith=DEMO_DOMAIN)}
    missing = [member for member in TEAM if member.email not in existing]
    # Hashing is slow by design; all demo users share one password, so hash it once.
    hashed = make_password(password) if missing or reset else ""
    groups = {group.name: group for group in Group.objects.filter(name__in=list(Role))}
    team: dict[Role, list] = {role: [] for role in Role}
    for member in TEAM:
        user = existing.get(member.email)
        if user is None:
            user = User.objects.create(
                email=member.email,
                full_name=member.full_name,
                time_zone=member.time_zone,
                password=hashed,
                is_staff=member.role is None,
                is_superuser=member.role is None,
            )
        elif reset:
            user.password = hashed
            user.save(update_fields=["password"])
        if member.role is not None:
            user.groups.add(groups[member.role])  # a no-op when already a member
            team[member.role].append(user)
    return team, len(missing)


def _departments_seed() -> dict[str, Department]:
    departments = {}
    for name in DEPARTMENTS:
        # Names are unique regardless of case, so match the same way.
        department = Department.objects.filter(name__iexact=name).first()
        departments[name] = department or Department.objects.create(name=name)
    return departments


def _jobs_seed(
    *, departments: dict[str, Department], team: dict[Role, list], taxonomy: "Taxonomy"
) -> list[DemoJob]:
    """The demo jobs, made by the ATS services so they have pipelines. A job is found by its
    slug; one from an older demo without stages gets the default pipeline and requirements."""
    jobs = []
    for spec in JOBS:
        recruiter = team[Role.RECRUITER][spec.recruiter]
        fields = _job_fields(spec=spec, department=departments[spec.department], taxonomy=taxonomy)
        job = Job.objects.filter(slug=slugify(spec.title)).first()
        created = job is None
        if created:
            job = ats.job_create(actor=recruiter, title=spec.title, **fields)
            for question in spec.questions:
                _question_seed(job=job, question=question, actor=recruiter)
            if spec.status != Job.Status.DRAFT:
                ats.job_set_status(job=job, status=Job.Status.OPEN, actor=recruiter)
        elif not job.stages.exists():
            _pipeline_seed(job=job, actor=recruiter)
            if not job.required_skills.exists():
                wanted = ("required_skills", "preferred_skills", "min_years_experience")
                ats.job_update(job=job, actor=recruiter, **{name: fields[name] for name in wanted})
        _team_seed(job=job, spec=spec, team=team)
        jobs.append(DemoJob(spec, job, created))
    return jobs


def _job_fields(*, spec: JobSpec, department: Department, taxonomy: "Taxonomy") -> dict:
    low, high, currency = spec.salary or (None, None, "")
    return {
        "department": department,
        "location": spec.location,
        "employment_type": spec.employment_type,
        "remote_policy": spec.remote_policy,
        "remote_countries": list(spec.remote_countries),
        "min_years_experience": spec.min_years,
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency,
        "salary_published": spec.salary is not None and currency != "USD",
        "blind_review": spec.blind_review,
        "description": job_description(spec=spec),
        "required_skills": [taxonomy.skills[name] for name in spec.skills[: spec.required]],
        "preferred_skills": [taxonomy.skills[name] for name in spec.skills[spec.required :]],
    }


def _question_seed(*, job: Job, question: QuestionSpec, actor) -> None:
    ats.job_question_add(job=job, actor=actor, label=question.label, kind=question.kind,
                         knockout_answers=list(question.knockout), required=True)  # fmt: skip


def _pipeline_seed(*, job: Job, actor) -> None:
    template = PipelineTemplate.objects.filter(is_default=True).first()
    for stage in template.stages.order_by("position") if template else []:
        ats.stage_add(job=job, name=stage.name, kind=stage.kind, actor=actor)


def _team_seed(*, job: Job, spec: JobSpec, team: dict[Role, list]) -> None:
    recruiter = team[Role.RECRUITER][spec.recruiter]
    members = [
        (recruiter, JobMember.Role.RECRUITER),
        *((user, JobMember.Role.COORDINATOR) for user in team[Role.COORDINATOR]),
        (team[Role.HIRING_MANAGER][spec.hiring_manager], JobMember.Role.HIRING_MANAGER),
        *((team[Role.INTERVIEWER][i], JobMember.Role.INTERVIEWER) for i in spec.interviewers),
    ]
    for user, role in members:
        ats.job_member_add(job=job, user=user, role=role, actor=recruiter)  # get or create


def _job_history_seed(*, demo_job: DemoJob, team: dict[Role, list]) -> None:
    """A new job's final status (paused, closed as filled), and its dates put in the past."""
    spec, job = demo_job.spec, demo_job.job
    if not demo_job.created or spec.status == Job.Status.DRAFT:
        return
    recruiter = team[Role.RECRUITER][spec.recruiter]
    if spec.status in (Job.Status.PAUSED, Job.Status.CLOSED):
        reason = Job.ClosedReason.FILLED if spec.hires else Job.ClosedReason.CANCELLED
        ats.job_set_status(job=job, status=spec.status, actor=recruiter,
                           reason=reason if spec.status == Job.Status.CLOSED else "")  # fmt: skip
    now = timezone.now()
    opened = now - timedelta(days=spec.days_open)
    when = {
        Job.Status.DRAFT: opened - timedelta(days=2),
        Job.Status.OPEN: opened,
        Job.Status.PAUSED: now - timedelta(days=7),
        Job.Status.CLOSED: now - timedelta(days=3),
    }
    for change in JobStatusChange.objects.filter(job=job):
        change.at = when[change.to_status]
        change.save(update_fields=["at"])
    Job.objects.filter(pk=job.pk).update(
        created_at=when[Job.Status.DRAFT],
        opened_at=opened,
        closed_at=when[Job.Status.CLOSED] if spec.status == Job.Status.CLOSED else None,
    )


def job_description(*, spec: JobSpec) -> str:
    """A few paragraphs of Markdown, the way a real posting reads."""
    requirements = "\n".join(f"- Hands-on experience with {skill}" for skill in spec.skills)
    return (
        f"{spec.mission} You will join the {spec.department} team and work with people who "
        f"care about doing it well.\n\n"
        f"## About the team\n\n{DEPARTMENT_BLURBS[spec.department]}\n\n"
        f"## What you will bring\n\n{requirements}\n"
        "- Clear writing: we decide in documents, not in meetings\n\n"
        "## How we hire\n\n"
        "A 30-minute call with a recruiter, a conversation with the hiring manager, a practical "
        "exercise based on real work (paid if it takes more than two hours) and a final round "
        "with the team. We reply to every applicant within two weeks.\n"
    )


@dataclass(frozen=True)
class Taxonomy:
    sources: list[Source]
    tags: dict[str, Tag]
    skills: dict[str, Skill]


def _taxonomy_seed() -> Taxonomy:
    sources = [source_get_or_create(kind=kind, name=name) for kind, name in SOURCES]
    tags = {
        name: Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        for name in TAGS
    }
    skills = {
        # Aliases of an existing skill are left alone: someone may have curated them.
        name: Skill.objects.filter(name__iexact=name).first()
        or Skill.objects.create(name=name, aliases=aliases)
        for name, aliases in SKILLS.items()
    }
    return Taxonomy(sources, tags, skills)


def demo_profiles() -> list[Profile]:
    """The demo people, the same on every run: drawn from a fixed seed, in a fixed order."""
    # Not for secrets: a fixed seed is the point, so the demo is reproducible.
    rng = random.Random(SEED)
    names = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], CANDIDATE_COUNT)
    return [_profile(rng, index, first, last) for index, (first, last) in enumerate(names)]


def namesake_profiles() -> list[Profile]:
    """The first demo person once more, under a private email address and another phone: one
    person with two records, as happens when someone applies twice. The board flags both."""
    first = demo_profiles()[0]
    local = first.email.split("@")[0]
    return [replace(first, email=f"{local}.home@example.net", phone="+1 415 555 0198", source=1)]


def _profile(rng: random.Random, index: int, first: str, last: str) -> Profile:
    track = rng.choices(TRACKS, weights=TRACK_WEIGHTS)[0]
    skills = tuple(rng.sample(track.skills, rng.randint(3, min(6, len(track.skills)))))
    positions = _positions(rng, track)
    years = 2026 - positions[-1].start[0]
    handle = f"{plain_ascii(first)}.{plain_ascii(last)}"
    return Profile(
        first_name=first,
        last_name=last,
        email=f"{handle}@{rng.choice(EMAIL_DOMAINS)}",
        # 555-0100 to 555-0199 are reserved for fiction in the North American numbering plan.
        phone=f"+1 415 555 01{index:02d}",
        location=rng.choice(LOCATIONS),
        linkedin_url=f"https://www.linkedin.com/in/{handle.replace('.', '-')}-{index + 100}",
        summary=(
            f"{positions[0].title} with {years} years of experience, strongest in "
            f"{skills[0]}, {skills[1]} and {skills[2]}. {rng.choice(SUMMARY_ENDINGS)}"
        ),
        positions=positions,
        school=rng.choice(SCHOOLS),
        degree=track.degree,
        graduated=positions[-1].start[0] - rng.randint(0, 2),
        skills=skills,
        tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))),
        source=rng.choices(range(len(SOURCES)), weights=SOURCE_WEIGHTS)[0],
        owner=rng.randrange(3),
        consents=_consents(rng),
        notes=_notes(rng, skills),
    )


def _positions(rng: random.Random, track: Track) -> tuple[Position, ...]:
    """Two or three jobs, newest first, each ending the month before the next one starts."""
    count = rng.randint(2, 3)
    companies = rng.sample(COMPANIES, count)
    titles = rng.sample(track.titles, count)
    # Drawn without replacement so no achievement shows up twice; the current job gets two.
    achievements = rng.sample(track.achievements, count + 1)
    start = (rng.randint(2019, 2024), rng.randint(1, 12))
    end = None
    positions = []
    for index, (company, title) in enumerate(zip(companies, titles, strict=True)):
        bullets = achievements[:2] if index == 0 else achievements[index + 1 : index + 2]
        positions.append(Position(title, company, start, end, tuple(bullets)))
        end = (start[0] - 1, 12) if start[1] == 1 else (start[0], start[1] - 1)
        start = (end[0] - rng.randint(1, 3), rng.randint(1, 12))
    return tuple(positions)


def _consents(rng: random.Random) -> tuple[str, ...]:
    # Most people agreed to the processing of their application; fewer to more than that.
    chances = (
        (Consent.Purpose.APPLICATION, 0.85),
        (Consent.Purpose.TALENT_COMMUNITY, 0.45),
        (Consent.Purpose.MARKETING, 0.2),
    )
    return tuple(purpose for purpose, chance in chances if rng.random() < chance)


def _notes(rng: random.Random, skills: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    choices = (
        ("note.added", f"Great call, strong on {skills[0]}"),
        ("note.added", "Salary expectations within range for the role"),
        ("call.logged", "Intro call: open to a move in the next three months"),
        ("call.logged", "Left a voicemail, will try again next week"),
        ("note.added", f"Wants to go deeper into {skills[-1]}"),
    )
    return tuple(rng.sample(choices, rng.randint(1, 2)))


def _candidate_seed(
    *, profile: Profile, taxonomy: Taxonomy, recruiter
) -> tuple[Candidate, bool, bool]:
    """One person with their resume and consents: (candidate, created, resume created)."""
    current = profile.positions[0]
    candidate, created = candidate_find_or_create(
        email=profile.email,
        phone=profile.phone,
        source=taxonomy.sources[profile.source],
        owner=recruiter,
        actor=recruiter,
        first_name=profile.first_name,
        last_name=profile.last_name,
        location=profile.location,
        current_title=current.title,
        current_company=current.company,
        linkedin_url=profile.linkedin_url,
        summary=profile.summary,
    )
    if created:
        # Only for new people: on an existing one, a recruiter may have edited these since.
        candidate.skills.add(*(taxonomy.skills[name] for name in profile.skills))
        candidate.tags.add(*(taxonomy.tags[name] for name in profile.tags))
    # Identical bytes on every run, so document_add recognises the resume by its sha256.
    upload = ContentFile(resume_pdf(profile=profile), name=f"{_file_stem(profile)}-resume.pdf")
    _, document_created = document_add(
        candidate=candidate, upload=upload, kind=CandidateDocument.Kind.RESUME, actor=recruiter
    )
    _consents_seed(candidate=candidate, purposes=profile.consents)
    if created:
        # The services write their own entries; these stand in for a recruiter's work.
        for verb, subject in profile.notes:
            activity_record(
                candidate=candidate, verb=verb, actor=recruiter, details={"subject": subject}
            )
    return candidate, created, document_created


def _consents_seed(*, candidate: Candidate, purposes: tuple[str, ...]) -> None:
    """Record each consent the person has none of yet (given or withdrawn: both are history)."""
    recorded = set(candidate.consents.values_list("purpose", flat=True))
    for purpose in purposes:
        if purpose not in recorded:
            consent_record(
                candidate=candidate,
                purpose=purpose,
                wording_version=CONSENT_WORDING,
                how="careers form" if purpose == Consent.Purpose.APPLICATION else "sign-up form",
            )


def _careers_site_seed() -> None:
    """The public careers site's branding, unless an admin has set it already."""
    site = CareersSite.load()
    if site.company_name == CareersSite._meta.get_field("company_name").default:
        site.company_name = "Northwind Labs"
        site.website_url = "https://northwind.example"
        site.intro = (
            "We build tools that help small teams ship. Remote-friendly, four offices, "
            "and a hiring process that respects your time: **one interview loop, an answer "
            "within two weeks**."
        )
        site.save()


def _email_template_seed() -> None:
    if EmailTemplate.objects.filter(purpose=TEMPLATE_PURPOSE).exists():
        return
    template = EmailTemplate(
        purpose=TEMPLATE_PURPOSE,
        name="Intro from a recruiter (demo)",
        subject="{{ candidate.first_name }}, a role you might like",
        text_body=(
            'Hi {{ candidate.first_name|default:"there" }},\n\n'
            "I came across your profile and think you could be a great fit for one of our open "
            "roles. Would you have 20 minutes for a call next week?\n\n"
            "Best,\n{{ sender.full_name }}\n"
        ),
    )
    template.full_clean()  # proves the merge fields are ones the pipe knows
    template.save()


def _file_stem(profile: Profile) -> str:
    return f"{plain_ascii(profile.first_name).title()}-{plain_ascii(profile.last_name).title()}"
