"""Candidate search on PostgreSQL: ranking, the query syntax, misspelled names, emails, and the
search vector kept current by every kind of write."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from recruit.candidates import search
from recruit.candidates.models import Candidate, CandidateDocument
from recruit.candidates.selectors import candidate_search
from recruit.candidates.services import (
    candidate_find_or_create,
    candidate_merge,
    candidate_search_refresh,
    candidate_tag_add,
)
from tests.factories import (
    CandidateDocumentFactory,
    CandidateEmailFactory,
    CandidateFactory,
    SkillFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def person(first="Alex", last="Example", **fields) -> Candidate:
    """A candidate who matches nothing by accident: plain title and company."""
    fields.setdefault("current_title", "Clerk")
    fields.setdefault("current_company", "Nowhere Ltd")
    fields.setdefault("location", "Lyon")
    return CandidateFactory(first_name=first, last_name=last, **fields)


def resume(candidate: Candidate, text: str) -> CandidateDocument:
    return CandidateDocumentFactory(candidate=candidate, kind="resume", text=text)


def found(user, query="", filters=None) -> list[Candidate]:
    return list(candidate_search(user=user, query=query, filters=filters))


def names(user, query="", filters=None) -> list[str]:
    return [c.full_name for c in found(user, query, filters)]


# Ranking


def test_a_name_match_outranks_a_resume_that_only_mentions_it(recruiter):
    mentioned = person("Bea", "Stone")
    resume(mentioned, "Worked with Grace Hopper on compilers. Hopper, Hopper and more Hopper.")
    person("Grace", "Hopper")
    assert names(recruiter, "hopper") == ["Grace Hopper", "Bea Stone"]


def test_a_title_match_outranks_a_company_match(recruiter):
    person("At", "Company", current_company="Kubernetes Experts Inc")
    person("In", "Title", current_title="Kubernetes administrator")
    assert names(recruiter, "kubernetes") == ["In Title", "At Company"]


def test_skills_outrank_company_and_resume_text(recruiter):
    in_resume = person("Only", "Resume")
    resume(in_resume, "I once read about Elixir in a magazine.")
    person("Only", "Company", current_company="Elixir Drinks")
    person("Has", "Skill", skills=[SkillFactory(name="Elixir")])
    assert names(recruiter, "elixir") == ["Has Skill", "Only Company", "Only Resume"]


def test_no_query_lists_everyone_newest_first(recruiter):
    first, second = person("First", "One"), person("Second", "Two")
    assert found(recruiter) == [second, first]


# Syntax: websearch_to_tsquery


def test_every_word_must_match_somewhere(recruiter):
    person("Grace", "Hopper", current_company="Navy")
    person("Grace", "Kelly", current_company="Monaco")
    assert names(recruiter, "grace navy") == ["Grace Hopper"]


def test_a_quoted_phrase_matches_the_words_together_only(recruiter):
    together = person("Together", "Words")
    resume(together, "Ten years of machine learning at scale.")
    apart = person("Apart", "Words")
    resume(apart, "Learning to fix a machine every day.")
    assert names(recruiter, '"machine learning"') == ["Together Words"]
    assert set(names(recruiter, "machine learning")) == {"Together Words", "Apart Words"}


def test_or_matches_either_word(recruiter):
    person("Py", "Dev", skills=[SkillFactory(name="Python")])
    person("Go", "Dev", skills=[SkillFactory(name="Golang")])
    person("Js", "Dev", skills=[SkillFactory(name="JavaScript")])
    assert set(names(recruiter, "python or golang")) == {"Py Dev", "Go Dev"}


def test_a_minus_leaves_a_word_out(recruiter):
    person("Java", "Backend", current_title="Backend engineer", skills=[SkillFactory(name="Java")])
    person("Rust", "Backend", current_title="Backend engineer")
    assert names(recruiter, "backend -java") == ["Rust Backend"]


def test_english_word_forms_match_in_resume_text(recruiter):
    led = person("Team", "Lead")
    resume(led, "Managed a team of engineers building payment systems.")
    assert names(recruiter, "manages teams") == ["Team Lead"]
    assert names(recruiter, "-managing") == []


def test_accents_do_not_matter_either_way(recruiter):
    person("José", "Müller")
    person("Francoise", "Dupont")
    assert names(recruiter, "jose muller") == ["José Müller"]
    assert names(recruiter, "Françoise") == ["Francoise Dupont"]


def test_names_that_are_common_words_are_not_dropped(recruiter):
    person("Will", "May", current_title="Go developer")
    assert names(recruiter, "will may") == ["Will May"]
    assert names(recruiter, "go") == ["Will May"]


def test_nonsense_syntax_does_not_fail(recruiter):
    person("Grace", "Hopper")
    for query in ['"', "-", "or", "((", "!!", "a & b | c", "'; drop table", ":*", "\\"]:
        found(recruiter, query)  # no exception; websearch_to_tsquery never raises


# Misspelled names (pg_trgm)


def test_a_misspelled_name_still_finds_the_person(recruiter):
    person("John", "Smith")
    person("Maria", "Garcia")
    assert names(recruiter, "Jonh Smith") == ["John Smith"]
    assert names(recruiter, "garcai") == []  # too far off: word similarity under 0.6
    assert names(recruiter, "Mara Garcia") == ["Maria Garcia"]


def test_the_exact_name_comes_before_a_near_one(recruiter):
    person("Jon", "Smith")
    person("John", "Smith")
    assert names(recruiter, "john smith") == ["John Smith", "Jon Smith"]


# Emails


def test_a_whole_email_finds_its_person_exactly(recruiter):
    ana = person("Ana", "Lopez", email="ana@example.com")
    person("Ana", "Other", email="ana.other@example.com")
    other = person("Someone", "Else", email="se@example.org")
    CandidateEmailFactory(candidate=other, email="ana+jobs@example.net")
    assert found(recruiter, "ana@example.com") == [ana]
    assert found(recruiter, "ANA+jobs@Example.net") == [other]


# Keeping the vector current


def test_the_vector_follows_a_save(recruiter):
    candidate = person("Old", "Name")
    candidate.last_name = "Lovelace"
    candidate.save()
    assert names(recruiter, "lovelace") == ["Old Lovelace"]
    candidate.current_title = "Astronomer"
    candidate.save(update_fields=["current_title"])
    assert names(recruiter, "astronomer") == ["Old Lovelace"]


def test_the_vector_follows_the_services(recruiter):
    created, _ = candidate_find_or_create(email="ada@example.org", first_name="Ada")
    assert found(recruiter, "ada") == [created]
    candidate_find_or_create(email="ada@example.org", current_title="Countess")
    assert found(recruiter, "countess") == [created]
    candidate_tag_add(candidates=[created], name="silver-medalist")
    assert found(recruiter, "silver-medalist") == [created]


def test_the_vector_follows_skills_and_tags_from_either_side(recruiter):
    candidate = person("Sam", "Skills")
    skill, tag = SkillFactory(name="Fortran"), TagFactory(name="relocation")
    candidate.skills.add(skill)
    assert names(recruiter, "fortran") == ["Sam Skills"]
    candidate.skills.remove(skill)
    assert names(recruiter, "fortran") == []
    tag.candidates.add(candidate)
    assert names(recruiter, "relocation") == ["Sam Skills"]
    tag.candidates.clear()
    assert names(recruiter, "relocation") == []
    candidate.skills.add(skill)
    skill.name = "Cobol"
    skill.save()
    assert names(recruiter, "cobol") == ["Sam Skills"]
    skill.delete()
    assert names(recruiter, "cobol") == []


def test_the_vector_follows_a_resume_text_change(recruiter):
    candidate = person("Rae", "Parsed")
    document = CandidateDocumentFactory(candidate=candidate, kind="resume", text="")
    assert names(recruiter, "haskell") == []
    document.text = "Functional programming in Haskell."
    document.parse_status = CandidateDocument.ParseStatus.PARSED
    document.save(update_fields=["text", "parse_status"])
    assert names(recruiter, "haskell") == ["Rae Parsed"]
    document.delete()
    assert names(recruiter, "haskell") == []


def test_a_cover_letter_is_not_resume_text(recruiter):
    candidate = person("Cora", "Letter")
    CandidateDocumentFactory(candidate=candidate, kind="cover_letter", text="I love Haskell.")
    assert names(recruiter, "haskell") == []


def test_the_vector_follows_further_emails(recruiter):
    candidate = person("Eve", "Mails")
    email = CandidateEmailFactory(candidate=candidate, email="eve@old.example")
    assert found(recruiter, "eve@old.example") == [candidate]
    email.delete()
    assert found(recruiter, "eve@old.example") == []


def test_a_merge_brings_the_duplicates_resume_and_emails_into_the_search(recruiter):
    survivor = person("Kept", "Record", email="kept@example.org")
    duplicate = person("Dup", "Record", email="dup@example.org")
    resume(duplicate, "Erlang and OTP for telecom switches.")
    candidate_merge(survivor=survivor, duplicate=duplicate, actor=recruiter)
    assert found(recruiter, "erlang") == [survivor]
    assert found(recruiter, "dup@example.org") == [survivor]


def test_refresh_recomputes_many_candidates_in_one_query(recruiter, django_assert_num_queries):
    people = [person(f"P{n}", "Bulk") for n in range(5)]
    ids = [p.pk for p in people]
    Candidate.objects.filter(pk__in=ids).update(current_title="Cartographer")  # no signal
    assert names(recruiter, "cartographer") == []
    with django_assert_num_queries(1):
        candidate_search_refresh(candidate_ids=ids)
    assert len(names(recruiter, "cartographer")) == 5


def test_a_very_long_resume_is_indexed_up_to_the_cap(recruiter):
    candidate = person("Long", "Resume")
    filler = "lorem " * 30_000  # 180,000 characters
    resume(candidate, "Kotlin at the start. " + filler + " Scala at the end.")
    assert names(recruiter, "kotlin") == ["Long Resume"]
    assert names(recruiter, "scala") == []


# Broad searches: too many matches to rank


@pytest.fixture
def small_limits(monkeypatch):
    """A limit of a few rows, so that a handful of people make a broad search."""
    monkeypatch.setattr(search, "RANK_LIMIT", 3)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE candidates_candidate")


def test_a_broad_search_lists_newest_first_with_the_planners_count(recruiter, small_limits):
    person("Best", "Match", current_title="Python developer")
    for n in range(5):
        resume(person(f"Mention{n}", "Resume"), "Some Python scripts.")
    analyze()
    results = candidate_search(user=recruiter, query="python")
    assert results.broad and not results.ranked
    assert [c.first_name for c in results][:2] == ["Mention4", "Mention3"]
    assert results.count_is_estimate and results.count() == results.known_count > 3


def test_a_search_the_planner_thought_narrow_is_counted_only_past_the_limit(
    login, recruiter, small_limits
):
    for n in range(6):
        person(f"Other{n}", "Person")
    analyze()  # the statistics know of no "python": the planner expects next to nobody
    for n in range(5):
        person(f"Dev{n}", "Python", current_title="Python developer")
    results = candidate_search(user=recruiter, query="python")
    assert results.broad and results.count_is_minimum
    assert results.count() == 4  # counted to the limit of 3, and one more
    html = login(recruiter).get("/candidates/", {"q": "python"}).content.decode()
    assert "More than 3 candidates matching" in html


def test_a_narrow_search_among_a_broad_table_is_ranked_and_counted(recruiter, small_limits):
    for n in range(6):
        resume(person(f"Mention{n}", "Resume"), "Some Python scripts.")
    person("Only", "Haskeller", current_title="Haskell developer")
    analyze()
    results = candidate_search(user=recruiter, query="haskell")
    assert results.ranked and not results.count_is_estimate
    assert results.count() == 1


def test_the_page_says_when_a_search_is_too_broad_to_rank(login, recruiter, small_limits):
    for n in range(6):
        person(f"Dev{n}", "Python", current_title="Python developer")
    analyze()
    html = login(recruiter).get("/candidates/", {"q": "python"}).content.decode()
    assert "too many to rank, so the newest come first" in html
    assert "About " in html


# The pieces


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("python django", [(False, ["python"]), (False, ["django"])]),
        ('"machine learning" -java', [(False, ["machine learning"]), (True, ["java"])]),
        ("react or vue or angular", [(False, ["react", "vue", "angular"])]),
        ('-"project manager" x', [(True, ["project manager"]), (False, ["x"])]),
        ("or python", [(False, ["or"]), (False, ["python"])]),
    ],
)
def test_the_sqlite_fallback_reads_the_same_syntax(query, terms):
    assert search.parse_terms(query) == terms


def test_highlight_escapes_everything_but_the_marks():
    start, end = search.MARK_START, search.MARK_END
    assert (
        search.highlight(f"<b>{start}Py&thon{end}</b>")
        == "&lt;b&gt;<mark>Py&amp;thon</mark>&lt;/b&gt;"
    )
    assert search.highlight("no match <i>") == ""
    assert search.highlight(f"{start}unclosed <x>") == "unclosed &lt;x&gt;"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("John Smith", True), ("O'Brien", True), ("Jean-Luc", True), ("python or go", False),
     ('"john smith"', False), ("-java", False), ("ana@example.com", False), ("R2D2", False),
     ("Al", False)],
)  # fmt: skip
def test_what_looks_like_a_name(query, expected):
    assert search.looks_like_name(query) is expected


def test_the_search_refresh_command_recomputes_every_vector(recruiter):
    people = [person(f"P{n}", "Command") for n in range(3)]
    Candidate.objects.update(current_company="Vandelay Industries")  # no signal
    assert names(recruiter, "vandelay") == []
    out = io.StringIO()
    call_command("search_refresh", "--batch", "2", stdout=out)
    assert "Refreshed 3 candidates" in out.getvalue()
    assert len(names(recruiter, "vandelay")) == len(people)
