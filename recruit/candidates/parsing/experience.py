"""Work and education entries from their sections, and years of experience.

An entry is found by its dates: each line holding a period ("Jan 2020 - Present") anchors one
entry. The employer and the title stand on that line ("Engineer, Acme  2019-2021") or on the
short lines next to it ("Acme - Berlin" / "Engineer" / "2019-2021"). Whether those lines come
before or after the dates is read from the whole section, since a resume keeps one layout
throughout. Places ("Austin, TX", "Remote") are told apart and left out. The lines that follow
an entry's name, up to the next entry, are its summary."""

import re
from dataclasses import dataclass
from datetime import date

from recruit.candidates.parsing.dates import DateRange, PartialDate, find_date_ranges, fold
from recruit.candidates.parsing.lexicon import (
    COMPANY_WORDS,
    COUNTRIES,
    DEGREES,
    INSTITUTION_WORDS,
    US_STATES,
    company_score,
    title_score,
    words_of,
)
from recruit.candidates.parsing.sections import heading_kind

# (An em dash opens no item: an em-dashed "Memphis, TN" continues the line above.)
BULLET = re.compile(
    r"^\s*(?:[•●▪■◦○►▶➢➤✓✔✗*·\-\u2013~+>\uf0a7\uf0b7\uf0d8\uf076\uf0fc]|o\s|\(cid:\d+\))\s*"
)
# What stands between a title and an employer on one line.
_SEGMENT_SPLIT = re.compile(r"\s*(?:\s\|\s|\|| \u2014 | \u2013 | - |\t|\s{2,}| · | • |, )\s*")
# "Engineer at Acme", "Ingeniera en Indra": the employer's name starts with a capital
# ("Dise\u00f1ador en pr\u00e1cticas" is a title).
_AT = re.compile(r"(?:\s+(?:at|AT|At|chez|bei|en|for)\s+|\s*@\s*)(?=[A-Z\u00c0-\u00de0-9])")
_EMPTY_BRACKETS = re.compile(r"\(\s*[-\u2013,/|]*\s*\)|\[\s*\]")
_EDGE_PUNCTUATION = re.compile(r"^[\s,;:|/\u2013\u2014\-·•()\[\]]+|[\s,;:|/\u2013\u2014\-·•(\[]+$")
# fmt: off
REMOTE_WORDS = {"remote", "hybrid", "onsite", "on site", "teletravail", "remoto", "homeoffice",
                "home office", "fully remote", "télétravail"}
# fmt: on
CANADIAN_PROVINCES = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
# Column labels of a table of jobs ("Dates | Employer and role | Location"): not an entry.
# fmt: off
COLUMN_LABELS = {
    "date", "dates", "period", "periode", "zeitraum", "fecha", "fechas", "periodo", "location",
    "place", "lieu", "ort", "lugar", "employer", "company", "entreprise", "employeur",
    "arbeitgeber", "firma", "unternehmen", "empresa", "role", "position", "title", "poste",
    "fonction", "titre", "funktion", "stelle", "puesto", "cargo", "and", "et", "und", "y",
    "&", "/", "details", "description", "taches", "tatigkeit", "aufgaben", "tareas",
}
# fmt: on
# A piece with digits or a GPA is a grade or a date, not a school or a field.
_GRADE = re.compile(r"\d|\bgpa\b", re.I)
MAX_HEADER_LINES = 3
MAX_HEADER_CHARS = 90


@dataclass
class _Anchor:
    index: int
    dates: DateRange
    residual: str  # the anchor line without its dates


@dataclass
class _Entry:
    anchor: _Anchor
    header: list[str]  # the lines naming the entry, top to bottom, anchor residual included
    first: int  # index of the first line of the entry's header
    last: int  # index of the last one


def work_entries(lines: list[str], *, today: date) -> list[dict]:
    """JSON Resume work entries from an experience section's lines."""
    entries = _entries(lines, today=today)
    work = []
    for number, entry in enumerate(entries):
        following = entries[number + 1].first if number + 1 < len(entries) else len(lines)
        item = _work_item(entry)
        summary = _summary(lines[entry.last + 1 : following])
        if summary:
            item["summary"] = summary
        if item.get("name") or item.get("position"):
            work.append(item)
    return work


def education_entries(lines: list[str], *, today: date) -> list[dict]:
    """JSON Resume education entries: by dates when the section has them, else one per line
    naming a school or a degree."""
    entries = _entries(lines, today=today, single_dates=True)
    if entries:
        return [e for e in (_education_item(entry.header, entry.anchor.dates) for entry in entries)
                if e]  # fmt: skip
    # No dates: consecutive lines make one entry until a second school or degree shows up.
    groups: list[list[str]] = []
    has_school = has_degree = False
    for line in lines:
        school, degree = bool(_institution_in([line])), bool(_degree_in(line))
        if BULLET.match(line) or not (school or degree):
            continue
        if not groups or (school and has_school) or (degree and has_degree):
            groups.append([])
            has_school = has_degree = False
        groups[-1].append(line)
        has_school, has_degree = has_school or school, has_degree or degree
    return [item for item in (_education_item(group, None) for group in groups) if item]


def years_of_experience(work: list[dict], *, today: date) -> float | None:
    """Years worked, overlapping periods counted once; an entry with no end runs to today.
    None when no entry has a start date."""
    periods = sorted(p for p in (_period(item, today) for item in work) if p is not None)
    if not periods:
        return None
    days, current_start, current_end = 0, *periods[0]
    for start, end in periods[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            days += (current_end - current_start).days
            current_start, current_end = start, end
    days += (current_end - current_start).days
    return round(days / 365.25, 1)


def _period(item: dict, today: date) -> tuple[date, date] | None:
    """An entry's days. Months count whole ("Jan - Dec 2020" is twelve months); years are
    counted as people count them ("2019 - 2021" is two years, "2020 - 2020" half a year)."""
    start, end = _iso(item.get("startDate")), _iso(item.get("endDate"))
    if start is None:
        return None
    begin = date(start.year, start.month or 1, 1)
    if end is None:
        finish = today
    elif end.month:
        finish = _next_month(end)
    elif end.year == start.year or start.month:
        finish = date(end.year, 7, 1)
    else:
        finish = date(end.year, 1, 1)
    finish = min(finish, today)
    return (begin, finish) if finish > begin else None


def _iso(value: str | None) -> PartialDate | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-\d{2})?", value or "")
    return PartialDate(int(match[1]), int(match[2]) if match[2] else None) if match else None


def _next_month(point: PartialDate) -> date:
    month = point.month or 12
    return date(point.year + 1, 1, 1) if month == 12 else date(point.year, month + 1, 1)


def _entries(lines: list[str], *, today: date, single_dates: bool = False) -> list[_Entry]:
    anchors = _anchors(lines, today=today, single_dates=single_dates)
    if not anchors:
        return []
    below = _names_below_dates(lines, anchors)
    entries: list[_Entry] = []
    limit = 0
    for number, anchor in enumerate(anchors):
        next_anchor = anchors[number + 1].index if number + 1 < len(anchors) else len(lines)
        entry = _entry(lines, anchor, limit=limit, next_anchor=next_anchor, below=below)
        entries.append(entry)
        limit = entry.last + 1
    return entries


def _names_below_dates(lines: list[str], anchors: list[_Anchor]) -> bool:
    """Whether the resume puts an entry's name lines after its dates: true when more dates
    lines have a short line right after them than right before them (a resume keeps one
    layout; a line before is what the previous entry's description usually ends with)."""
    before = after = 0
    for anchor in anchors:
        before += anchor.index > 0 and _is_header_like(lines[anchor.index - 1])
        after += anchor.index + 1 < len(lines) and _is_header_like(lines[anchor.index + 1])
    return after > before


def _entry(lines: list[str], anchor: _Anchor, *, limit: int, next_anchor: int,
           below: bool) -> _Entry:  # fmt: skip
    """The entry's header lines: the anchor's own text, and the short lines next to it on the
    side of the dates the resume uses (the other side when that one has none), nearest first,
    for as long as a title or an employer is missing."""
    own = [anchor.residual] if anchor.residual else []
    above = _headers_above(lines, anchor.index, start=limit)
    after = _headers_below(lines, anchor.index, stop=next_anchor)
    if not above and not after and anchor.index - 1 > limit:
        # A description line between the dates and the name (a PDF's order): look past it.
        above = _headers_above(lines, anchor.index - 1, start=limit)
    use_below = (below and bool(after)) or not above
    taken: list[int] = []
    for index in after if use_below else above[::-1]:
        if not _wants(own + [lines[i] for i in taken], lines[index]):
            break
        taken.append(index)
    if not taken:
        return _Entry(anchor, own, anchor.index, anchor.index)
    if use_below:
        return _Entry(anchor, own + [lines[i] for i in taken], anchor.index, taken[-1])
    taken.reverse()
    return _Entry(anchor, [lines[i] for i in taken] + own, taken[0], anchor.index)


def _wants(header: list[str], line: str) -> bool:
    """Whether a neighbouring line belongs to the entry: yes while there are fewer than two
    pieces, and a job title when the pieces so far have none."""
    pieces = [p for text in header for p in _segments(text)]
    if len(pieces) < 2:
        return True
    return not any(title_score(p) for p in pieces) and title_score(line) > 0


def _anchors(lines: list[str], *, today: date, single_dates: bool) -> list[_Anchor]:
    anchors = []
    for index, line in enumerate(lines):
        if len(line) > 140 or (BULLET.match(line) and len(line) > 60):
            continue
        ranges = find_date_ranges(line, today=today)
        periods = [r for r in ranges if r.is_period]
        chosen = periods[0] if periods else None
        if chosen is None and ranges and (single_dates or ranges[0].start.month):
            residual_length = len(line) - (ranges[0].span[1] - ranges[0].span[0])
            chosen = ranges[0] if residual_length <= 80 else None
        if chosen is None:
            continue
        residual = _residual(line, chosen)
        if residual and not _is_header_like(residual, allow_long=True):
            continue
        anchors.append(_Anchor(index, chosen, residual))
    return anchors


def _residual(line: str, dates: DateRange) -> str:
    start, end = dates.span
    text = line[:start] + "  " + line[end:]
    text = BULLET.sub("", text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = re.sub(r"\(\s*\)|\s[|·•]\s*$|^\s*[|·•]\s", " ", text)
    return _EDGE_PUNCTUATION.sub("", text).strip()


def _headers_above(lines: list[str], position: int, *, start: int) -> list[int]:
    found: list[int] = []
    index = position - 1
    while index >= start and len(found) < MAX_HEADER_LINES and _is_header_like(lines[index]):
        found.insert(0, index)
        index -= 1
    return found


def _headers_below(lines: list[str], position: int, *, stop: int) -> list[int]:
    found: list[int] = []
    index = position + 1
    while index < stop and len(found) < MAX_HEADER_LINES and _is_header_like(lines[index]):
        found.append(index)
        index += 1
    return found


def _is_header_like(line: str, *, allow_long: bool = False) -> bool:
    text = line.strip()
    if not text or BULLET.match(line) or heading_kind(text):
        return False
    if len(text) > (120 if allow_long else MAX_HEADER_CHARS) or len(text.split()) > 14:
        return False
    if all(w in COLUMN_LABELS for w in words_of(text)):
        return False
    last_word = text.split()[-1].lower()
    return not (text.endswith(".") and last_word not in COMPANY_WORDS and len(text) > 30)


def _segments(text: str, *, split_at: bool = True) -> list[str]:
    """The pieces of a header line: "Engineer at Acme" and "Acme | Engineer | Berlin" part
    into their fields; places and work modes ("Austin, TX", "Germany", "Remote") are left
    out."""
    if not text:
        return []
    pieces = []
    for piece in _SEGMENT_SPLIT.split(text):
        pieces += _AT.split(piece, maxsplit=1) if split_at else [piece]
    cleaned = [_EDGE_PUNCTUATION.sub("", p).strip() for p in pieces]
    return _without_places([p for p in cleaned if p and any(c.isalpha() for c in p)])


def _without_places(pieces: list[str]) -> list[str]:
    """Pieces minus regions (a state, a country, "Remote") and the city just before one."""
    kept = []
    for number, piece in enumerate(pieces):
        following = pieces[number + 1] if number + 1 < len(pieces) else ""
        if _is_region(piece) or (_is_area(following) and _looks_like_city(piece)):
            continue
        kept.append(piece)
    return kept


def _is_region(text: str) -> bool:
    return fold(text).strip(" .") in REMOTE_WORDS or _is_area(text)


def _is_area(text: str) -> bool:
    """A country, or a state or province code: what follows a city."""
    if fold(text).strip(" .") in COUNTRIES:
        return True
    words = text.split()
    return bool(words) and len(words) <= 2 and words[-1] in US_STATES | CANADIAN_PROVINCES


def _looks_like_city(text: str) -> bool:
    words = text.split()
    return (1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not title_score(text) and not company_score(text))  # fmt: skip


def _work_item(entry: _Entry) -> dict:
    title, employer = _title_and_employer(entry.header)
    item: dict = {}
    if employer:
        item["name"] = employer
    if title:
        item["position"] = title
    item.update(_dates(entry.anchor.dates))
    return item


def _title_and_employer(header: list[str]) -> tuple[str | None, str | None]:
    """Which of the header's pieces is the job title and which the employer: "at"/"chez"/
    "bei" say it outright; otherwise the piece with the most title words is the title, and
    the first other piece the employer."""
    for line in header:
        at = _AT.split(line, maxsplit=1)
        if len(at) == 2 and title_score(at[0]) >= company_score(at[0]):
            title = _segments(at[0])
            employer = _segments(at[1])
            if title and employer:
                return title[-1], employer[0]
    # (text, whether it opens its line): an employer usually opens its line, a place ends it.
    pieces = [(text, n == 0) for line in header for n, text in enumerate(_segments(line))]
    if not pieces:
        return None, None
    if len(pieces) == 1:
        piece = pieces[0][0]
        return (piece, None) if title_score(piece) > company_score(piece) else (None, piece)
    title_at = max(range(len(pieces)),
                   key=lambda i: (_title_lead(pieces[i][0]), -i))  # fmt: skip
    others = [(i, piece) for i, piece in enumerate(pieces) if i != title_at]
    _, (employer, _) = max(others, key=lambda o: (company_score(o[1][0]) > 0, o[1][1], -o[0]))
    return pieces[title_at][0], employer


def _title_lead(piece: str) -> int:
    """How much more a piece reads as a job title than as an employer."""
    return title_score(piece) - company_score(piece)


def _dates(dates: DateRange) -> dict:
    out = {"startDate": dates.start.iso()}
    if dates.end is not None:
        out["endDate"] = dates.end.iso()
    elif not dates.current:
        out["endDate"] = dates.start.iso()  # a single date: the period lies within it
    return out


def _summary(lines: list[str]) -> str:
    kept = [BULLET.sub("", line).strip() for line in lines if line.strip()]
    return "\n".join(line for line in kept if line)


def _education_item(header: list[str], dates: DateRange | None) -> dict:
    pieces = [p for line in header for p in _segments(line, split_at=False)]
    item = _school_degree_and_field(pieces or [h for h in header if h])
    if item and dates is not None:
        # A single date under a school is when the degree was obtained.
        item.update(_dates(dates) if dates.is_period else {"endDate": dates.start.iso()})
    return item


def _school_degree_and_field(pieces: list[str]) -> dict:
    """Institution, degree and field from an entry's pieces: the school by its words
    (University, Hochschule, Escuela...), the degree by its patterns, and the pieces left over
    (not grades) fill in a missing school first, then the field: "BBA, Logistics, School"."""
    degree = next((p for p in pieces if _degree_in(p)), None)
    institution = _institution_in(pieces)
    item: dict = {}
    if degree:
        item["studyType"], area = _degree_and_area(degree)
        if area:
            item["area"] = area
    others = [p for p in pieces if p not in (degree, institution) and not _GRADE.search(p)]
    institution = institution or (others.pop(0) if others else None)
    if institution:
        item["institution"] = institution
    if others and "area" not in item:
        item["area"] = others[0]
    return item


def _institution_in(pieces: list[str]) -> str | None:
    schools = [p for p in pieces if _names_a_school(p)]
    return next((p for p in schools if not _degree_in(p)), schools[0] if schools else None)


def _names_a_school(text: str) -> bool:
    words = [part for word in words_of(text) for part in word.split("-")]
    return any(w in INSTITUTION_WORDS or w.endswith(("schule", "gymnasium")) for w in words)


def _degree_in(text: str) -> str | None:
    folded = fold(text)
    for pattern, name in DEGREES:
        if pattern.search(folded):
            return name
    return None


def _degree_and_area(text: str) -> tuple[str, str | None]:
    """("Master", "Computer Science") from "MSc in Computer Science"; the degree as written
    when it is an abbreviation people use as is (BSc, MBA, Licence, Grado)."""
    folded = fold(text)
    for pattern, name in DEGREES:
        match = pattern.search(folded)
        if match:
            written = text[match.start() : match.end()].strip()
            rest = (text[: match.start()] + " " + text[match.end() :]).strip()
            rest = re.sub(r"^\s*\((?:hons?|honours|honors)\.?\)\s*", "", rest, flags=re.I)
            rest = re.sub(r"^(?:of\s+\w+\s+)?(?:in|of|en|de|im|in der|der|del|of science in|"
                          r"of arts in)\s+", "", rest.strip(" ,-\u2013:()"),
                          flags=re.I)  # fmt: skip
            area = _EDGE_PUNCTUATION.sub("", rest).strip()
            if area and any(w in INSTITUTION_WORDS for w in words_of(area)):
                area = ""
            return written or name, area or None
    return text, None
