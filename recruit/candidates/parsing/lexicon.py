"""Word lists the field extraction leans on, in English, French, German and Spanish, folded
(lower case, no accents; see dates.fold). Kept here so the heuristics read as logic."""

import re

from recruit.candidates.parsing.dates import fold

# Words (or word endings, for German compounds) that make a phrase a job title.
# fmt: off
TITLE_WORDS = {
    "engineer", "developer", "programmer", "manager", "director", "lead", "head", "chief",
    "officer", "analyst", "consultant", "designer", "architect", "scientist", "administrator",
    "admin", "specialist", "assistant", "associate", "intern", "internship", "trainee",
    "apprentice", "coordinator", "technician", "teacher", "lecturer", "professor", "researcher",
    "research", "fellow", "postdoc", "nurse", "accountant", "auditor", "controller", "clerk",
    "representative", "executive", "recruiter", "owner", "founder", "co-founder", "cofounder",
    "partner", "president", "vp", "cto", "ceo", "cfo", "coo", "cio", "sre", "devops",
    "tester", "qa", "writer", "editor", "strategist", "advisor", "adviser", "supervisor",
    "operator", "agent", "student", "freelance", "freelancer", "contractor",
    "self-employed", "volunteer", "tutor", "instructor", "trainer", "coach", "mentor",
    "staff", "principal", "senior", "junior", "sr", "jr", "member", "product", "marketing",
    "sales", "support", "buyer", "planner", "economist", "lawyer", "attorney",
    "paralegal", "pharmacist", "physician", "doctor", "therapist", "mechanic", "electrician",
    "chef", "cook", "driver", "cashier", "receptionist", "secretary", "translator",
    "photographer", "illustrator", "animator", "artist", "journalist", "bookkeeper",
    "ingenieur", "ingenieure", "developpeur", "developpeuse", "responsable", "directeur",
    "directrice", "charge", "chargee", "stagiaire", "alternant", "alternance", "technicien",
    "technicienne", "commercial", "commerciale", "conseiller", "conseillere",
    "gestionnaire", "assistante", "professeur", "enseignant", "chercheur", "doctorant",
    "infirmier", "infirmiere", "comptable", "juriste", "avocat", "redacteur", "architecte",
    "entwickler", "entwicklerin", "ingenieurin", "leiter", "leiterin", "berater", "beraterin",
    "werkstudent", "werkstudentin", "praktikant", "praktikantin", "mitarbeiter",
    "mitarbeiterin", "referent", "referentin", "sachbearbeiter", "sachbearbeiterin",
    "geschaftsfuhrer", "geschaftsfuhrerin", "teamleiter", "abteilungsleiter", "auszubildender",
    "lehrer", "lehrerin", "kaufmann", "kauffrau", "fachinformatiker", "projektleiter",
    "wissenschaftlicher", "architektin", "architekt", "systemadministrator", "techniker",
    "desarrollador", "desarrolladora", "ingeniero", "ingeniera", "jefe", "jefa", "gerente",
    "analista", "consultor", "consultora", "becario", "becaria", "practicante", "tecnico",
    "tecnica", "directora", "coordinador", "coordinadora", "disenador", "disenadora",
    "programador", "programadora", "administrador",
    "administradora", "asistente", "profesor", "profesora", "investigador", "investigadora",
    "contable", "abogado", "abogada", "arquitecto", "arquitecta", "especialista", "lider",
}
# fmt: on
# German compounds end in a title word: "Softwareentwickler", "Projektleiterin".
# fmt: off
TITLE_SUFFIXES = ("entwickler", "entwicklerin", "ingenieur", "ingenieurin", "leiter",
                  "leiterin", "berater", "beraterin", "manager", "managerin", "referent",
                  "administrator", "architekt", "analyst", "designer", "spezialist")
# fmt: on
# Words that make a phrase an organisation's name.
# fmt: off
COMPANY_WORDS = {
    "inc", "inc.", "ltd", "ltd.", "llc", "llp", "plc", "corp", "corp.", "corporation",
    "company", "co", "co.", "gmbh", "ag", "kg", "se", "sa", "s.a.", "sas", "sarl", "sasu",
    "sl", "s.l.", "slu", "bv", "b.v.", "nv", "oy", "ab", "as", "spa", "srl", "pty", "limited",
    "group", "groupe", "gruppe", "grupo", "holding", "holdings", "technologies", "technology",
    "tech", "labs", "lab", "solutions", "systems", "software", "consulting", "partners",
    "bank", "banque", "banco", "agency", "agence", "agentur", "studio", "studios", "media",
    "ventures", "capital", "services", "industries", "international", "global", "networks",
    "digital", "health", "healthcare", "hospital", "clinic", "foundation", "institute",
    "university", "universitat", "universite", "universidad", "college", "school", "ministry",
    "gmbh & co. kg", "e.v.", "ev", "verein", "stiftung", "association", "council", "government",
    "department", "hopital", "klinikum", "krankenhaus",
}
INSTITUTION_WORDS = {
    "university", "universitat", "universite", "universidad", "universita", "universiteit",
    "college", "school", "institute", "institut", "instituto", "hochschule", "fachhochschule",
    "academy", "akademie", "academie", "academia", "polytechnic", "polytechnique",
    "politecnico", "ecole", "escuela", "lycee", "gymnasium", "colegio", "conservatory",
    "conservatoire", "seminary", "tu", "eth", "epfl", "mit", "ucl", "iut", "insa", "ens",
    "kit", "rwth", "lmu", "uned", "upm", "uam", "ucm", "ub", "uab", "upc", "sorbonne",
    "berufsschule", "realschule", "iae", "ies", "business", "campus", "facultad", "faculte",
}
# fmt: on
# Degrees, as written (matched on folded text with word boundaries).
# fmt: off
DEGREE_PATTERNS = [
    (r"ph\.?\s?d\.?|doctorate|doctorat|doktor(?:at)?|dr\.\s?rer\.?\s?\w+\.?|doctorado|dphil|"
     r"ed\.?\s?d\.?|d\.?\s?phil\.?", "PhD"),
    (r"m\.?\s?sc\.?|m\.?\s?s\.?\s?e\.?|m\.?\s?s\.?|master(?:'?s)?(?: of \w+)?|masters|"
     r"maitrise|magister|m\.?\s?eng\.?|m\.?\s?a\.?|mba|m\.?\s?b\.?\s?a\.?|mphil|ll\.?\s?m\.?|"
     r"master 2|m2|mastere|maestria|msn|mfa|m\.?\s?ed\.?|m\.?\s?com", "Master"),
    (r"b\.?\s?sc\.?|b\.?\s?s\.?\s?e\.?|b\.?\s?s\.?|bachelor(?:'?s)?(?: of \w+)?|b\.?\s?eng\.?|"
     r"b\.?\s?a\.?|beng|b\.?\s?tech|bba|b\.?\s?b\.?\s?a\.?|bsn|bfa|b\.?\s?com|b\.?\s?ed\.?|"
     r"licence|license|licenciatura|licenciado|licenciada|grado|graduado|graduada|ll\.?\s?b\.?|"
     r"undergraduate", "Bachelor"),
    (r"dipl\.?\s?-?\s?ing\.?|diplom(?:-?\w+)?|diploma|diplome(?: d'ingenieur)?|dut|bts|deug|"
     r"ingenieur diplome|titulo|tecnico superior", "Diploma"),
    (r"associate(?:'s)?(?: degree| of (?:applied )?(?:arts|science))|a\.?\s?a\.?\s?s\.?",
     "Associate"),
    (r"abitur|baccalaureat|bac|high school(?: diploma)?|a-levels?|a levels?|bachillerato|"
     r"matura|gcse", "High School"),
]
# fmt: on
# A degree is a whole token: "B.S" is not the degree in "B.S.E.", nor "BA" in "BASF".
DEGREES = [
    (re.compile(r"(?<![\w.])(?:" + p + r")(?![\w])(?!\.\w)"), name) for p, name in DEGREE_PATTERNS
]  # fmt: skip

# Human languages by their names in the four languages, to the English name.
# fmt: off
LANGUAGE_NAMES = {
    "english": "English", "anglais": "English", "englisch": "English", "ingles": "English",
    "french": "French", "francais": "French", "franzosisch": "French", "frances": "French",
    "german": "German", "allemand": "German", "deutsch": "German", "aleman": "German",
    "spanish": "Spanish", "espagnol": "Spanish", "spanisch": "Spanish", "espanol": "Spanish",
    "castellano": "Spanish", "italian": "Italian", "italien": "Italian",
    "italienisch": "Italian", "italiano": "Italian", "portuguese": "Portuguese",
    "portugais": "Portuguese", "portugiesisch": "Portuguese", "portugues": "Portuguese",
    "dutch": "Dutch", "neerlandais": "Dutch", "niederlandisch": "Dutch",
    "neerlandes": "Dutch", "hollandisch": "Dutch", "russian": "Russian", "russe": "Russian",
    "russisch": "Russian", "ruso": "Russian", "chinese": "Chinese", "mandarin": "Chinese",
    "chinois": "Chinese", "chinesisch": "Chinese", "chino": "Chinese",
    "japanese": "Japanese", "japonais": "Japanese", "japanisch": "Japanese",
    "japones": "Japanese", "arabic": "Arabic", "arabe": "Arabic", "arabisch": "Arabic",
    "polish": "Polish", "polonais": "Polish", "polnisch": "Polish", "polaco": "Polish",
    "turkish": "Turkish", "turc": "Turkish", "turkisch": "Turkish", "turco": "Turkish",
    "swedish": "Swedish", "schwedisch": "Swedish", "suedois": "Swedish", "sueco": "Swedish",
    "danish": "Danish", "norwegian": "Norwegian", "finnish": "Finnish", "greek": "Greek",
    "korean": "Korean", "coreen": "Korean", "koreanisch": "Korean", "coreano": "Korean",
    "hindi": "Hindi", "catalan": "Catalan", "catala": "Catalan", "katalanisch": "Catalan",
    "basque": "Basque", "euskera": "Basque", "galician": "Galician", "gallego": "Galician",
    "ukrainian": "Ukrainian", "ukrainisch": "Ukrainian", "czech": "Czech",
    "tschechisch": "Czech", "hungarian": "Hungarian", "romanian": "Romanian",
    "rumanisch": "Romanian", "roumain": "Romanian", "rumano": "Romanian",
    "hebrew": "Hebrew", "persian": "Persian", "farsi": "Persian", "vietnamese": "Vietnamese",
    "thai": "Thai", "indonesian": "Indonesian", "bengali": "Bengali", "urdu": "Urdu",
    "swahili": "Swahili", "croatian": "Croatian", "serbian": "Serbian", "bulgarian": "Bulgarian",
}
# fmt: on

# Countries people write in addresses, to ISO codes (English, French, German, Spanish names).
# fmt: off
COUNTRIES = {
    "usa": "US", "u.s.a.": "US", "united states": "US", "united states of america": "US",
    "etats unis": "US", "vereinigte staaten": "US", "estados unidos": "US",
    "uk": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "great britain": "GB", "royaume uni": "GB", "grossbritannien": "GB", "reino unido": "GB",
    "germany": "DE", "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "france": "FR", "frankreich": "FR", "francia": "FR", "spain": "ES", "espana": "ES",
    "espagne": "ES", "spanien": "ES", "italy": "IT", "italia": "IT", "italie": "IT",
    "italien": "IT", "portugal": "PT", "netherlands": "NL", "the netherlands": "NL",
    "pays bas": "NL", "niederlande": "NL", "paises bajos": "NL", "holland": "NL",
    "belgium": "BE", "belgique": "BE", "belgien": "BE", "belgica": "BE",
    "switzerland": "CH", "suisse": "CH", "schweiz": "CH", "suiza": "CH", "austria": "AT",
    "osterreich": "AT", "autriche": "AT", "ireland": "IE", "irlande": "IE", "irland": "IE",
    "canada": "CA", "kanada": "CA", "mexico": "MX", "mexique": "MX", "brazil": "BR",
    "brasil": "BR", "bresil": "BR", "brasilien": "BR", "argentina": "AR", "chile": "CL",
    "colombia": "CO", "peru": "PE", "india": "IN", "inde": "IN", "indien": "IN",
    "china": "CN", "japan": "JP", "japon": "JP", "australia": "AU", "australie": "AU",
    "australien": "AU", "new zealand": "NZ", "poland": "PL", "polska": "PL", "pologne": "PL",
    "polen": "PL", "sweden": "SE", "schweden": "SE", "suede": "SE", "suecia": "SE",
    "norway": "NO", "denmark": "DK", "finland": "FI", "luxembourg": "LU", "luxemburg": "LU",
    "czech republic": "CZ", "czechia": "CZ", "greece": "GR", "turkey": "TR", "israel": "IL",
    "singapore": "SG", "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "egypt": "EG",
    "morocco": "MA", "maroc": "MA", "marruecos": "MA", "romania": "RO", "ukraine": "UA",
    "hungary": "HU", "south korea": "KR", "korea": "KR", "vietnam": "VN",
    "philippines": "PH", "indonesia": "ID", "uae": "AE", "united arab emirates": "AE",
}
US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
}
# fmt: on
# Languages' most common small words, to tell which language a resume is written in.
# Only words that belong to one of the four ("de", "en", "la" are shared), and a few headings.
# fmt: off
STOPWORDS = {
    "en": ["the", "and", "of", "with", "for", "to", "on", "at", "as", "by", "from", "my", "our",
           "using", "skills", "experience", "education", "languages"],
    "fr": ["le", "les", "des", "et", "du", "pour", "avec", "dans", "sur", "une", "au", "aux",
           "chez", "competences", "langues", "formation", "francais", "anglais"],
    "de": ["der", "die", "das", "und", "mit", "fur", "von", "bei", "im", "zu", "den", "dem",
           "ein", "eine", "als", "auf", "sowie", "berufserfahrung", "kenntnisse", "sprachen",
           "ausbildung", "deutsch", "englisch"],
    "es": ["el", "los", "las", "y", "del", "con", "para", "por", "una", "al", "como", "sobre",
           "experiencia", "habilidades", "idiomas", "educacion", "espanol", "ingles"],
}
# fmt: on
LANGUAGE_REGION = {"en": "US", "fr": "FR", "de": "DE", "es": "ES"}


def words_of(text: str) -> list[str]:
    """Folded words of a text, punctuation dropped except inside words ("co-founder", "s.a.")."""
    return [
        w.strip(".,;:()[]{}\"'\u2019") for w in fold(text).split() if w.strip(".,;:()[]{}\"'\u2019")
    ]


def title_score(text: str) -> int:
    """How much a phrase looks like a job title: the number of title words in it."""
    words = words_of(text)
    score = sum(1 for w in words if w in TITLE_WORDS or w.endswith(TITLE_SUFFIXES))
    return score


def company_score(text: str) -> int:
    """How much a phrase looks like an organisation's name."""
    words = words_of(text)
    score = sum(1 for w in words if w in COMPANY_WORDS)
    if "&" in text or (re.search(r"\b[A-Z]{2,}\b", text) and len(words) <= 2):
        score += 1
    return score
