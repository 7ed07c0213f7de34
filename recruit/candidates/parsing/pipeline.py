"""A document's bytes to its text and JSON Resume, inside the isolation runner's limits.

Text extraction and field extraction both run in the child: a pathological file can make
either one slow or hungry, and the limits must cover everything the file can drive."""

from dataclasses import dataclass, field
from datetime import date

from recruit.candidates.files import FileType
from recruit.candidates.parsing.fields import extract_fields
from recruit.candidates.parsing.isolation import IsolatedFailure, Limits, run_isolated
from recruit.candidates.parsing.skills import SkillMatcher
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
class ParseOutcome:
    status: str  # "parsed", "no_text" or "failed", as CandidateDocument.ParseStatus
    text: str = ""
    result: dict | None = None
    reason: str = ""
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def parse_bytes(
    data: bytes, file_type: FileType, *, skills: SkillMatcher, options: ParseSettings, today: date
) -> ParseOutcome:
    """Text and fields of one document; never raises for a bad file, the outcome says why."""

    def work() -> dict:
        extracted = extract_text(data, file_type, max_pages=options.max_pages)
        if len("".join(extracted.text.split())) < MIN_TEXT_CHARS:
            return {"text": extracted.text, "pages": extracted.pages, "result": None}
        result = extract_fields(extracted.text, skills=skills, region=options.region, today=today)
        return {"text": extracted.text, "pages": extracted.pages, "result": result}

    try:
        done = run_isolated(work, limits=options.limits)
    except IsolatedFailure as failure:
        return ParseOutcome(status="failed", reason=str(failure))
    if done["result"] is None:
        return ParseOutcome(
            status="no_text", text=done["text"], reason=NO_TEXT_REASON, pages=done["pages"]
        )
    notes = []
    if done["pages"] >= options.max_pages:
        notes.append(f"Only the first {options.max_pages} pages were read.")
    return ParseOutcome(
        status="parsed", text=done["text"], result=done["result"], pages=done["pages"], notes=notes
    )
