"""The Candidates list page and the API list searching: ranked results, snippets showing why,
escaped user content, filters, pagination, htmx, hiring managers, and constant query counts."""

import pytest

from tests.factories import (
    ApplicationFactory,
    CandidateDocumentFactory,
    CandidateFactory,
    JobFactory,
    SkillFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def person(first, last="Example", *, resume="", **fields):
    fields.setdefault("current_title", "Clerk")
    fields.setdefault("current_company", "Nowhere Ltd")
    candidate = CandidateFactory(first_name=first, last_name=last, **fields)
    if resume:
        CandidateDocumentFactory(candidate=candidate, kind="resume", text=resume)
    return candidate


def test_results_come_best_first_with_why_they_matched(login, recruiter):
    person("Resume", "Only", resume="Years of Kubernetes operations and on-call.")
    person("Title", "Match", current_title="Kubernetes engineer")
    person("Skill", "Match", skills=[SkillFactory(name="Kubernetes")])
    html = login(recruiter).get("/candidates/", {"q": "kubernetes"}).content.decode()
    assert "3 candidates matching “kubernetes”" in html
    assert html.index("Title Match") < html.index("Skill Match") < html.index("Resume Only")
    assert "<mark>Kubernetes</mark> engineer" in html  # the title
    assert "Skills:</span> <mark>Kubernetes</mark>" in html
    assert "Years of <mark>Kubernetes</mark> operations" in html  # the resume


def test_snippets_escape_user_content_and_mark_only_the_matches(login, recruiter):
    person("Mallory", current_title="<script>alert(1)</script> Python lead")
    person("Trudy", resume="Python 3 < 4 && x<y <img/src=x onerror=alert(2)> <mark>fake</mark>")
    html = login(recruiter).get("/candidates/", {"q": "python"}).content.decode()
    assert "<script>alert(1)" not in html and "<img/src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Python</mark> lead" in html  # the title
    assert "<mark>Python</mark> 3 &lt; 4 &amp;&amp; x&lt;y" in html  # the resume
    assert "&lt;img/src=x onerror=alert" in html
    assert html.count("<mark>") == html.count("</mark>") == 2


def test_a_resume_snippet_shows_when_title_and_skills_do_not(login, recruiter):
    person("Titled", current_title="Rust engineer", resume="Rust services at scale.")
    person("Hidden", resume="Rust services at scale.")
    html = login(recruiter).get("/candidates/", {"q": "rust"}).content.decode()
    assert html.count("<mark>Rust</mark> services at scale") == 1
    assert html.index("Titled Example") < html.index("Hidden Example")


def test_a_name_typed_with_an_accent_is_highlighted_in_the_title(login, recruiter):
    person("Zoé", current_title="Développeuse backend")
    html = login(recruiter).get("/candidates/", {"q": "developpeuse"}).content.decode()
    assert "<mark>Développeuse</mark> backend" in html


def test_no_match_says_so(login, recruiter):
    person("Grace", "Hopper")
    html = login(recruiter).get("/candidates/", {"q": "nobody"}).content.decode()
    assert "No matches" in html


def test_filters_come_from_the_query_string(login, recruiter):
    python = SkillFactory(name="Python")
    tag = TagFactory(name="relocation")
    person("Kept", location="Berlin", skills=[python], tags=[tag], years_experience=7)
    person("Far", location="Madrid", skills=[python], tags=[tag], years_experience=7)
    person("Green", location="Berlin", skills=[python], tags=[tag], years_experience=1)
    job = JobFactory(title="Platform engineer")
    ApplicationFactory(candidate=person("Applicant", location="Berlin"), job=job)
    client = login(recruiter)
    wanted = {"skills_all": "python", "location": "berlin", "tags": "relocation",
              "experience_min": "5"}  # fmt: skip
    html = client.get("/candidates/", wanted).content.decode()
    assert "1 candidate with these filters" in html
    assert "Kept Example" in html and "Far Example" not in html and "Green Example" not in html
    html = client.get("/candidates/", {"job": job.pk, "who": "applicants"}).content.decode()
    assert "Applicant Example" in html and "Kept Example" not in html
    assert "Platform engineer" in html  # the job filter lists the jobs


def test_a_wrong_filter_shows_its_error_and_everyone(login, recruiter):
    person("Someone")
    response = login(recruiter).get("/candidates/", {"experience_min": "10", "experience_max": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The upper bound is below the lower one." in html
    assert "Someone Example" in html


def test_search_results_page_through_with_the_query_kept(login, recruiter):
    for n in range(30):
        person(f"Dev{n}", current_title="Python developer")
    person("Other", current_title="Accountant")
    client = login(recruiter)
    first = client.get("/candidates/", {"q": "python"}).content.decode()
    assert "30 candidates matching" in first and "Page 1 of 2" in first
    assert "?q=python&amp;page=2" in first
    second = client.get("/candidates/", {"q": "python", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and "Other Example" not in second


def test_htmx_gets_only_the_results(login, recruiter):
    person("Grace", "Hopper", current_title="Admiral")
    response = login(recruiter).get("/candidates/", {"q": "admiral"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<mark>Admiral</mark>" in html


def test_the_page_explains_the_search_syntax(login, recruiter):
    html = login(recruiter).get("/candidates/").content.decode()
    assert 'aria-describedby="search-help"' in html
    assert "<code>-recruiter</code>" in html


def test_a_hiring_manager_sees_only_their_jobs_people_and_jobs(login, hiring_manager):
    mine = JobFactory(title="Mine to hire", team=[(hiring_manager, "hiring_manager")])
    theirs = JobFactory(title="Someone elses job")
    interview = mine.stages.filter(kind="interview").first()
    ApplicationFactory(candidate=person("Visible", current_title="Python dev"), job=mine,
                       stage=interview)  # fmt: skip
    ApplicationFactory(candidate=person("Hidden", current_title="Python dev"), job=theirs)
    html = login(hiring_manager).get("/candidates/", {"q": "python"}).content.decode()
    assert "Visible Example" in html and "Hidden Example" not in html
    assert "Mine to hire" in html and "Someone elses job" not in html


def _populate(count: int, skill, tag) -> None:
    for n in range(count):
        person(f"Py{n}", current_title="Python developer", skills=[skill], tags=[tag],
               resume=f"Python services number {n} in production.")  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "python"},
        {"q": "python developer", "skills_any": "Python", "tags": "remote", "who": "prospects"},
        {"q": "Pyhton Example"},  # misspelled: trigram branch
    ],
)
def test_the_page_runs_a_constant_number_of_queries(
    login, recruiter, django_assert_max_num_queries, params
):
    skill, tag = SkillFactory(name="Python"), TagFactory(name="remote")
    client = login(recruiter)
    _populate(3, skill, tag)
    # Session and user, skills and tags named, the planner's estimate, the count, the page and
    # its tags, snippets, the filters' choices; a search's queries each come with a savepoint
    # here and two set_config calls (seq scans off, see SearchResults).
    with django_assert_max_num_queries(36) as few:
        assert client.get("/candidates/", params).status_code == 200
    _populate(30, skill, tag)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/candidates/", params)
    assert response.content.decode().count("<tr>") == 26  # the header and a full page


# The API


def test_api_searches_and_filters_through_the_same_selector(client, recruiter):
    python = SkillFactory(name="Python")
    first = person("Ana", "Lopez", email="ana@example.com", current_title="Python developer",
                   skills=[python], location="Berlin")  # fmt: skip
    person("Ben", current_title="Python developer", location="Madrid")
    person("Cy", current_title="Designer", skills=[python], location="Berlin")
    client.force_login(recruiter)
    found = client.get("/api/candidates/", {"q": "python", "location": "berlin"}).json()
    assert [row["first_name"] for row in found["results"]] == ["Ana", "Cy"]  # title > skill
    found = client.get("/api/candidates/", {"skills_all": "python"}).json()
    assert {row["first_name"] for row in found["results"]} == {"Ana", "Cy"}
    found = client.get("/api/candidates/", {"q": "ana@example.com"}).json()
    assert [row["id"] for row in found["results"]] == [first.pk]


def test_api_refuses_a_wrong_filter(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/api/candidates/", {"experience_min": "many"})
    assert response.status_code == 400
    assert "experience_min" in response.json()


def test_api_search_runs_a_constant_number_of_queries(
    client, recruiter, django_assert_max_num_queries
):
    skill, tag = SkillFactory(name="Python"), TagFactory(name="remote")
    client.force_login(recruiter)
    params = {"q": "python", "skills_any": "Python"}
    _populate(2, skill, tag)
    with django_assert_max_num_queries(30) as few:
        client.get("/api/candidates/", params)
    _populate(20, skill, tag)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/candidates/", params).json()["count"] == 22


def test_a_name_match_needs_no_resume_snippet(login, recruiter):
    person("Giulia", "Ferrari", resume="Giulia Ferrari, Milan. Drove for Ferrari once.")
    html = login(recruiter).get("/candidates/", {"q": "ferrari"}).content.decode()
    assert "Giulia Ferrari" in html and "Resume:" not in html
