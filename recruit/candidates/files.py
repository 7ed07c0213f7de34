"""Document types are told from the bytes, never from the name or the browser's claim."""

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word (DOCX)",
)
DOC = FileType("application/msword", ".doc", "Word 97-2003 (DOC)")
RTF = FileType("application/rtf", ".rtf", "RTF")
TXT = FileType("text/plain", ".txt", "plain text")
DOCUMENT_TYPES = (PDF, DOCX, DOC, RTF, TXT)
ACCEPTED_LABELS = ", ".join(t.label for t in DOCUMENT_TYPES)

_OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_HEAD = 64 * 1024


def sniff_document_type(stream: BinaryIO) -> FileType | None:
    """The type of a resume or cover letter, or None when it is none we accept."""
    stream.seek(0)
    head = stream.read(_HEAD)
    stream.seek(0)
    if not head:
        return None
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_word_zip(stream) else None
    if head.startswith(_OLE2_MAGIC):
        # Excel and PowerPoint share the container; only Word files have a WordDocument stream.
        data = stream.read()
        stream.seek(0)
        return DOC if _WORD_STREAM in data else None
    return TXT if _looks_like_text(head) else None


def _is_word_zip(stream: BinaryIO) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # A character cut at the end of the head is fine.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")  # older Windows text files
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def pdf_is_complete(stream: BinaryIO) -> bool:
    """Whether the PDF has its end-of-file marker near the end: a file cut off in transfer or
    half-written by a crashing program has not. (Some writers add padding after it.)"""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - 2048))
    tail = stream.read()
    stream.seek(0)
    return b"%%EOF" in tail


# PDF features that run something when the file is opened. A resume needs none of them, and a
# recruiter's viewer may honour them, so such a PDF is refused with a clear message.
_ACTIVE_PDF_NAMES = {b"/JavaScript", b"/JS", b"/Launch", b"/RichMedia"}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm[^>]*?>>\s*stream\r?\n", re.S)
_OBJECT_STREAM_CAP = 8 * 1024 * 1024  # inflate no more than this per stream (bombs)


def pdf_active_content(stream: BinaryIO) -> str | None:
    """The first active feature (e.g. "/JavaScript") a PDF carries, or None. Names are read
    with their #xx escapes undone, in the file and inside its compressed object streams."""
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    found = _active_name(data)
    for match in _OBJECT_STREAM.finditer(data) if found is None else ():
        found = _active_name(_inflate(data[match.end() :]))
        if found:
            break
    return found.decode() if found else None


def _active_name(data: bytes) -> bytes | None:
    for raw in _PDF_NAME.findall(data):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        if name in _ACTIVE_PDF_NAMES:
            return name
    return None


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _OBJECT_STREAM_CAP)
    except zlib.error:
        return b""
