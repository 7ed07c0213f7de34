"""Work and education entries in the layouts resumes use, and years of experience."""

from datetime import date

import pytest

from recruit.candidates.parsing.experience import (
    education_entries,
    work_entries,
    years_of_experience,
)

TODAY = date(2025, 6, 15)


def _pairs(text: str) -> list[tuple[str | None, str | None]]:
    work = work_entries(text.strip().split("\n"), today=TODAY)
    return [(item.get("name"), item.get("position")) for item in work]


ACME_GLOBEX = [("Acme Corp", "Senior Software Engineer"), ("Globex", "Data Analyst")]


@pytest.mark.parametrize(
    "text",
    [
        # Title, Company  dates
        """
Senior Software Engineer, Acme Corp    Jan 2020 - Present
\u2022 Led the platform team
Data Analyst, Globex    2017 - 2019
\u2022 Reports
""",
        # Title at Company (dates)
        """
Senior Software Engineer at Acme Corp (2020 - present)
- Led the platform team
Data Analyst at Globex (2017-2019)
- Reports
""",
        # Company | Title | dates
        """
Acme Corp | Senior Software Engineer | 01/2020 - today
Globex | Data Analyst | 03/2017 - 12/2019
""",
        # Company \u2014 City / Title / dates
        """
Acme Corp \u2014 Berlin
Senior Software Engineer
Jan 2020 \u2013 Present
\u2022 Led the platform team
Globex \u2014 Hamburg
Data Analyst
2017 \u2013 2019
\u2022 Reports
""",
        # dates on their own line before the title and the company (a flattened table row)
        """
2020 - present
Senior Software Engineer
Acme Corp
\u2022 Led the platform team
2017 - 2019
Data Analyst
Globex
\u2022 Reports
""",
        # Title / Company, City / dates after, no bullets
        """
Senior Software Engineer
Acme Corp, Boston, MA
June 2020 - Current
Led the platform team and the hiring of six engineers across two offices.
Data Analyst
Globex, Remote
Sep 2017 - Dec 2019
Built the reports.
""",
    ],
)
def test_work_entry_layouts(text):
    assert _pairs(text) == ACME_GLOBEX


@pytest.mark.parametrize(
    "text",
    [
        # Company, City, ST <tab> dates / Title: the city before a state is a place
        """
Acme Corp, Atlanta, GA\tJan 2020 \u2013 Present
Senior Software Engineer
Ran the platform team.
Globex, Kent, WA\t2017 \u2013 2019
Data Analyst
Built the reports.
""",
        # Company / Title / City, ST / dates (a LaTeX tabular's cells, one per line)
        """
Acme Corp
Senior Software Engineer
Austin, TX
Apr 2020 \u2013 Present
\u2022 Ran the platform team.
Globex
Data Analyst
Austin, TX
2017 \u2013 2019
""",
        # a table of jobs with its column labels, flattened to lines
        """
Dates
Employer and role
Location
07/2020 \u2013 Present
Acme Corp
Senior Software Engineer
Manages the platform team.
Salford
03/2017 \u2013 06/2019
Globex
Data Analyst
Bolton
""",
        # Title, Company / \u2014 City (a wrapped line) / dates
        """
Senior Software Engineer, Acme Corp
\u2014 Memphis, TN
Mar 2020 \u2013 Present
\u2022 Ran the platform team.
Data Analyst, Globex \u2014 Memphis, TN
Jan 2017 \u2013 Feb 2019
\u2022 Built the reports.
""",
    ],
)
def test_places_labels_and_wrapped_lines_are_not_taken_for_names(text):
    assert _pairs(text) == ACME_GLOBEX


def test_a_description_line_between_the_name_and_its_dates_is_looked_past():
    text = """
Senior Software Engineer
Acme Corp, London
\u2022 Shift lead on a platform team.
Feb 2020 \u2013 Present
\u2022 Link engineer for security.
Data Analyst
Globex, London
Sep 2016 \u2013 Jan 2020
\u2022 Reports.
"""
    assert _pairs(text) == ACME_GLOBEX


def test_work_entry_dates_and_summary():
    (entry,) = work_entries(
        ["Senior Software Engineer, Acme Corp  Jan 2020 - Present", "\u2022 Led the team",
         "\u2022 Shipped the product"], today=TODAY)  # fmt: skip
    assert entry == {
        "name": "Acme Corp",
        "position": "Senior Software Engineer",
        "startDate": "2020-01",
        "summary": "Led the team\nShipped the product",
    }


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("D\u00e9veloppeur web chez Capgemini\njanv. 2019 \u2013 aujourd'hui",
         ("Capgemini", "D\u00e9veloppeur web")),
        ("03/2020 \u2013 heute\nSenior Softwareentwickler\nBeispiel GmbH, Berlin",
         ("Beispiel GmbH", "Senior Softwareentwickler")),
        ("Desarrollador Backend en Telef\u00f3nica\nenero 2018 - actualidad",
         ("Telef\u00f3nica", "Desarrollador Backend")),
    ],
)  # fmt: skip
def test_work_entries_in_french_german_and_spanish(text, pair):
    assert _pairs(text) == [pair]


def test_education_entries():
    lines = ["MSc in Computer Science, Stanford University, 2015",
             "B.Sc. Mathematics \u2014 University of Texas \u2014 2009 - 2013"]  # fmt: skip
    assert education_entries(lines, today=TODAY) == [
        {"institution": "Stanford University", "studyType": "MSc", "area": "Computer Science",
         "endDate": "2015"},
        {"institution": "University of Texas", "studyType": "B.Sc.", "area": "Mathematics",
         "startDate": "2009", "endDate": "2013"},
    ]  # fmt: skip


def test_education_without_dates_groups_a_school_with_its_degree():
    lines = ["Universit\u00e9 Lyon 1", "Licence Informatique", "Abitur, Goethe-Gymnasium"]
    assert education_entries(lines, today=TODAY) == [
        {"institution": "Universit\u00e9 Lyon 1", "studyType": "Licence", "area": "Informatique"},
        {"institution": "Goethe-Gymnasium", "studyType": "Abitur"},
    ]


def test_overlapping_periods_count_once():
    work = [
        {"startDate": "2018-01", "endDate": "2019-12"},  # two years
        {"startDate": "2019-01", "endDate": "2020-12"},  # overlaps the first by a year
        {"startDate": "2022-01", "endDate": "2022-06"},  # half a year after a gap
    ]
    assert years_of_experience(work, today=TODAY) == 3.5


def test_a_period_inside_another_adds_nothing():
    work = [
        {"startDate": "2015", "endDate": "2020"},
        {"startDate": "2016-03", "endDate": "2017-02"},
    ]
    assert years_of_experience(work, today=TODAY) == 5.0


def test_an_open_period_runs_to_today():
    assert years_of_experience([{"startDate": "2023-06"}], today=TODAY) == 2.0


def test_no_dates_no_years():
    assert years_of_experience([{"name": "Acme"}], today=TODAY) is None
    assert years_of_experience([], today=TODAY) is None
