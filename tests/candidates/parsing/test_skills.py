"""The skills taxonomy and its matcher: plain functions, no database."""

import csv
from collections import Counter

import pytest

from recruit.candidates.parsing.skills import (
    SHIPPED_CSV,
    SkillEntry,
    SkillMatcher,
    shipped_matcher,
    shipped_taxonomy,
)


@pytest.fixture(scope="module")
def shipped() -> SkillMatcher:
    return shipped_matcher()


def small(*entries: SkillEntry) -> SkillMatcher:
    return SkillMatcher.from_entries(entries)


# Aliases that real resumes use, resolved to the canonical names.


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("JS", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("K8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("golang", "Go"),
        ("ReactJS", "React"),
        ("React.js", "React"),
        ("NodeJS", "Node.js"),
        ("AWS", "Amazon Web Services"),
        ("GCP", "Google Cloud Platform"),
        ("Azure", "Microsoft Azure"),
        ("sklearn", "scikit-learn"),
        ("Excel", "Microsoft Excel"),
        ("MS Word", "Microsoft Word"),
    ],
)
def test_shipped_aliases_resolve_to_canonical_names(shipped, written, canonical):
    assert shipped.canonical(written) == canonical
    assert shipped.find(f"Skills: {written}, Linux") == [canonical, "Linux"]


@pytest.mark.parametrize(
    "name", ["JavaScript", "C++", "C#", ".NET", "Node.js", "CI/CD", "ASP.NET Core", "scikit-learn"]
)
def test_punctuation_bearing_names_are_found_as_written(shipped, name):
    assert shipped.find(f"Worked with {name} daily.") == [name]


def test_canonical_is_case_insensitive_for_names_and_plain_aliases(shipped):
    assert shipped.canonical("JAVASCRIPT") == "JavaScript"
    assert shipped.canonical("  postgresql ") == "PostgreSQL"
    assert shipped.canonical("KUBERNETES") == "Kubernetes"
    assert shipped.canonical("go") == "Go"  # the canonical name itself, in any case


def test_canonical_returns_none_for_unknown_names(shipped):
    assert shipped.canonical("Underwater basket weaving") is None
    assert shipped.canonical("") is None


# Token boundaries.


def test_a_name_inside_a_longer_word_is_not_found():
    matcher = small(
        SkillEntry("Java"),
        SkillEntry("JavaScript"),
        SkillEntry("React"),
        SkillEntry("C", ("~C",)),
        SkillEntry("CSS"),
    )
    assert matcher.find("JavaScript and Reactive streams, CSS") == ["JavaScript", "CSS"]
    assert matcher.find("Pythonic Java") == ["Java"]


def test_a_name_glued_to_a_dot_or_plus_is_not_found():
    matcher = small(SkillEntry("C", ("~C",)), SkillEntry(".NET"), SkillEntry("Python"))
    # "C" is not in "C+" and ".NET" is not taken out of "ASP.NET"; "python.org" is a domain.
    assert matcher.find("ASP.NET, C+ grade, python.org") == []


def test_addresses_do_not_yield_skills(shipped):
    text = "github.com/someone/react-app https://kubernetes.io ada@python.org"
    assert shipped.find(text) == []


def test_versions_and_suffixes_that_people_write_are_found(shipped):
    assert shipped.find("Python3, HTML5 and CSS3, C++17") == ["Python", "HTML", "CSS", "C++"]


def test_hyphenated_compounds_keep_their_skill(shipped):
    assert shipped.find("Built Python-based tooling") == ["Python"]


# Longest match.


def test_longest_form_wins_over_its_prefix():
    matcher = small(
        SkillEntry("Google"),
        SkillEntry("Google Cloud Platform", ("GCP",)),
        SkillEntry("Spring Framework", ("~Spring",)),
        SkillEntry("Spring Boot"),
    )
    assert matcher.find("Google Cloud Platform; Spring Boot") == [
        "Google Cloud Platform",
        "Spring Boot",
    ]
    assert matcher.find("Java, Spring, Google") == ["Spring Framework", "Google"]


def test_spaces_hyphens_and_line_breaks_inside_a_name_are_interchangeable(shipped):
    assert shipped.find("scikit learn") == ["scikit-learn"]
    assert shipped.find("Google Cloud\nPlatform") == ["Google Cloud Platform"]


# Short and ambiguous names.


def test_list_only_names_match_in_lists_and_not_in_prose(shipped):
    assert shipped.find("Go, Python") == ["Go", "Python"]
    assert shipped.find("Languages: C, R") == ["C", "R"]
    assert shipped.find("Services written in Go.") == ["Go"]
    assert shipped.find("Go developer") == ["Go"]
    assert shipped.find("Led the Go-to-market plan") == ["Go-to-market strategy"]
    assert shipped.find("I like to go hiking") == []
    assert shipped.find("Let's Go team") == []
    assert shipped.find("C-level executives, vitamin C, R-squared") == []


def test_case_sensitive_names_ignore_other_cases(shipped):
    assert shipped.find("able to react quickly and excel at it") == []
    assert shipped.find("React, Excel") == ["React", "Microsoft Excel"]
    assert shipped.find("5 ml every day") == []
    assert shipped.find("ML engineer") == ["Machine learning"]


def test_canonical_resolves_marked_aliases_only_as_written(shipped):
    assert shipped.canonical("Word") == "Microsoft Word"
    assert shipped.canonical("word") is None
    assert shipped.canonical("Excel") == "Microsoft Excel"
    assert shipped.canonical("excel") is None


def test_marked_forms_are_told_apart_by_case(shipped):
    assert shipped.find("SOC analyst, SoC design") == ["Security operations", "SoC design"]
    assert shipped.canonical("SOC") == "Security operations"
    assert shipped.canonical("SoC") == "SoC design"


def test_markers_on_small_taxonomies():
    matcher = small(
        SkillEntry("Go", ("~Go", "golang")),
        SkillEntry("Microsoft Excel", ("!Excel",)),
    )
    assert matcher.find("Excel; excel; golang; go; Go; Go-getter") == ["Microsoft Excel", "Go"]
    assert matcher.find("Go-getter") == []


def test_short_capital_aliases_are_acronyms_matched_in_capitals_only():
    matcher = small(SkillEntry("Virtual reality", ("VR",)), SkillEntry("Machine learning", ("ML",)))
    assert matcher.find("VR and ML") == ["Virtual reality", "Machine learning"]
    assert matcher.find("févr. 2016, 5 ml twice a day") == []
    assert matcher.canonical("vr") == "Virtual reality"  # canonical() still takes any case


def test_column_gaps_of_a_layout_count_as_list_boundaries():
    matcher = small(SkillEntry("Jenkins", ("~Jenkins",)), SkillEntry("Selenium"))
    assert matcher.find("Jenkins        Selenium and Java suites") == ["Jenkins", "Selenium"]
    assert matcher.find("Sarah Jenkins joined in 2019") == []


# Unicode.


def test_accents_are_ignored_and_unicode_does_not_break_matching():
    matcher = small(SkillEntry("Gestión de proyectos"), SkillEntry("Python"))
    assert matcher.find("Gestion de proyectos, Python") == ["Gestión de proyectos", "Python"]
    assert matcher.find("GESTIÓN DE PROYECTOS") == ["Gestión de proyectos"]
    assert matcher.canonical("gestion de proyectos") == "Gestión de proyectos"
    assert matcher.find("熟悉 Python • ﬁnance ✓ Ünïcödé 🙂") == ["Python"]


def test_pdf_ligatures_are_unfolded():
    matcher = small(SkillEntry("Financial modeling"))
    assert matcher.find("Financial modeling") == ["Financial modeling"]
    assert matcher.find("\ufb01nancial modeling") == ["Financial modeling"]


# Order and uniqueness.


def test_found_skills_are_unique_in_first_seen_order():
    matcher = small(SkillEntry("Python"), SkillEntry("Docker"), SkillEntry("Kubernetes", ("k8s",)))
    text = "k8s and Docker. Later Python, then Kubernetes and Docker again."
    assert matcher.find(text) == ["Kubernetes", "Docker", "Python"]


def test_empty_text_and_empty_taxonomy_find_nothing():
    assert small().find("Python") == []
    assert small(SkillEntry("Python")).find("") == []


# Merging and collisions.


def test_duplicate_names_merge_and_later_aliases_are_added():
    matcher = small(
        SkillEntry("PostgreSQL", ("Postgres",), "database"),
        SkillEntry("postgresql", ("pg",), "admin-added"),
    )
    assert len(matcher) == 1
    assert matcher.canonical("pg") == "PostgreSQL"
    assert matcher.canonical("Postgres") == "PostgreSQL"
    assert matcher.category("pg") == "database"  # the first entry's category stays
    assert matcher.find("pg, Postgres") == ["PostgreSQL"]


def test_an_alias_that_is_another_skills_name_is_ignored():
    matcher = small(SkillEntry("Java", ("Kotlin",)), SkillEntry("Kotlin"))
    assert matcher.canonical("Kotlin") == "Kotlin"
    assert matcher.find("Kotlin") == ["Kotlin"]


def test_an_alias_claimed_twice_stays_with_its_first_skill():
    matcher = small(SkillEntry("Terraform", ("TF",)), SkillEntry("TensorFlow", ("TF",)))
    assert matcher.canonical("TF") == "Terraform"
    assert matcher.find("TF") == ["Terraform"]


def test_a_marked_name_does_not_match_in_other_cases_even_when_merged():
    matcher = small(SkillEntry("Go"), SkillEntry("Go", ("~Go",)))
    assert matcher.find("go, Go") == ["Go"]
    assert matcher.find("go") == []


def test_category_of_a_skill(shipped):
    assert shipped.category("k8s") == "devops"
    assert shipped.category("Python") == "programming_language"
    assert shipped.category("nothing like this") == ""


# The shipped data file.


def test_shipped_taxonomy_loads_and_is_large():
    entries = shipped_taxonomy()
    assert len(entries) >= 3000
    assert all(isinstance(e, SkillEntry) and e.name and e.category for e in entries)
    assert shipped_taxonomy() == entries


def test_shipped_names_are_unique_in_any_case():
    names = Counter(e.name.casefold() for e in shipped_taxonomy())
    assert [name for name, count in names.items() if count > 1] == []


def test_no_shipped_alias_belongs_to_two_skills(shipped):
    entries = shipped_taxonomy()
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for alias in entry.aliases:
            owners.setdefault(alias, set()).add(entry.name)
    shared = {alias: names for alias, names in owners.items() if len(names) > 1}
    assert shared == {}
    # Every alias survived the collision rules: it resolves to its own skill.
    lost = [
        (alias, entry.name)
        for entry in entries
        for alias in entry.aliases
        if shipped.canonical(alias.lstrip("!~")) != entry.name
    ]
    assert lost == []


def test_every_shipped_name_is_found_in_a_list(shipped):
    missed = [
        entry.name
        for entry in shipped_taxonomy()
        if entry.name not in shipped.find(f"Skills: {entry.name}, ")
    ]
    assert missed == []


def test_shipped_file_is_sorted_utf8_csv_with_a_header():
    with SHIPPED_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["name", "category", "aliases"]
    names = [row[0] for row in rows[1:]]
    assert names == sorted(names, key=lambda n: (n.lower(), n))
    assert all(len(row) == 3 for row in rows)


def test_shipped_sizes_are_sane(shipped):
    entries = shipped_taxonomy()
    categories = Counter(e.category for e in entries)
    assert len(categories) >= 20
    assert max(categories.values()) < len(entries) / 4  # no category is padding the file
    assert len(shipped) == len(entries)
    aliases = sum(len(e.aliases) for e in entries)
    assert len(entries) <= aliases <= 6 * len(entries)
