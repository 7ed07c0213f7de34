"""Scorecards: submitted once by an interviewer of the interview, amended with their history
kept, hidden from other interviewers until they submit theirs (blind feedback), summed up per
attribute and recommendation, and chased when overdue."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ats import signals
from ats.models import Interview, InterviewParticipant, Scorecard, ScorecardRating
from ats.selectors.interviews import (
    feedback_summary,
    overdue_feedback,
    scorecards_hidden_count,
    scorecards_visible,
)
from ats.services.scorecards import scorecard_amend, scorecard_submit
from recruit.accounts.permissions import can_change, visible_to
from recruit.accounts.roles import Role
from recruit.candidates.models import Activity
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    InterviewStepFactory,
    JobFactory,
    ScorecardAttributeFactory,
    ScorecardFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def ivan(interviewer):
    return interviewer


@pytest.fixture
def inga(db):
    return UserFactory(full_name="Inga Interviewer", roles=[Role.INTERVIEWER])


@pytest.fixture
def ian(db):
    """An interviewer on the team who is not on this application's interviews."""
    return UserFactory(full_name="Ian Idle", roles=[Role.INTERVIEWER])


@pytest.fixture
def manager_elsewhere(db):
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    JobFactory(team=[(manager, "hiring_manager")])
    return manager


@pytest.fixture
def job(hiring_manager, ivan, inga, ian):
    return JobFactory(team=[(hiring_manager, "hiring_manager"), (ivan, "interviewer"),
                            (inga, "interviewer"), (ian, "interviewer")])  # fmt: skip


@pytest.fixture
def template(db):
    return ScorecardTemplateFactory(
        attributes=[("Skills", "Python"), ("Skills", "SQL"), ("Traits", "Communication")]
    )


@pytest.fixture
def attrs(template):
    return {a.name: a.pk for a in template.attributes.all()}


@pytest.fixture
def application(job):
    return ApplicationFactory(job=job)


def held(application, template, *interviewers, ended_hours_ago=1):
    """An interview of the application that ended `ended_hours_ago` hours ago."""
    end = timezone.now() - ended_hours_ago * HOUR
    step = InterviewStepFactory(stage=application.job.stages.get(name="Onsite"),
                                scorecard_template=template)  # fmt: skip
    return InterviewFactory(application=application, step=step, start_at=end - HOUR, end_at=end,
                            interviewers=list(interviewers))  # fmt: skip


@pytest.fixture
def interview(application, template, ivan, inga):
    return held(application, template, ivan, inga)


def submit(interview, user, overall="yes", ratings=None, actor=None, notes="Solid."):
    return scorecard_submit(interview=interview, interviewer=user, overall=overall, notes=notes,
                            ratings=ratings or {}, actor=actor or user)  # fmt: skip


# Submitting


def test_an_interviewer_submits_their_scorecard(interview, ivan, attrs):
    scorecard = submit(interview, ivan, "strong_yes", notes="  Great on compilers. ",
                       ratings={attrs["Python"]: ("strong_yes", " Fluent "),
                                str(attrs["SQL"]): "no"})  # fmt: skip
    scorecard.refresh_from_db()
    assert scorecard.overall == "strong_yes" and scorecard.notes == "Great on compilers."
    assert scorecard.submitted_at and scorecard.amended_at is None
    assert {(r.attribute.name, r.rating, r.note) for r in scorecard.ratings.all()} == {
        ("Python", "strong_yes", "Fluent"), ("SQL", "no", "")
    }  # fmt: skip
    entry = Activity.objects.get(verb="scorecard.submitted")
    assert entry.actor == ivan and entry.subject_id == str(scorecard.pk)
    # The timeline is read by interviewers who have not submitted yet: no verdict on it.
    assert "strong_yes" not in str(entry.details) and "compilers" not in str(entry.details)


def test_a_second_submission_is_refused_and_the_first_stands(interview, ivan, attrs):
    first = submit(interview, ivan, "yes", ratings={attrs["Python"]: "yes"})
    with pytest.raises(ValidationError) as error:
        submit(interview, ivan, "strong_no", ratings={attrs["Python"]: "strong_no"})
    assert error.value.messages == ["This scorecard was already submitted; amend it instead."]
    assert error.value.error_list[0].code == "already_submitted"
    first.refresh_from_db()
    assert first.overall == "yes" and first.ratings.get().rating == "yes"
    assert Scorecard.objects.count() == 1


def test_submitting_completes_a_draft(interview, ivan):
    draft = ScorecardFactory(interview=interview, interviewer=ivan, overall="no", submitted_at=None)
    scorecard = submit(interview, ivan, "yes")
    assert scorecard.pk == draft.pk and scorecard.overall == "yes" and scorecard.submitted_at


def test_only_a_participant_of_the_interview_may_submit(interview, ian):
    with pytest.raises(ValidationError, match="Ian Idle is not an interviewer on this interview"):
        submit(interview, ian)
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize(
    "overall, ratings, message",
    [
        ("maybe", {}, "“maybe” is not a rating for the overall recommendation"),
        ("", {}, "is not a rating for the overall recommendation"),
        ("yes", {"Python": "meh"}, "“meh” is not a rating for Python"),
        ("yes", {"Python": ("YES", "")}, "“YES” is not a rating for Python"),
        ("yes", {"elsewhere": "yes"}, "is not on this interview's scorecard"),
        ("yes", {"nonsense": "yes"}, "Attribute nonsense is not on this interview's scorecard"),
    ],
)
def test_bad_ratings_are_refused(interview, ivan, attrs, overall, ratings, message):
    attrs["elsewhere"] = ScorecardAttributeFactory().pk  # on another template
    keyed = {attrs.get(name, name): value for name, value in ratings.items()}
    with pytest.raises(ValidationError, match=message):
        submit(interview, ivan, overall, ratings=keyed)
    assert not Scorecard.objects.exists() and not ScorecardRating.objects.exists()


def test_an_interview_without_a_scorecard_template_takes_no_ratings(application, ivan, attrs):
    interview = InterviewFactory(application=application, interviewers=[ivan],
                                 start_at=timezone.now() - 2 * HOUR,
                                 end_at=timezone.now() - HOUR)  # fmt: skip
    with pytest.raises(ValidationError, match="is not on this interview's scorecard"):
        submit(interview, ivan, ratings={attrs["Python"]: "yes"})
    assert submit(interview, ivan, "no").overall == "no"


def test_no_feedback_on_a_cancelled_or_future_interview(interview, application, ivan):
    upcoming = InterviewFactory(application=application, interviewers=[ivan])
    with pytest.raises(ValidationError, match="has not started yet"):
        submit(upcoming, ivan)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.CANCELLED)
    with pytest.raises(ValidationError, match="was cancelled"):
        submit(interview, ivan)
    assert not Scorecard.objects.exists()


def test_nobody_submits_for_someone_else_but_the_recruiting_team(
    interview, ivan, inga, recruiter, hiring_manager
):
    with pytest.raises(PermissionDenied):
        submit(interview, ivan, actor=inga)
    with pytest.raises(PermissionDenied):
        submit(interview, ivan, actor=hiring_manager)
    on_behalf = submit(interview, ivan, actor=recruiter)
    assert on_behalf.interviewer == ivan
    assert Activity.objects.get(verb="scorecard.submitted").actor == recruiter


def test_submitting_sends_a_signal_on_commit(interview, ivan, django_capture_on_commit_callbacks):
    calls = []
    signals.scorecard_submitted.connect(lambda sender, **kw: calls.append(kw), weak=False,
                                        dispatch_uid="test-scorecard-submitted")  # fmt: skip
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            scorecard = submit(interview, ivan)
        assert calls == []
        for callback in callbacks:
            callback()
    finally:
        signals.scorecard_submitted.disconnect(dispatch_uid="test-scorecard-submitted")
    assert [(c["scorecard"], c["actor"]) for c in calls] == [(scorecard, ivan)]


# Amending keeps the history


def test_amending_keeps_each_previous_version(interview, ivan, attrs):
    scorecard = submit(interview, ivan, "yes", notes="Good.",
                       ratings={attrs["Python"]: ("yes", "ok"), attrs["SQL"]: "no"})  # fmt: skip
    submitted_at = scorecard.submitted_at
    amended = scorecard_amend(
        scorecard=scorecard, overall="strong_yes", notes="Better than I wrote.",
        ratings={attrs["Python"]: ("strong_yes", "on reflection")}, actor=ivan,
        reason="Re-read my notes",
    )  # fmt: skip
    amended.refresh_from_db()
    assert amended.overall == "strong_yes" and amended.notes == "Better than I wrote."
    assert amended.submitted_at == submitted_at and amended.amended_at
    assert [(r.attribute.name, r.rating) for r in amended.ratings.all()] == [
        ("Python", "strong_yes")
    ]
    (first,) = amended.revisions.all()
    assert (first.number, first.overall, first.notes) == (1, "yes", "Good.")
    assert first.submitted_at == submitted_at and first.replaced_by == ivan
    assert first.reason == "Re-read my notes"
    assert first.ratings == [
        {"attribute_id": attrs["Python"], "category": "Skills", "name": "Python",
         "rating": "yes", "note": "ok"},
        {"attribute_id": attrs["SQL"], "category": "Skills", "name": "SQL",
         "rating": "no", "note": ""},
    ]  # fmt: skip

    again = scorecard_amend(scorecard=amended, overall="no", notes="", ratings={}, actor=ivan)
    second = again.revisions.get(number=2)
    assert second.overall == "strong_yes" and second.submitted_at == amended.amended_at
    assert second.ratings[0]["note"] == "on reflection"
    assert Activity.objects.filter(verb="scorecard.amended").count() == 2


def test_an_amendment_that_changes_nothing_leaves_no_revision(interview, ivan, attrs):
    scorecard = submit(interview, ivan, "yes", notes="Good.", ratings={attrs["SQL"]: "no"})
    scorecard_amend(scorecard=scorecard, overall="yes", notes=" Good. ",
                    ratings={attrs["SQL"]: ("no", "")}, actor=ivan)  # fmt: skip
    scorecard.refresh_from_db()
    assert scorecard.amended_at is None and not scorecard.revisions.exists()


def test_amending_checks_like_submitting_and_only_the_author_amends(interview, ivan, inga, attrs):
    scorecard = submit(interview, ivan, "yes")
    with pytest.raises(ValidationError, match="not a rating"):
        scorecard_amend(scorecard=scorecard, overall="perhaps", ratings={}, actor=ivan)
    with pytest.raises(PermissionDenied):
        scorecard_amend(scorecard=scorecard, overall="no", ratings={}, actor=inga)
    scorecard.refresh_from_db()
    assert scorecard.overall == "yes" and not scorecard.revisions.exists()


def test_a_draft_is_submitted_not_amended(interview, ivan):
    draft = ScorecardFactory(interview=interview, interviewer=ivan, submitted_at=None)
    with pytest.raises(ValidationError, match="not submitted yet; submit it instead"):
        scorecard_amend(scorecard=draft, overall="yes", ratings={}, actor=ivan)


# Blind feedback: the visibility matrix

PERSONAS = ["ivan", "inga", "ian", "hiring_manager", "recruiter", "coordinator",
            "manager_elsewhere", "outsider"]  # fmt: skip


@pytest.fixture
def feedback(application, template, interview, ivan, inga, ian, job):
    """Ivan has submitted; Inga (on the same interview) has a draft only; Ian has submitted a
    scorecard on another application of the same job, which unlocks nothing here."""
    ivans = submit(interview, ivan, "yes")
    ingas_draft = ScorecardFactory(interview=interview, interviewer=inga, submitted_at=None)
    other = held(ApplicationFactory(job=job), template, ian, inga)
    ians_elsewhere = submit(other, ian, "no")
    return {"ivan": ivans, "inga_draft": ingas_draft, "ian_elsewhere": ians_elsewhere}


def seen(request, persona, application):
    user = request.getfixturevalue(persona)
    return {s.interviewer for s in scorecards_visible(user=user, application=application)}


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("ivan", {"ivan"}),  # submitted: sees every submitted one (Inga's is a draft)
        ("inga", {"inga"}),  # not submitted: her own draft only, Ivan's hidden
        ("ian", set()),  # submitted elsewhere: nothing unlocked here
        ("hiring_manager", {"ivan"}),  # sees all submitted, never drafts
        ("recruiter", {"ivan"}),
        ("coordinator", {"ivan"}),
        ("manager_elsewhere", set()),
        ("outsider", set()),
    ],
)
def test_visibility_before_inga_submits(request, feedback, application, persona, expected):
    names = {request.getfixturevalue(name): name for name in PERSONAS}
    assert {names[user] for user in seen(request, persona, application)} == expected


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("ivan", {"ivan", "inga"}),
        ("inga", {"ivan", "inga"}),  # her own submitted: the others' open up
        ("ian", set()),
        ("hiring_manager", {"ivan", "inga"}),
        ("recruiter", {"ivan", "inga"}),
        ("coordinator", {"ivan", "inga"}),
        ("manager_elsewhere", set()),
        ("outsider", set()),
    ],
)
def test_visibility_after_inga_submits(
    request, feedback, application, interview, inga, persona, expected
):
    submit(interview, inga, "strong_no")
    names = {request.getfixturevalue(name): name for name in PERSONAS}
    assert {names[user] for user in seen(request, persona, application)} == expected


def test_a_later_interview_of_the_application_is_unlocked_by_any_own_scorecard(
    feedback, application, template, ivan, inga, ian
):
    """Ian joins a second interview of the application; once he submits there he sees the
    first interview's scorecards too, as they are about the same application."""
    second = held(application, template, ian)
    assert seen_by(ian, application) == set()
    submit(second, ian, "strong_yes")
    assert seen_by(ian, application) == {ivan, ian}


def seen_by(user, application):
    return {s.interviewer for s in scorecards_visible(user=user, application=application)}


def test_hidden_count_tells_an_interviewer_what_waits_for_theirs(
    feedback, application, interview, inga, ivan, hiring_manager, recruiter
):
    assert scorecards_hidden_count(user=inga, application=application) == 1
    assert scorecards_hidden_count(user=ivan, application=application) == 0
    assert scorecards_hidden_count(user=hiring_manager, application=application) == 0
    assert scorecards_hidden_count(user=recruiter, application=application) == 0
    submit(interview, inga, "no")
    assert scorecards_hidden_count(user=inga, application=application) == 0


def test_the_permission_layer_applies_blind_feedback_everywhere(feedback, inga, ivan):
    """API and admin scope through visible_to: they cannot leak what the page hides."""
    assert list(visible_to(inga, Scorecard.objects.filter(submitted_at__isnull=False))) == []
    assert can_change(ivan, feedback["ivan"]) and not can_change(inga, feedback["ivan"])


def test_leaving_the_team_hides_even_your_own_scorecards(feedback, application, ivan):
    ivan.job_memberships.all().delete()
    assert seen_by(ivan, application) == set()


# The summary


def test_feedback_summary_counts_per_attribute_and_recommendation(
    application, interview, template, attrs, ivan, inga, hiring_manager, ian
):
    submit(interview, ivan, "strong_yes",
           ratings={attrs["Python"]: "strong_yes", attrs["SQL"]: "yes"})  # fmt: skip
    ingas = {attrs["Python"]: "yes", attrs["SQL"]: "no", attrs["Communication"]: "yes"}
    submit(interview, inga, "no", ratings=ingas)
    ScorecardFactory(interview=held(application, template, ian), interviewer=ian,
                     overall="strong_no", submitted_at=None)  # a draft counts nowhere  # fmt: skip

    summary = feedback_summary(application=application, user=hiring_manager)
    assert summary.scorecards == 2
    assert summary.overall == {"strong_no": 0, "no": 1, "yes": 0, "strong_yes": 1}
    assert [(a.category, a.name, a.counts, a.total) for a in summary.attributes] == [
        ("Skills", "Python", {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 1}, 2),
        ("Skills", "SQL", {"strong_no": 0, "no": 1, "yes": 1, "strong_yes": 0}, 2),
        ("Traits", "Communication", {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 0}, 1),
    ]


def test_the_summary_is_blind_too(application, interview, attrs, ivan, inga, outsider):
    submit(interview, ivan, "strong_yes", ratings={attrs["Python"]: "strong_yes"})
    for user in (inga, outsider):
        summary = feedback_summary(application=application, user=user)
        assert summary.scorecards == 0 and summary.attributes == []
        assert set(summary.overall.values()) == {0}
    assert feedback_summary(application=application, user=ivan).scorecards == 1


def test_the_summary_runs_a_constant_number_of_queries(
    application, template, attrs, job, recruiter, django_assert_num_queries
):
    def add_scorecards(count):
        for _ in range(count):
            person = UserFactory()
            job.members.create(user=person, role="interviewer")
            submit(held(application, template, person), person, "yes",
                   ratings=dict.fromkeys(attrs.values(), "no"))  # fmt: skip

    def fresh(user):  # as in a request: its roles not loaded yet
        return type(user).objects.get(pk=user.pk)

    add_scorecards(1)
    # The user's roles, the recommendations, the ratings.
    user = fresh(recruiter)
    with django_assert_num_queries(3):
        assert feedback_summary(application=application, user=user).scorecards == 1
    add_scorecards(5)
    user = fresh(recruiter)
    with django_assert_num_queries(3):
        summary = feedback_summary(application=application, user=user)
    assert summary.scorecards == 6 and summary.attributes[0].counts["no"] == 6


def test_scorecards_visible_runs_a_constant_number_of_queries(
    application, template, attrs, job, hiring_manager, django_assert_max_num_queries
):
    for _ in range(5):
        person = UserFactory()
        job.members.create(user=person, role="interviewer")
        submit(held(application, template, person), person, "yes",
               ratings=dict.fromkeys(attrs.values(), "yes"))  # fmt: skip
    manager = type(hiring_manager).objects.get(pk=hiring_manager.pk)
    with django_assert_max_num_queries(3):
        rows = list(scorecards_visible(user=manager, application=application))
        assert len(rows) == 5
        assert all(r.interviewer.email and r.interview.step.name for r in rows)
        assert {r.attribute.name for s in rows for r in s.ratings.all()} == set(attrs)


# Overdue feedback


def test_overdue_feedback_lists_who_still_owes_a_scorecard(application, template, ivan, inga, ian):
    due = held(application, template, ivan, inga, ian, ended_hours_ago=5)
    submit(due, inga)  # Inga's is in
    InterviewParticipant.objects.filter(interview=due, user=ian).update(response_status="declined")
    recent = held(application, template, ivan, ended_hours_ago=2)
    cancelled = held(application, template, ivan, ended_hours_ago=10)
    cancelled.status = Interview.Status.CANCELLED
    cancelled.save()
    oldest = held(application, template, inga, ended_hours_ago=30)
    ScorecardFactory(interview=oldest, interviewer=inga, submitted_at=None)  # a draft is not in
    InterviewFactory(application=application, interviewers=[ivan])  # upcoming

    overdue = overdue_feedback()
    assert [(p.interview, p.user) for p in overdue] == [(oldest, inga), (due, ivan)]
    within_the_hour = overdue_feedback(after=HOUR)
    assert [(p.interview, p.user) for p in within_the_hour] == [
        (oldest, inga), (due, ivan), (recent, ivan)
    ]  # fmt: skip
    later = overdue_feedback(now=timezone.now() + timedelta(days=3), after=HOUR)
    assert len(later) == 4  # the upcoming one has ended by then
