"""The demo's one-page PDF resumes, generated with fpdf2 so that parsing has real files."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from fpdf import FPDF

from recruit.demo_data import (
    MONTHS,
)

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


def plain_ascii(text: str) -> str:
    """Lower-case letters only (García -> garcia, O'Brien -> obrien), for emails and file names."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())
