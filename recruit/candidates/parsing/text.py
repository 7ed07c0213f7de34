"""Text from resumes, one extractor per document type (told from the bytes, never the name).

PDFs keep their reading order: a two-column resume comes out column by column, not
interleaved line by line, because text boxes are ordered by column before by height."""

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docx import Document as DocxDocument
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTPage, LTTextBox

from recruit.candidates.files import DOCX, PDF, RTF, TXT, FileType

# Boxes are ordered by our column logic below, so pdfminer's own box ordering is off.
LAYOUT = {"line_margin": 0.5, "char_margin": 2.0, "word_margin": 0.1, "boxes_flow": None}
# A box wider than this share of the page spans the columns (a name or a heading on top).
SPANNING = 0.6


class ExtractionError(Exception):
    """The document could not be read; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int


def extract_text(data: bytes, file_type: FileType, *, max_pages: int) -> Extracted:
    extractor = _EXTRACTORS.get(file_type)
    if extractor is None:
        raise ExtractionError(f"No text extractor for {file_type.label}.")
    extracted = extractor(data, max_pages)
    return Extracted(text=_tidy(extracted.text), pages=extracted.pages)


def _pdf(data: bytes, max_pages: int) -> Extracted:
    pages = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(**LAYOUT),
                                  maxpages=max_pages):  # fmt: skip
            pages.append("\n".join(_reading_order(page)))
    except Exception as error:  # pdfminer raises many kinds for broken or encrypted files
        raise ExtractionError(_pdf_reason(error)) from error
    return Extracted(text="\n\f\n".join(pages), pages=len(pages))


def _reading_order(page: LTPage) -> Iterator[str]:
    """Spanning boxes above the columns, then the left column top down, then the right one,
    then spanning boxes below."""
    boxes = [box for box in page if isinstance(box, LTTextBox) and box.get_text().strip()]
    spanning = [b for b in boxes if b.width > SPANNING * page.width]
    columns = [b for b in boxes if b not in spanning]
    top_of_columns = max((b.y1 for b in columns), default=0)
    above = [b for b in spanning if b.y0 >= top_of_columns]
    below = [b for b in spanning if b.y0 < top_of_columns]
    split = _gutter(columns)
    left = [b for b in columns if split is None or b.x1 <= split]
    right = [b for b in columns if b not in left]
    for group in (above, left, right, below):
        for box in sorted(group, key=lambda b: (-b.y1, b.x0)):
            yield box.get_text().rstrip()


def _gutter(boxes: list[LTTextBox]) -> float | None:
    """The x of the widest vertical strip no box covers, between the leftmost and the
    rightmost box: where a two-column page splits. None when the boxes leave no such strip."""
    widest, split, reach = 0.0, None, None
    for box in sorted(boxes, key=lambda b: b.x0):
        if reach is not None and box.x0 - reach > widest:
            widest, split = box.x0 - reach, (box.x0 + reach) / 2
        reach = box.x1 if reach is None else max(reach, box.x1)
    return split


def _pdf_reason(error: Exception) -> str:
    name = type(error).__name__
    if "Encrypt" in name or "password" in str(error).lower():
        return "The PDF is encrypted (password protected)."
    return f"The PDF could not be read ({name})."


def _docx(data: bytes, max_pages: int) -> Extracted:
    try:
        document = DocxDocument(io.BytesIO(data))
    except Exception as error:  # a broken zip or XML
        reason = f"The Word file could not be read ({type(error).__name__})."
        raise ExtractionError(reason) from error
    parts = []
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    body = document.element.body
    # Paragraphs, table cells and text boxes, in document order.
    for node in body.iter():
        if node.tag.endswith("}p"):
            text = "".join(t.text or "" for t in node.iter() if t.tag.endswith("}t"))
            if text.strip():
                parts.append(text)
    return Extracted(text="\n".join(_dedupe_runs(parts)), pages=1)


def _dedupe_runs(parts: list[str]) -> list[str]:
    # A text box's paragraph is also inside its fallback (VML) copy: keep each text once in a row.
    kept: list[str] = []
    for part in parts:
        if not kept or kept[-1] != part:
            kept.append(part)
    return kept


def _txt(data: bytes, max_pages: int) -> Extracted:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extracted(text=data.decode(encoding), pages=1)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("The text file is in an encoding we cannot read.")


_RTF_CONTROL = re.compile(r"\\([a-z]+)(-?\d+)? ?|\\'([0-9a-f]{2})|\\([^a-z])|([{}])|[\r\n]+|(.)",
                          re.I | re.S)  # fmt: skip
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "object"}


def _rtf(data: bytes, max_pages: int) -> Extracted:
    """RTF to text: paragraphs and tabs kept, formatting and embedded tables of fonts, colours
    and pictures dropped. (A small reader; RTF resumes are rare and plain.)"""
    out, stack, skip = [], [], False
    for word, _arg, hex_char, symbol, brace, char in _RTF_CONTROL.findall(data.decode("latin-1")):
        if brace == "{":
            stack.append(skip)
        elif brace == "}":
            skip = stack.pop() if stack else False
        elif skip:
            continue
        elif word:
            skip = skip or word.lower() in _RTF_SKIP
            out.append({"par": "\n", "line": "\n", "tab": "\t"}.get(word.lower(), ""))
        elif hex_char:
            out.append(bytes.fromhex(hex_char).decode("cp1252", errors="replace"))
        elif symbol == "*":
            skip = True  # an "ignorable destination": data readers that do not know it skip
        elif symbol:
            out.append(symbol if symbol in "\\{}" else "")
        elif char:
            out.append(char)
    return Extracted(text="".join(out), pages=1)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_EXTRACTORS: dict[FileType, Callable[[bytes, int], Extracted]] = {
    PDF: _pdf, DOCX: _docx, TXT: _txt, RTF: _rtf,
}  # fmt: skip
