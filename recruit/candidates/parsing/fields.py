"""Resume text to a JSON Resume (https://jsonresume.org/schema) with a confidence per field.

The pieces live beside this module: `sections` (headings in four languages), `dates`,
`contact` (email, addresses, phone, name, location) and `experience` (work and education
entries, years of experience). This module puts them together, and finds skills, spoken
languages and certificates. Keys with no value are left out: no empty strings."""

import re
from collections import Counter
from datetime import date

from recruit.candidates.parsing.contact import (
    Found,
    find_email,
    find_location,
    find_name,
    find_phone,
    find_urls,
    personal_url,
    profiles_from,
)
from recruit.candidates.parsing.dates import find_date_ranges, fold
from recruit.candidates.parsing.experience import (
    BULLET,
    education_entries,
    work_entries,
    years_of_experience,
)
from recruit.candidates.parsing.lexicon import (
    LANGUAGE_NAMES,
    LANGUAGE_REGION,
    STOPWORDS,
    title_score,
)
from recruit.candidates.parsing.sections import Section, split_sections
from recruit.candidates.parsing.skills import SkillMatcher

__all__ = ["extract_fields", "years_of_experience"]

# Page footers ("Jane Doe - page 2", "Page 1 of 3", "Seite 2 von 3"): not content.
FOOTER = re.compile(r"^(?:.*\s[-\u2013\u2014|\u00b7]\s*)?(?:page|seite|p\u00e1gina|pagina)\s+\d+"
                    r"(?:\s*(?:of|von|de|sur|/)\s*\d+)?\s*$", re.I)  # fmt: skip
# Sections that belong to the header: contact details under their own heading.
HEADER_KINDS = {"contact", "personal"}
# When a heading comes first, the header is this many lines.
MIN_HEADER_LINES = 6
MAX_SUMMARY_CHARS = 2000
# Skills named in the skills section are surer than ones met in passing in the text.
SKILLS_SECTION_CONFIDENCE = 0.9
SKILLS_TEXT_CONFIDENCE = 0.6


def extract_fields(text: str, *, skills: SkillMatcher, region: str, today: date) -> dict:
    """The JSON Resume of a resume's text, plus `meta`: a confidence per field, years of
    experience, the kinds of sections found and the resume's language ("en", "fr", "de",
    "es"). `region` is the phone numbers' default country (ISO code)."""
    lines = [line for line in text.replace("\f", "\n").split("\n") if not FOOTER.match(line)]
    sections = split_sections(lines)
    language = detect_language(text)
    confidence: dict[str, float] = {}
    result: dict = {"basics": _basics(lines, sections, region, language, confidence)}

    work = _work(sections, today, confidence)
    education = _education(sections, today, confidence)
    found_skills, sources = _skills(text, sections, skills, confidence)
    spoken = _languages(sections)
    certificates = _certificates(sections, today)
    for key, value in (("work", work), ("education", education), ("skills", found_skills),
                       ("languages", spoken), ("certificates", certificates)):  # fmt: skip
        if value:
            result[key] = value
    if spoken:
        confidence["languages"] = 0.8
    if certificates:
        confidence["certificates"] = 0.7
    meta: dict = {
        "confidence": confidence,
        "yearsOfExperience": years_of_experience(work, today=today),
        "sections": list(dict.fromkeys(s.kind for s in sections if s.kind != "header")),
        "language": language,
    }
    if sources:
        meta["skillSources"] = sources
    result["meta"] = meta
    return result


def detect_language(text: str) -> str:
    """ "en", "fr", "de" or "es", by which language's small words the text uses most."""
    words = Counter(re.findall(r"[^\W\d_]+", fold(text)))
    scores = {code: sum(words[w] for w in stopwords) for code, stopwords in STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] > 0 else "en"


def _header_lines(lines: list[str], sections: list[Section]) -> list[str]:
    """The lines above the first heading (at least the first few), and any contact section."""
    first_heading = next((i for i, line in enumerate(lines) if _opens_section(line, sections)),
                         len(lines))  # fmt: skip
    opening = [line for line in lines[:first_heading] if line.strip()]
    header = lines[:first_heading] if len(opening) >= 2 else lines[:MIN_HEADER_LINES]
    for section in sections:
        if section.kind in HEADER_KINDS:
            header = header + section.lines
    return header


def _opens_section(line: str, sections: list[Section]) -> bool:
    stripped = line.strip()
    return bool(stripped) and any(s.heading == stripped and s.kind not in HEADER_KINDS
                                  for s in sections)  # fmt: skip


def _basics(lines: list[str], sections: list[Section], region: str, language: str,
            confidence: dict[str, float]) -> dict:  # fmt: skip
    header = _header_lines(lines, sections)
    header_text, text = "\n".join(header), "\n".join(lines)
    basics: dict = {}
    email = find_email(text, header=header_text)
    _put(basics, confidence, "email", email)
    # A number written without its country code belongs to the default region, or else to
    # the region of the resume's language (a German resume's "0151 ...").
    regions = list(dict.fromkeys([region.upper(), LANGUAGE_REGION.get(language, region.upper())]))
    _put(basics, confidence, "phone", find_phone(text, regions=regions, header=header_text))
    name = find_name(header, email=email.value if email else None)
    _put(basics, confidence, "name", name)
    label = _label(header, str(name.value)) if name else None
    url = personal_url(find_urls(header_text))
    _put(basics, confidence, "url", Found(url, 0.8) if url else None)
    location = find_location(header)
    _put(basics, confidence, "location", Found(location, 0.6) if location else None)
    profiles = profiles_from(find_urls(text), text)
    summary = _summary(sections)
    _put(basics, confidence, "summary", Found(summary, 0.8) if summary else None)
    if label:
        basics["label"] = label
    if profiles:
        basics["profiles"] = profiles
    return basics


def _summary(sections: list[Section]) -> str:
    """The summary or profile section as one paragraph (its wrapped lines joined)."""
    lines = [BULLET.sub("", line).strip() for s in sections if s.kind == "summary"
             for line in s.lines]  # fmt: skip
    text = re.sub(r"(?<=[^\W\d_])-\s(?=[a-z])", "", " ".join(line for line in lines if line))
    return text[:MAX_SUMMARY_CHARS].strip()


def _put(basics: dict, confidence: dict[str, float], key: str, found: Found | None) -> None:
    if found is not None:
        basics[key] = found.value
        confidence[f"basics.{key}"] = found.confidence


def _label(header: list[str], name: str) -> str | None:
    """The headline by the name ("Senior Data Engineer"), when it reads as a job title: after
    the name on its line, or the first piece of the next line."""
    stripped = [line.strip() for line in header if line.strip()]
    for number, line in enumerate(stripped):
        if name.lower() not in line.lower():
            continue
        rest = line[line.lower().index(name.lower()) + len(name) :]
        candidates = [*_HEADLINE_SPLIT.split(rest), *_HEADLINE_SPLIT.split(
            stripped[number + 1] if number + 1 < len(stripped) else "")[:1]]  # fmt: skip
        for candidate in (c.strip() for c in candidates):
            if title_score(candidate) and len(candidate) <= 80 and "@" not in candidate:
                return candidate
        return None
    return None


_HEADLINE_SPLIT = re.compile(r"\s*(?:[|,\u2013\u2014\u00b7\u22c5\t]|\s-\s|\s{2,})\s*")


def _work(sections: list[Section], today: date, confidence: dict[str, float]) -> list[dict]:
    experience = [_lines_of(s, sections) for s in sections if s.kind == "experience"]
    work = [item for lines in experience for item in work_entries(lines, today=today)]
    sure = 0.85
    if not experience:
        # No experience heading: dated entries anywhere outside the other known sections.
        loose = [s for s in sections if s.kind == "header"]
        work = [item for s in loose for item in work_entries(s.lines, today=today)]
        sure = 0.5
    if work:
        complete = sum(1 for item in work if item.get("name") and item.get("position"))
        confidence["work"] = round(sure * (0.5 + 0.5 * complete / len(work)), 2)
    return work


def _lines_of(section: Section, sections: list[Section]) -> list[str]:
    """A section's lines; for a heading followed at once by another heading, the next
    section's: two columns' headings side by side come out one after the other, and their
    contents after them both."""
    if section.lines:
        return section.lines
    following = sections.index(section) + 1
    return sections[following].lines if following < len(sections) else []


def _education(sections: list[Section], today: date, confidence: dict[str, float]) -> list[dict]:
    found = [item for s in sections if s.kind == "education"
             for item in education_entries(_lines_of(s, sections), today=today)]  # fmt: skip
    if found:
        confidence["education"] = 0.7
    return found


def _skills(text: str, sections: list[Section], matcher: SkillMatcher,
            confidence: dict[str, float]) -> tuple[list[dict], dict[str, str]]:  # fmt: skip
    """Skills named in the skills section first, then the ones met elsewhere in the text;
    `sources` says which was which ("section" or "text")."""
    section_text = "\n".join(line for s in sections if s.kind == "skills" for line in s.lines)
    in_section = matcher.find(section_text) if section_text else []
    elsewhere = [name for name in matcher.find(text) if name not in in_section]
    sources = dict.fromkeys(in_section, "section") | dict.fromkeys(elsewhere, "text")
    if in_section:
        confidence["skills"] = SKILLS_SECTION_CONFIDENCE
    elif elsewhere:
        confidence["skills"] = SKILLS_TEXT_CONFIDENCE
    return [{"name": name} for name in [*in_section, *elsewhere]], sources


_WORD = re.compile(r"[^\W\d_]+")
_LIST_SPLIT = re.compile(r"\s*(?:[,;|•·●▪/]|\s{2,}|\t)\s*")
_LEVEL_SPLIT = re.compile(r"\s*(?:[:()\[\]\u2013\u2014-]|\s-\s)\s*")


def _languages(sections: list[Section]) -> list[dict]:
    """Spoken languages with their fluency: "English (native)", "Deutsch: C1",
    "French - fluent", "Español, Inglés"."""
    found: dict[str, dict] = {}
    lines = [BULLET.sub("", line) for s in sections if s.kind == "languages" for line in s.lines]
    # A word broken at the end of a line ("Grundkennt-" / "nisse)") is joined again.
    text = re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", "\n".join(lines))
    for item in _LIST_SPLIT.split(text.replace("\n", ", ")):
        for language in _language_items(item):
            found.setdefault(language["language"], language)
    return list(found.values())


def _language_items(item: str) -> list[dict]:
    """The languages named in one list item, each with the words after it as its fluency."""
    words = [(m.start(), m.end(), LANGUAGE_NAMES[m.group()])
             for m in _WORD.finditer(fold(item)) if m.group() in LANGUAGE_NAMES]  # fmt: skip
    items = []
    for number, (_start, end, language) in enumerate(words):
        stop = words[number + 1][0] if number + 1 < len(words) else len(item)
        level = _LEVEL_SPLIT.sub(" ", item[end:stop]).strip(" .,;:")
        level = re.sub(r"^(?:and|et|und|y)\b\s*", "", level, flags=re.I)
        language_item = {"language": language}
        if level and len(level) <= 40:
            language_item["fluency"] = level
        items.append(language_item)
    return items


def _certificates(sections: list[Section], today: date) -> list[dict]:
    """One certificate per line of the certifications section: "Name - Issuer, 2021",
    "Name (Issuer, Mar 2020)"."""
    certificates = []
    for line in (line for s in sections if s.kind == "certifications" for line in s.lines):
        text = BULLET.sub("", line).strip()
        if not text or len(text) > 160:
            continue
        certificate: dict = {}
        dates = find_date_ranges(text, today=today)
        if dates:
            certificate["date"] = dates[0].start.iso()
            start, end = dates[0].span
            text = text[:start] + text[end:]
        pieces = [
            p.strip(" ,;:-\u2013\u2014|") for p in re.split(r"[()]|\s[-\u2013\u2014|]\s|, ", text)
        ]
        pieces = [p for p in pieces if p and any(c.isalpha() for c in p)]
        if not pieces:
            continue
        certificate["name"] = pieces[0]
        if len(pieces) > 1:
            certificate["issuer"] = pieces[1]
        certificates.append(certificate)
    return certificates
