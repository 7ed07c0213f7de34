"""The interview and scorecard API: who sees which interviews, scheduling (clashes, bad input
as field errors), rescheduling and cancelling, blind feedback through /api/scorecards/,
submitting and amending, 403 and 404, and constant query counts."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ats.models import Interview, JobMember, Scorecard, ScorecardRevision
from ats.services.scorecards import scorecard_submit
from recruit.accounts.roles import Role
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    InterviewStepFactory,
    JobFactory,
    ScorecardFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token = Token.objects.get_or_create(user=user)[0].key
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def ivan(interviewer):
    interviewer.full_name = "Ivan Interviewer"
    interviewer.save()
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(full_name="Inga Interviewer", roles=[Role.INTERVIEWER])


@pytest.fixture
def ian(db):
    return UserFactory(full_name="Ian Idle", roles=[Role.INTERVIEWER])


@pytest.fixture
def job(hiring_manager, ivan, inga, ian):
    return JobFactory(title="Compiler engineer", team=[
        (hiring_manager, JobMember.Role.HIRING_MANAGER), (ivan, JobMember.Role.INTERVIEWER),
        (inga, JobMember.Role.INTERVIEWER), (ian, JobMember.Role.INTERVIEWER),
    ])  # fmt: skip


@pytest.fixture
def template(db):
    return ScorecardTemplateFactory(attributes=[("Skills", "Python"), ("Traits", "Curiosity")])


@pytest.fixture
def attrs(template):
    return {a.name: a.pk for a in template.attributes.all()}


@pytest.fixture
def step(job, template):
    return InterviewStepFactory(stage=job.stages.get(name="Onsite"), scorecard_template=template)


@pytest.fixture
def application(job):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    return ApplicationFactory(job=job, candidate=candidate, stage=job.stages.get(name="Onsite"))


@pytest.fixture
def elsewhere(db):
    """An interview on another job, whose team none of the personas is on."""
    return InterviewFactory(application=ApplicationFactory(job=JobFactory(title="Designer")))


def next_week_at(hour: int) -> datetime:
    """A naive wall-clock time a week from now."""
    day = (timezone.now() + timedelta(days=7)).date()
    return datetime.combine(day, time(hour))


def schedule_body(application, *interviewers, **overrides) -> dict:
    body = {
        "application": application.pk,
        "interviewers": [user.pk for user in interviewers],
        "start": next_week_at(10).isoformat(),
        "end": next_week_at(11).isoformat(),
        "time_zone": "Europe/Berlin",
        "location": "Room 4",
        "notes_for_candidate": "Bring your ID.",
    }
    body.update(overrides)
    return body


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Reading interviews


def test_interviews_are_listed_to_whoever_may_see_them(
    recruiter, hiring_manager, ivan, outsider, application, elsewhere
):
    mine = InterviewFactory(application=application, interviewers=[ivan])
    assert ids(api_for(recruiter).get("/api/interviews/")) == {mine.pk, elsewhere.pk}
    assert ids(api_for(hiring_manager).get("/api/interviews/")) == {mine.pk}
    assert ids(api_for(ivan).get("/api/interviews/")) == {mine.pk}
    assert ids(api_for(outsider).get("/api/interviews/")) == set()
    assert api_for(None).get("/api/interviews/").status_code in (401, 403)
    assert api_for(ivan).get(f"/api/interviews/{elsewhere.pk}/").status_code == 404
    assert api_for(outsider).get(f"/api/interviews/{mine.pk}/").status_code == 404


def test_an_interview_reads_in_utc_with_its_zone_participants_and_candidate(
    ivan, application, step
):
    interview = InterviewFactory(
        application=application, step=step, interviewers=[ivan], time_zone="Europe/Berlin",
        start_at=datetime(2027, 1, 15, 9, tzinfo=UTC), end_at=datetime(2027, 1, 15, 10, tzinfo=UTC),
    )  # fmt: skip
    body = api_for(ivan).get(f"/api/interviews/{interview.pk}/").json()
    assert body["start_at"] == "2027-01-15T09:00:00Z" and body["time_zone"] == "Europe/Berlin"
    assert body["candidate"] == {"display_name": "Grace Hopper", "blind": False,
                                 "id": application.candidate_id}  # fmt: skip
    assert body["step"]["id"] == step.pk and body["application"] == application.pk
    assert body["participants"] == [{
        "user": {"id": ivan.pk, "name": "Ivan Interviewer", "email": ivan.email},
        "response_status": "needs_action",
    }]  # fmt: skip
    assert body["status"] == "scheduled" and body["sequence"] == 0 and body["ical_uid"]


def test_interviews_filter_by_application_and_mine(ivan, inga, application):
    mine = InterviewFactory(application=application, interviewers=[ivan])
    theirs = InterviewFactory(application=application, interviewers=[inga])
    other = InterviewFactory(application=ApplicationFactory(job=application.job), interviewers=[])
    client = api_for(ivan)
    assert ids(client.get("/api/interviews/", {"mine": "true"})) == {mine.pk}
    assert ids(client.get("/api/interviews/", {"application": application.pk})) == {
        mine.pk, theirs.pk
    }  # fmt: skip
    assert other.pk in ids(client.get("/api/interviews/", {"mine": "false"}))


def test_listing_interviews_runs_a_constant_number_of_queries(
    recruiter, ivan, inga, job, django_assert_max_num_queries
):
    client = api_for(recruiter)
    InterviewFactory(application=ApplicationFactory(job=job), interviewers=[ivan, inga])
    with django_assert_max_num_queries(20) as one:
        assert client.get("/api/interviews/").status_code == 200
    for _ in range(6):
        InterviewFactory(application=ApplicationFactory(job=job), interviewers=[ivan, inga])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/interviews/").json()["results"]) == 7


# Scheduling


def test_the_recruiting_team_schedules_and_a_naive_time_is_wall_clock_in_the_zone(
    recruiter, application, step, ivan, inga
):
    response = api_for(recruiter).post(
        "/api/interviews/", schedule_body(application, ivan, inga, step=step.pk), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    start = next_week_at(10).replace(tzinfo=BERLIN).astimezone(UTC)
    assert datetime.fromisoformat(body["start_at"]) == start
    assert {p["user"]["id"] for p in body["participants"]} == {ivan.pk, inga.pk}
    assert body["organizer"]["id"] == recruiter.pk and body["title"] == step.name
    interview = Interview.objects.get()
    assert interview.time_zone == "Europe/Berlin" and interview.location == "Room 4"


def test_a_time_with_an_offset_is_that_instant(coordinator, application, ivan):
    start = next_week_at(10).replace(tzinfo=UTC)
    body = schedule_body(application, ivan, start=start.isoformat(),
                         end=(start + HOUR).isoformat(), time_zone="Asia/Tokyo")  # fmt: skip
    response = api_for(coordinator).post("/api/interviews/", body, format="json")
    assert response.status_code == 201, response.content
    assert Interview.objects.get().start_at == start


@pytest.mark.parametrize("persona", ["hiring_manager", "ivan", "outsider"])
def test_only_the_recruiting_team_schedules(request, persona, application, ivan):
    client = api_for(request.getfixturevalue(persona))
    response = client.post("/api/interviews/", schedule_body(application, ivan), format="json")
    assert response.status_code == 403
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": next_week_at(9).isoformat()}, "end", "The interview must end after it starts."),
        ({"start": "2020-01-01T10:00:00", "end": "2020-01-01T11:00:00"}, "start",
         "The interview cannot start in the past."),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "is not a known time zone"),
        ({"video_url": "zoom me"}, "video_url", "The video link must be a web address"),
        ({"interviewers": []}, "interviewers", "Choose at least one interviewer."),
        ({"start": "next tuesday"}, "start", "Datetime has wrong format"),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(
    recruiter, application, ivan, overrides, field, message
):
    response = api_for(recruiter).post(
        "/api/interviews/", schedule_body(application, ivan, **overrides), format="json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()[field]), response.json()
    assert not Interview.objects.exists()


def test_an_interviewer_off_the_team_is_refused(recruiter, application, ivan):
    stranger = UserFactory(full_name="Sam Stranger")
    response = api_for(recruiter).post(
        "/api/interviews/", schedule_body(application, ivan, stranger), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "interviewers": ["Not on the hiring team of Compiler engineer: Sam Stranger. Add them "
                         "to the team first."]
    }  # fmt: skip


def test_an_unknown_application_is_a_400_naming_it(recruiter, application, ivan):
    response = api_for(recruiter).post(
        "/api/interviews/",
        {**schedule_body(application, ivan), "application": 999999},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["application"]


def test_a_clash_is_a_400_listing_the_clashes_until_allowed(recruiter, application, ivan, inga):
    start = next_week_at(10).replace(tzinfo=BERLIN)
    busy = InterviewFactory(application=ApplicationFactory(job=application.job),
                            interviewers=[ivan], title="Culture chat",
                            start_at=start + HOUR / 2, end_at=start + 2 * HOUR)  # fmt: skip
    client = api_for(recruiter)
    body = schedule_body(application, ivan, inga)
    response = client.post("/api/interviews/", body, format="json")
    assert response.status_code == 400
    clash = response.json()
    assert clash["code"] == "clash"
    assert clash["clashes"] == [{
        "interviewer": ivan.pk, "interview": busy.pk,
        "start_at": busy.start_at.astimezone(UTC).isoformat(),
        "end_at": busy.end_at.astimezone(UTC).isoformat(),
    }]  # fmt: skip
    assert "Ivan Interviewer already has an interview then" in clash["non_field_errors"][0]
    assert Interview.objects.count() == 1

    allowed = client.post("/api/interviews/", {**body, "allow_clash": True}, format="json")
    assert allowed.status_code == 201
    assert Interview.objects.count() == 2


# Rescheduling and cancelling


@pytest.fixture
def scheduled(recruiter, application, ivan):
    response = api_for(recruiter).post(
        "/api/interviews/", schedule_body(application, ivan), format="json"
    )
    return Interview.objects.get(pk=response.json()["id"])


def test_rescheduling_moves_it_and_raises_the_sequence(recruiter, scheduled, inga):
    response = api_for(recruiter).post(
        f"/api/interviews/{scheduled.pk}/reschedule/",
        {"start": next_week_at(14).isoformat(), "end": next_week_at(15).isoformat(),
         "time_zone": "Europe/Berlin", "interviewers": [inga.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["sequence"] == 1 and body["location"] == "Room 4"  # left out: kept
    assert [p["user"]["id"] for p in body["participants"]] == [inga.pk]
    assert datetime.fromisoformat(body["start_at"]) == next_week_at(14).replace(
        tzinfo=BERLIN
    ).astimezone(UTC)


def test_rescheduling_into_the_past_is_a_400_and_changes_nothing(recruiter, scheduled):
    response = api_for(recruiter).post(
        f"/api/interviews/{scheduled.pk}/reschedule/",
        {"start": "2020-01-01T10:00:00", "end": "2020-01-01T11:00:00", "time_zone": "UTC"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"start": ["The interview cannot start in the past."]}
    scheduled.refresh_from_db()
    assert scheduled.sequence == 0


def test_cancelling_and_cancelling_again(recruiter, scheduled):
    client = api_for(recruiter)
    url = f"/api/interviews/{scheduled.pk}/cancel/"
    response = client.post(url, {"reason": "Position filled."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancellation_reason"] == "Position filled."
    again = client.post(url, {}, format="json")
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["This interview is cancelled; it cannot be cancelled."]
    }


@pytest.mark.parametrize(("persona", "code"), [("hiring_manager", 403), ("ivan", 403),
                                               ("outsider", 404)])  # fmt: skip
def test_only_the_recruiting_team_reschedules_or_cancels(request, persona, code, scheduled):
    client = api_for(request.getfixturevalue(persona))
    assert client.post(f"/api/interviews/{scheduled.pk}/cancel/", {}).status_code == code
    moved = client.post(
        f"/api/interviews/{scheduled.pk}/reschedule/",
        {"start": next_week_at(14).isoformat(), "end": next_week_at(15).isoformat(),
         "time_zone": "UTC"},
        format="json",
    )  # fmt: skip
    assert moved.status_code == code
    scheduled.refresh_from_db()
    assert scheduled.status == "scheduled" and scheduled.sequence == 0


# Scorecards: blind feedback, submitting, amending


@pytest.fixture
def held(application, step, ivan, inga):
    end = timezone.now() - HOUR
    return InterviewFactory(application=application, step=step, start_at=end - HOUR, end_at=end,
                            interviewers=[ivan, inga])  # fmt: skip


def submit(user, interview, overall="yes", ratings=(), **extra):
    body = {"interview": interview.pk, "overall": overall, "notes": f"{user}'s notes",
            "ratings": list(ratings), **extra}  # fmt: skip
    return api_for(user).post("/api/scorecards/", body, format="json")


def test_blind_feedback_through_the_api(held, ivan, inga, hiring_manager, recruiter, attrs):
    theirs = submit(inga, held, "strong_yes", [{"attribute": attrs["Python"], "rating": "yes"}])
    assert theirs.status_code == 201, theirs.content
    inga_card = theirs.json()["id"]

    # Ivan has not submitted his: Inga's is hidden, listed or opened.
    assert ids(api_for(ivan).get("/api/scorecards/")) == set()
    assert api_for(ivan).get(f"/api/scorecards/{inga_card}/").status_code == 404
    # The hiring manager and the recruiting team read it.
    assert ids(api_for(hiring_manager).get("/api/scorecards/")) == {inga_card}
    assert ids(api_for(recruiter).get("/api/scorecards/")) == {inga_card}

    mine = submit(ivan, held, "no")
    assert mine.status_code == 201
    assert ids(api_for(ivan).get("/api/scorecards/")) == {inga_card, mine.json()["id"]}
    body = api_for(ivan).get(f"/api/scorecards/{inga_card}/").json()
    assert body["overall"] == "strong_yes" and body["application"] == held.application_id
    assert body["ratings"] == [{"attribute": attrs["Python"], "category": "Skills",
                                "name": "Python", "rating": "yes", "note": ""}]  # fmt: skip


def test_a_draft_is_its_authors_alone(held, ivan, inga, recruiter):
    draft = ScorecardFactory(interview=held, interviewer=inga, submitted_at=None)
    assert ids(api_for(inga).get("/api/scorecards/")) == {draft.pk}
    assert ids(api_for(recruiter).get("/api/scorecards/")) == set()


def test_a_second_submission_is_refused_and_the_first_stands(held, ivan):
    assert submit(ivan, held, "yes").status_code == 201
    second = submit(ivan, held, "strong_no")
    assert second.status_code == 400
    assert second.json() == {
        "non_field_errors": ["This scorecard was already submitted; amend it instead."]
    }
    assert Scorecard.objects.get().overall == "yes"


def test_amending_keeps_the_history(held, ivan, attrs):
    first = submit(ivan, held, "yes", [{"attribute": attrs["Python"], "rating": "yes"}]).json()
    response = api_for(ivan).post(
        f"/api/scorecards/{first['id']}/amend/",
        {"overall": "strong_yes", "notes": "Better on reflection.", "reason": "Slept on it.",
         "ratings": [{"attribute": attrs["Python"], "rating": "strong_yes", "note": "Fluent"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["overall"] == "strong_yes" and body["amended_at"]
    assert [(r["number"], r["overall"], r["reason"]) for r in body["revisions"]] == [
        (1, "yes", "Slept on it.")
    ]
    assert ScorecardRevision.objects.get().ratings[0]["rating"] == "yes"


def test_who_may_submit_and_amend(held, ivan, inga, ian, hiring_manager, outsider):
    # On the team but not on the interview: 403; not on the team: the interview is unknown.
    assert submit(ian, held).status_code == 403
    assert "interview" in submit(outsider, held).json()
    # An interviewer gives their own feedback, not someone else's.
    assert submit(ivan, held, interviewer=inga.pk).status_code == 403
    assert not Scorecard.objects.exists()

    card = submit(inga, held).json()["id"]
    amend = {"overall": "no", "reason": "Mine now"}
    assert api_for(hiring_manager).post(f"/api/scorecards/{card}/amend/", amend,
                                        format="json").status_code == 403  # fmt: skip
    assert api_for(ivan).post(f"/api/scorecards/{card}/amend/", amend,
                              format="json").status_code == 404  # fmt: skip
    assert Scorecard.objects.get().overall == "yes"


def test_the_recruiting_team_enters_feedback_given_by_phone(held, recruiter, inga):
    response = submit(recruiter, held, "yes", interviewer=inga.pk)
    assert response.status_code == 201
    assert response.json()["interviewer"]["id"] == inga.pk


def test_feedback_before_the_interview_starts_or_on_unknown_attributes_is_refused(
    application, step, ivan, held, attrs
):
    upcoming = InterviewFactory(application=application, step=step, interviewers=[ivan])
    early = submit(ivan, upcoming)
    assert early.status_code == 400
    assert early.json() == {"non_field_errors": ["This interview has not started yet."]}
    unknown = submit(ivan, held, ratings=[{"attribute": 999999, "rating": "yes"}])
    assert unknown.status_code == 400
    assert "Attribute 999999 is not on this interview's scorecard." in str(unknown.json())
    twice = submit(ivan, held, ratings=[{"attribute": attrs["Python"], "rating": "yes"}] * 2)
    assert twice.status_code == 400 and twice.json() == {"ratings": ["Rate each attribute once."]}
    bad = submit(ivan, held, overall="maybe")
    assert bad.status_code == 400 and "overall" in bad.json()
    assert not Scorecard.objects.exists()


def test_listing_scorecards_runs_a_constant_number_of_queries(
    recruiter, job, step, attrs, django_assert_max_num_queries
):
    client = api_for(recruiter)

    def feedback():
        person = UserFactory()
        end = timezone.now() - HOUR
        interview = InterviewFactory(
            application=ApplicationFactory(job=job), step=step, start_at=end - HOUR, end_at=end,
            interviewers=[person],
        )  # fmt: skip
        scorecard_submit(interview=interview, interviewer=person, overall="yes", actor=person,
                         ratings={attrs["Python"]: "yes"})  # fmt: skip

    feedback()
    with django_assert_max_num_queries(20) as one:
        assert client.get("/api/scorecards/").status_code == 200
    for _ in range(5):
        feedback()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/scorecards/").json()["results"]) == 6
