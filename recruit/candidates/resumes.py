"""Parsed resumes: parsing a stored document, filling the person from the result, the
differences a recruiter may accept with one click, and JSON Resume export and import.

Parsing never overwrites what a person typed: parsed values fill empty fields only, and
where the record already says something else the difference is offered, not applied."""

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from recruit.candidates.files import DOCUMENT_TYPES
from recruit.candidates.models import Candidate, CandidateDocument, Skill, Source
from recruit.candidates.normalize import normalize_email, normalize_phone
from recruit.candidates.parsing.isolation import Limits
from recruit.candidates.parsing.pipeline import ParseOutcome, ParseSettings, Taxonomy, parse_bytes
from recruit.candidates.parsing.skills import SkillEntry, SkillMatcher, shipped_taxonomy
from recruit.candidates.services import (
    activity_record,
    candidate_fill_blanks,
    candidate_find_or_create,
    candidate_match,
    document_add,
    source_get_or_create,
)

# Which candidate fields a parse may fill, in the order the candidate page shows them.
PARSED_FIELDS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "location": "Location",
    "current_title": "Current title",
    "current_company": "Current company",
    "linkedin_url": "LinkedIn",
    "github_url": "GitHub",
    "portfolio_url": "Website",
    "summary": "Summary",
}
_TAXONOMY_VERSION_KEY = "skills-taxonomy-version"
_taxonomies: dict[str, Taxonomy] = {}
_matchers: dict[str, SkillMatcher] = {}


# --- The skills taxonomy: the shipped file plus what admins added -------------------------


def skill_taxonomy() -> Taxonomy:
    """The skills admins added to the shipped taxonomy, with a version that changes whenever
    they change (see skills_changed), so matchers are rebuilt only then."""
    version = cache.get_or_set(_TAXONOMY_VERSION_KEY, lambda: timezone.now().isoformat())
    if version not in _taxonomies:
        added = tuple(
            SkillEntry(name=s.name, aliases=tuple(s.aliases or ())) for s in Skill.objects.all()
        )
        _taxonomies.clear()
        _taxonomies[version] = Taxonomy(version=version, added=added)
    return _taxonomies[version]


def skill_matcher() -> SkillMatcher:
    """The whole taxonomy's matcher, built once per process and taxonomy version."""
    taxonomy = skill_taxonomy()
    if taxonomy.version not in _matchers:
        _matchers.clear()
        _matchers[taxonomy.version] = SkillMatcher.from_entries(
            [*shipped_taxonomy(), *taxonomy.added]
        )
    return _matchers[taxonomy.version]


def skills_changed(instance: Skill, **kwargs) -> None:
    """Receiver for Skill saves and deletes: every process rebuilds its matcher, unless the
    row only records a skill the taxonomy already knows (as parsing creates them)."""
    already_known = (
        not instance.aliases and skill_matcher().canonical(instance.name) == instance.name
    )
    if kwargs.get("created") and already_known:
        return
    cache.set(_TAXONOMY_VERSION_KEY, timezone.now().isoformat(), timeout=None)


# --- Parsing a stored document ------------------------------------------------------------


def parse_settings() -> ParseSettings:
    return ParseSettings(
        max_pages=settings.PARSE_MAX_PAGES,
        region=settings.PHONE_DEFAULT_REGION,
        limits=Limits(
            memory_mb=settings.PARSE_MEMORY_MB,
            cpu_seconds=settings.PARSE_CPU_SECONDS,
            wall_seconds=settings.PARSE_TIMEOUT_SECONDS,
        ),
    )


def document_parse(*, document_id: int, actor=None) -> CandidateDocument | None:
    """Parse a stored document and fill its candidate's blanks from it. Safe to run again
    (a re-parse after the taxonomy changed); None when the document is gone.

    Reading the file may raise OSError (storage down): the task retries that. A bad file is
    not an error: it ends as "failed" or "no_text" with a reason people can read."""
    document = CandidateDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        with document.file.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return document_parse_failed(document_id=document_id, reason="The stored file is missing.")
    outcome = _parse(data, document)
    return _record(document_id, outcome, actor)


def document_parse_failed(*, document_id: int, reason: str) -> CandidateDocument | None:
    """Record that a document could not be parsed (e.g. its storage stayed unreachable)."""
    return _record(document_id, ParseOutcome(status="failed", reason=reason[:300]), None)


def _parse(data: bytes, document: CandidateDocument) -> ParseOutcome:
    imported = json_resume_read(data) if document.extension in (".txt", ".json") else None
    if imported is not None:
        return ParseOutcome(status="parsed", text=json_resume_text(imported), result=imported)
    file_type = next((t for t in DOCUMENT_TYPES if t.content_type == document.content_type), None)
    if file_type is None:
        return ParseOutcome(status="failed", reason=f"Unknown type {document.content_type}.")
    return parse_bytes(
        data,
        file_type,
        taxonomy=skill_taxonomy(),
        options=parse_settings(),
        today=timezone.localdate(),
    )


@transaction.atomic
def _record(document_id: int, outcome: ParseOutcome, actor) -> CandidateDocument | None:
    document = (
        CandidateDocument.objects.select_for_update()
        .select_related("candidate")
        .filter(pk=document_id)
        .first()
    )
    if document is None:  # deleted while we parsed
        return None
    document.text = outcome.text
    document.parse_status = outcome.status
    document.parse_error = (" ".join([outcome.reason, *outcome.notes]))[:500]
    document.parsed = outcome.result
    document.parsed_at = timezone.now()
    document.save(update_fields=["text", "parse_status", "parse_error", "parsed", "parsed_at"])
    details: dict[str, Any] = {"name": document.original_name, "status": outcome.status}
    if outcome.reason:
        details["reason"] = outcome.reason
    if outcome.status == CandidateDocument.ParseStatus.PARSED and _is_newest_resume(document):
        details |= _fill_candidate(document.candidate, outcome.result or {}, actor)
    activity_record(
        candidate=document.candidate,
        verb="document.parsed",
        actor=actor,
        subject=document,
        details=details,
    )
    return document


def _is_newest_resume(document: CandidateDocument) -> bool:
    """Only the newest resume describes the person now; an old one still gets its text."""
    if document.kind != CandidateDocument.Kind.RESUME:
        return False
    newest = (
        CandidateDocument.objects.filter(
            candidate_id=document.candidate_id, kind=CandidateDocument.Kind.RESUME
        )
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return newest == document.pk


def _fill_candidate(candidate: Candidate, result: dict, actor) -> dict[str, Any]:
    profile = resume_profile(result)
    email, phone = profile.pop("email", ""), profile.pop("phone", "")
    # An email or phone that identifies someone else (a resume uploaded to the wrong person,
    # or a person entered twice) is not copied over: it is reported as a likely duplicate.
    others = {_owner(email=email), _owner(phone=phone)} - {None, candidate.pk}
    if _owner(email=email) in others:
        email = ""
    if _owner(phone=phone) in others:
        phone = ""
    filled = candidate_fill_blanks(
        candidate=candidate, email=email, phone=phone, actor=actor, **profile
    )
    years = (result.get("meta") or {}).get("yearsOfExperience")
    if years is not None:
        # Derived from the work history, never typed: the newest resume decides it.
        candidate.years_experience = round(float(years), 1)
        filled.append("years_experience")
    candidate.save()
    added = _add_skills(candidate, result)
    details: dict[str, Any] = {"filled": filled, "skills_added": added}
    if others:
        details["possible_duplicates"] = sorted(others)
    return details


def _owner(*, email: str = "", phone: str = "") -> int | None:
    if not (email or phone):
        return None
    match = candidate_match(email=email, phone=phone)
    return match.pk if match else None


def _add_skills(candidate: Candidate, result: dict) -> list[str]:
    """Link the skills the resume lists that the taxonomy knows. When the resume has a skills
    section, only its skills are linked: one named in passing ("worked beside the Java team")
    stays in the resume's text, where search still finds it. An imported JSON Resume may name
    anything; only known skills are linked, so the taxonomy stays a taxonomy."""
    matcher = skill_matcher()
    sources = (result.get("meta") or {}).get("skillSources") or {}
    listed = "section" in sources.values()
    names = set()
    for skill in result.get("skills") or []:
        if isinstance(skill, dict) and not (listed and sources.get(skill.get("name")) == "text"):
            for name in [skill.get("name"), *(skill.get("keywords") or [])]:
                known = matcher.canonical(name) if isinstance(name, str) else None
                names.update([known] if known else [])
    if not names:
        return []
    have = set(candidate.skills.values_list("name", flat=True))
    new = sorted(names - have)
    skills = [Skill.objects.get_or_create(name__iexact=n, defaults={"name": n})[0] for n in new]
    candidate.skills.add(*skills)
    return new


# --- From a JSON Resume to candidate fields ------------------------------------------------


def resume_profile(result: dict) -> dict[str, str]:
    """The candidate fields a JSON Resume gives, cleaned to what the fields accept; a value
    that does not validate (a broken email, an impossible phone) is left out."""
    basics = result.get("basics") or {}
    profile: dict[str, str] = {}
    first, last = _split_name(_text(basics.get("name")))
    profile |= {"first_name": first[:100], "last_name": last[:100]}
    profile["email"] = _valid(normalize_email, _text(basics.get("email")))
    profile["phone"] = _valid(normalize_phone, _text(basics.get("phone")))
    profile["location"] = _location_text(basics.get("location"))[:200]
    current = _current_job(result.get("work") or [])
    profile["current_title"] = _text(current.get("position"))[:200]
    profile["current_company"] = _text(current.get("name"))[:200]
    profile |= _profile_urls(basics)
    profile["summary"] = _text(basics.get("summary"))
    return {name: value for name, value in profile.items() if value}


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _valid(normalise, value: str) -> str:
    try:
        return normalise(value) if value else ""
    except ValidationError:
        return ""


def _split_name(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name, ""
    return " ".join(words[:-1]), words[-1]


def _location_text(location: Any) -> str:
    if not isinstance(location, dict):
        return _text(location)
    parts = [_text(location.get(key)) for key in ("city", "region", "countryCode")]
    return ", ".join(part for part in parts if part) or _text(location.get("address"))


def _current_job(work: list) -> dict:
    """The job still held (no end date), else the one that started last."""
    jobs = [job for job in work if isinstance(job, dict)]
    ongoing = [job for job in jobs if not job.get("endDate")]
    candidates = ongoing or jobs
    return max(candidates, key=lambda job: str(job.get("startDate") or ""), default={})


def _profile_urls(basics: dict) -> dict[str, str]:
    urls = {}
    for profile in basics.get("profiles") or []:
        if not isinstance(profile, dict):
            continue
        network, url = _text(profile.get("network")).lower(), _url(profile.get("url"))
        if network == "linkedin" and url:
            urls.setdefault("linkedin_url", url)
        elif network == "github" and url:
            urls.setdefault("github_url", url)
    if website := _url(basics.get("url")):
        urls["portfolio_url"] = website
    return urls


def _url(value: Any) -> str:
    url = _text(value)
    if url and not url.lower().startswith(("http://", "https://")):
        url = f"https://{url}"
    return url if len(url) <= 500 and " " not in url else ""


# --- Differences offered for one-click acceptance ------------------------------------------


@dataclass(frozen=True)
class ResumeDifference:
    field: str
    label: str
    current: str
    parsed: str


def resume_differences(
    *, candidate: Candidate, document: CandidateDocument
) -> list[ResumeDifference]:
    """Fields where the parsed resume says something other than the record (which keeps its
    value until a person accepts the parsed one)."""
    if document.parse_status != CandidateDocument.ParseStatus.PARSED or not document.parsed:
        return []
    profile = resume_profile(document.parsed)
    differences = []
    for name, label in PARSED_FIELDS.items():
        current, parsed = str(getattr(candidate, name) or ""), profile.get(name, "")
        if current and parsed and current.casefold() != parsed.casefold():
            differences.append(ResumeDifference(name, label, current, parsed))
    return differences


@transaction.atomic
def candidate_accept_parsed(
    *, candidate: Candidate, document: CandidateDocument, field: str, actor
) -> Candidate:
    """Take the parsed resume's value for one field, replacing what the record had."""
    difference = next(
        (d for d in resume_differences(candidate=candidate, document=document) if d.field == field),
        None,
    )
    if difference is None:
        raise ValidationError("That field no longer differs from the resume.")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    setattr(candidate, field, difference.parsed)
    candidate.save()
    activity_record(
        candidate=candidate,
        verb="candidate.updated",
        actor=actor,
        subject=document,
        details={
            "fields": [field],
            "from_resume": document.original_name,
            "was": difference.current,
        },
    )
    return candidate


# --- JSON Resume export and import ----------------------------------------------------------

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_SECTIONS = ("work", "education", "languages", "certificates", "projects", "awards", "volunteer")


def candidate_json_resume(*, candidate: Candidate) -> dict:
    """The person as a JSON Resume: the record's own fields, the skills, and the sections of
    the newest parsed resume."""
    newest = (
        CandidateDocument.objects.filter(
            candidate=candidate,
            kind=CandidateDocument.Kind.RESUME,
            parse_status=CandidateDocument.ParseStatus.PARSED,
        )
        .order_by("-created_at", "-id")
        .only("parsed")
        .first()
    )
    parsed = (newest.parsed if newest else None) or {}
    resume: dict[str, Any] = {"$schema": JSON_RESUME_SCHEMA, "basics": _basics(candidate)}
    for section in _SECTIONS:
        if parsed.get(section):
            resume[section] = parsed[section]
    resume["skills"] = [{"name": skill.name} for skill in candidate.skills.all()]
    resume["meta"] = {"canonical": JSON_RESUME_SCHEMA, "version": "v1.0.0",
                      "lastModified": candidate.updated_at.isoformat()}  # fmt: skip
    return resume


def _basics(candidate: Candidate) -> dict[str, Any]:
    profiles = [
        {"network": network, "url": url}
        for network, url in (("LinkedIn", candidate.linkedin_url), ("GitHub", candidate.github_url))
        if url
    ]
    basics = {
        "name": f"{candidate.first_name} {candidate.last_name}".strip(),
        "label": candidate.current_title,
        "email": candidate.email,
        "phone": candidate.phone,
        "url": candidate.portfolio_url,
        "summary": candidate.summary,
        "location": {"address": candidate.location} if candidate.location else {},
        "profiles": profiles,
    }
    return {key: value for key, value in basics.items() if value}


MAX_JSON_RESUME_BYTES = 1024 * 1024


def json_resume_read(data: bytes) -> dict | None:
    """The JSON Resume in `data`, or None when it is not one (then it is read as text)."""
    if len(data) > MAX_JSON_RESUME_BYTES or not data.lstrip().startswith(b"{"):
        return None
    try:
        resume = json.loads(data)
    except (ValueError, RecursionError):
        return None
    basics = resume.get("basics") if isinstance(resume, dict) else None
    if not isinstance(basics, dict) or not (basics.get("name") or basics.get("email")):
        return None
    return resume


def json_resume_text(resume: dict) -> str:
    """Searchable text of a JSON Resume: its string values, one a line."""
    lines: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and value.strip():
            lines.append(value.strip())
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("$schema", "meta"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(resume)
    return "\n".join(lines)


def candidate_import_json_resume(*, upload: File, actor) -> tuple[Candidate, bool]:
    """A JSON Resume file as a person: found by email or phone like every other way in (so
    importing twice makes no duplicate), filled from the file, which is kept as their resume.
    Returns (candidate, created); ValidationError when the file is not a JSON Resume."""
    upload.seek(0)
    resume = json_resume_read(upload.read(MAX_JSON_RESUME_BYTES + 1))
    upload.seek(0)
    if resume is None:
        raise ValidationError(
            "This is not a JSON Resume file: it must be a JSON object of at most 1 MB with a "
            '"basics" section giving at least a name or an email.'
        )
    profile = resume_profile(resume)
    email, phone = profile.pop("email", ""), profile.pop("phone", "")
    if not (email or phone or profile.get("first_name")):
        raise ValidationError("The JSON Resume gives no valid name, email or phone number.")
    source = source_get_or_create(kind=Source.Kind.IMPORT, name="JSON Resume")
    with transaction.atomic():
        candidate, created = candidate_find_or_create(
            email=email, phone=phone, source=source, owner=actor, actor=actor, **profile
        )
        document, _ = document_add(candidate=candidate, upload=upload, actor=actor, parse=False)
        outcome = ParseOutcome(status="parsed", text=json_resume_text(resume), result=resume)
        _record(document.pk, outcome, actor)
    return candidate, created


def document_reparse(*, document: CandidateDocument, actor) -> None:
    """Parse the document again in the background (after the taxonomy grew, or a fix)."""
    from recruit.candidates.tasks import parse_document

    CandidateDocument.objects.filter(pk=document.pk).update(
        parse_status=CandidateDocument.ParseStatus.PENDING, parse_error=""
    )
    transaction.on_commit(lambda: parse_document.delay(document.pk))


@dataclass(frozen=True)
class ResumeOverview:
    """What the candidate page shows of the newest parsed resume."""

    document: CandidateDocument
    differences: list[ResumeDifference]
    work: list[dict]
    education: list[dict]
    languages: list[dict]
    certificates: list[dict]
    low_confidence: list[str]  # labels of fields the parser was unsure of
    blind: bool = False  # blind review: no contact details, school names or graduation years


LOW_CONFIDENCE = 0.6


def resume_overview(*, candidate: Candidate, blind: bool = False) -> ResumeOverview | None:
    """The newest parsed resume for the candidate page, or for a reviewer under blind review
    (then without the differences, which show contact details, and without school names and
    graduation years)."""
    newest = (
        CandidateDocument.objects.filter(
            candidate=candidate,
            kind=CandidateDocument.Kind.RESUME,
            parse_status=CandidateDocument.ParseStatus.PARSED,
        )
        .order_by("-created_at", "-id")
        .defer("text")
        .first()
    )
    if newest is None or not isinstance(newest.parsed, dict):
        return None
    parsed = newest.parsed
    confidence = (parsed.get("meta") or {}).get("confidence") or {}
    unsure = [
        key.removeprefix("basics.") for key, value in confidence.items()
        if isinstance(value, int | float) and value < LOW_CONFIDENCE
    ]  # fmt: skip

    def entries(section: str) -> list[dict]:
        return [entry for entry in parsed.get(section) or [] if isinstance(entry, dict)]

    if blind:
        education = [
            {key: entry[key] for key in ("studyType", "area") if entry.get(key)}
            for entry in entries("education")
        ]
        return ResumeOverview(
            document=newest,
            differences=[],
            work=entries("work"),
            education=[entry for entry in education if entry],
            languages=entries("languages"),
            certificates=[{"name": c["name"]} for c in entries("certificates") if c.get("name")],
            low_confidence=[],
            blind=True,
        )
    return ResumeOverview(
        document=newest,
        differences=resume_differences(candidate=candidate, document=newest),
        work=entries("work"),
        education=entries("education"),
        languages=entries("languages"),
        certificates=entries("certificates"),
        low_confidence=sorted(unsure),
    )
