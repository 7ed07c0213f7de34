"""Whole resumes, as text, to JSON Resume with confidences."""

from datetime import date

from recruit.candidates.parsing.fields import detect_language, extract_fields
from recruit.candidates.parsing.skills import SkillEntry, SkillMatcher

MATCHER = SkillMatcher.from_entries(
    [
        SkillEntry("Python"),
        SkillEntry("JavaScript", ("JS",)),
        SkillEntry("Kubernetes", ("k8s",)),
        SkillEntry("PostgreSQL", ("Postgres",)),
        SkillEntry("Docker"),
        SkillEntry("Amazon Web Services", ("AWS",)),
        SkillEntry("Java"),
        SkillEntry("Terraform"),
    ]
)
TODAY = date(2025, 6, 15)

ENGLISH = """Curriculum Vitae
JANE DOE
Senior Software Engineer
Austin, TX | jane.doe@example.com | (512) 555-0147 | linkedin.com/in/janedoe | janedoe.dev

Summary
Backend engineer who likes boring tech-
nology and fast tests.

PROFESSIONAL EXPERIENCE
Senior Software Engineer, Acme Corp    Jan 2020 - Present
\u2022 Moved the platform to Terraform and Kubernetes
Software Engineer at Globex (2017 - 2020)
\u2022 Java services

EDUCATION
MSc in Computer Science, Stanford University, 2016

SKILLS
Python, JS, k8s, Postgres, Docker, AWS

LANGUAGES
English (native), French \u2013 fluent

CERTIFICATIONS
AWS Certified Solutions Architect \u2013 Amazon, 2021
"""


def _extract(text: str, region: str = "US") -> dict:
    return extract_fields(text, skills=MATCHER, region=region, today=TODAY)


def test_an_english_resume_to_json_resume():
    result = _extract(ENGLISH)
    assert result["basics"] == {
        "name": "Jane Doe",
        "label": "Senior Software Engineer",
        "email": "jane.doe@example.com",
        "phone": "+15125550147",
        "url": "https://janedoe.dev",
        "profiles": [
            {"network": "LinkedIn", "url": "https://linkedin.com/in/janedoe", "username": "janedoe"}
        ],
        "location": {"city": "Austin", "region": "TX", "countryCode": "US"},
        "summary": "Backend engineer who likes boring technology and fast tests.",
    }
    assert result["work"] == [
        {"name": "Acme Corp", "position": "Senior Software Engineer", "startDate": "2020-01",
         "summary": "Moved the platform to Terraform and Kubernetes"},
        {"name": "Globex", "position": "Software Engineer", "startDate": "2017",
         "endDate": "2020", "summary": "Java services"},
    ]  # fmt: skip
    assert result["education"] == [
        {"institution": "Stanford University", "studyType": "MSc", "area": "Computer Science",
         "endDate": "2016"}
    ]  # fmt: skip
    assert result["languages"] == [{"language": "English", "fluency": "native"},
                                   {"language": "French", "fluency": "fluent"}]  # fmt: skip
    assert result["certificates"] == [
        {"name": "AWS Certified Solutions Architect", "issuer": "Amazon", "date": "2021"}
    ]


def test_skills_from_the_section_come_first_and_the_rest_is_marked_as_from_the_text():
    result = _extract(ENGLISH)
    names = [skill["name"] for skill in result["skills"]]
    assert names == ["Python", "JavaScript", "Kubernetes", "PostgreSQL", "Docker",
                     "Amazon Web Services", "Terraform", "Java"]  # fmt: skip
    sources = result["meta"]["skillSources"]
    assert sources["Kubernetes"] == "section" and sources["Terraform"] == "text"
    assert result["meta"]["confidence"]["skills"] == 0.9


def test_meta_says_how_sure_how_long_which_sections_and_which_language():
    meta = _extract(ENGLISH)["meta"]
    assert meta["confidence"]["basics.email"] >= 0.98
    assert meta["confidence"]["basics.name"] >= 0.9
    assert 0 < meta["confidence"]["work"] <= 1
    # 2017 to January 2020, then January 2020 to mid-June 2025: 8.5 years.
    assert meta["yearsOfExperience"] == 8.5
    assert meta["sections"] == ["summary", "experience", "education", "skills", "languages",
                                "certifications"]  # fmt: skip
    assert meta["language"] == "en"


def test_missing_values_are_left_out_not_empty():
    result = _extract("Just some words about nothing in particular")
    assert result["basics"] == {}
    assert set(result) == {"basics", "meta"}
    assert result["meta"]["yearsOfExperience"] is None
    assert "basics.name" not in result["meta"]["confidence"]


def test_a_german_resume():
    text = """Lebenslauf
Max Mustermann
Musterstra\u00dfe 12, 10115 Berlin
Telefon: 0151 23456789
max.mustermann@example.de

Berufserfahrung
03/2020 \u2013 heute
Senior Softwareentwickler
Beispiel GmbH, Berlin
\u2022 Entwicklung von Diensten mit Java und Kubernetes

Ausbildung
2012 \u2013 2016  B.Sc. Informatik, Technische Universit\u00e4t M\u00fcnchen

Kenntnisse
Java, Python, Docker

Sprachen
Deutsch (Muttersprache), Englisch (verhandlungssicher)
"""
    result = _extract(text, region="DE")
    assert result["basics"]["name"] == "Max Mustermann"
    assert result["basics"]["phone"] == "+4915123456789"
    assert [(w["name"], w["position"]) for w in result["work"]] == [
        ("Beispiel GmbH", "Senior Softwareentwickler")
    ]
    assert result["education"][0]["institution"] == "Technische Universit\u00e4t M\u00fcnchen"
    assert result["languages"][1] == {"language": "English", "fluency": "verhandlungssicher"}
    assert result["meta"]["language"] == "de"


def test_a_spanish_resume():
    text = """Curr\u00edculum Vitae
Carlos Garc\u00eda L\u00f3pez
Madrid, Espa\u00f1a \u00b7 +34 612 345 678 \u00b7 carlos.garcia@example.es

Experiencia laboral
Desarrollador Backend en Telef\u00f3nica
enero 2018 - actualidad
Becario de desarrollo \u2014 Indra \u2014 sept. 2016 - dic. 2017

Educaci\u00f3n
Grado en Ingenier\u00eda Inform\u00e1tica, Universidad Polit\u00e9cnica de Madrid (2012 - 2016)

Habilidades
Python, Docker, PostgreSQL

Idiomas
Espa\u00f1ol: nativo
Ingl\u00e9s: C1
"""
    result = _extract(text)
    assert result["basics"]["name"] == "Carlos Garc\u00eda L\u00f3pez"
    assert result["basics"]["location"] == {"city": "Madrid", "countryCode": "ES"}
    assert [(w["name"], w["position"]) for w in result["work"]] == [
        ("Telef\u00f3nica", "Desarrollador Backend"),
        ("Indra", "Becario de desarrollo"),
    ]
    assert result["education"][0]["studyType"] == "Grado"
    assert result["meta"]["language"] == "es"


def test_a_french_resume():
    text = """MARIE DUPONT
D\u00e9veloppeuse Full Stack
06 12 34 56 78 \u00b7 marie.dupont@example.fr \u00b7 Lyon, France

EXP\u00c9RIENCE PROFESSIONNELLE
D\u00e9veloppeuse Full Stack chez Soci\u00e9t\u00e9 G\u00e9n\u00e9rale
janv. 2019 \u2013 aujourd'hui
- Conception d'API REST avec Python
Stagiaire d\u00e9veloppeuse web | Capgemini | mars 2018 - ao\u00fbt 2018

FORMATION
Master Informatique \u2013 Universit\u00e9 Lyon 1 \u2013 2016-2018

COMP\u00c9TENCES
JavaScript, Python, Docker

LANGUES
Fran\u00e7ais : langue maternelle ; Anglais : courant
"""
    result = _extract(text, region="FR")
    assert result["basics"]["name"] == "Marie Dupont"
    assert result["basics"]["phone"] == "+33612345678"
    assert [(w["name"], w["position"]) for w in result["work"]] == [
        ("Soci\u00e9t\u00e9 G\u00e9n\u00e9rale", "D\u00e9veloppeuse Full Stack"),
        ("Capgemini", "Stagiaire d\u00e9veloppeuse web"),
    ]
    assert result["languages"] == [{"language": "French", "fluency": "langue maternelle"},
                                   {"language": "English", "fluency": "courant"}]  # fmt: skip
    assert result["meta"]["language"] == "fr"


def test_language_detection():
    assert detect_language("Responsable des ventes et du marketing pour les clients") == "fr"
    assert detect_language("Leitung der Abteilung und Betreuung von Kunden mit SAP") == "de"
    assert detect_language("Responsable de las ventas y del marketing para los clientes") == "es"
    assert detect_language("Head of sales and marketing for the clients") == "en"


def test_spoken_languages_in_a_list_with_levels():
    text = ("Carlos Ruiz\n\nIdiomas\nEspa\u00f1ol (nativo) \u00b7 Valenciano (nativo) \u00b7 "
            "Ingl\u00e9s (B2)\n\nSprachen\nDeutsch (Muttersprache), Franz\u00f6sisch (Grundkennt-\n"
            "nisse)")  # fmt: skip
    assert _extract(text)["languages"] == [
        {"language": "Spanish", "fluency": "nativo"},
        {"language": "English", "fluency": "B2"},
        {"language": "German", "fluency": "Muttersprache"},
        {"language": "French", "fluency": "Grundkenntnisse"},
    ]


def test_page_footers_are_not_content():
    text = ("Jane Doe\njane@example.org\n\nExperience\nEngineer, Acme Corp  2019 - 2021\n"
            "Jane Doe \u2014 page 1\nPage 2 of 3\nData Analyst, Globex  2017 - 2019")  # fmt: skip
    work = _extract(text)["work"]
    assert [(w["name"], w["position"]) for w in work] == [("Acme Corp", "Engineer"),
                                                          ("Globex", "Data Analyst")]  # fmt: skip
    assert "summary" not in work[0]


def test_headings_of_two_columns_side_by_side_share_what_follows():
    # A two-column page read row by row: "EXPERIENCE" and "SKILLS" come out one after the other.
    text = ("Jane Doe\njane@example.org\n\nEXPERIENCE\nSKILLS\nData Analyst\nGlobex, Chicago, IL\n"
            "Mar 2019 \u2013 Present\nPython\nBuilt the reports.")  # fmt: skip
    result = _extract(text)
    assert [(w["name"], w["position"]) for w in result["work"]] == [("Globex", "Data Analyst")]
    assert result["skills"] == [{"name": "Python"}]


def test_the_headline_is_the_first_piece_of_the_line_after_the_name():
    text = "Angela Brooks, RN, BSN\nRegistered Nurse | angela@example.org | Boston, MA"
    assert _extract(text)["basics"]["label"] == "Registered Nurse"
