"""Text extraction from real files made here with the tools people use (fpdf2 for PDFs,
python-docx for Word), per type, and the reading order of two-column resumes."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from recruit.candidates.files import DOC, DOCX, PDF, RTF, TXT
from recruit.candidates.parsing.text import ExtractionError, extract_text

LEFT = [f"Left column line {n}" for n in range(1, 9)]
RIGHT = [f"Right column line {n}" for n in range(1, 9)]


def _two_column_pdf(right_x: float) -> bytes:
    """A sidebar resume: a narrow left column with loose lines, the main column tighter, its
    lines at heights between the sidebar's (what makes naive readers interleave them)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=20)
    pdf.text(20, 20, "Ada Lovelace - Analytical Engineer, London")
    pdf.set_font("Helvetica", size=10)
    for n, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        pdf.text(15, 40 + n * 9, left)
        pdf.text(right_x, 42 + n * 5, right)
    return bytes(pdf.output())


@pytest.mark.parametrize("right_x", [70, 80, 115])
def test_a_two_column_pdf_comes_out_column_by_column(right_x):
    text = extract_text(_two_column_pdf(right_x), PDF, max_pages=5).text
    positions = [text.index(line) for line in [*LEFT, *RIGHT]]
    assert positions == sorted(positions), text
    assert text.index("Ada Lovelace") < text.index(LEFT[0])


def test_pages_past_the_limit_are_not_read():
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for n in range(1, 5):
        pdf.add_page()
        pdf.text(20, 20, f"Page number {n}")
    extracted = extract_text(bytes(pdf.output()), PDF, max_pages=2)
    assert extracted.pages == 2
    assert "Page number 2" in extracted.text and "Page number 3" not in extracted.text


def test_a_scanned_pdf_has_no_text():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # ink, but no text layer
    assert extract_text(bytes(pdf.output()), PDF, max_pages=5).text == ""


def test_a_broken_pdf_says_it_could_not_be_read():
    with pytest.raises(ExtractionError, match="could not be read"):
        extract_text(b"%PDF-1.4\n1 0 obj << /Length 99 >> stream\ngarbage", PDF, max_pages=5)


def test_a_docx_gives_paragraphs_tables_and_headers_in_order():
    document = Document()
    document.sections[0].header.paragraphs[0].text = "grace@example.org"
    document.add_heading("Grace Hopper", level=1)
    document.add_paragraph("Experience")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "US Navy"
    table.cell(0, 1).text = "Rear Admiral"
    document.add_paragraph("Skills: COBOL")
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text(buffer.getvalue(), DOCX, max_pages=5).text
    order = ["grace@example.org", "Grace Hopper", "Experience", "US Navy", "Rear Admiral",
             "Skills: COBOL"]  # fmt: skip
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)


def test_a_broken_docx_says_it_could_not_be_read():
    with pytest.raises(ExtractionError, match="Word file is damaged"):
        extract_text(b"PK\x03\x04 not really a zip", DOCX, max_pages=5)


def test_rtf_keeps_paragraphs_and_accents_and_drops_formatting():
    rtf = (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator Writer;}\f0\b Jos\'e9 Garc\'eda\b0"
           rb"\par Data engineer\tab Madrid\par}")  # fmt: skip
    text = extract_text(rtf, RTF, max_pages=5).text
    assert text == "José García\nData engineer\tMadrid"


def test_text_in_utf8_or_windows_1252():
    assert extract_text("Zoë Müller".encode(), TXT, max_pages=5).text == "Zoë Müller"
    assert extract_text("Zoë Müller".encode("cp1252"), TXT, max_pages=5).text == "Zoë Müller"


CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "resumes"


def test_a_legacy_word_file_is_read_with_its_accents():
    data = (CORPUS / "12-jefe-almacen-legacy-es.doc").read_bytes()
    text = extract_text(data, DOC, max_pages=5).text
    assert "Jefe de Almacén" in text
    assert "javier.morales@example.com" in text


def test_rtf_unicode_escapes_become_their_characters():
    rtf = rb"{\rtf1\ansi\uc1 Jos\u233\'e9 M\u252?ller \u8212? Z\u252\'fcrich\par}"
    assert extract_text(rtf, RTF, max_pages=5).text == "José Müller — Zürich"


def test_rtf_nested_absurdly_deep_is_refused():
    rtf = b"{\\rtf1 " + b"{" * 100_000 + b"x" + b"}" * 100_000 + b"}"
    with pytest.raises(ExtractionError, match="nested too deeply"):
        extract_text(rtf, RTF, max_pages=5)


def test_a_docx_that_inflates_past_the_limit_is_refused_by_its_declared_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (101 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ExtractionError, match="expands to more than 100 MB"):
        extract_text(buffer.getvalue(), DOCX, max_pages=5)


def test_a_docx_text_box_is_read_once_and_tabs_and_breaks_are_kept():
    text = extract_text((CORPUS / "19-marketing-manager-docx-textbox.docx").read_bytes(), DOCX,
                        max_pages=5).text  # fmt: skip
    assert text.count("chloe.martin@example.net") == 1
    header = extract_text((CORPUS / "18-it-project-manager-docx-header.docx").read_bytes(), DOCX,
                          max_pages=5).text  # fmt: skip
    assert "Peachtree Health Systems, Atlanta, GA\tJan 2020 \u2013 Present" in header


def test_bullets_drawn_as_glyph_ids_or_private_symbols_become_plain_bullets():
    text = extract_text((CORPUS / "02-product-designer-sidebar.pdf").read_bytes(), PDF,
                        max_pages=5).text  # fmt: skip
    assert "(cid:" not in text
    assert "• Own the design system used by 6 product squads." in text


def test_dates_at_the_right_margin_stay_on_their_job_s_row():
    text = extract_text((CORPUS / "07-backend-engineer-latex-tabular.pdf").read_bytes(), PDF,
                        max_pages=5).text  # fmt: skip
    assert (
        "Lone Star Payments\tAustin, TX\nSenior Software Engineer\tSep 2017 \u2013 Mar 2021" in text
    )


def test_a_sidebar_on_the_main_column_s_line_grid_is_read_as_a_column():
    """Chromium's CSS grid puts both columns on one line spacing: level, yet columns."""
    text = extract_text((CORPUS / "29-hr-generalist-chromium.pdf").read_bytes(), PDF,
                        max_pages=5).text  # fmt: skip
    sidebar = text.index("SKILLS"), text.index("Benefits Administration")
    main = text.index("EXPERIENCE"), text.index("Interview scheduling.")
    assert sidebar[1] < main[0]
    assert "HR Generalist\tMar 2019 \u2013 Present" in text
