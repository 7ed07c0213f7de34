"""Resume sections by their headings, in English, French, German and Spanish.

A heading is a short line that is nothing but a known section name, however it is dressed:
"EXPERIENCE", "Work history:", "-- Berufserfahrung --", "E D U C A T I O N",
"Skills & Tools", "1. Projects", an underline of dashes below it. "Skills: Python, SQL" is a
heading with its content inline."""

import re
from dataclasses import dataclass, field

from recruit.candidates.parsing.dates import fold

# Folded (lower case, no accents) names of each kind of section.
# fmt: off
HEADINGS: dict[str, list[str]] = {
    "experience": [
        "experience", "experiences", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "career", "professional history",
        "professional background", "relevant experience", "work", "positions", "career summary",
        "experience professionnelle", "experiences professionnelles", "parcours professionnel",
        "parcours", "emplois", "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang",
        "werdegang", "berufspraxis", "praxiserfahrung", "berufliche stationen", "experiencia",
        "experiencia laboral", "experiencia profesional", "trayectoria profesional",
        "historial laboral", "trayectoria", "experiencias",
    ],
    "education": [
        "education", "academic background", "qualifications", "education and training",
        "academic", "studies", "academic history", "educational background", "formation",
        "formations", "diplomes", "parcours academique", "etudes", "formation academique",
        "ausbildung", "bildung", "bildungsweg", "studium", "schulbildung",
        "akademischer werdegang", "akademische ausbildung", "educacion", "formacion",
        "formacion academica", "estudios", "titulacion", "titulaciones",
    ],
    "skills": [
        "skills", "technical skills", "core competencies", "competencies", "competences",
        "expertise", "technologies", "tech stack", "tools", "key skills", "skills summary",
        "areas of expertise", "technical proficiencies", "proficiencies", "skill set",
        "skillset", "toolbox", "stack", "it skills", "computer skills", "hard skills",
        "soft skills", "competences techniques", "connaissances", "savoir faire",
        "competences cles", "outils", "kenntnisse", "fahigkeiten", "kompetenzen",
        "it kenntnisse", "edv kenntnisse", "fachkenntnisse", "technische kenntnisse",
        "fahigkeiten und kenntnisse", "fachliche kompetenzen", "habilidades", "competencias",
        "conocimientos", "aptitudes", "herramientas", "tecnologias", "habilidades tecnicas",
        "conocimientos tecnicos", "competencias tecnicas", "informatica", "informatique",
    ],
    "projects": ["projects", "personal projects", "side projects", "open source", "projets",
                 "projekte", "proyectos"],
    "certifications": [
        "certifications", "certificates", "certification", "licenses", "licences",
        "licenses and certifications", "certificats", "certifications professionnelles",
        "zertifikate", "zertifizierungen", "certificaciones", "certificados",
    ],
    "languages": [
        "languages", "language skills", "language", "langues", "competences linguistiques",
        "sprachen", "sprachkenntnisse", "idiomas", "lenguas", "idioma",
    ],
    "summary": [
        "summary", "profile", "professional summary", "about", "about me", "objective",
        "career objective", "personal statement", "overview", "executive summary",
        "professional profile", "profil", "a propos", "objectif", "profil professionnel",
        "kurzprofil", "uber mich", "zusammenfassung", "profil", "perfil", "resumen",
        "sobre mi", "perfil profesional", "objetivo", "extracto", "acerca de mi",
    ],
    "interests": [
        "interests", "hobbies", "activities", "centres d interet", "centres d'interet",
        "loisirs", "hobbys", "interessen", "freizeit", "intereses", "aficiones", "pasatiempos",
    ],
    "references": ["references", "referees", "referenzen", "referencias"],
    "awards": ["awards", "honors", "honours", "achievements", "distinctions", "prix",
               "auszeichnungen", "premios", "logros"],
    "publications": ["publications", "talks", "veroffentlichungen", "publikationen",
                     "publicaciones"],
    "volunteer": ["volunteer", "volunteering", "volunteer experience", "benevolat",
                  "ehrenamt", "ehrenamtliches engagement", "voluntariado"],
    "courses": ["courses", "training", "trainings", "formations complementaires", "kurse",
                "fortbildung", "weiterbildung", "weiterbildungen", "cursos"],
    "contact": ["contact", "contact information", "contact details", "kontakt",
                "kontaktdaten", "coordonnees", "contacto", "datos de contacto"],
    "personal": ["personal details", "personal information", "persönliche daten",
                 "personliche daten", "informations personnelles", "datos personales",
                 "angaben zur person", "personal data"],
}
# fmt: on
KIND_OF = {name: kind for kind, names in HEADINGS.items() for name in names}
# Words that qualify a heading without changing its kind ("My Key Skills", "Selected Projects").
# fmt: off
QUALIFIERS = {
    "my", "key", "core", "relevant", "selected", "additional", "other", "technical",
    "professional", "main", "recent", "notable", "mes", "meine", "mis", "principales",
    "principaux", "wichtige", "weitere", "autres", "otros", "otras",
}
# fmt: on
# Heading words that name a section whatever qualifies them in front ("Clinical Skills").
# Not "experience": "Customer Experience" is a department, "Experience Designer" a job.
# fmt: off
SUFFIX_HEADINGS = {
    "skills", "projects", "certifications", "certificates", "languages", "education",
    "interests", "awards", "publications", "courses", "achievements", "qualifications",
}
# fmt: on
_JOINERS = re.compile(r"\s*(?:&|\+|/|\||,|\band\b|\bet\b|\bund\b|\by\b|\be\b)\s*")
_DECORATION = re.compile(r"^[\W\d_]*?(?=[^\W\d_])|[\W_]+$")
_NUMBERING = re.compile(r"^(?:[ivx]+|\d+|[a-h])[.)]\s+", re.IGNORECASE)
# What parts a heading from its content on the same line: "Skills: ...", "Sprachen<tab>...".
_INLINE = re.compile(r"\s*[:\t]\s*")
_RULE = re.compile(r"^\s*[-=_~*•.·─━═]{3,}\s*$")
# A heading is short: no more words than this.
MAX_HEADING_WORDS = 6


@dataclass
class Section:
    kind: str  # a key of HEADINGS, or "header" for what stands before the first heading
    heading: str
    lines: list[str] = field(default_factory=list)


def heading_kind(line: str) -> str | None:
    """The kind of section a line announces, None when it is not a heading line."""
    name, _content = _split_inline(line)
    return _kind_of(name) if name is not None else None


def split_sections(lines: list[str]) -> list[Section]:
    """The lines grouped under their headings; what precedes the first heading is "header".
    A heading repeated (a two-column resume's sidebar "Skills" and main "Skills") opens another
    section of the same kind."""
    sections = [Section(kind="header", heading="")]
    for line in lines:
        if _RULE.match(line):
            continue  # the underline of a heading, or a horizontal rule
        name, content = _split_inline(line)
        kind = _kind_of(name) if name is not None else None
        if kind is None:
            sections[-1].lines.append(line)
            continue
        sections.append(Section(kind=kind, heading=line.strip()))
        if content:
            sections[-1].lines.append(content)
    return [s for s in sections if s.kind != "header" or s.lines]


def _split_inline(line: str) -> tuple[str | None, str]:
    """A heading candidate and its inline content: "Skills: Python" -> ("Skills", "Python")."""
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return None, ""
    inline = _INLINE.search(stripped)
    if inline and stripped[inline.end() :] and len(stripped[: inline.start()].split()) <= 4:
        return stripped[: inline.start()], stripped[inline.end() :]
    if len(stripped) > 60:
        return None, ""
    return stripped, ""


def _kind_of(text: str) -> str | None:
    name = _normalise(text)
    if not name or len(name.split()) > MAX_HEADING_WORDS:
        return None
    kinds = [_part_kind(part) for part in _JOINERS.split(name) if part]
    if not kinds or None in kinds:
        return None
    return kinds[0]


def _part_kind(part: str) -> str | None:
    if part in KIND_OF:
        return KIND_OF[part]
    words = part.split()
    while words and words[0] in QUALIFIERS:
        words = words[1:]
    kind = KIND_OF.get(" ".join(words))
    if kind is None and 2 <= len(words) <= 3 and words[-1] in SUFFIX_HEADINGS:
        kind = KIND_OF[words[-1]]  # "Clinical Skills", "Teaching Certificates"
    return kind


def _normalise(text: str) -> str:
    text = _NUMBERING.sub("", text.strip())
    text = _DECORATION.sub("", text)
    if len(text) >= 7 and all(len(w) == 1 for w in text.split()):
        # Letter-spaced, "W O R K   E X P E R I E N C E": wider gaps part the words.
        text = " ".join(group.replace(" ", "") for group in re.split(r"\s{2,}", text))
    text = re.sub(r"[\u2019'`-]", " ", fold(text))
    return " ".join(text.split())
