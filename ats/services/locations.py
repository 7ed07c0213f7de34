"""Job locations: recruiters type "Berlin, DE; Paris, France"; the careers site, its filters and
the job boards need each place as city, region and ISO country."""

from dataclasses import dataclass

from django_countries import countries

# Names people type that django-countries spells otherwise.
_COUNTRY_ALIASES = {
    "uk": "GB", "usa": "US", "us": "US", "england": "GB", "scotland": "GB", "wales": "GB",
    "the netherlands": "NL", "holland": "NL", "czech republic": "CZ", "united states": "US",
    "united kingdom": "GB", "south korea": "KR", "russia": "RU", "vietnam": "VN",
}  # fmt: skip
# Words that say how, not where: the job's remote policy carries them.
_NOT_PLACES = {"remote", "anywhere", "worldwide", "hybrid", "on-site", "onsite"}


@dataclass(frozen=True)
class Place:
    city: str = ""
    region: str = ""
    country: str = ""  # ISO 3166 alpha-2, or "" when not recognised


def country_code(text: str) -> str:
    """The ISO code of a country typed as a code or a name, or ""."""
    text = text.strip()
    if not text:
        return ""
    alias = _COUNTRY_ALIASES.get(text.casefold())
    if alias:
        return alias
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    return countries.by_name(text, insensitive=True) or ""


def parse_locations(text: str) -> list[Place]:
    """Each ';'-separated place as (city, region, country): the last comma part is the country
    when it names one; what is left is the city and, when two parts, the region."""
    places = []
    for chunk in (text or "").split(";"):
        parts = [part.strip() for part in chunk.split(",") if part.strip()]
        if not parts or (len(parts) == 1 and parts[0].casefold() in _NOT_PLACES):
            continue
        country = country_code(parts[-1])
        if country:
            parts = parts[:-1]
        city = parts[0] if parts else ""
        region = ", ".join(parts[1:])
        places.append(Place(city=city[:120], region=region[:120], country=country))
    return places
