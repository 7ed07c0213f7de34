"""A document's bytes to its text and JSON Resume, inside the sandbox's limits.

Text extraction and field extraction both run in the sandbox: a pathological file can make
either one slow or hungry, and the limits must cover everything the file can drive."""

import functools
from dataclasses import dataclass, field
from datetime import date

from recruit.candidates.files import DOCUMENT_TYPES, FileType
from recruit.candidates.parsing.fields import extract_fields
from recruit.candidates.parsing.isolation import IsolatedFailure, Limits, run_in_sandbox
from recruit.candidates.parsing.skills import SkillEntry, SkillMatcher, shipped_taxonomy
from recruit.candidates.parsing.text import extract_text

# Fewer visible characters than this is a page of images: a scan with no text layer.
MIN_TEXT_CHARS = 40
NO_TEXT_REASON = "No text: needs OCR (the file has no text layer, e.g. a scan)."


@dataclass(frozen=True)
class ParseSettings:
    max_pages: int
    region: str
    limits: Limits


@dataclass(frozen=True)
class Taxonomy:
    """The skills admins added to the shipped ones; `version` changes whenever they change."""

    version: str = "shipped"
    added: tuple[SkillEntry, ...] = ()


@dataclass(frozen=True)
class ParseOutcome:
    status: str  # "parsed", "no_text" or "failed", as CandidateDocument.ParseStatus
    text: str = ""
    result: dict | None = None
    reason: str = ""
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def parse_bytes(
    data: bytes,
    file_type: FileType,
    *,
    options: ParseSettings,
    today: date,
    taxonomy: Taxonomy = Taxonomy(),  # frozen, so one shared default is safe
) -> ParseOutcome:
    """Text and fields of one document; never raises for a bad file, the outcome says why."""
    header = {
        "type": file_type.content_type,
        "max_pages": options.max_pages,
        "region": options.region,
        "today": today.isoformat(),
        "taxonomy": taxonomy.version,
        "added": [[entry.name, list(entry.aliases)] for entry in taxonomy.added],
    }
    try:
        done = run_in_sandbox(header, data, limits=options.limits)
    except IsolatedFailure as failure:
        return ParseOutcome(status="failed", reason=str(failure))
    if done["result"] is None:
        return ParseOutcome(status="no_text", text=done["text"], reason=NO_TEXT_REASON,
                            pages=done["pages"])  # fmt: skip
    notes = []
    if done["pages"] >= options.max_pages:
        notes.append(f"Only the first {options.max_pages} pages were read.")
    return ParseOutcome(status="parsed", text=done["text"], result=done["result"],
                        pages=done["pages"], notes=notes)  # fmt: skip


# --- In the sandbox ------------------------------------------------------------------------


def sandbox_work(header: dict, data: bytes) -> dict:
    """What the sandbox does with one document (see parse_bytes for the header)."""
    file_type = next(t for t in DOCUMENT_TYPES if t.content_type == header["type"])
    extracted = extract_text(data, file_type, max_pages=header["max_pages"])
    if len("".join(extracted.text.split())) < MIN_TEXT_CHARS:
        return {"text": extracted.text, "pages": extracted.pages, "result": None}
    added = tuple(SkillEntry(name, tuple(aliases)) for name, aliases in header["added"])
    result = extract_fields(
        extracted.text,
        skills=_matcher(header["taxonomy"], added),
        region=header["region"],
        today=date.fromisoformat(header["today"]),
    )
    return {"text": extracted.text, "pages": extracted.pages, "result": result}


@functools.lru_cache(maxsize=1)
def _matcher(version: str, added: tuple[SkillEntry, ...]) -> SkillMatcher:
    return SkillMatcher.from_entries([*shipped_taxonomy(), *added])


def sandbox_warm_up() -> None:
    """Build the shipped matcher before the first document arrives."""
    _matcher(Taxonomy().version, ())
