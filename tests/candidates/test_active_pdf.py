"""A PDF that would run something when opened is refused before it is stored."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from recruit.candidates.files import pdf_active_content
from recruit.candidates.services import document_check

PLAIN = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n%%EOF\n"


def _object_stream(body: bytes) -> bytes:
    packed = zlib.compress(body)
    head = b"%PDF-1.5\n5 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
    return head + str(len(packed)).encode() + b">>stream\n" + packed + b"\nendstream\n%%EOF"


@pytest.mark.parametrize(
    ("pdf", "feature"),
    [
        (b"%PDF-1.4 <</OpenAction <</S /JavaScript /JS (app.alert(1))>> >>", "/JavaScript"),
        (b"%PDF-1.4 1 0 obj <</AA <</O <</S /J#61vaScript>> >> >> endobj", "/JavaScript"),
        (b"%PDF-1.4 1 0 obj <</OpenAction <</S /Launch /F (calc.exe)>> >> endobj", "/Launch"),
        (_object_stream(b"1 0 <</S /JavaScript /JS (x)>>"), "/JavaScript"),
        (PLAIN, None),
        (b"%PDF-1.4 1 0 obj <</JSX 1 /JavaScriptish 2>> endobj", None),
    ],
)  # fmt: skip
def test_active_content_is_found_however_it_is_spelled(pdf, feature):
    assert pdf_active_content(io.BytesIO(pdf)) == feature


def test_an_inflate_bomb_in_an_object_stream_is_read_only_up_to_a_cap():
    bomb = _object_stream(b" " * (64 * 1024 * 1024) + b"/JavaScript")
    assert len(bomb) < 200_000
    assert pdf_active_content(io.BytesIO(bomb)) is None


def test_a_pdf_with_javascript_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 <</OpenAction <</S /JavaScript>> >>\n%%EOF")
    with pytest.raises(ValidationError, match="active content \\(JavaScript\\)"):
        document_check(upload)
    assert document_check(SimpleUploadedFile("cv.pdf", PLAIN)).extension == ".pdf"
