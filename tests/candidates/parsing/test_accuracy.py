"""Field extraction accuracy over the fixture corpus (tests/fixtures/resumes/).

Every document whose ground truth says `"expect": "parsed"` goes through the real path (text
extraction, then field extraction with the shipped taxonomy), and the results are scored per
field over the whole corpus. The gate: email and phone and name precision and recall at least
0.98, 0.95 and 0.90; skills and work entries (employer + title) F1 at least 0.80 and 0.75.
On failure the message holds the table and the documents that cost the most, with what was
expected and what came out, so that whoever improves the parser knows where to look."""

import difflib
import io
import json
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from recruit.candidates.files import sniff_document_type
from recruit.candidates.parsing.fields import extract_fields
from recruit.candidates.parsing.skills import SkillMatcher, shipped_taxonomy
from recruit.candidates.parsing.text import ExtractionError, extract_text

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "resumes"
MAX_PAGES = 10
# A corpus this small would make the percentages meaningless.
MIN_DOCUMENTS = 20
# (precision and recall) for single values, F1 for lists.
SINGLE_GATES = {"email": 0.98, "phone": 0.95, "name": 0.90}
F1_GATES = {"skills": 0.80, "work": 0.75}
# Employer or title strings this similar are the same (difflib ratio).
SIMILAR = 0.85
WORST_SHOWN = 6


@dataclass
class Tally:
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Tally") -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected


@dataclass
class DocumentScore:
    name: str
    tallies: dict[str, Tally]
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        gated = (t for key, t in self.tallies.items() if key in (*SINGLE_GATES, *F1_GATES))
        return sum(t.predicted + t.expected - 2 * t.true_positives for t in gated)


def _documents() -> list[tuple[Path, dict]]:
    found = []
    for truth_path in sorted(CORPUS.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth.get("expect") != "parsed":
            continue
        documents = [p for p in CORPUS.glob(truth_path.stem + ".*") if p.suffix != ".json"]
        assert len(documents) == 1, f"{truth_path.name}: expected one document, found {documents}"
        found.append((documents[0], truth))
    return found


def _normal_text(value: str) -> str:
    return " ".join(value.split()).casefold()


def _normal_phrase(value: str) -> str:
    table = str.maketrans(
        string.punctuation + "\u2013\u2014\u00b7", " " * (len(string.punctuation) + 3)
    )
    return " ".join(value.casefold().translate(table).split())


def _alike(one: str, other: str) -> bool:
    one, other = _normal_phrase(one), _normal_phrase(other)
    if not one or not other:
        return False
    return (
        one in other or other in one or difflib.SequenceMatcher(None, one, other).ratio() >= SIMILAR
    )


def _single(expected: str | None, predicted: str | None, normal) -> Tally:
    hit = bool(expected and predicted and normal(expected) == normal(predicted))
    return Tally(int(hit), int(bool(predicted)), int(bool(expected)))


def _skills(expected: list[str], predicted: list[str], matcher: SkillMatcher) -> Tally:
    truth = {matcher.canonical(name) or name for name in expected}
    found = set(predicted)
    return Tally(len(truth & found), len(found), len(truth))


def _work(expected: list[dict], predicted: list[dict]) -> Tally:
    """Pairs (employer, title) matched one to one, each side approximately."""
    unmatched = list(predicted)
    hits = 0
    for truth in expected:
        for candidate in unmatched:
            if _alike(truth.get("name", ""), candidate.get("name", "")) and _alike(
                truth.get("position", ""), candidate.get("position", "")
            ):
                unmatched.remove(candidate)
                hits += 1
                break
    return Tally(hits, len(predicted), len(expected))


def _all_skills(result: dict) -> list[str]:
    return [skill["name"] for skill in result.get("skills", [])]


def _claimed_skills(result: dict) -> list[str]:
    """The skills the parser vouches for: those of the skills section when it found one
    (the ground truth lists what the skills section prints), else all. Skills met only in
    passing elsewhere stay in the result, marked "text" in meta.skillSources, and are not
    scored: a correct "Celery" from a bullet is in no ground truth."""
    names = _all_skills(result)
    sources = result.get("meta", {}).get("skillSources", {})
    from_section = [name for name in names if sources.get(name) == "section"]
    return from_section or names


def _score(path: Path, truth: dict, matcher: SkillMatcher) -> DocumentScore:
    data = path.read_bytes()
    file_type = sniff_document_type(io.BytesIO(data))
    try:
        text = extract_text(data, file_type, max_pages=MAX_PAGES).text if file_type else ""
        error = "" if file_type else "unknown document type"
    except ExtractionError as failure:
        text, error = "", str(failure)
    result = extract_fields(text, skills=matcher, region=truth.get("region") or "US",
                            today=date.today()) if text else {"basics": {}}  # fmt: skip
    basics, expected = result.get("basics", {}), truth.get("basics", {})
    got_skills = _claimed_skills(result)
    tallies = {
        "email": _single(expected.get("email"), basics.get("email"), _normal_text),
        "phone": _single(expected.get("phone"), basics.get("phone"), str.strip),
        "name": _single(expected.get("name"), basics.get("name"), _normal_text),
        "skills": _skills(truth.get("skills", []), got_skills, matcher),
        # Not gated, shown so nobody mistakes the gate for it: every skill found, the ones
        # met in passing in the text too, against the skills section's list.
        "skills+text": _skills(truth.get("skills", []), _all_skills(result), matcher),
        "work": _work(truth.get("work", []), result.get("work", [])),
    }
    score = DocumentScore(path.name, tallies)
    if error:
        score.notes.append(f"no text: {error}")
    for key in ("email", "phone", "name"):
        if (
            tallies[key].true_positives != tallies[key].expected
            or tallies[key].predicted > tallies[key].true_positives
        ):
            score.notes.append(f"{key}: expected {expected.get(key)!r}, got {basics.get(key)!r}")
    truth_skills = {matcher.canonical(n) or n for n in truth.get("skills", [])}
    missed, extra = truth_skills - set(got_skills), set(got_skills) - truth_skills
    if missed or extra:
        score.notes.append(f"skills: missed {sorted(missed)}, extra {sorted(extra)}")
    if tallies["work"].true_positives < max(tallies["work"].expected, tallies["work"].predicted):
        want = [(w.get("name"), w.get("position")) for w in truth.get("work", [])]
        got = [(w.get("name"), w.get("position")) for w in result.get("work", [])]
        score.notes.append(f"work: expected {want}\n      got {got}")
    return score


def _report(totals: dict[str, Tally], scores: list[DocumentScore]) -> str:
    rows = [f"{'field':<11} {'precision':>9} {'recall':>7} {'F1':>6} {'gate':>10}"]
    for key, tally in totals.items():
        gate = f"P,R>={SINGLE_GATES[key]}" if key in SINGLE_GATES else ""
        gate = f"F1>={F1_GATES[key]}" if key in F1_GATES else gate or "(shown)"
        rows.append(f"{key:<11} {tally.precision:>9.3f} {tally.recall:>7.3f} {tally.f1:>6.3f} "
                    f"{gate:>10}")  # fmt: skip
    worst = sorted((s for s in scores if s.errors), key=lambda s: -s.errors)[:WORST_SHOWN]
    if worst:
        rows.append("\nworst documents:")
    for score in worst:
        rows.append(f"- {score.name} ({score.errors} errors)")
        rows += [f"    {note}" for note in score.notes]
    return "\n".join(rows)


def _failures(totals: dict[str, Tally]) -> list[str]:
    failed = []
    for key, gate in SINGLE_GATES.items():
        if totals[key].precision < gate or totals[key].recall < gate:
            failed.append(key)
    failed += [key for key, gate in F1_GATES.items() if totals[key].f1 < gate]
    return failed


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return SkillMatcher.from_entries(shipped_taxonomy())


def test_field_extraction_meets_the_accuracy_gate_over_the_corpus(matcher):
    documents = _documents()
    assert len(documents) >= MIN_DOCUMENTS, f"only {len(documents)} parsable documents in {CORPUS}"
    scores = [_score(path, truth, matcher) for path, truth in documents]
    totals = {key: Tally() for key in (*SINGLE_GATES, *F1_GATES, "skills+text")}
    for score in scores:
        for key, tally in score.tallies.items():
            totals[key].add(tally)
    report = _report(totals, scores)
    print(f"\nfield extraction over {len(documents)} documents\n{report}")
    failed = _failures(totals)
    assert not failed, f"below the gate: {', '.join(failed)}\n{report}"


def test_the_scoring_counts_what_it_should():
    # The scorer itself: a wrong value costs precision and recall, a missing one only recall.
    assert _single("a@x.org", "b@x.org", _normal_text) == Tally(0, 1, 1)
    assert _single("a@x.org", None, _normal_text) == Tally(0, 0, 1)
    assert _single(" Jane  DOE ", "jane doe", _normal_text) == Tally(1, 1, 1)
    work = _work(
        [
            {"name": "Acme Corp.", "position": "Senior Engineer"},
            {"name": "Globex", "position": "CTO"},
        ],
        [
            {"name": "ACME Corp, Berlin", "position": "Senior Engineer"},
            {"name": "Initech", "position": "CTO"},
        ],
    )
    assert work == Tally(1, 2, 2)
    assert work.f1 == 0.5
    assert _alike("Vice President, Supply Chain", "Vice President")
    assert not _alike("Data Analyst", "Data Engineer")
    # Skills the parser met only in passing are not held against the skills section's list.
    result = {"skills": [{"name": "Python"}, {"name": "Celery"}],
              "meta": {"skillSources": {"Python": "section", "Celery": "text"}}}  # fmt: skip
    assert _claimed_skills(result) == ["Python"]
    assert _claimed_skills({"skills": [{"name": "Celery"}]}) == ["Celery"]
