"""Resume parsing throughput: documents per minute in one worker process, and our overhead on
top of pdfminer.six's bare `extract_text` over the same PDFs (target: under 25%).

Ours is everything a worker does per document: the trip to the limited sandbox process,
pdfminer's layout analysis with our reading order, and field extraction (contacts, sections,
dates, work history, skills against the full taxonomy). The two are timed in turns over the
corpus, so drift in the machine's speed hits both alike."""

import io
import time
from pathlib import Path

from django.utils import timezone
from pdfminer.high_level import extract_text

from bench.common import Report
from recruit.candidates.files import PDF, sniff_document_type
from recruit.candidates.parsing.pipeline import parse_bytes
from recruit.candidates.resumes import parse_settings, skill_taxonomy

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "resumes"
ROUNDS = 5


def _pdfs() -> list[bytes]:
    documents = []
    for path in sorted(CORPUS.glob("*.pdf")):
        with path.open("rb") as stream:
            if sniff_document_type(stream) is PDF:
                documents.append(stream.read())
    return documents


def run(report: Report) -> None:
    documents = _pdfs()
    taxonomy, options, today = skill_taxonomy(), parse_settings(), timezone.localdate()
    report.info(f"{len(documents)} PDFs from {CORPUS.name}/, {ROUNDS} rounds each way")

    def ours(data: bytes) -> None:
        outcome = parse_bytes(data, PDF, options=options, today=today, taxonomy=taxonomy)
        assert outcome.status in ("parsed", "no_text"), outcome.reason

    def bare(data: bytes) -> None:
        extract_text(io.BytesIO(data))

    ours(documents[0])  # warm up: imports, the taxonomy's regex
    bare(documents[0])
    spent = {"ours": 0.0, "bare": 0.0}
    for _ in range(ROUNDS):
        for data in documents:
            for name, parse in (("ours", ours), ("bare", bare)):
                started = time.perf_counter()
                parse(data)
                spent[name] += time.perf_counter() - started
    count = ROUNDS * len(documents)
    per_minute = {name: count / seconds * 60 for name, seconds in spent.items()}
    overhead = spent["ours"] / spent["bare"] - 1
    report.info(
        f"{'pdfminer extract_text (the baseline):':<{report.label_width}} "
        f"{per_minute['bare']:7.0f} documents/min, {spent['bare'] / count * 1000:6.1f} ms each"
    )
    report.info(
        f"{'Recruit parse (sandboxed, text + fields):':<{report.label_width}} "
        f"{per_minute['ours']:7.0f} documents/min, {spent['ours'] / count * 1000:6.1f} ms each"
        f" = {overhead:+.0%} on top of pdfminer (target under +25%)"
    )
