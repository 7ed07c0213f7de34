"""Text from resumes, one extractor per document type (told from the bytes, never the name).

PDFs keep their reading order: a two-column resume comes out column by column, not
interleaved line by line (see layout.py)."""

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docx import Document as DocxDocument
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams

from recruit.candidates.files import DOC, DOCX, PDF, RTF, TXT, FileType
from recruit.candidates.parsing.layout import reading_order

# Lines are ordered by layout.reading_order, so pdfminer's own box ordering is off.
LAYOUT = {"line_margin": 0.5, "char_margin": 2.0, "word_margin": 0.1, "boxes_flow": None}


class ExtractionError(ValueError):
    """The document could not be read; the message says why, for the person who uploaded it.
    (A ValueError, which is how the isolation runner knows the message is meant for people.)"""


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
            pages.append("\n".join(reading_order(page)))
    except (MemoryError, RecursionError):
        raise  # the isolation runner names these with the limit that was hit
    except Exception as error:  # pdfminer raises many kinds for broken or encrypted files
        raise ExtractionError(_pdf_reason(error)) from error
    return Extracted(text="\n\f\n".join(pages), pages=len(pages))


def _pdf_reason(error: Exception) -> str:
    name = type(error).__name__
    if "encrypt" in name.lower() or "password" in f"{name} {error}".lower():
        return "The PDF is encrypted (password protected)."
    return f"The PDF could not be read ({name})."


# A resume's XML is a few hundred KB; a zip that says it inflates to more is a zip bomb.
DOCX_MAX_INFLATED = 100 * 1024 * 1024


def _docx(data: bytes, max_pages: int) -> Extracted:
    _refuse_zip_bomb(data)
    try:
        document = DocxDocument(io.BytesIO(data))
    except (MemoryError, RecursionError):
        raise
    except Exception as error:  # a broken zip or XML
        reason = f"The Word file could not be read ({type(error).__name__})."
        raise ExtractionError(reason) from error
    parts: list[str] = []
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            if not header.is_linked_to_previous or section is document.sections[0]:
                parts += [text for text in _paragraph_texts(header._element) if text not in parts]
    parts += _paragraph_texts(document.element.body)
    return Extracted(text="\n".join(_dedupe_runs([p for p in parts if p.strip()])), pages=1)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box is stored twice: as DrawingML, and as a VML fallback for old readers.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_TEXT = {_FALLBACK, f"{_W}txbxContent", f"{_W}pPr", f"{_W}rPr"}


def _paragraph_texts(element) -> Iterator[str]:
    """Paragraphs in document order: the body's, table cells', and text boxes' (after the
    paragraph that anchors them), each once."""
    for child in element:
        if child.tag == _FALLBACK:
            continue
        if child.tag == f"{_W}p":
            yield _own_text(child)
        yield from _paragraph_texts(child)


def _own_text(paragraph) -> str:
    """A paragraph's text with its tabs and line breaks, without the text boxes it anchors."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            if child.tag in _NOT_TEXT:
                continue
            if child.tag == f"{_W}t":
                out.append(child.text or "")
            elif child.tag == f"{_W}tab":
                out.append("\t")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            walk(child)

    walk(paragraph)
    return "".join(out)


def _refuse_zip_bomb(data: bytes) -> None:
    """Refuse by the sizes the zip declares (the memory limit catches one that lies)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ExtractionError("The Word file is damaged (not a readable zip).") from error
    if inflated > DOCX_MAX_INFLATED:
        limit = DOCX_MAX_INFLATED // (1024 * 1024)
        raise ExtractionError(f"The Word file expands to more than {limit} MB: not a resume.")


def _dedupe_runs(parts: list[str]) -> list[str]:
    # A text box's paragraph is also inside its fallback (VML) copy: keep each text once in a row.
    kept: list[str] = []
    for part in parts:
        if not kept or kept[-1] != part:
            kept.append(part)
    return kept


# Legacy Word (97-2003) has no well-kept Python reader; Debian's antiword, or catdoc, reads it.
_DOC_READERS = (("antiword", "-w", "0", "-m", "UTF-8.txt"), ("catdoc", "-w", "-d", "utf-8"))
_DOC_TIMEOUT_SECONDS = 20


def _doc(data: bytes, max_pages: int) -> Extracted:
    reader = next((r for r in _DOC_READERS if shutil.which(r[0])), None)
    if reader is None:
        raise ExtractionError("Word 97-2003 files need antiword or catdoc on the server.")
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        try:
            done = subprocess.run(  # noqa: S603 (a fixed program and a file we wrote)
                [*reader, file.name],
                capture_output=True,
                timeout=_DOC_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ExtractionError("The Word 97-2003 file took too long to read.") from error
    if done.returncode != 0:
        raise ExtractionError("The Word 97-2003 file could not be read.")
    return Extracted(text=done.stdout.decode("utf-8", errors="replace"), pages=1)


def _txt(data: bytes, max_pages: int) -> Extracted:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return Extracted(text=data.decode(encoding), pages=1)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("The text file is in an encoding we cannot read.")


_RTF_CONTROL = re.compile(
    r"\\([a-z]+)(-?\d+)? ?|\\'([0-9a-f]{2})|\\([^a-z])|([{}])|[\r\n]+|(.)", re.I | re.S
)
_RTF_MAX_DEPTH = 200
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "object"}


def _rtf(data: bytes, max_pages: int) -> Extracted:
    """RTF to text: paragraphs and tabs kept, formatting and embedded tables of fonts, colours
    and pictures dropped. (A small reader; RTF resumes are rare and plain.)"""
    out, stack, skip = [], [], False
    fallback = 0  # characters after a \uN that stand in for it in old readers: dropped
    for word, arg, hex_char, symbol, brace, char in _RTF_CONTROL.findall(data.decode("latin-1")):
        if brace == "{":
            if len(stack) >= _RTF_MAX_DEPTH:
                raise ExtractionError("The RTF file is nested too deeply to read.")
            stack.append(skip)
        elif brace == "}":
            skip = stack.pop() if stack else False
        elif skip:
            continue
        elif fallback and (hex_char or char):
            fallback -= 1
        elif word.lower() == "u" and arg:
            out.append(chr(int(arg) % 0x10000))
            fallback = 1
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


# Bullets that come out of PDFs as glyph ids, private-use symbols or a dingbat letter.
_BULLET = re.compile(r"^[ \t]*(?:\(cid:\d+\)|[\ue000-\uf8ff]|[n\u25aa\u25a0](?= [A-ZÀ-Ý]))[ \t]*",
                     re.M)  # fmt: skip
_GLYPH_JUNK = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff]")


def _tidy(text: str) -> str:
    text = _GLYPH_JUNK.sub(" ", _BULLET.sub("• ", text.replace("\r\n", "\n")))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_EXTRACTORS: dict[FileType, Callable[[bytes, int], Extracted]] = {
    PDF: _pdf, DOCX: _docx, DOC: _doc, TXT: _txt, RTF: _rtf,
}  # fmt: skip
