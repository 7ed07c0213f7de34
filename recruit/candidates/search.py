"""Candidate search: the query building behind selectors.candidate_search.

On PostgreSQL each candidate has a stored, GIN-indexed `search_vector`, weighted

    A  first and last name, current title, emails (primary and further)
    B  skills (the Skill rows' names) and tags
    C  current company and location
    D  summary and resume text (the resume documents' `text`, newest first, capped)

matched with websearch_to_tsquery (quoted phrases, OR, -exclusion) and ranked with ts_rank
(weights 1.0 / 0.4 / 0.2 / 0.1, so a name or title match always outranks a resume-only one). A
trigram index on the upper-cased full name (pg_trgm) finds misspelled names ("Jonh Smith"), and a
whole email address finds its person exactly. A search matching more than RANK_LIMIT people
("python" in 80,000 resumes) is shown newest first with an estimated count, since ranking or
counting that many costs far more than the page (see _postgresql_search and SearchResults). On
SQLite, the embedded default, the same function falls back to icontains over the same fields,
newest first.

Why one text search configuration, `recruit_search` (migration 0004), for documents and queries:
the simple parser, unaccent, then the English Snowball stemmer with no stop words.
- Names and skills in English, French, German and Spanish: no stop-word list drops "Will", "May",
  "Van", "De", "Go" or "C"; unaccent makes "Muller", "Jose" and "Francoise" find "Müller", "José"
  and "Françoise" (and the other way round).
- Resume text, mostly English: stemming makes "managed teams" find "manages a team". Stemming a
  name is harmless because the query is stemmed the same way ("Jones" is 'jone' on both sides);
  a French or German word is at worst left alone or cut consistently on both sides.
- One configuration keeps phrases and -exclusion exact. Mixing 'simple' for names with 'english'
  for resume text needs the query parsed twice and OR'ed, and then "-managers" excludes nobody
  whose resume says "managers" (the 'simple' half never sees the stemmed 'manag').

The vector is kept current by services.candidate_search_refresh (see there why not a trigger).
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection, connections, transaction
from django.db.models import BooleanField, Case, F, Func, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat, Lower, Substr
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recruit.candidates.models import (
    Candidate,
    CandidateDocument,
    CandidateEmail,
    Skill,
    Tag,
    search_name,
)

SEARCH_CONFIG = "recruit_search"
MAX_QUERY_LENGTH = 200
# Resume text beyond this is not indexed (a 40-page CV is ~100k characters); nor is a summary
# beyond SUMMARY_LIMIT.
RESUME_TEXT_LIMIT = 100_000
SUMMARY_LIMIT = 10_000
# ts_headline parses all the text it is given (0.1 ms a KB): snippets show the first pages.
HEADLINE_TEXT_LIMIT = 8_000
# When names are matched by trigrams, each result adds the typed name's word similarity to its
# name (0 to 1) to the text rank (at most about 1 for a name or title match): the name spelled
# as typed comes first, the closest misspellings next, resume mentions last.
TRIGRAM_WEIGHT = 1.0
NAME_SIMILARITY_MIN = 0.5
# Names are also matched by trigrams when the words match fewer people than this exactly
# (a misspelled name matches nobody).
TRIGRAM_BELOW = 5
# A search matching more candidates than this is shown newest first, not ranked, and not
# counted beyond it (see _postgresql_search). Ranking 1,000 costs about 10 ms.
RANK_LIMIT = 1_000
EMAIL_MATCH_RANK = 10.0

# Private-use characters that never occur in text: ts_headline marks matches with them, the
# text is HTML-escaped, then they become <mark> tags (user content stays data).
MARK_START, MARK_END = "\ue000", "\ue001"
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")
_EMAIL = re.compile(r"^[^@\s\"]+@[^@\s\"]+\.[^@\s\"]+$")
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019.-])*$")  # O'Brien, Jean-Luc, J.


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- Filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFilters:
    """What the list narrows to, besides the words. Skills and tags are given by id (int) or
    name (str); skill names are read through the taxonomy ("k8s" is Kubernetes)."""

    skills_all: tuple[int | str, ...] = ()
    skills_any: tuple[int | str, ...] = ()
    location: str = ""
    experience_min: Decimal | None = None
    experience_max: Decimal | None = None
    tags: tuple[int | str, ...] = ()  # all of them
    source: int | None = None  # a Source id
    # Values of the filters apps above this one register (ats: job, stage, applicants or
    # prospects), by form field name.
    extra: Mapping[str, Any] = field(default_factory=dict)


# Filters about things this layer does not know (jobs, stages, applications) come from the apps
# that do, like the merge fields of recruit.messaging: ats registers a group in its ready().
FieldsFactory = Callable[[Any], dict[str, Any]]  # user -> {name: forms.Field}
Condition = Callable[[Mapping[str, Any], Any], Q | None]  # (values, user) -> Q on Candidate


@dataclass(frozen=True)
class FilterGroup:
    name: str
    fields: FieldsFactory
    condition: Condition


_filter_groups: dict[str, FilterGroup] = {}


def register_candidate_filter(name: str, *, fields: FieldsFactory, condition: Condition) -> None:
    """Add filters to candidate search: `fields(user)` gives the form fields (their choices
    scoped to what the user sees), `condition(values, user)` the Q on Candidate for the cleaned
    values of those fields (all of them, so related filters combine in one subquery), or None
    when nothing is asked. Registering a name again replaces it."""
    _filter_groups[name] = FilterGroup(name, fields, condition)


def filter_groups() -> list[FilterGroup]:
    return list(_filter_groups.values())


def among(ids: QuerySet) -> Q:
    """Q: the candidate's id is one of `ids` (a query of candidate ids), for filters whose
    `ids` are a few thousand at most (a job's applicants).

    On PostgreSQL as `id = ANY(ARRAY(subquery))`: the list is read once and checked as each
    row is read, before `@@` reads the row's vector; `id IN (subquery)` would become a join
    that PostgreSQL checks after `@@`, reading the vectors of every newest candidate it walks
    past rather than of those in the list."""
    if not is_postgresql():
        return Q(pk__in=ids)
    return Q(_InArray(F("pk"), Subquery(ids)))


class _InArray(Func):
    """`column = ANY(ARRAY(subquery))`, a condition."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{column[0]} = ANY(ARRAY{subquery[0]})", (*column[1], *subquery[1])


def filter_candidates(candidates: QuerySet, filters: CandidateFilters, *, user) -> "SearchResults":
    """Narrow `candidates` by `filters`, each a condition (often a subquery) of the one SQL
    query. Skills and tags named are first looked up (a query each), so that the planner
    sees their ids and estimates how many people have them from its statistics."""
    before = as_results(candidates)
    candidates = before
    for wanted in _label_ids(Skill, filters.skills_all, canonical=True):
        candidates = candidates.filter(pk__in=_holders(Candidate.skills.through, wanted))
    if filters.skills_any:
        wanted = set().union(*_label_ids(Skill, filters.skills_any, canonical=True))
        candidates = candidates.filter(pk__in=_holders(Candidate.skills.through, wanted))
    for wanted in _label_ids(Tag, filters.tags):
        candidates = candidates.filter(pk__in=_holders(Candidate.tags.through, wanted))
    if filters.location.strip():
        candidates = candidates.filter(location__icontains=filters.location.strip())
    if filters.experience_min is not None:
        candidates = candidates.filter(years_experience__gte=filters.experience_min)
    if filters.experience_max is not None:
        candidates = candidates.filter(years_experience__lte=filters.experience_max)
    if filters.source is not None:
        candidates = candidates.filter(source_id=filters.source)
    for group in filter_groups():
        condition = group.condition(filters.extra, user)
        if condition is not None:
            candidates = candidates.filter(condition)
    candidates.tuned = candidates is not before  # some filter applies
    return candidates


def _label_ids(model, refs: Iterable[int | str], *, canonical: bool = False) -> list[set[int]]:
    """For each of `refs` (an id, or a name in any case), the ids of the Skill or Tag rows it
    means; an unknown name means none. Skill names go through the shipped taxonomy too
    ("k8s" is Kubernetes, "postgres" PostgreSQL)."""
    refs = [ref for ref in refs if str(ref).strip()]
    if not refs:
        return []
    forms = {ref: _forms(ref, canonical) for ref in refs if not _is_id(ref)}
    wanted = set().union(*forms.values())
    found: dict[str, int] = {}
    if wanted:
        rows = model.objects.alias(lower_name=Lower("name")).filter(lower_name__in=wanted)
        found = {name.lower(): pk for pk, name in rows.values_list("pk", "name")}
    return [
        {int(ref)} if _is_id(ref) else {found[f] for f in forms[ref] if f in found} for ref in refs
    ]


def _is_id(ref: int | str) -> bool:
    return isinstance(ref, int) or str(ref).strip().isdigit()


def _forms(name: int | str, canonical: bool) -> set[str]:
    name = " ".join(str(name).split())
    forms = {name.lower()}
    if canonical:
        from recruit.candidates.parsing.skills import shipped_matcher

        forms.add((shipped_matcher().canonical(name) or name).lower())
    return forms


def _holders(through, label_ids: set[int]) -> QuerySet:
    """The ids of the candidates holding any of these skills or tags."""
    field = "skill_id" if through is Candidate.skills.through else "tag_id"
    return through.objects.filter(**{f"{field}__in": sorted(label_ids)}).values("candidate_id")


# --- Words --------------------------------------------------------------------------------


def clean_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def looks_like_email(query: str) -> bool:
    return bool(_EMAIL.match(query))


def looks_like_name(query: str) -> bool:
    """Plain words that could be a name ("jonh smith"): worth a trigram match. Not phrases,
    exclusions, OR, emails or numbers, which are the full-text syntax's business."""
    words = query.split()
    return (
        0 < len(words) <= 4
        and len(query) >= 3
        and all(_NAME_WORD.match(word) for word in words)
        and not any(word.lower() == "or" for word in words)
    )


class SearchResults(QuerySet):
    """The candidates a search found: a QuerySet that also says how it is ordered and, when
    the search already knows it, how many there are.

    `ranked`: best match first (False: no words, the SQLite fallback, or a `broad` search:
    too many matches to rank, shown newest first).
    `known_count`: what count() answers without a query: the exact number the search counted,
    or for a broad search the planner's estimate (`count_is_estimate`), or RANK_LIMIT + 1 when
    it counted that far and stopped (`count_is_minimum`); counting 80,000 matches costs more
    than showing the page. Narrowing the results further (.filter) would make it wrong:
    narrow with CandidateFilters, before the search.

    A search (words or filters) runs its queries with sequential scans, JIT and parallel
    workers off, for their own transaction only. PostgreSQL's planner does not know that
    `search_vector @@ query` reads each row's vector out of line (TOAST, ~6 µs a row): for a
    common word it would scan the table and read all 200,000 vectors (0.6 s) rather than use
    the GIN index, which answers without reading them (25 ms); and such a plan's cost would
    also switch JIT on (+50 ms). Parallel workers cost more to start than these short queries
    gain from them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ranked = self.broad = False
        self.known_count: int | None = None
        self.count_is_estimate = self.count_is_minimum = False
        self.tuned = False  # set for searches with words or filters

    def _clone(self):
        clone = super()._clone()
        clone.ranked, clone.broad, clone.known_count = self.ranked, self.broad, self.known_count
        clone.count_is_estimate, clone.tuned = self.count_is_estimate, self.tuned
        clone.count_is_minimum = self.count_is_minimum
        return clone

    def count(self) -> int:
        if self.known_count is not None and not self.query.is_sliced:
            return self.known_count
        with self._planned():
            return super().count()

    def _fetch_all(self) -> None:
        if self._result_cache is not None:
            return
        with self._planned():
            super()._fetch_all()

    @contextmanager
    def _planned(self) -> Iterator[None]:
        database = connections[self.db]
        if not self.tuned or database.vendor != "postgresql":
            yield
            return
        longer = database.in_atomic_block  # a test, ATOMIC_REQUESTS: put them back after
        with transaction.atomic(using=self.db), database.cursor() as cursor:
            cursor.execute(_PLANNER_OFF)
            previous = cursor.fetchone()[:3]
            try:
                yield
            finally:
                if longer:
                    cursor.execute(_PLANNER_BACK, previous)


# Settings of the search's own transaction (the docstring above says why); the first three
# columns are the values before, put back when the transaction goes on after the search.
_PLANNER_OFF = (
    "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
    "current_setting('max_parallel_workers_per_gather'), "
    "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true)"
)
_PLANNER_BACK = (
    "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true), "
    "set_config('max_parallel_workers_per_gather', %s, true)"
)


def as_results(candidates: QuerySet) -> SearchResults:
    if isinstance(candidates, SearchResults):
        return candidates
    results = SearchResults(model=candidates.model, query=candidates.query.chain(),
                            using=candidates._db, hints=candidates._hints)  # fmt: skip
    results._prefetch_related_lookups = candidates._prefetch_related_lookups
    return results


def search_candidates(candidates: QuerySet, query: str) -> SearchResults:
    """`candidates` matching `query`, best first (annotated `search_rank`), or newest first
    for a broad search or an empty query."""
    candidates = as_results(candidates)
    query = clean_query(query)
    if not query:
        return candidates
    if is_postgresql():
        return _postgresql_search(candidates, query)
    return _fallback_search(candidates, query)


def _postgresql_search(candidates: SearchResults, query: str) -> SearchResults:
    """Rank when there are at most RANK_LIMIT matches (names, emails, phrases, several words,
    filtered searches: nearly all); show a broader search newest first.

    Why: ranking reads each match's vector, which resume text makes ~2 KB and PostgreSQL
    stores out of line (TOAST), at about 6 µs a row: the 80,000 matches of "python" among
    200,000 people take half a second to rank however the SQL is written, and as long to
    count. The newest 25 of a broad search are found by walking the created_at index until 25
    match, and its count is the planner's estimate (EXPLAIN, which runs nothing). A search the
    planner expects to be narrow is counted (up to RANK_LIMIT + 1), then ranked, unless the
    count says it is broad after all."""
    candidates.tuned = True
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    matching = candidates.filter(search_vector=tsquery)
    if looks_like_email(query):
        return _email_search(candidates, matching, tsquery, query)
    estimate = estimate_count(matching)
    # Counting stops after RANK_LIMIT + 1: the planner can be far off (it guesses ten people
    # for a job's applicants), and counting them all would cost as much as the page.
    found = matching.order_by()[: RANK_LIMIT + 1].count() if estimate <= RANK_LIMIT else None
    if found is None or found > RANK_LIMIT:
        broad = matching.order_by("-created_at", "-id")
        broad.broad = True
        if found is None:
            broad.known_count, broad.count_is_estimate = _rounded(estimate), True
        else:
            broad.known_count, broad.count_is_minimum = found, True
        return broad
    if found < TRIGRAM_BELOW and looks_like_name(query):
        return _name_search(candidates, matching, tsquery, query)
    ranked = _ranked(matching, SearchRank(F("search_vector"), tsquery))
    ranked.known_count = found
    return ranked


def _name_search(candidates, matching, tsquery, query: str) -> SearchResults:
    """Few exact hits for what could be a name: perhaps it is misspelled, so add the names
    that resemble it. Both id lists are read first (one query each), so that the rows found
    by trigrams are never checked against `@@` (reading their vector) nor ranked by it."""
    exact = list(matching.order_by().values_list("pk", flat=True))
    near = candidates.filter(_name_resembles(query)).order_by().values_list("pk", flat=True)
    ids = set(exact) | set(near[:RANK_LIMIT])
    text_rank = Case(
        When(pk__in=exact, then=SearchRank(F("search_vector"), tsquery)), default=Value(0.0)
    )
    name_rank = TrigramWordSimilarity(Value(query.upper()), search_name())
    ranked = _ranked(Candidate.objects.filter(pk__in=ids), text_rank + TRIGRAM_WEIGHT * name_rank)
    ranked.known_count = len(ids)
    return ranked


def _email_search(candidates, matching, tsquery, email: str) -> SearchResults:
    """A whole email address: the person whose primary or further email it is, first."""
    # As the unique index on lower(email) (partial: where email <> '') reads.
    primary = Q(Exact(Lower("email"), email.lower())) & ~Q(email="")
    further = Q(pk__in=_with_further_email(email))
    found = (
        matching.order_by()
        .values("pk")
        .union(
            candidates.filter(primary).order_by().values("pk"),
            candidates.filter(further).order_by().values("pk"),
        )
    )
    exact = primary | further
    rank = SearchRank(F("search_vector"), tsquery)
    rank += Case(When(exact, then=Value(EMAIL_MATCH_RANK)), default=Value(0.0))
    return _ranked(found, rank)


def _ranked(found: QuerySet, rank) -> SearchResults:
    """`found` (candidates, or a query of their ids) best first."""
    if found.query.combinator or found.query.values_select:
        found = Candidate.objects.filter(pk__in=found)
    ranked = as_results(found).annotate(search_rank=rank)
    ranked.tuned = True
    ranked = ranked.order_by("-search_rank", "-created_at", "-id")
    ranked.ranked = True
    return ranked


def estimate_count(candidates: QuerySet) -> int:
    """How many rows the planner expects `candidates` to have (EXPLAIN: plans, runs nothing)."""
    sql, params = candidates.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _rounded(count: int) -> int:
    """An estimate to two significant digits: 82,740 -> 83,000."""
    return int(round(count, 2 - len(str(count)))) if count >= 100 else count


def _name_resembles(query: str) -> Q:
    """Names close to the typed words by trigrams (pg_trgm), found through the name's trigram
    index: a typed word resembles a word of the name (`name %> word`: word_similarity at
    least 0.6, "Zimerman" for "Zimmermann"); with several words, the whole name must also
    resemble what was typed (similarity >= NAME_SIMILARITY_MIN: "Jonh Smith" is 0.57 from
    "John Smith", "Mara Garcia" 0.67 from "Maria Garcia", but "Marta Zimmermann" only 0.48
    from "Karen Zimmermann")."""
    name, typed = search_name(), Value(query.upper())
    words = [word for word in query.upper().split() if len(word) >= 3] or [query.upper()]
    near = Q()
    for word in words:
        near |= Q(TrigramWordSimilar(name, Value(word)))
    if len(query.split()) == 1:
        return near
    return near & Q(GreaterThanOrEqual(TrigramSimilarity(name, typed), NAME_SIMILARITY_MIN))


def _with_further_email(email: str) -> QuerySet:
    emails = CandidateEmail.objects.alias(lower_email=Lower("email"))
    return emails.filter(lower_email=email.lower()).values("candidate_id")


# The SQLite fallback: "quoted phrases", OR between terms, -exclusion, each term matched as a
# substring of any searched field.
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_terms(query: str) -> list[tuple[bool, list[str]]]:
    """The query as [(excluded, [alternatives...]), ...]: every group must match (or, when
    excluded, must not), and a group matches when one of its alternatives does."""
    groups: list[tuple[bool, list[str]]] = []
    pending_or = False
    for match in _TERM.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None and word.lower() == "or" and groups:
            pending_or = True
            continue
        excluded = bool(minus) or bool(word and word.startswith("-") and len(word) > 1)
        text = (phrase if phrase is not None else word.lstrip("-" if excluded else "")).strip()
        if not text:
            continue
        if pending_or and not excluded and not groups[-1][0]:
            groups[-1][1].append(text)
        else:
            groups.append((excluded, [text]))
        pending_or = False
    return groups


def _fallback_search(candidates: QuerySet, query: str) -> QuerySet:
    candidates = candidates.alias(full_name=Concat("first_name", Value(" "), "last_name"))
    for excluded, alternatives in parse_terms(query)[:8]:
        found = Q()
        for text in alternatives:
            found |= _fallback_term(text)
        candidates = candidates.exclude(found) if excluded else candidates.filter(found)
    return candidates


def _fallback_term(text: str) -> Q:
    fields = ("full_name", "email", "current_title", "current_company", "location", "summary")
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": text})
    through_skills, through_tags = Candidate.skills.through, Candidate.tags.through
    resumes = CandidateDocument.objects.filter(kind=CandidateDocument.Kind.RESUME)
    return (
        found
        | Q(pk__in=through_skills.objects.filter(skill__name__icontains=text).values("candidate"))
        | Q(pk__in=through_tags.objects.filter(tag__name__icontains=text).values("candidate"))
        | Q(pk__in=CandidateEmail.objects.filter(email__icontains=text).values("candidate"))
        | Q(pk__in=resumes.filter(text__icontains=text).values("candidate"))
    )


# --- Keeping the vector current -----------------------------------------------------------


def _tables() -> dict[str, str]:
    """The quoted table names the raw SQL below uses (from the models, never from input)."""
    tables = {
        "candidates": Candidate._meta.db_table,
        "emails": CandidateEmail._meta.db_table,
        "candidate_skills": Candidate.skills.through._meta.db_table,
        "skills": Skill._meta.db_table,
        "candidate_tags": Candidate.tags.through._meta.db_table,
        "tags": Tag._meta.db_table,
        "documents": CandidateDocument._meta.db_table,
    }
    return {key: connection.ops.quote_name(name) for key, name in tables.items()}


def refresh_sql() -> str:
    """One UPDATE computing the vector of every candidate whose id is in %(ids)s."""
    return """
UPDATE {candidates} AS c SET search_vector =
    setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ', c.first_name, c.last_name,
        c.current_title, c.email,
        (SELECT string_agg(e.email, ' ') FROM {emails} AS e WHERE e.candidate_id = c.id))), 'A')
 || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ',
        (SELECT string_agg(s.name, ', ') FROM {candidate_skills} AS cs
           JOIN {skills} AS s ON s.id = cs.skill_id WHERE cs.candidate_id = c.id),
        (SELECT string_agg(t.name, ', ') FROM {candidate_tags} AS ct
           JOIN {tags} AS t ON t.id = ct.tag_id WHERE ct.candidate_id = c.id))), 'B')
 || setweight(to_tsvector(%(config)s::regconfig,
        concat_ws(' ', c.current_company, c.location)), 'C')
 || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ', left(c.summary, %(summary)s),
        (SELECT left(string_agg(left(d.text, %(limit)s), ' '
                                ORDER BY d.created_at DESC, d.id DESC), %(limit)s)
           FROM {documents} AS d WHERE d.candidate_id = c.id AND d.kind = %(resume)s))), 'D')
WHERE c.id = ANY(%(ids)s)
""".format(**_tables())  # noqa: S608


def refresh_params(ids: list[int]) -> dict[str, Any]:
    return {
        "config": SEARCH_CONFIG,
        "summary": SUMMARY_LIMIT,
        "limit": RESUME_TEXT_LIMIT,
        "resume": CandidateDocument.Kind.RESUME,
        "ids": ids,
    }


# --- Snippets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """Why a candidate matched: the name, title, skills and resume text with the matches
    marked (safe HTML: escaped text and <mark> tags), each empty when nothing in it matched.
    The resume's is left out when the name, title or skills explain the match (the list
    shows the name as it is, next to the title and these)."""

    name: SafeString | str = ""
    title: SafeString | str = ""
    skills: SafeString | str = ""
    resume: SafeString | str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.title or self.skills or self.resume)


def highlight(marked: str) -> SafeString | str:
    """`marked` (text with matches between MARK_START and MARK_END) as safe HTML with <mark>
    tags, or "" when nothing is marked. Everything else is escaped."""
    if MARK_START not in marked:
        return ""
    html = _MARKED.sub(r"<mark>\1</mark>", str(escape(marked)))
    return mark_safe(html.replace(MARK_START, "").replace(MARK_END, ""))


def snippets(candidate_ids: list[int], query: str) -> dict[int, Snippet]:
    """Snippets for one page of results, in one query."""
    query = clean_query(query)
    if not query or not candidate_ids:
        return {}
    if is_postgresql():
        return _postgresql_snippets(candidate_ids, query)
    return _fallback_snippets(candidate_ids, query)


def _headline_options(**extra: Any) -> str:
    options = {"StartSel": MARK_START, "StopSel": MARK_END, **extra}
    return ", ".join(
        f"{key}={value}" if isinstance(value, int) else f'{key}="{value}"'
        for key, value in options.items()
    )


def _postgresql_snippets(candidate_ids: list[int], query: str) -> dict[int, Snippet]:
    # The resume's headline, the costly one (0.1 ms a KB), only for people whose name, title
    # and skills show no match: those explain themselves.
    sql = """
SELECT h.id, h.name, h.title, h.skills,
       CASE WHEN strpos(h.name || h.title || h.skills, %(start)s) > 0 THEN ''
            ELSE ts_headline(%(config)s::regconfig, h.resume, h.q, %(fragments)s) END
  FROM (
    SELECT c.id, q,
           ts_headline(%(config)s::regconfig, concat_ws(' ', c.first_name, c.last_name), q,
                       %(all)s) AS name,
           ts_headline(%(config)s::regconfig, c.current_title, q, %(all)s) AS title,
           ts_headline(%(config)s::regconfig, coalesce((
               SELECT string_agg(s.name, ', ' ORDER BY s.name) FROM {candidate_skills} AS cs
                 JOIN {skills} AS s ON s.id = cs.skill_id WHERE cs.candidate_id = c.id), ''),
               q, %(all)s) AS skills,
           coalesce((SELECT left(d.text, %(limit)s) FROM {documents} AS d
                      WHERE d.candidate_id = c.id AND d.kind = %(resume)s AND d.text <> ''
                      ORDER BY d.created_at DESC, d.id DESC LIMIT 1), '') AS resume
      FROM {candidates} AS c, websearch_to_tsquery(%(config)s::regconfig, %(query)s) AS q
     WHERE c.id = ANY(%(ids)s)
  ) AS h
""".format(**_tables())  # noqa: S608
    params = {
        "config": SEARCH_CONFIG,
        "start": MARK_START,
        "query": query,
        "ids": candidate_ids,
        "limit": HEADLINE_TEXT_LIMIT,
        "resume": CandidateDocument.Kind.RESUME,
        "all": _headline_options(HighlightAll="true"),
        "fragments": _headline_options(
            MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "
        ),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {pk: Snippet(*(highlight(text) for text in texts)) for pk, *texts in rows}


def _fallback_snippets(candidate_ids: list[int], query: str) -> dict[int, Snippet]:
    words = [text for excluded, group in parse_terms(query) if not excluded for text in group]
    if not words:
        return {}
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)

    def mark(text: str) -> SafeString | str:
        return highlight(pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text))

    rows = Candidate.objects.filter(pk__in=candidate_ids).prefetch_related("skills")
    texts: dict[int, str] = dict(
        CandidateDocument.objects.filter(
            candidate_id__in=candidate_ids, kind=CandidateDocument.Kind.RESUME
        )
        .exclude(text="")
        .order_by("candidate_id", "created_at", "id")
        .values_list("candidate_id", Substr("text", 1, HEADLINE_TEXT_LIMIT))
    )  # the newest resume of each wins
    found = {}
    for candidate in rows:
        skills = ", ".join(sorted(skill.name for skill in candidate.skills.all()))
        found[candidate.pk] = Snippet(
            name=mark(candidate.full_name),
            title=mark(candidate.current_title),
            skills=mark(skills),
            resume=mark(_window(texts.get(candidate.pk, ""), pattern)),
        )
    return found


def _window(text: str, pattern: re.Pattern[str], width: int = 80) -> str:
    """Some words around the first match in `text`, or "" when nothing matches."""
    match = pattern.search(text)
    if not match:
        return ""
    start, end = max(match.start() - width, 0), match.end() + width
    cut = " ".join(text[start:end].split())
    return ("… " if start else "") + cut + (" …" if end < len(text) else "")
