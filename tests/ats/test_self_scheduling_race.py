"""Booking at the same instant: real HTTP requests from threads, each with its own database
connection and real transactions, released together by a barrier. Whatever the timing, one
booking wins and the other gets the "that time was just taken" page; never two interviews."""

import importlib
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from ats.models import CareersSite, Interview, Slot
from ats.selectors.self_scheduling import scheduling_request_from_token
from recruit.accounts.roles import Role
from tests.ats.self_scheduling_helpers import (
    application_with_team,
    berlin,
    hours,
    interviewer,
    link,
    monday_ahead,
    offer,
)
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("default_pipeline", "careers_cache"),
]
TAKEN = "That time was just taken. Please pick another one."
ROUNDS = 2  # each round a fresh race: more chances for the unlucky interleaving


@pytest.fixture
def default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline that jobs copy, and the careers site's settings row (made on
    first use otherwise, which two threads at once would both try)."""
    importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons").create(apps, None)
    CareersSite.load()


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.COORDINATOR])


@pytest.fixture
def ivan():
    return interviewer("Ivan Interviewer")


def post_at_once(*posts: tuple[str, dict]) -> list:
    """POST each (path, data) from its own thread and browser, all released at one instant."""
    barrier = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)
    errors: list[BaseException] = []

    def post(index: int, path: str, data: dict) -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            responses[index] = client.post(path, data)
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=post, args=(index, path, data))
        for index, (path, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


def winner_and_loser(responses) -> tuple:
    assert sorted(r.status_code for r in responses) == [302, 409]
    won = next(r for r in responses if r.status_code == 302)
    lost = next(r for r in responses if r.status_code == 409)
    return won, lost


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_tabs_taking_the_same_time_at_once_one_books_the_other_hears_it_was_taken(
    coordinator, ivan, round_
):
    request = offer(application_with_team(ivan), coordinator, [ivan],
                    hours(monday_ahead(), 9, 10))  # fmt: skip
    nine = request.slots.order_by("start_at").first()

    _, lost = winner_and_loser(post_at_once(*[(link(request, "book"), {"slot": nine.pk})] * 2))

    assert TAKEN in lost.content.decode()
    interview = Interview.objects.get()
    assert Slot.objects.get(pk=nine.pk).interview == interview
    assert interview.participants.count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_tabs_taking_different_times_at_once_book_one_interview(coordinator, ivan, round_):
    request = offer(application_with_team(ivan), coordinator, [ivan],
                    hours(monday_ahead(), 9, 10))  # fmt: skip
    nine, ten = request.slots.order_by("start_at")

    _, lost = winner_and_loser(
        post_at_once(
            (link(request, "book"), {"slot": nine.pk}), (link(request, "book"), {"slot": ten.pk})
        )
    )

    assert "You have already booked" in lost.content.decode()
    assert Interview.objects.count() == 1
    assert Slot.objects.filter(request=request, interview__isnull=False).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
@pytest.mark.parametrize("overlap", [timedelta(0), timedelta(minutes=30)])
def test_two_candidates_offered_the_same_interviewer_at_once_never_both_get_them(
    coordinator, ivan, overlap, round_
):
    monday = monday_ahead()
    ada = offer(application_with_team(ivan), coordinator, [ivan],
                [(berlin(monday, 10), berlin(monday, 11))])  # fmt: skip
    bob = offer(application_with_team(ivan), coordinator, [ivan],
                [(berlin(monday, 10) + overlap, berlin(monday, 11) + overlap)])  # fmt: skip

    won, lost = winner_and_loser(
        post_at_once(
            (link(ada, "book"), {"slot": ada.slots.get().pk}),
            (link(bob, "book"), {"slot": bob.slots.get().pk}),
        )
    )

    assert TAKEN in lost.content.decode()
    (interview,) = Interview.objects.all()
    assert {p.user for p in interview.participants.all()} == {ivan}
    winner = scheduling_request_from_token(won["Location"].split("/")[3])
    assert interview.application_id == winner.application_id
    # The loser's page no longer offers the time the winner took.
    assert "Book this time" not in lost.content.decode()
    assert "No times are left" in lost.content.decode()
