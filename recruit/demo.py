"""Demo data for `make run` (`manage.py seed_demo`), so a fresh checkout has something to show.

The demo contains:
- an admin (admin@demo.recruit.local) and ten team members: three recruiters, a coordinator, three
  hiring managers and three interviewers, in a few time zones, all with one shared password that is
  kept in var/demo-password;
- six departments and ten jobs (seven open, one draft, one paused, one closed) with Markdown
  descriptions;
- sources of every common kind, a handful of tags and a skills taxonomy with aliases (k8s, JS);
- 64 candidates with skills, tags, a one-page PDF resume, consents and a short timeline;
- one email template ("demo-intro") using merge fields.

Running it again adds nothing: every row is looked up by its natural key (email, slug, name,
purpose, the resume's sha256) first. The people are drawn from a fixed seed and the PDFs carry a
fixed date, so every run, on every machine, produces the same candidates and byte-identical resumes.
"""

import random
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from fpdf import FPDF

from ats.models import Department, Job
from recruit.accounts.roles import Role
from recruit.candidates.models import Candidate, CandidateDocument, Consent, Skill, Source, Tag
from recruit.candidates.services import (
    activity_record,
    candidate_find_or_create,
    consent_record,
    document_add,
    source_get_or_create,
)
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
    MONTHS,
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
    Track,
)
from recruit.messaging.models import EmailTemplate

PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a password)
SEED = 2026
CANDIDATE_COUNT = 64
# A fixed creation date makes the PDF bytes, and so their sha256, the same on every run.
RESUME_DATE = datetime(2026, 1, 1, tzinfo=UTC)
CONSENT_WORDING = "2025-01"
TEMPLATE_PURPOSE = "demo-intro"


@dataclass(frozen=True)
class Position:
    title: str
    company: str
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int] | None  # None while current
    achievements: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """Everything about one demo person, drawn from the seed before touching the database."""

    first_name: str
    last_name: str
    email: str
    phone: str
    location: str
    linkedin_url: str
    summary: str
    positions: tuple[Position, ...]
    school: str
    degree: str
    graduated: int
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    source: int  # index into SOURCES
    owner: int  # index into the recruiters
    consents: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]  # (verb, subject)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


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
        jobs_added = _jobs_seed(departments=_departments_seed())
        taxonomy = _taxonomy_seed()
        recruiters = team[Role.RECRUITER]
        candidates_added, documents_added = 0, 0
        for profile in demo_profiles():
            created, document_created = _candidate_seed(
                profile=profile,
                taxonomy=taxonomy,
                recruiter=recruiters[profile.owner % len(recruiters)],
            )
            candidates_added += created
            documents_added += document_created
        _email_template_seed()
    totals = {
        "users": get_user_model().objects.count(),
        "jobs": Job.objects.count(),
        "candidates": Candidate.objects.count(),
        "documents": CandidateDocument.objects.count(),
    }
    added = {
        "users": users_added,
        "jobs": jobs_added,
        "candidates": candidates_added,
        "documents": documents_added,
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


def _jobs_seed(*, departments: dict[str, Department]) -> int:
    now = timezone.now()
    added = 0
    for spec in JOBS:
        was_opened = spec.status != Job.Status.DRAFT
        _, created = Job.objects.get_or_create(
            slug=slugify(spec.title),
            defaults={
                "title": spec.title,
                "department": departments[spec.department],
                "location": spec.location,
                "employment_type": spec.employment_type,
                "status": spec.status,
                "description": job_description(spec=spec),
                "opened_at": now - timedelta(days=spec.days_open) if was_opened else None,
                "closed_at": now - timedelta(days=3) if spec.status == Job.Status.CLOSED else None,
            },
        )
        added += created
    return added


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


def _profile(rng: random.Random, index: int, first: str, last: str) -> Profile:
    track = rng.choices(TRACKS, weights=TRACK_WEIGHTS)[0]
    skills = tuple(rng.sample(track.skills, rng.randint(3, min(6, len(track.skills)))))
    positions = _positions(rng, track)
    years = 2026 - positions[-1].start[0]
    handle = f"{_ascii(first)}.{_ascii(last)}"
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


def _candidate_seed(*, profile: Profile, taxonomy: Taxonomy, recruiter) -> tuple[bool, bool]:
    """One person with their resume and consents. Returns (candidate created, resume created)."""
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
    return created, document_created


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


def resume_pdf(*, profile: Profile) -> bytes:
    """A one-page resume. Core fonts only, so every string must be latin-1."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(RESUME_DATE)
    pdf.set_title(f"{profile.full_name} - Resume")
    pdf.set_author(profile.full_name)
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=False)  # the content is sized to fit; never spill to page two
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    _line(pdf, profile.full_name, height=10)
    pdf.set_font("Helvetica", "", 10)
    _line(pdf, f"{profile.positions[0].title}  |  {profile.location}")
    _line(pdf, f"{profile.email}  |  {profile.phone}")
    _line(pdf, profile.linkedin_url)
    _heading(pdf, "Summary")
    pdf.multi_cell(0, 5, profile.summary, align="L", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Experience")
    for position in profile.positions:
        pdf.set_font("Helvetica", "B", 11)
        _line(pdf, f"{position.title}, {position.company}", height=6)
        pdf.set_font("Helvetica", "I", 9)
        _line(pdf, f"{_month(position.start)} - {_month(position.end)}")
        pdf.set_font("Helvetica", "", 10)
        for achievement in position.achievements:
            _line(pdf, f"-  {achievement}")  # one line each: cell() is far cheaper than multi_cell
        pdf.ln(2)
    _heading(pdf, "Education")
    _line(pdf, f"{profile.degree}, {profile.school}, {profile.graduated}")
    _heading(pdf, "Skills")
    pdf.multi_cell(0, 5, ", ".join(profile.skills), align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    _line(pdf, text.upper(), height=7)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)


def _line(pdf: FPDF, text: str, *, height: float = 5) -> None:
    pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _month(value: tuple[int, int] | None) -> str:
    return "Present" if value is None else f"{MONTHS[value[1] - 1]} {value[0]}"


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


def _ascii(text: str) -> str:
    """Lower-case letters only (García -> garcia, O'Brien -> obrien), for emails and file names."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def _file_stem(profile: Profile) -> str:
    return f"{_ascii(profile.first_name).title()}-{_ascii(profile.last_name).title()}"
