"""Contact details from a resume: email, web addresses and profiles, phone, name, location.

The header (the lines above the first section heading) is where people put these; a value
found there is trusted more than one found further down."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers

from recruit.candidates.parsing.dates import find_date_ranges, fold
from recruit.candidates.parsing.lexicon import COUNTRIES, US_STATES, title_score
from recruit.candidates.parsing.sections import heading_kind

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.I)
_URL_CHARS = r"[^\s<>()\[\]{}|,;\"'\u2019]"
_TLDS = (
    "com|org|net|io|dev|me|co|de|fr|es|uk|ch|at|nl|be|it|eu|info|app|tech|site|page|xyz|"
    "design|studio|ai|ca|us|pl|pt|se|dk|no|fi|ie|cz|blog|online|website|works|codes|link"
)
URL = re.compile(
    r"(?<![\w@.-])(?:(?:https?://|www\.)" + _URL_CHARS + r"+"
    r"|(?:[a-z0-9-]+\.)+(?:" + _TLDS + r")(?![\w.-]*@)(?:/" + _URL_CHARS + r"*)?(?![\w-]))",
    re.I,
)
# fmt: off
NETWORKS = {
    "linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab",
    "stackoverflow.com": "Stack Overflow", "stackexchange.com": "Stack Overflow",
    "twitter.com": "Twitter", "x.com": "Twitter", "behance.net": "Behance",
    "dribbble.com": "Dribbble", "xing.com": "XING", "kaggle.com": "Kaggle",
    "medium.com": "Medium", "bitbucket.org": "Bitbucket", "instagram.com": "Instagram",
}
# fmt: on
# "GitHub: jdoe" without an address: the network's profile address for the handle.
HANDLE_LABEL = re.compile(
    r"\b(linkedin|github|gitlab|twitter|dribbble|behance|xing)\s*[:/]\s*@?([\w.-]{2,40})\b",
    re.I,
)
# fmt: off
PROFILE_URLS = {
    "LinkedIn": "https://www.linkedin.com/in/{}", "GitHub": "https://github.com/{}",
    "GitLab": "https://gitlab.com/{}", "Twitter": "https://twitter.com/{}",
    "Dribbble": "https://dribbble.com/{}", "Behance": "https://www.behance.net/{}",
    "XING": "https://www.xing.com/profile/{}",
}
# fmt: on
# A resume's title line, which stands above (or instead of) the name.
# fmt: off
DOCUMENT_TITLES = {
    "curriculum vitae", "curriculum vitæ", "curriculum", "cv", "resume", "résumé", "resumé",
    "lebenslauf", "tabellarischer lebenslauf", "curriculum vitae et studiorum",
    "hoja de vida", "curriculum vitae cv", "my resume", "cv resume",
}
# fmt: on
NAME_LABEL = re.compile(
    r"^\s*(?:full\s+)?(?:name|nom|nombre|vor-?\s*und\s+nachname)\s*[:\t]\s*", re.I
)  # fmt: skip
# Words in a name that are not capitalised ("Ludwig van Beethoven", "María de la Cruz").
# fmt: off
PARTICLES = {"van", "von", "de", "der", "den", "da", "del", "la", "le", "di", "du", "dos",
             "das", "y", "bin", "al", "ten", "ter", "zu", "e", "d'", "mac", "st."}
# fmt: on
# Forms of address and academic titles before a name: not part of it.
HONORIFICS = re.compile(r"^(?:(?:mr|mrs|ms|miss|mx|herr|frau|m|mme|sr|sra|dr|prof)\.?\s+)+", re.I)
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'\u2019.-]*|[^\W\d_]\.)$")
_NAME_SEPARATORS = re.compile(r"\s*(?:\||•|·|\u2013|\u2014|\s-\s|,|\t|\s{3,}|/)\s*")
LOCATION_LABEL = re.compile(
    r"^\s*(?:location|address|adresse|anschrift|wohnort|ort|domicile|direccion|ubicacion|"
    r"residence|based in|lives in)\s*:?\s*",
    re.I,
)
POSTCODE_CITY = re.compile(
    r"\b(?:[A-Z]{1,2}-)?(\d{4,5})\s+([^\W\d_][^\W\d_ .-]*(?:[ -][^\W\d_]+)?)"
)
PHONE_LABEL = re.compile(r"(?:phone|tel|mobile|cell|handy|telefon|téléphone|telephone|"
                         r"portable|movil|móvil|teléfono|telefono)", re.I)  # fmt: skip


@dataclass(frozen=True)
class Found:
    value: object
    confidence: float


def find_email(text: str, *, header: str) -> Found | None:
    """The first email address of the header, else of the whole text (less sure)."""
    found = _emails(header)
    in_header = bool(found)
    found = found or _emails(text)
    if not found:
        return None
    return Found(found[0], 0.99 if in_header else 0.9)


def _emails(text: str) -> list[str]:
    """Addresses in order, without one that merely glues a word before another found too
    ("Managerjane@x.org" beside "jane@x.org", from text runs joined without a space)."""
    found = list(dict.fromkeys(m.group().strip(".") for m in EMAIL.finditer(text)))
    return [e for e in found if not any(o != e and e.endswith(o) for o in found)]


def find_urls(text: str) -> list[str]:
    """Web addresses, emails excluded, in order, each once, as written."""
    without_emails = EMAIL.sub(lambda m: " " * len(m.group()), text)
    found: dict[str, None] = {}
    for match in URL.finditer(without_emails):
        url = match.group().rstrip(".:/")
        if "." in url and not url.lower().endswith((".pdf", ".docx", ".js", ".py")):
            found.setdefault(url)
    return list(found)


def profiles_from(urls: list[str], text: str) -> list[dict]:
    """Social and code profiles from addresses, and from "GitHub: handle" labels."""
    profiles: dict[str, dict] = {}
    for url in urls:
        network, username = _network_of(url)
        if network and network not in profiles:
            profile = {"network": network, "url": _absolute(url)}
            if username:
                profile["username"] = username
            profiles[network] = profile
    for match in HANDLE_LABEL.finditer(text):
        network = {n.lower(): n for n in PROFILE_URLS}[match[1].lower()]
        handle = match[2].rstrip(".")
        if network not in profiles and "." not in handle:
            url = PROFILE_URLS[network].format(handle)
            profiles[network] = {"network": network, "url": url, "username": handle}
    return list(profiles.values())


def personal_url(urls: list[str]) -> str | None:
    """The first address that is not a social profile: a personal site or portfolio."""
    return next((_absolute(url) for url in urls if _network_of(url)[0] is None), None)


def _network_of(url: str) -> tuple[str | None, str | None]:
    host = _host(url)
    for domain, network in NETWORKS.items():
        if host == domain or host.endswith("." + domain):
            return network, _username(network, urlsplit(_absolute(url)).path)
    return None, None


def _username(network: str, path: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    if network == "LinkedIn":
        parts = parts[1:] if parts and parts[0] in ("in", "pub", "profile") else []
    elif network == "Stack Overflow":
        parts = parts[2:] if len(parts) >= 3 and parts[0] == "users" else parts[1:2]
    elif network == "XING":
        parts = parts[1:] if parts and parts[0] == "profile" else parts
    return parts[0].lstrip("@") if parts else None


def _host(url: str) -> str:
    host = urlsplit(_absolute(url)).netloc.lower()
    return host.removeprefix("www.")


def _absolute(url: str) -> str:
    return url if re.match(r"https?://", url, re.I) else "https://" + url


def find_phone(text: str, *, regions: list[str], header: str) -> Found | None:
    """The first plausible phone number in E.164: the header's, else one labelled "Phone"
    or "Tel" in the text, else the text's first. Each region is tried in turn, the first being
    the default (numbers written with a + need none)."""
    for region in regions:
        found = _phones(header, region)
        best, sure = (found[0], 0.97) if found else (None, 0.0)
        if best is None:
            found = _phones(text, region)
            labelled = [m for m in found if _labelled(m)]
            best, sure = (labelled[0], 0.85) if labelled else (found[0], 0.6) if found else (
                None, 0.0)  # fmt: skip
        if best is not None:
            e164 = phonenumbers.format_number(best.number, phonenumbers.PhoneNumberFormat.E164)
            return Found(e164, sure if region == regions[0] else sure - 0.1)
    return None


def _phones(text: str, region: str) -> list["_PhoneMatch"]:
    """Plausible numbers of a text, with the line each stands on. Dates are blanked first:
    phonenumbers would read "2018 - 06/2020" as a US number."""
    masked = _mask_dates(EMAIL.sub(lambda m: " " * len(m.group()), text))
    found = []
    for match in phonenumbers.PhoneNumberMatcher(masked, region):
        if _plausible(match):
            line_start = masked.rfind("\n", 0, match.start) + 1
            found.append(_PhoneMatch(match.number, masked[line_start : match.start]))
    return found


@dataclass(frozen=True)
class _PhoneMatch:
    number: phonenumbers.PhoneNumber
    before: str  # the text before it on its line


def _mask_dates(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        for found in find_date_ranges(line):
            if found.is_period or found.start.month:
                start, end = found.span
                line = line[:start] + " " * (end - start) + line[end:]
        lines.append(line)
    return "\n".join(lines)


def _plausible(match: phonenumbers.PhoneNumberMatch) -> bool:
    digits = re.sub(r"\D", "", match.raw_string)
    national = str(match.number.national_number)
    return len(digits) >= 8 and len(national) >= 7


def _labelled(match: "_PhoneMatch") -> bool:
    return bool(PHONE_LABEL.search(match.before))


def find_name(header: list[str], *, email: str | None) -> Found | None:
    """The person's name: usually the first line that is neither a title ("Curriculum
    Vitae"), a job title, a heading nor contact details. Two one-word lines in a row ("JANE" /
    "DOE", a name split over a header table) make one name."""
    lines = [line.strip() for line in header if line.strip()]
    for position, line in enumerate(lines[:12]):
        labelled = NAME_LABEL.match(line)
        if labelled:
            name = _name_in(line[labelled.end() :])
            if name:
                return Found(_display(name), 0.95)
            continue
        first = _NAME_SEPARATORS.split(line, maxsplit=1)[0]
        if fold(line).strip(" :.") in DOCUMENT_TITLES or _is_contact_line(first):
            continue
        if line.count(",") <= 1 and _location_in(line):
            continue  # "San Francisco, CA" is shaped like a name
        name = _name_in(line)
        if name is None:
            continue
        if len(name.split()) == 1:
            following = _name_in(lines[position + 1]) if position + 1 < len(lines) else None
            if following is None or len(following.split()) != 1:
                continue
            name = f"{name} {following}"
        return Found(_display(name), _name_confidence(name, position, lines, email))
    return _name_from_email(email)


def _name_in(line: str) -> str | None:
    """The name at the start of a line ("Jane Doe | Data Engineer" -> "Jane Doe"), if the
    line starts with something shaped like a name."""
    first = _NAME_SEPARATORS.split(line.strip(), maxsplit=1)[0]
    first = HONORIFICS.sub("", first).strip(" .:")
    words = first.split()
    if not 1 <= len(words) <= 5 or len(first) > 50:
        return None
    if heading_kind(first) or title_score(first) or fold(first) in DOCUMENT_TITLES:
        return None
    if _is_location(first) or any(not _NAME_WORD.match(w) for w in words):
        return None
    capitalised = [w for w in words if w.lower() not in PARTICLES]
    if not capitalised or any(not w[0].isupper() for w in capitalised):
        return None
    return " ".join(words)


def _is_contact_line(line: str) -> bool:
    return bool(EMAIL.search(line) or URL.search(line) or sum(c.isdigit() for c in line) >= 6)


def _is_location(text: str) -> bool:
    folded = fold(text).strip()
    return folded in COUNTRIES or any(w in COUNTRIES for w in folded.split(", "))


def _name_confidence(name: str, position: int, lines: list[str], email: str | None) -> float:
    local = re.sub(r"[^a-z]", "", fold(email.split("@")[0])) if email else ""
    in_email = local and any(len(w) > 2 and fold(w).replace("-", "") in local
                             for w in name.split())  # fmt: skip
    skipped = sum(1 for line in lines[:position] if not _is_title_or_contact(line))
    confidence = 0.9 if skipped == 0 else 0.75 if skipped <= 2 else 0.5
    return min(0.98, confidence + 0.07) if in_email else confidence


def _is_title_or_contact(line: str) -> bool:
    return fold(line).strip(" :.") in DOCUMENT_TITLES or _is_contact_line(line)


def _name_from_email(email: str | None) -> Found | None:
    # "jane.doe@" -> "Jane Doe": a guess, said as such.
    if not email:
        return None
    parts = [p for p in re.split(r"[._-]", email.split("@")[0]) if p.isalpha() and len(p) > 1]
    if len(parts) < 2:
        return None
    return Found(" ".join(p.capitalize() for p in parts[:3]), 0.4)


def _display(name: str) -> str:
    """All-caps names in title case ("JANE O'NEIL-SMITH" -> "Jane O'Neil-Smith")."""
    if not any(c.islower() for c in name):
        return " ".join(_capitalise(w) for w in name.split())
    return name


def _capitalise(word: str) -> str:
    if word.lower() in PARTICLES:
        return word.lower()
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), word)


def find_location(header: list[str]) -> dict | None:
    """City, region and country from the header's address line, when one is recognisable:
    "Austin, TX", "Lyon, France", "10115 Berlin", "Location: Madrid, Spain"."""
    for raw in header[:15]:
        line = LOCATION_LABEL.sub("", raw.strip()) if LOCATION_LABEL.match(raw) else raw
        for part in re.split(r"\s*(?:\||•|·|\u2013|\u2014|\t|\s{3,})\s*", line):
            location = _location_in(part.strip())
            if location:
                return location
    return None


def _location_in(part: str) -> dict | None:
    if EMAIL.search(part) or URL.search(part) or len(part) > 80:
        return None
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) >= 2:
        last = pieces[-1]
        state = last.split()[0] if last.split() else ""
        if state in US_STATES and _is_place(pieces[-2]):
            return {"city": _strip_postcode(pieces[-2]), "region": state, "countryCode": "US"}
        country = COUNTRIES.get(fold(last).strip(" ."))
        if country and _is_place(pieces[-2]):
            return {"city": _strip_postcode(pieces[-2]), "countryCode": country}
    postcode = POSTCODE_CITY.search(part)
    if postcode and not sum(c.isdigit() for c in part) > 6:
        city = postcode[2].strip()
        if city and city[0].isupper() and _is_place(city):
            return {"city": city}
    return None


def _is_place(text: str) -> bool:
    place = _strip_postcode(text)
    words = place.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words if len(w) > 3)


def _strip_postcode(text: str) -> str:
    return re.sub(r"^\s*\d{4,5}\s+|\s+\d{4,5}\s*$", "", text).strip()
