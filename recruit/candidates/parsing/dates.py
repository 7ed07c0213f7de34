"""Dates and date ranges as resumes write them, in English, French, German and Spanish:
"Jan 2020 - Present", "janv. 2019 - aujourd'hui", "März 2020 - heute", "2019-2021",
"03/2018 - 06/2020", "2018.03", "Summer 2017", "since 2021", single years.

Everything is matched on text folded to lower case without accents (`fold`), which keeps
the length of the text, so the spans found point into the original line."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# fmt: off
MONTHS = {
    1: "january jan janvier janv januar janner jaen enero ene",
    2: "february feb fevrier fevr fev februar feber febrero",
    3: "march mar mars marz maerz mrz marzo",
    4: "april apr avril avr abril abr",
    5: "may mai mayo",
    6: "june jun juin juni junio",
    7: "july jul juillet juil juli julio",
    8: "august aug aout agosto ago",
    9: "september sept sep septembre septiembre setiembre set",
    10: "october oct octobre oktober okt octubre",
    11: "november nov novembre noviembre",
    12: "december dec decembre dezember dez diciembre dic",
}
# fmt: on
MONTH_NUMBER = {name: number for number, names in MONTHS.items() for name in names.split()}
# A season stands for its first month (a "Summer 2017" internship started around June).
# fmt: off
SEASONS = {
    "spring": 3, "printemps": 3, "fruhling": 3, "fruhjahr": 3, "primavera": 3,
    "summer": 6, "ete": 6, "sommer": 6, "verano": 6,
    "fall": 9, "autumn": 9, "automne": 9, "herbst": 9, "otono": 9,
    "winter": 1, "hiver": 1, "invierno": 1,
}
PRESENT_WORDS = [
    "present", "current", "currently", "now", "today", "ongoing", "date", "to date",
    "aujourd'hui", "aujourd\u2019hui", "aujourd hui", "ce jour", "a ce jour", "actuel",
    "en cours",
    "heute", "jetzt", "aktuell", "dato", "bis dato", "bis heute", "gegenwart", "laufend",
    "actualidad", "presente", "hoy", "actual", "la fecha", "la actualidad",
]
# fmt: on
# Words that open an open-ended period: "since 2021", "seit 2020", "depuis 2019".
SINCE_WORDS = ["since", "seit", "depuis", "desde", "from", "ab"]

_names = sorted([*MONTH_NUMBER, *SEASONS], key=len, reverse=True)
_MONTH_NAME = r"(?P<{g}name>" + "|".join(_names) + r")\.?,?"
_YEAR = r"(?P<{g}year>(?:19|20)\d\d|['\u2019]\d\d)"
# One point in time; the group prefix keeps the names unique when two points form a range.
_POINT = (
    r"(?:{name}\s*{year}"  # Jan 2020, janv. 2019, Summer 2017, Sep '19
    r"|(?P<{g}dd>\d{{1,2}})[./](?P<{g}mm>\d{{1,2}})[./](?P<{g}yyyy>(?:19|20)\d\d)"  # 15.03.2018
    r"|(?P<{g}m>\d{{1,2}})\s?[/.-]\s?(?P<{g}y>(?:19|20)\d\d)"  # 03/2018, 3.2018
    r"|(?P<{g}iy>(?:19|20)\d\d)[./-](?P<{g}im>0?[1-9]|1[0-2])(?:[./-]\d\d)?(?![\d])"  # 2018.03
    r"|(?P<{g}solo>(?:19|20)\d\d))"  # 2019
)


def _point(prefix: str) -> str:
    name = _MONTH_NAME.format(g=prefix)
    year = _YEAR.format(g=prefix)
    return _POINT.format(name=name, year=year, g=prefix)


_PRESENT_ALTERNATIVES = sorted(set(PRESENT_WORDS), key=len, reverse=True)
_PRESENT = r"(?P<present>" + "|".join(re.escape(w) for w in _PRESENT_ALTERNATIVES) + r")\b"
_SEPARATOR = (
    r"\s*(?:-{1,2}|\u2013|\u2014|\u2012|\u2015|~|\u2192|->|>"
    r"|to|until|till|a|au|bis|hasta|al|y|et|und|/)\s*"
)
# "Jan - Mar 2020": a month without its year, borrowing the end's year.
_BARE_MONTH = r"(?P<bare>" + "|".join(n for n in _names if n in MONTH_NUMBER) + r")\.?"
_RANGE = re.compile(
    r"(?<![\w.])"
    r"(?:(?P<since>" + "|".join(SINCE_WORDS) + r")\s+)?"
    r"(?:(?:from|von|de|del|du|entre)\s+)?"
    r"(?:" + _point("s_") + "|" + _BARE_MONTH + r")"
    r"(?:" + _SEPARATOR + r"(?:" + _point("e_") + "|" + _PRESENT + r"|(?P<short>\d\d)(?!\d)))?"
    r"(?![\w])",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lower case without accents, the same length as the text (one character each)."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month or 0)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class DateRange:
    """A period on a line. `end` None with `current` means "until now"; `end` None without
    `current` is a single point in time (a graduation year, a certificate's date)."""

    start: PartialDate
    end: PartialDate | None
    current: bool
    span: tuple[int, int]

    @property
    def is_period(self) -> bool:
        return self.current or self.end is not None


def find_date_ranges(line: str, *, today: date | None = None) -> list[DateRange]:
    """The dates and periods on a line, left to right."""
    folded = fold(line)
    found = []
    for match in _RANGE.finditer(folded):
        found_range = _to_range(match, today)
        if found_range is not None:
            found.append(found_range)
    return found


def parse_date(text: str) -> PartialDate | None:
    """One date on its own ("Jan 2020", "2018.03", "2019") or None."""
    ranges = find_date_ranges(text.strip())
    return ranges[0].start if len(ranges) == 1 and not ranges[0].is_period else None


def iso_to_partial(value: str) -> PartialDate | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-\d{2})?", value or "")
    if not match:
        return None
    return PartialDate(int(match[1]), int(match[2]) if match[2] else None)


def _to_range(match: re.Match, today: date | None) -> DateRange | None:
    groups = match.groupdict()
    end = _point_from(groups, "e_")
    start = _point_from(groups, "s_")
    if groups["bare"]:
        if end is None:
            return None  # a month name alone ("may", "mar") is a word, not a date
        start = PartialDate(end.year, MONTH_NUMBER[groups["bare"].rstrip(".")])
    if start is None:
        return None
    current = bool(groups["present"]) or (bool(groups["since"]) and end is None)
    if groups["short"]:
        end = _short_end(start, groups["short"])
        if end is None:
            return None
    if end is not None and end.key < start.key:
        return None  # "2021 - 2019" is a typo or not a period at all
    if today is not None and start.key > (today.year, today.month):
        return None
    return DateRange(start=start, end=end, current=current, span=match.span())


def _short_end(start: PartialDate, digits: str) -> PartialDate | None:
    # "2019-21" reads as 2019 to 2021 (a month would have been caught as "2019-03").
    end_year = start.year // 100 * 100 + int(digits)
    if end_year < start.year:
        end_year += 100  # "1998-02"
    return PartialDate(end_year) if start.month is None and end_year - start.year <= 15 else None


def _point_from(groups: dict, prefix: str) -> PartialDate | None:
    get = lambda key: groups.get(prefix + key)  # noqa: E731
    if get("name"):
        word = get("name").rstrip(".,")
        month = MONTH_NUMBER.get(word) or SEASONS.get(word)
        return PartialDate(_year(get("year")), month)
    if get("yyyy"):
        return _checked(int(get("yyyy")), int(get("mm")))
    if get("y"):
        return _checked(int(get("y")), int(get("m")))
    if get("iy"):
        return _checked(int(get("iy")), int(get("im")))
    if get("solo"):
        return PartialDate(int(get("solo")))
    return None


def _checked(year: int, month: int) -> PartialDate | None:
    return PartialDate(year, month) if 1 <= month <= 12 else PartialDate(year)


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    two = int(text[1:])  # "'19": this century unless that is in the future
    return 2000 + two if two <= date.today().year % 100 else 1900 + two
