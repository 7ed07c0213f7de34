"""Dates and periods as resumes write them, in English, French, German and Spanish."""

from datetime import date

import pytest

from recruit.candidates.parsing.dates import find_date_ranges, parse_date

TODAY = date(2025, 6, 15)


def _period(line: str) -> tuple[str, str | None, bool]:
    ranges = find_date_ranges(line, today=TODAY)
    assert len(ranges) == 1, ranges
    found = ranges[0]
    return found.start.iso(), found.end.iso() if found.end else None, found.current


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jan 2020 - Present", ("2020-01", None, True)),
        ("January 2020 \u2013 Current", ("2020-01", None, True)),
        ("Oct. 2016 \u2013 Feb. 2018", ("2016-10", "2018-02", False)),
        ("2019-2021", ("2019", "2021", False)),
        ("2019 - 2021", ("2019", "2021", False)),
        ("2019-21", ("2019", "2021", False)),
        ("03/2018 - 06/2020", ("2018-03", "2020-06", False)),
        ("3/2018 to 6/2020", ("2018-03", "2020-06", False)),
        ("15.03.2018 - 30.06.2019", ("2018-03", "2019-06", False)),
        ("2018-03 to 2020-05", ("2018-03", "2020-05", False)),
        ("2018.03 - 2019.11", ("2018-03", "2019-11", False)),
        ("Sep '19 - Mar '21", ("2019-09", "2021-03", False)),
        ("Jan - Mar 2020", ("2020-01", "2020-03", False)),
        ("Summer 2017", ("2017-06", None, False)),
        ("since 2021", ("2021", None, True)),
        ("2020 - now", ("2020", None, True)),
        ("May 2022 - today", ("2022-05", None, True)),
        ("from 2019 to 2021", ("2019", "2021", False)),
    ],
)
def test_english_dates_and_periods(line, expected):
    assert _period(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("janv. 2019 \u2013 aujourd'hui", ("2019-01", None, True)),
        ("f\u00e9vrier 2017 - d\u00e9cembre 2018", ("2017-02", "2018-12", False)),
        ("depuis 2019", ("2019", None, True)),
        ("ao\u00fbt 2015 \u00e0 juin 2016", ("2015-08", "2016-06", False)),
        ("M\u00e4rz 2020 \u2013 heute", ("2020-03", None, True)),
        ("seit 2020", ("2020", None, True)),
        ("Mai 2019 bis Juni 2021", ("2019-05", "2021-06", False)),
        ("Okt. 2014 - Dez. 2016", ("2014-10", "2016-12", False)),
        ("enero 2018 - actualidad", ("2018-01", None, True)),
        ("sept. 2017 - presente", ("2017-09", None, True)),
        ("desde 2016", ("2016", None, True)),
        ("abril 2015 - diciembre 2016", ("2015-04", "2016-12", False)),
    ],
)
def test_french_german_and_spanish_dates(line, expected):
    assert _period(line) == expected


def test_a_period_is_found_inside_a_line_with_its_span():
    line = "Senior Engineer, Acme Corp    Jan 2020 - Present"
    (found,) = find_date_ranges(line, today=TODAY)
    assert line[found.span[0] : found.span[1]] == "Jan 2020 - Present"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2018.03", "2018-03"), ("2015", "2015"), ("June 2020", "2020-06"), ("03/2018", "2018-03")],
)
def test_a_single_date_is_a_point_not_a_period(text, iso):
    assert parse_date(text).iso() == iso
    assert not find_date_ranges(text)[0].is_period


@pytest.mark.parametrize(
    "line",
    [
        "10115 Berlin",  # a postcode
        "Call me at 4155552671",
        "May I help",  # a month name alone is a word
        "2030 - 2032",  # starts after today
        "2021 - 2019",  # ends before it starts
        "Version 12019",
    ],
)
def test_things_that_are_not_dates(line):
    assert find_date_ranges(line, today=TODAY) == []
