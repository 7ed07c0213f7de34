"""Contact details from the top of a resume: email, addresses and profiles, phone, name."""

from datetime import date

import pytest

from recruit.candidates.parsing.fields import extract_fields
from recruit.candidates.parsing.skills import SkillEntry, SkillMatcher

MATCHER = SkillMatcher.from_entries([SkillEntry("Python"), SkillEntry("SQL")])
TODAY = date(2025, 6, 15)


def _basics(text: str, region: str = "US") -> dict:
    return extract_fields(text, skills=MATCHER, region=region, today=TODAY)["basics"]


def _confidence(text: str, field: str, region: str = "US") -> float:
    result = extract_fields(text, skills=MATCHER, region=region, today=TODAY)
    return result["meta"]["confidence"][field]


def test_email_in_the_header_is_sure():
    text = "Jane Doe\nEmail: jane.doe+cv@example.co.uk\n\nExperience\nAcme, Engineer, 2019-2021"
    assert _basics(text)["email"] == "jane.doe+cv@example.co.uk"
    assert _confidence(text, "basics.email") >= 0.98


def test_profiles_and_personal_site_from_addresses():
    text = ("Jane Doe\nhttps://www.linkedin.com/in/jane-doe-123/ | github.com/janedoe | "
            "gitlab.com/jd | twitter.com/jdoe | https://stackoverflow.com/users/42/jane-doe\n"
            "janedoe.dev \u00b7 behance.net/jdoe \u00b7 dribbble.com/jdoe\n"
            "jane@janedoe.dev")  # fmt: skip
    basics = _basics(text)
    profiles = {p["network"]: p.get("username") for p in basics["profiles"]}
    assert profiles == {"LinkedIn": "jane-doe-123", "GitHub": "janedoe", "GitLab": "jd",
                        "Twitter": "jdoe", "Stack Overflow": "jane-doe", "Behance": "jdoe",
                        "Dribbble": "jdoe"}  # fmt: skip
    assert basics["url"] == "https://janedoe.dev"


def test_a_labelled_handle_is_a_profile():
    basics = _basics("Jane Doe\nGitHub: janedoe\njane@example.org")
    assert basics["profiles"] == [
        {"network": "GitHub", "url": "https://github.com/janedoe", "username": "janedoe"}
    ]


@pytest.mark.parametrize(
    ("line", "region", "e164"),
    [
        ("(415) 555-2671", "US", "+14155552671"),
        ("+1 415.555.2671", "DE", "+14155552671"),
        ("Tel.: +49 (0) 151 2345 6789", "US", "+4915123456789"),
        ("Mobil: 0151 23456789", "DE", "+4915123456789"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("+34 612 345 678", "ES", "+34612345678"),
    ],
)
def test_phones_in_e164(line, region, e164):
    assert _basics(f"Jane Doe\n{line}\njane@example.org", region)["phone"] == e164


def test_a_date_range_or_a_postcode_is_not_a_phone():
    text = ("Jane Doe\n1600 Amphitheatre Parkway, Mountain View, CA 94043\n\nExperience\n"
            "Engineer, Acme 03/2018 - 06/2020\nEngineer, Globex 2015 - 2018")  # fmt: skip
    assert "phone" not in _basics(text)


def test_the_header_phone_is_preferred_to_one_in_the_body():
    text = ("Jane Doe\njane@example.org\n+1 212 555 0142\n\nExperience\n"
            "Support Engineer, Acme (hotline (415) 555-2671), 2019 - 2021")  # fmt: skip
    assert _basics(text)["phone"] == "+12125550142"
    assert _confidence(text, "basics.phone") > 0.9


def test_a_phone_found_only_in_the_body_is_less_sure():
    text = "Jane Doe\njane@example.org\n\nExperience\nCall (415) 555-2671 for references"
    assert _basics(text)["phone"] == "+14155552671"
    assert _confidence(text, "basics.phone") < 0.9


def test_a_national_number_is_read_with_the_resume_languages_region_too():
    text = (
        "Max Mustermann\nTelefon: 0151 23456789\nmax@example.de\n\nBerufserfahrung\n"
        "Entwickler bei der Beispiel GmbH und der Muster AG"
    )
    assert _basics(text, "US")["phone"] == "+4915123456789"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jane Doe\njane@example.org", "Jane Doe"),
        ("JANE DOE\njane@example.org", "Jane Doe"),
        ("Curriculum Vitae\nJane Doe\njane@example.org", "Jane Doe"),
        (
            "RESUME\n\nJOS\u00c9 GARC\u00cdA L\u00d3PEZ\njose@example.es",
            "Jos\u00e9 Garc\u00eda L\u00f3pez",
        ),
        ("Lebenslauf\nMax Mustermann", "Max Mustermann"),
        ("CV\nMarie-Claire O'Neil", "Marie-Claire O'Neil"),
        ("Jane Doe | Data Engineer | jane@example.org", "Jane Doe"),
        ("Senior Data Engineer\nJane Doe\njane@example.org", "Jane Doe"),
        ("JANE\nDOE\njane@example.org", "Jane Doe"),
        ("jane@example.org | (415) 555-2671\nLudwig van Beethoven", "Ludwig van Beethoven"),
        ("Name: Max Mustermann\nGeburtsdatum: 01.01.1990", "Max Mustermann"),
        ("San Francisco, CA\nJane Doe", "Jane Doe"),
        ("Prof. Dr. Anna Schmidt\nanna@example.de", "Anna Schmidt"),
        (
            "Lebenslauf\nPers\u00f6nliche Daten\nName\tMax Mustermann\nAnschrift\tHauptstr. 1",
            "Max Mustermann",
        ),
    ],
)
def test_the_name(text, name):
    assert _basics(text + "\n\nExperience\nEngineer, Acme, 2019 - 2021")["name"] == name


def test_a_name_on_the_first_line_is_surer_than_one_found_further_down():
    first = _confidence("Jane Doe\njane@example.org", "basics.name")
    further = _confidence("Some intro text here\nAnother line of text\nThird line here\n"
                          "Jane Doe\njane@example.org", "basics.name")  # fmt: skip
    assert first >= 0.9 > further


def test_a_name_guessed_from_the_email_is_unsure():
    text = "jane.doe@example.org\n\nExperience\nEngineer at Acme, 2019 - 2021"
    assert _basics(text)["name"] == "Jane Doe"
    assert _confidence(text, "basics.name") <= 0.5


def test_location_from_the_header():
    assert _basics("Jane Doe\nAustin, TX 78701")["location"] == {
        "city": "Austin", "region": "TX", "countryCode": "US"}  # fmt: skip
    assert _basics("Marie Dupont\nLyon, France")["location"] == {
        "city": "Lyon", "countryCode": "FR"}  # fmt: skip


def test_an_address_glued_to_the_word_before_it_is_not_taken():
    # Text runs joined without a space, with the address also standing alone further down.
    text = "Jane Doe\nMarketing Managerjane@example.org+1 646 555 0181\njane@example.org"
    assert _basics(text)["email"] == "jane@example.org"
