"""Section headings in English, French, German and Spanish, however they are dressed."""

import pytest

from recruit.candidates.parsing.sections import heading_kind, split_sections


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Experience", "experience"),
        ("WORK HISTORY", "experience"),
        ("Employment:", "experience"),
        ("Professional Experience", "experience"),
        ("Education", "education"),
        ("Skills & Tools", "skills"),
        ("Technical Skills:", "skills"),
        ("PROJECTS", "projects"),
        ("Licenses & Certifications", "certifications"),
        ("Languages", "languages"),
        ("Summary", "summary"),
        ("Profile", "summary"),
        ("Interests", "interests"),
        ("References", "references"),
        ("Clinical Skills", "skills"),
        ("Teaching Certificates", "certifications"),
    ],
)
def test_english_headings(line, kind):
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Exp\u00e9rience professionnelle", "experience"),
        ("FORMATION", "education"),
        ("Comp\u00e9tences", "skills"),
        ("Langues", "languages"),
        ("Centres d\u2019int\u00e9r\u00eat", "interests"),
        ("Berufserfahrung", "experience"),
        ("Ausbildung", "education"),
        ("Kenntnisse", "skills"),
        ("F\u00e4higkeiten", "skills"),
        ("Sprachen", "languages"),
        ("Experiencia laboral", "experience"),
        ("Experiencia profesional", "experience"),
        ("Educaci\u00f3n", "education"),
        ("Formaci\u00f3n", "education"),
        ("Habilidades", "skills"),
        ("Competencias", "skills"),
        ("Conocimientos", "skills"),
        ("Idiomas", "languages"),
    ],
)
def test_french_german_and_spanish_headings(line, kind):
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    ["  EXPERIENCE  ", "Experience:", "\u2014 Berufserfahrung \u2014", "E X P E R I E N C E",
     "W O R K   E X P E R I E N C E", "1. Experience", "\u25a0 EXPERIENCE", "## Experience"],
)  # fmt: skip
def test_a_heading_is_recognised_whatever_its_dress(line):
    assert heading_kind(line) == "experience"


@pytest.mark.parametrize(
    "line",
    ["Jane Doe", "Senior Software Engineer", "Acme Corp", "Python, Django, SQL",
     "I gained a lot of experience with customers.", "Tel: 555 0100", "Curriculum Vitae"],
)  # fmt: skip
def test_other_lines_are_not_headings(line):
    assert heading_kind(line) is None


def test_a_heading_beside_its_content_in_a_table_row():
    sections = split_sections(["Sprachen\tDeutsch (Muttersprache)", "Kenntnisse\tSAP"])
    assert [(s.kind, s.lines) for s in sections] == [
        ("languages", ["Deutsch (Muttersprache)"]),
        ("skills", ["SAP"]),
    ]


def test_customer_experience_is_a_department_not_a_heading():
    assert heading_kind("Customer Experience") is None


def test_lines_are_grouped_under_their_headings():
    lines = ["Jane Doe", "jane@example.org", "EXPERIENCE", "----------", "Acme, Engineer",
             "Skills: Python, SQL", "Education", "MIT"]  # fmt: skip
    sections = split_sections(lines)
    assert [(s.kind, s.lines) for s in sections] == [
        ("header", ["Jane Doe", "jane@example.org"]),
        ("experience", ["Acme, Engineer"]),
        ("skills", ["Python, SQL"]),
        ("education", ["MIT"]),
    ]
