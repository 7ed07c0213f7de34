"""The hiring board through real HTTP: columns and cards with their flags, blind review, a
constant number of queries, and moving applications (no-JS form and htmx), with conflicts, bad
moves and permissions."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, StageChange
from ats.services import application_move
from recruit.candidates.models import Activity, Source
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def board_url(job) -> str:
    return reverse("ats:job-board", args=[job.pk])


def move_url(application) -> str:
    return reverse("ats:application-move", args=[application.pk])


def stage(job, name):
    return job.stages.get(name=name)


def columns(response) -> dict[str, list[str]]:
    """Stage name -> the card labels in it, from the page's context."""
    return {
        column.stage.name: [card.label for card in column.cards]
        for column in response.context["columns"]
    }


def cards_by_label(response) -> dict:
    return {card.label: card for column in response.context["columns"] for card in column.cards}


def card_html(html: str, application) -> str:
    match = re.search(
        rf'<li class="board-card[^"]*" id="card-{application.pk}".*?</li>', html, re.S
    )
    assert match, f"no card for application {application.pk}"
    return match.group(0)


# What the board shows


def test_cards_sit_in_their_stage_columns_best_match_first(login, recruiter):
    job = JobFactory()
    now = timezone.now()
    low = ApplicationFactory(job=job, candidate__first_name="Low", candidate__last_name="Score",
                             match_score=40)  # fmt: skip
    high = ApplicationFactory(job=job, candidate__first_name="High", candidate__last_name="Score",
                              match_score=90)  # fmt: skip
    early = ApplicationFactory(job=job, candidate__first_name="Early", candidate__last_name="Bird",
                               match_score=40, applied_at=now - timedelta(days=3))  # fmt: skip
    screened = ApplicationFactory(
        job=job, candidate__first_name="Sam", candidate__last_name="Screen"
    )
    application_move(application=screened, to_stage=stage(job, "Screen"), actor=recruiter)
    ApplicationFactory(job=job, status=Application.Status.REJECTED,
                       candidate__first_name="Rex", candidate__last_name="Rejected")  # fmt: skip
    ApplicationFactory(candidate__first_name="Other", candidate__last_name="Job")

    response = login(recruiter).get(board_url(job))

    assert response.status_code == 200
    assert columns(response) == {
        "Applied": ["High Score", "Early Bird", "Low Score"],
        "Screen": ["Sam Screen"],
        "Phone interview": [], "Onsite": [], "Offer": [], "Hired": [],
    }  # fmt: skip
    html = response.content.decode()
    assert "Rex Rejected" not in html and "Other Job" not in html
    card = card_html(html, high)
    assert reverse("ats:application-detail", args=[high.pk]) in card
    assert f'data-version="{high.version}"' in card
    assert ">90<" in card
    assert len(re.findall(r'<section class="board-column', html)) == 6
    assert early and low


def test_cards_show_title_days_in_stage_and_flags(login, recruiter):
    job, other_job = JobFactory(), JobFactory()
    referral = SourceFactory(kind=Source.Kind.REFERRAL, name="Employee referral")
    plain = ApplicationFactory(
        job=job,
        candidate__current_title="Staff Engineer",
        stage_entered_at=timezone.now() - timedelta(days=5, hours=1),
    )
    knocked = ApplicationFactory(job=job, knockout_failed=True)
    referred = ApplicationFactory(job=job, source=referral)
    silver = ApplicationFactory(job=job)
    ApplicationFactory(job=other_job, candidate=silver.candidate, keep_in_touch=True,
                       status=Application.Status.REJECTED)  # fmt: skip
    twin = ApplicationFactory(job=job, candidate__first_name="Ana", candidate__last_name="Silva")
    CandidateFactory(first_name="ANA", last_name="silva")
    nameless = ApplicationFactory(job=job, candidate__first_name="", candidate__last_name="")
    CandidateFactory(first_name="", last_name="")

    html = login(recruiter).get(board_url(job)).content.decode()

    assert "Staff Engineer" in card_html(html, plain)
    assert "5 days in stage" in card_html(html, plain)
    assert "Knockout failed" in card_html(html, knocked)
    assert "Referral" in card_html(html, referred)
    assert "Silver medalist" in card_html(html, silver)
    assert "Possible duplicate" in card_html(html, twin)
    flags = ("Knockout failed", "Referral", "Silver medalist", "Possible duplicate")
    for quiet in (plain, nameless):
        assert not any(flag in card_html(html, quiet) for flag in flags)


def test_the_board_escapes_names_and_titles(login, recruiter):
    job = JobFactory()
    ApplicationFactory(job=job, candidate__first_name="<img src=x onerror=alert(1)>",
                       candidate__current_title="<b>Boss</b>")  # fmt: skip
    html = login(recruiter).get(board_url(job)).content.decode()
    assert "<img src=x" not in html and "<b>Boss</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_blind_review_hides_identity_from_a_hiring_manager_until_the_interview(
    login, recruiter, hiring_manager, client
):
    job = JobFactory(blind_review=True, team=[(hiring_manager, "hiring_manager")])
    application = ApplicationFactory(
        job=job,
        candidate__first_name="Grace",
        candidate__last_name="Hopper",
        candidate__email="grace@example.org",
        candidate__phone="+14155550100",
        candidate__linkedin_url="https://www.linkedin.com/in/grace",
    )
    CandidateFactory(first_name="Grace", last_name="Hopper")  # a namesake: no hint either
    blind_label = f"Candidate #{application.pk}"

    def board_as(user) -> str:
        client.logout()
        return login(user).get(board_url(job)).content.decode()

    for stage_name in ("Applied", "Screen"):
        if stage_name == "Screen":
            application_move(application=application, to_stage=stage(job, "Screen"),
                             actor=recruiter)  # fmt: skip
        html = board_as(hiring_manager)
        card = card_html(html, application)
        assert blind_label in card
        for secret in ("Grace", "Hopper", "grace@example.org", "4155550100", "linkedin",
                       "Possible duplicate"):  # fmt: skip
            assert secret not in html, (stage_name, secret)
        assert "Blind review is on" in html
        recruiter_card = card_html(board_as(recruiter), application)
        assert "Grace Hopper" in recruiter_card and blind_label not in recruiter_card

    application_move(application=application, to_stage=stage(job, "Phone interview"),
                     actor=recruiter)  # fmt: skip
    card = card_html(board_as(hiring_manager), application)
    assert "Grace Hopper" in card and blind_label not in card


def test_the_board_takes_the_same_number_of_queries_for_20_and_200_applications(
    login, recruiter, hiring_manager, client
):
    job = JobFactory(blind_review=True, team=[(hiring_manager, "hiring_manager")])
    other_job = JobFactory()
    referral = SourceFactory(kind=Source.Kind.REFERRAL, name="Employee referral")
    stages = list(job.stages.order_by("position"))

    def add(count: int) -> None:
        for i in range(count):
            application = ApplicationFactory(
                job=job, stage=stages[i % 5], match_score=i % 100, knockout_failed=i % 7 == 0,
                source=referral if i % 3 == 0 else None,
            )  # fmt: skip
            if i % 4 == 0:
                ApplicationFactory(job=other_job, candidate=application.candidate,
                                   keep_in_touch=True)  # fmt: skip

    def queries_for(user) -> int:
        client.logout()
        login(user).get(board_url(job))  # warm up the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(board_url(job))
        assert response.status_code == 200
        return len(queries)

    add(20)
    small = {user: queries_for(user) for user in (recruiter, hiring_manager)}
    add(180)
    large = {user: queries_for(user) for user in (recruiter, hiring_manager)}

    assert large == small
    assert sum(len(c.cards) for c in client.get(board_url(job)).context["columns"]) == 200


# Moving


def test_move_without_javascript_redirects_back_and_records_history(login, recruiter):
    job = JobFactory()
    application = ApplicationFactory(job=job, candidate__first_name="Ada",
                                     candidate__last_name="Lovelace")  # fmt: skip
    screen = stage(job, "Screen")

    response = login(recruiter).post(
        move_url(application), {"stage": screen.pk, "version": application.version}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{board_url(job)}#card-{application.pk}"
    application.refresh_from_db()
    assert application.stage == screen and application.version == 2
    change = StageChange.objects.get(application=application)
    assert (change.from_stage.name, change.to_stage, change.actor) == ("Applied", screen, recruiter)
    activity = Activity.objects.get(candidate=application.candidate, verb="application.moved")
    assert activity.actor == recruiter
    assert activity.details["to_stage"] == "Screen"
    page = login(recruiter).get(response["Location"])
    assert "Moved Ada Lovelace to “Screen”." in page.content.decode()
    assert columns(page)["Screen"] == ["Ada Lovelace"]


def test_move_with_htmx_answers_with_the_updated_card(login, recruiter):
    job = JobFactory()
    application = ApplicationFactory(job=job, candidate__first_name="Ada",
                                     candidate__last_name="Lovelace")  # fmt: skip
    onsite = stage(job, "Onsite")

    response = login(recruiter).post(
        move_url(application),
        {"stage": onsite.pk, "version": application.version},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="card-{application.pk}"' in html
    assert f'data-stage="{onsite.pk}"' in html and 'data-version="2"' in html
    assert 'data-message="Moved Ada Lovelace to “Onsite”."' in html
    assert f'<option value="{onsite.pk}" selected>' in html


def test_moving_to_the_hired_stage_hires_and_the_card_stays_in_that_column(login, recruiter):
    job = JobFactory()
    application = ApplicationFactory(job=job)
    hired = stage(job, "Hired")
    client = login(recruiter)

    response = client.post(move_url(application), {"stage": hired.pk, "version": 1},
                           HTTP_HX_REQUEST="true")  # fmt: skip

    assert response.status_code == 200
    assert "is hired. Congratulations!" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    board = client.get(board_url(job))
    assert columns(board)["Hired"] == [str(application.candidate)]
    hired_card = cards_by_label(board)[str(application.candidate)]
    assert hired_card.is_hired and not hired_card.can_move


@pytest.mark.parametrize("htmx", [True, False])
def test_a_stale_version_is_refused_with_409_and_nothing_changes(
    login, recruiter, coordinator, htmx
):
    job = JobFactory()
    application = ApplicationFactory(job=job, candidate__first_name="Ada",
                                     candidate__last_name="Lovelace")  # fmt: skip
    seen_version = application.version
    # Someone else moves it first.
    application_move(application=application, to_stage=stage(job, "Screen"), actor=coordinator)
    changes = StageChange.objects.count()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = login(recruiter).post(
        move_url(application),
        {"stage": stage(job, "Offer").pk, "version": seen_version},
        **headers,
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Ada Lovelace was moved by someone else a moment ago and is now in “Screen”" in html
    assert "Reload the board" in html
    application.refresh_from_db()
    assert (application.stage.name, application.version) == ("Screen", 2)
    assert StageChange.objects.count() == changes
    if htmx:
        assert f'data-stage="{stage(job, "Screen").pk}"' in html and 'data-version="2"' in html
    else:
        assert columns(response)["Screen"] == ["Ada Lovelace"]  # the board, as it is now


def test_moving_to_another_jobs_stage_is_a_bad_request(login, recruiter):
    job, other = JobFactory(), JobFactory()
    application = ApplicationFactory(job=job)
    response = login(recruiter).post(
        move_url(application),
        {"stage": other.stages.first().pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "That stage belongs to another job." in response.content.decode()
    application.refresh_from_db()
    assert application.stage.job == job and application.version == 1
    assert not StageChange.objects.exists()


@pytest.mark.parametrize("data", [{}, {"stage": "x", "version": "1"}, {"stage": "1"},
                                  {"stage": "999999", "version": "1"}])  # fmt: skip
def test_a_move_without_a_valid_stage_or_version_is_a_bad_request(login, recruiter, data):
    application = ApplicationFactory()
    response = login(recruiter).post(move_url(application), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert not StageChange.objects.exists()


def test_a_rejected_application_cannot_be_moved(login, recruiter):
    application = ApplicationFactory(status=Application.Status.REJECTED)
    response = login(recruiter).post(
        move_url(application),
        {"stage": stage(application.job, "Screen").pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "This application is rejected; reopen it first." in response.content.decode()
    assert 'class="board-gone"' in response.content.decode()


def test_hiring_manager_on_the_job_may_move(login, hiring_manager):
    job = JobFactory(team=[(hiring_manager, "hiring_manager")])
    application = ApplicationFactory(job=job)
    client = login(hiring_manager)
    board = client.get(board_url(job)).content.decode()
    assert 'class="move-form"' in board and "js/board.js" in board

    response = client.post(move_url(application), {"stage": stage(job, "Screen").pk,
                                                    "version": 1})  # fmt: skip

    assert response.status_code == 302
    assert StageChange.objects.get(application=application).actor == hiring_manager


def test_interviewer_on_the_job_sees_the_board_but_may_not_move(login, interviewer):
    job = JobFactory(team=[(interviewer, "interviewer")])
    application = ApplicationFactory(job=job)
    client = login(interviewer)
    board = client.get(board_url(job))
    assert board.status_code == 200
    assert str(application.candidate) in board.content.decode()
    assert "move-form" not in board.content.decode()
    assert "js/board.js" not in board.content.decode()

    response = client.post(move_url(application), {"stage": stage(job, "Screen").pk,
                                                    "version": 1})  # fmt: skip

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.stage.name == "Applied"


@pytest.mark.parametrize("persona", ["outsider", "hiring_manager", "interviewer"])
def test_people_off_the_team_get_404_for_the_board_and_moves(login, request, persona):
    user = request.getfixturevalue(persona)
    JobFactory(team=[(user, "hiring_manager")])  # some other job
    job = JobFactory()
    application = ApplicationFactory(job=job)
    client = login(user)
    assert client.get(board_url(job)).status_code == 404
    response = client.post(move_url(application), {"stage": stage(job, "Screen").pk,
                                                    "version": 1})  # fmt: skip
    assert response.status_code == 404
    assert not StageChange.objects.exists()


def test_moving_to_the_stage_it_is_in_changes_nothing_and_says_so(login, recruiter):
    application = ApplicationFactory(candidate__first_name="Ada", candidate__last_name="Byron")
    response = login(recruiter).post(
        move_url(application),
        {"stage": application.stage_id, "version": application.version},
        follow=True,
    )
    assert "Ada Byron is already in “Applied”." in response.content.decode()
    application.refresh_from_db()
    assert application.version == 1 and not StageChange.objects.exists()


def test_a_crowded_column_shows_its_best_cards_and_links_to_the_rest(login, recruiter):
    from ats.selectors import BOARD_COLUMN_LIMIT

    job = JobFactory()
    best = ApplicationFactory(job=job, match_score=99)
    ApplicationFactory.create_batch(BOARD_COLUMN_LIMIT + 4, job=job, match_score=10)
    html = login(recruiter).get(reverse("ats:job-board", args=[job.pk])).content.decode()
    assert html.count('<li class="board-card') == BOARD_COLUMN_LIMIT
    assert f"<span data-count>{BOARD_COLUMN_LIMIT + 5}</span>" in html
    assert "5 more in the list, best match first" in html
    assert html.index(f'id="card-{best.pk}"') < html.index(
        'class="board-card', html.index(f'id="card-{best.pk}"') + 1
    )
