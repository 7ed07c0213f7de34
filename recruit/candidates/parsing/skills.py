"""The skills taxonomy and the matcher that finds its skills in resume text.

Each skill has a canonical name ("Kubernetes"), aliases ("k8s", "K8s") and a category. Names and
aliases are matched case-insensitively on token boundaries, so "Java" is not found in
"JavaScript" nor "React" in "Reactive", and the longest form wins ("Spring Boot" over "Spring",
"Google Cloud Platform" without "Google"). Spaces and hyphens inside a form are interchangeable
("scikit learn", "Objective C"), and accents are ignored ("Gestion" finds "Gestión").

Short or everyday words that are also skills carry a marker in the data, on an alias (an alias
equal to the name marks the name itself):
- "!Excel": case-sensitive. "Excel" is found, "excel at" is not.
- "~Go": case-sensitive, and only in a list-like context: between list separators (start or end
  of line, a column gap of a layout, commas, semicolons, slashes, pipes, bullets, brackets, "and",
  "or"), after "in", "with"
  or "using", or before "developer", "programming" and the like. So "Go, Python" and "written in
  Go." find Go; "Go-to-market" and "I like to go" do not.

An unmarked alias of two or three capitals ("VR", "QA", "ML") is taken as an acronym and is
matched in text only in capitals, so that "5 ml" or "févr." find nothing.

`canonical()` resolves names, unmarked aliases and acronyms case-insensitively, and marked
aliases only as written ("Word" is Microsoft Word, "word" is nothing).

Speed: forms are indexed by their first word, so matching walks the words of the text once and
looks each up in a dict; only the few forms that start with that word are compared. A ten-page
resume against the whole taxonomy takes a few milliseconds, and building the matcher some tens.
"""

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SHIPPED_CSV = Path(__file__).parent / "data" / "skills.csv"

CASE_SENSITIVE = "!"
LIST_ONLY = "~"

# Inside a name, spaces and hyphens between words are one separator ("scikit-learn" = "scikit
# learn"), and so is a hyphen that breaks a word at the end of a line.
# (The hyphen comes before the look-behind so that the regex scans fast for hyphens.)
_HYPHEN = r"[-\u2010\u2011](?<=\w.)(?:[^\S\n]*\n\s*)?(?=\w)"
_SEPARATOR = re.compile(_HYPHEN + r"|\s+")
_HYPHEN_JOIN = re.compile(_HYPHEN)
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"\w+")
# An unmarked alias in two or three capitals is an acronym, matched case-sensitively.
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,2}")
# Three spaces or a tab inside a line separate columns of a layout: a list boundary.
_COLUMN_GAP = re.compile(r"[ \t]{3,}|\t")
# Addresses would yield skills from "github.com/react" or "ada@python.org": a whitespace-delimited
# token holding one of these marks is blanked before matching.
_ADDRESS_MARK = re.compile(r"://|@|www\.|\.(?:com|org|net|io|dev|me|co|ai)/")
_WHITESPACE = re.compile(r"\s")
# A form must not touch a word character, nor a dot, @, # or + that glues it to a longer token
# ("ASP.NET" holds no ".NET" of its own; "C" is not in "C++"; "python.org" is no Python).
_GLUE_BEFORE = frozenset(".@#$%&+")
_GLUE_AFTER = frozenset("+#@&")

# List-like context for LIST_ONLY forms: what may stand before and after the match.
_LIST_BEFORE = re.compile(
    r"(?:[\n,;:|/(\[{•·●▪■◦*&+\u2013\u2014-]|\b(?:and|or|in|with|using|und|et|y|e))[ \t]*\Z",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(
    r"\A[ \t]*(?:[\n,;:|/)\]}.(•·●▪■◦&+]|[ \t][\u2013\u2014-]"
    r"|(?:and|or|und|et|y|developers?|development|programming|programmer|engineers?|code)\b)",
    re.IGNORECASE,
)
# How far around a match the list context is looked for.
_CONTEXT_CHARS = 16


@dataclass(frozen=True)
class SkillEntry:
    name: str
    aliases: tuple[str, ...] = ()
    category: str = ""


@dataclass
class _Marked:
    """A case-sensitive form: whose it is and whether it also needs a list-like context."""

    skill: str
    marker: str  # CASE_SENSITIVE or LIST_ONLY


@dataclass(frozen=True)
class _Form:
    """One way to write a skill, as the matcher compares it with the text."""

    text: str  # lowercased when any case matches, else the exact spelling
    lead: int  # characters before its first word (1 for ".NET")
    skill: str
    marker: str  # "", CASE_SENSITIVE or LIST_ONLY


class SkillMatcher:
    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # folded canonical name -> canonical name
        self._categories: dict[str, str] = {}  # canonical name -> category
        self._plain: dict[str, str] = {}  # folded unmarked alias -> canonical name
        self._marked: dict[str, _Marked] = {}  # exact spelling of a marked alias -> its owner
        self._marked_folds: dict[str, set[str]] = {}  # folded marked alias -> its owners
        self._acronyms: dict[str, str] = {}  # folded unmarked capitals alias -> canonical name
        self._index: dict[str, list[_Form]] = {}  # lowercased first word -> forms, longest first

    @classmethod
    def from_entries(cls, entries: Iterable[SkillEntry]) -> "SkillMatcher":
        """Entries with the same name (any case) merge: the first spelling and category stay,
        later aliases are added. An alias already taken (another skill's name, or an earlier
        alias of another skill) is ignored, so canonical names always win. Marked forms are
        told apart by case: "SOC" and "SoC" may belong to different skills, and so may a marked
        name ("!dbt") and another skill's marked alias ("!DBT")."""
        matcher = cls()
        entries = [e for e in entries if _key(e.name)]
        for entry in entries:
            matcher._add_name(entry)
        # Marks on names first, so that whether a name is matched in any case does not depend
        # on the order of the entries.
        for own_name in (True, False):
            for entry in entries:
                folded_name = _key(entry.name).lower()
                skill = matcher._names[folded_name]
                for alias in entry.aliases:
                    if _is_name_mark(alias, folded_name) == own_name:
                        matcher._add_alias(skill, alias)
        matcher._compile()
        return matcher

    def find(self, text: str) -> list[str]:
        """Canonical names of the skills in free text, each once, in order of first mention."""
        lines = _normalize(_blank_addresses(_strip_accents(text)))
        found: dict[str, None] = {}
        for _start, _end, skill in _without_overlaps(self._matches(lines)):
            found.setdefault(skill)
        return list(found)

    def canonical(self, name: str) -> str | None:
        """The canonical name for a name or alias ("k8s" -> "Kubernetes"), None when unknown.
        Names and unmarked aliases resolve in any case, marked aliases only as written."""
        key = _key(name)
        if key in self._marked:
            return self._marked[key].skill
        folded = key.lower()
        return self._names.get(folded) or self._plain.get(folded) or self._acronyms.get(folded)

    def category(self, name: str) -> str:
        """The category of a skill given by any of its names, "" when unknown."""
        skill = self.canonical(name)
        return self._categories.get(skill, "") if skill else ""

    def __len__(self) -> int:
        return len(self._categories)

    def _add_name(self, entry: SkillEntry) -> None:
        folded = _key(entry.name).lower()
        if folded in self._names:
            skill = self._names[folded]
            if not self._categories[skill] and entry.category:
                self._categories[skill] = entry.category.strip()
            return
        skill = " ".join(entry.name.split())
        self._names[folded] = skill
        self._categories[skill] = entry.category.strip()

    def _add_alias(self, skill: str, alias: str) -> None:
        marker, spelling = _split_marker(alias)
        if not marker and _ACRONYM.fullmatch(spelling):
            # "VR", "QA", "ML": in text only in capitals, so that "vr" or "5 ml" stay apart.
            marker = CASE_SENSITIVE
            self._acronyms.setdefault(spelling.lower(), skill)
        key = _key(spelling)
        folded = key.lower()
        name_owner = self._names.get(folded, skill)
        if not key or (name_owner != skill and not (marker and self._marks_name(name_owner))):
            return  # another skill's name: the name wins, unless both are marked
        if self._plain.get(folded, skill) != skill:
            return  # an earlier alias of another skill keeps it
        if not marker:
            if self._marked_folds.get(folded, {skill}) == {skill}:
                self._plain[folded] = skill
            return
        taken = self._marked.get(key)
        if taken is None:
            self._marked[key] = _Marked(skill, marker)
            self._marked_folds.setdefault(folded, set()).add(skill)
        elif taken.skill == skill and marker == LIST_ONLY:
            taken.marker = LIST_ONLY  # the strictest marker given wins

    def _marks_name(self, skill: str) -> bool:
        return skill in self._marked_folds.get(_key(skill).lower(), ())

    def _compile(self) -> None:
        # A name or alias that its own skill also marks is matched only in its marked forms.
        forms = [
            _form(folded, skill, "")
            for folded, skill in {**self._names, **self._plain}.items()
            if skill not in self._marked_folds.get(folded, ())
        ]
        forms += [_form(key, marked.skill, marked.marker) for key, marked in self._marked.items()]
        for form in forms:
            first_word = _WORD.search(form.text)
            if first_word is not None:
                self._index.setdefault(first_word.group().lower(), []).append(form)
        for candidates in self._index.values():
            # Longest first; on equal length a marked form before an unmarked one.
            candidates.sort(key=lambda f: (-len(f.text), not f.marker))

    def _matches(self, lines: str) -> Iterator[tuple[int, int, str]]:
        """At each word of the text, the longest form starting there that fits its context.
        A dict lookup per word finds the few forms that start with it."""
        spaced = lines.replace("\n", " ")
        lowered = _lower_keeping_length(spaced)
        forms_starting_with = self._index.get
        for word in _WORD.finditer(lowered):
            candidates = forms_starting_with(word[0])
            if candidates is None:
                continue
            word_start = word.start()
            for form in candidates:
                start = word_start - form.lead
                end = start + len(form.text)
                if (
                    (spaced if form.marker else lowered).startswith(form.text, start)
                    and start >= 0
                    and _stands_alone(spaced, start, end)
                    and (form.marker != LIST_ONLY or _in_list_context(lines, start, end))
                ):
                    yield start, end, form.skill
                    break


@functools.cache
def _shipped_entries() -> tuple[SkillEntry, ...]:
    with SHIPPED_CSV.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(
            SkillEntry(
                name=row["name"],
                aliases=tuple(a for a in row["aliases"].split("|") if a.strip()),
                category=row["category"],
            )
            for row in rows
        )


def shipped_taxonomy() -> list[SkillEntry]:
    """The skills shipped in data/skills.csv, read once per process."""
    return list(_shipped_entries())


@functools.cache
def shipped_matcher() -> SkillMatcher:
    """A matcher over the shipped taxonomy alone, built once per process."""
    return SkillMatcher.from_entries(_shipped_entries())


def _split_marker(alias: str) -> tuple[str, str]:
    alias = alias.strip()
    if alias[:1] in (CASE_SENSITIVE, LIST_ONLY):
        return alias[0], alias[1:]
    return "", alias


def _is_name_mark(alias: str, folded_name: str) -> bool:
    marker, spelling = _split_marker(alias)
    return bool(marker) and _key(spelling).lower() == folded_name


def _strip_accents(text: str) -> str:
    # NFKD also unfolds the ligatures PDFs are full of ("ﬁ" -> "fi").
    if text.isascii():
        return text
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


def _key(form: str) -> str:
    """A form with accents dropped and separators made single spaces; case is kept."""
    return _SEPARATOR.sub(" ", _strip_accents(form).strip())


def _form(key: str, skill: str, marker: str) -> _Form:
    text = key if marker else key.lower()
    first_word = _WORD.search(text)
    return _Form(text, first_word.start() if first_word else 0, skill, marker)


def _normalize(text: str) -> str:
    """Separators made single characters as in `_key`: a hyphen joining words becomes a space,
    the whitespace in a line one space, and lines are joined by one line break (list context
    needs them). Positions in this text are the matcher's."""
    if "-" in text or "\u2010" in text or "\u2011" in text:
        text = _HYPHEN_JOIN.sub(" ", text)
    text = _COLUMN_GAP.sub("\n", text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _blank_addresses(text: str) -> str:
    pieces = []
    kept_from = 0
    for mark in _ADDRESS_MARK.finditer(text):
        if mark.start() < kept_from:
            continue  # a second mark in a token already blanked
        start = max(text.rfind(" ", 0, mark.start()), text.rfind("\n", 0, mark.start())) + 1
        start = max(start, kept_from)
        after = _WHITESPACE.search(text, mark.end())
        end = after.start() if after else len(text)
        pieces += [text[kept_from:start], " "]
        kept_from = end
    return "".join([*pieces, text[kept_from:]])


def _lower_keeping_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lowercase to two ("İ"); those stay as they are, so positions hold.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _stands_alone(text: str, start: int, end: int) -> bool:
    if start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in _GLUE_BEFORE):
        return False
    if end < len(text):
        after = text[end]
        if _is_word_char(after) or after in _GLUE_AFTER:
            return False
        if after == "." and end + 1 < len(text) and _is_word_char(text[end + 1]):
            return False
    return True


def _in_list_context(text: str, start: int, end: int) -> bool:
    # The text's start and end count as line breaks; a slice's own ends do not.
    before = ("\n" if start <= _CONTEXT_CHARS else "") + text[
        max(0, start - _CONTEXT_CHARS) : start
    ]
    after = text[end : end + _CONTEXT_CHARS] + ("\n" if end + _CONTEXT_CHARS >= len(text) else "")
    return bool(_LIST_BEFORE.search(before)) and bool(_LIST_AFTER.match(after))


def _without_overlaps(matches: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Leftmost first, then longest; a match overlapping one already taken is dropped."""
    end_taken = 0
    for start, end, skill in sorted(matches, key=lambda m: (m[0], m[0] - m[1])):
        if start >= end_taken:
            end_taken = end
            yield start, end, skill
