"""The application page through HTTP: what it shows, each action (with stale versions refused
and nothing typed lost), the cancellable rejection email, notes, escaping and permissions."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, JobMember, StageChange
from ats.services import application_create, application_move, application_reject
from recruit.accounts.models import Notification
from recruit.candidates.models import Note
from recruit.candidates.services import note_add
from recruit.messaging.models import OutboundEmail
from recruit.messaging.services import outbound_deliver_pending
from tests.factories import (
    ApplicationFactory,
    ApplicationQuestionFactory,
    CandidateFactory,
    EmailTemplateFactory,
    JobFactory,
    RejectionReasonFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script>'


@pytest.fixture
def job(hiring_manager, interviewer):
    return JobFactory(
        title="Platform engineer",
        location="Berlin",
        team=[
            (hiring_manager, JobMember.Role.HIRING_MANAGER),
            (interviewer, JobMember.Role.INTERVIEWER),
        ],
    )


@pytest.fixture
def application(job, recruiter):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper", location="Berlin")
    application, _ = application_create(candidate=candidate, job=job, actor=recruiter)
    return application


def stage(job, kind):
    return job.stages.filter(kind=kind).order_by("position").first()


def page(client, application):
    return client.get(reverse("ats:application-detail", args=[application.pk]))


def act(client, application, action, version=None, **fields):
    """POST one of the page's forms, as the browser would send it."""
    prefix = {"application-stage": "move", "application-reject": "reject"}.get(action, "")
    prefix = prefix or action.removeprefix("application-")
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-version"] = application.version if version is None else version
    return client.post(reverse(f"ats:{action}", args=[application.pk]), data)


def shown_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_page_shows_candidate_job_stage_match_answers_history_and_other_applications(
    login, recruiter, job, settings
):
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    job.required_skills.set([python, sql])
    question = ApplicationQuestionFactory(job=job, label="Can you work in the EU?")
    candidate = CandidateFactory(
        first_name="Ada", last_name="Lovelace", location="Berlin", skills=[python]
    )
    application, _ = application_create(
        candidate=candidate, job=job, actor=recruiter, answers={str(question.pk): "no"}
    )
    application_move(
        application=application,
        to_stage=stage(job, "screen"),
        actor=recruiter,
        note="Good first call",
    )
    other_job = JobFactory(title="Data lead")
    application_create(candidate=candidate, job=other_job, actor=recruiter)
    note_add(candidate=candidate, author=recruiter, body="About this one", about=application)
    note_add(candidate=candidate, author=recruiter, body="About the person in general")

    html = page(login(recruiter), application).text
    assert "Ada Lovelace" in html and "Platform engineer" in html
    assert 'class="badge stage">Screen<' in html and "Active" in html
    match = re.search(r'id="match-h".*?</section>', html, re.S)[0]
    assert re.search(r'class="met">.*Python \(required\)', match)
    assert re.search(r'class="unmet">.*SQL \(required\)', match)
    assert "Not met:" in match and "Met:" in match
    assert "Can you work in the EU?" in html and "Disqualifying answer" in html
    history = re.search(r'id="history-h".*?</section>', html, re.S)[0]
    assert "Applied → Screen" in history and "by Rita Recruiter" in history
    assert "Good first call" in history
    others = re.search(r'id="others-h".*?</section>', html, re.S)[0]
    assert "Data lead" in others and "Platform engineer" not in others
    assert "About this one" in html and "About the person in general" not in html


def test_history_times_are_shown_in_the_viewers_time_zone(login, recruiter, application):
    StageChange.objects.filter(application=application).update(
        at=datetime(2026, 1, 15, 12, 30, tzinfo=UTC)
    )
    recruiter.time_zone = "Asia/Tokyo"
    recruiter.save()
    html = page(login(recruiter), application).text
    assert "Jan 15, 2026 21:30 JST" in html


def test_move_writes_history_and_a_stale_version_is_refused_keeping_the_note(
    login, recruiter, application, job
):
    client = login(recruiter)
    screen, interview = stage(job, "screen"), stage(job, "interview")
    response = act(client, application, "application-stage", stage=screen.pk, note="Call went ok")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == screen and application.version == 2
    assert StageChange.objects.filter(
        application=application, to_stage=screen, note="Call went ok"
    ).exists()

    stale = act(
        client,
        application,
        "application-stage",
        version=1,
        stage=interview.pk,
        note="Typed while someone else moved it",
    )
    assert stale.status_code == 409
    assert any("was changed by someone else" in m for m in shown_messages(stale))
    assert "Typed while someone else moved it" in stale.text
    assert 'name="move-version" value="2"' in stale.text  # the retry is based on the new state
    application.refresh_from_db()
    assert application.stage == screen


def test_moving_into_the_hired_stage_hires(login, recruiter, application, job):
    act(login(recruiter), application, "application-stage", stage=stage(job, "hired").pk)
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED


def test_reject_with_delayed_email_then_cancel_it_before_it_goes_and_it_never_goes(
    login, recruiter, application
):
    reason = RejectionReasonFactory(name="Another candidate was a better fit")
    template = EmailTemplateFactory(name="Rejection", subject="Your application")
    client = login(recruiter)
    response = act(
        client,
        application,
        "application-reject",
        reason=reason.pk,
        note="Close call",
        keep_in_touch="on",
        email_template=template.pk,
        delay="45",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected" and application.keep_in_touch
    email = application.rejection_email
    assert email.status == "scheduled"
    due = timezone.localtime(email.send_after)
    html = client.get(response["Location"]).text
    assert f"Goes at {due:%b} {due.day}, {due:%H:%M}" in html
    assert "Cancel the rejection email" in html

    cancelled = client.post(
        reverse("ats:application-rejection-email-cancel", args=[application.pk]), follow=True
    )
    assert "The rejection email was cancelled: it will not be sent." in shown_messages(cancelled)
    email.refresh_from_db()
    assert email.status == "cancelled"
    assert "Cancel the rejection email" not in cancelled.text
    outbound_deliver_pending(now=timezone.now() + timedelta(days=1))
    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == "cancelled"
    again = client.post(
        reverse("ats:application-rejection-email-cancel", args=[application.pk]), follow=True
    )
    assert "nothing to cancel" in " ".join(shown_messages(again))


def test_a_rejection_email_that_went_can_no_longer_be_cancelled(login, recruiter, application):
    template = EmailTemplateFactory()
    application_reject(
        application=application,
        reason=RejectionReasonFactory(),
        actor=recruiter,
        email_template=template,
        email_delay=timedelta(minutes=1),
    )
    outbound_deliver_pending(now=timezone.now() + timedelta(minutes=2))
    assert len(mail.outbox) == 1
    client = login(recruiter)
    html = page(client, application).text
    assert "Sent " in html and "Cancel the rejection email" not in html
    client.post(reverse("ats:application-rejection-email-cancel", args=[application.pk]))
    assert OutboundEmail.objects.get().status == "sent"


def test_reject_without_a_reason_keeps_what_was_typed(login, recruiter, application):
    response = act(
        login(recruiter), application, "application-reject", note="My careful explanation"
    )
    assert response.status_code == 400
    assert "My careful explanation" in response.text
    assert "Reason: This field is required." in shown_messages(response)
    assert re.search(r"<details class=\"action\" open>\s*<summary>Reject", response.text)
    application.refresh_from_db()
    assert application.status == "active"


def test_reject_with_a_stale_version_is_a_conflict(login, recruiter, application, job):
    application_move(application=application, to_stage=stage(job, "screen"), actor=recruiter)
    response = act(
        login(recruiter),
        application,
        "application-reject",
        version=1,
        reason=RejectionReasonFactory().pk,
        note="Stale",
    )
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == "active"


def test_reject_email_needs_an_address_and_the_message_says_so(login, recruiter, job):
    application = ApplicationFactory(
        job=job, candidate=CandidateFactory(email="", first_name="Nomail")
    )
    response = act(
        login(recruiter),
        application,
        "application-reject",
        reason=RejectionReasonFactory().pk,
        email_template=EmailTemplateFactory().pk,
    )
    assert response.status_code == 400
    assert any("No email address on file" in m for m in shown_messages(response))
    application.refresh_from_db()
    assert application.status == "active"


def test_withdraw_then_reopen(login, recruiter, application):
    client = login(recruiter)
    act(client, application, "application-withdraw", note="Took another offer")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "Withdrawn by the candidate" in page(client, application).text
    response = act(client, application, "application-reopen")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "active" and application.withdrawn_at is None


def test_reopen_cancels_a_rejection_email_that_has_not_gone(login, recruiter, application):
    application_reject(
        application=application,
        reason=RejectionReasonFactory(),
        actor=recruiter,
        email_template=EmailTemplateFactory(),
    )
    application.refresh_from_db()
    client = login(recruiter)
    assert "cancels the rejection email" in page(client, application).text
    act(client, application, "application-reopen")
    assert OutboundEmail.objects.get().status == "cancelled"
    stale = act(client, application, "application-reopen", version=application.version)
    assert stale.status_code == 409  # reopened meanwhile: version moved on


def test_hire_and_a_hired_application_cannot_be_rejected(login, recruiter, application):
    client = login(recruiter)
    response = act(client, application, "application-hire")
    assert response.status_code == 302
    assert "Hired: moved to “Hired”." in shown_messages(client.get(response["Location"]))
    application.refresh_from_db()
    assert application.status == "hired" and application.stage.kind == "hired"
    refused = act(client, application, "application-reject", reason=RejectionReasonFactory().pk)
    assert refused.status_code == 400
    assert "This application is already hired." in shown_messages(refused)


def test_notes_about_the_application_mention_and_notify(
    login, recruiter, hiring_manager, application, django_capture_on_commit_callbacks
):
    client = login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ats:application-note-add", args=[application.pk]),
            {"body": "Strong.\n@hana.manager please have a look"},
        )
    note = Note.objects.get()
    assert response["Location"].endswith(f"/ats/applications/{application.pk}/#note-{note.pk}")
    assert note.about == application and list(note.mentions.all()) == [hiring_manager]
    assert Notification.objects.get(user=hiring_manager).url.endswith(f"#note-{note.pk}")
    assert [m.to for m in mail.outbox] == [[hiring_manager.email]]
    html = page(client, application).text
    assert f'id="note-{note.pk}"' in html
    assert "Strong.<br>@hana.manager please have a look" in html


def test_an_empty_note_comes_back_with_an_error(login, recruiter, application):
    response = login(recruiter).post(
        reverse("ats:application-note-add", args=[application.pk]), {"body": "   "}
    )
    assert response.status_code == 400
    assert Note.objects.count() == 0


def test_html_and_script_in_notes_names_and_answers_are_escaped(login, recruiter, job):
    question = ApplicationQuestionFactory(job=job, kind="text", knockout_answers=[], label=XSS)
    candidate = CandidateFactory(first_name=XSS, last_name="<b>bold</b>", current_title=XSS)
    application, _ = application_create(
        candidate=candidate, job=job, actor=recruiter, answers={str(question.pk): XSS}
    )
    note_add(candidate=candidate, author=recruiter, body=f"{XSS}\nline two", about=application)
    client = login(recruiter)
    for response in (
        page(client, application),
        client.get(reverse("ats:job-applications", args=[job.pk])),
    ):
        assert XSS not in response.text and "<b>bold</b>" not in response.text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text
    assert "&lt;/script&gt;<br>line two" in page(client, application).text


# Who may do what


def test_hiring_manager_on_the_job_can_act(login, hiring_manager, application, job):
    client = login(hiring_manager)
    assert "Actions" in page(client, application).text
    act(client, application, "application-stage", stage=stage(job, "screen").pk)
    application.refresh_from_db()
    assert application.stage.kind == "screen"


def test_interviewer_sees_the_page_without_actions_and_gets_403_for_each(
    login, interviewer, application, job
):
    client = login(interviewer)
    html = page(client, application).text
    assert "Grace Hopper" in html and 'id="actions-h"' not in html
    reason = RejectionReasonFactory()
    for action, fields in [
        ("application-stage", {"stage": stage(job, "screen").pk}),
        ("application-reject", {"reason": reason.pk}),
        ("application-withdraw", {}),
        ("application-reopen", {}),
        ("application-hire", {}),
    ]:
        assert act(client, application, action, **fields).status_code == 403, action
    cancel = reverse("ats:application-rejection-email-cancel", args=[application.pk])
    assert client.post(cancel).status_code == 403
    application.refresh_from_db()
    assert application.status == "active" and application.version == 1


@pytest.mark.parametrize("persona", ["other_manager", "outsider"])
def test_others_get_404(request, login, application, job, persona):
    if persona == "other_manager":
        user = UserFactory(roles=["Hiring manager"])
        JobFactory(team=[(user, JobMember.Role.HIRING_MANAGER)])
    else:
        user = request.getfixturevalue("outsider")
    client = login(user)
    assert page(client, application).status_code == 404
    assert act(client, application, "application-hire").status_code == 404
    note_url = reverse("ats:application-note-add", args=[application.pk])
    assert client.post(note_url, {"body": "hi"}).status_code == 404


def test_hiring_manager_sees_only_their_jobs_among_other_applications(
    login, recruiter, hiring_manager, application
):
    application_create(
        candidate=application.candidate, job=JobFactory(title="Secret role"), actor=recruiter
    )
    html = page(login(hiring_manager), application).text
    assert "Secret role" not in html and "None that you can see." in html


def test_blind_review_hides_identity_on_the_page_until_the_interview(
    login, hiring_manager, recruiter, application, job
):
    job.blind_review = True
    job.save()
    client = login(hiring_manager)
    html = page(client, application).text
    assert f"Candidate #{application.candidate_id}" in html
    assert "Grace" not in html and application.candidate.email not in html
    assert reverse("candidates:detail", args=[application.candidate_id]) not in html
    application_move(application=application, to_stage=stage(job, "interview"), actor=recruiter)
    assert "Grace Hopper" in page(client, application).text


def test_page_query_count_does_not_grow_with_history_notes_and_other_applications(
    login, recruiter, application, job, django_assert_max_num_queries
):
    client = login(recruiter)
    page(client, application)
    # 23: with the parsed resume (#5) and the interviews and feedback summary (#6).
    with django_assert_max_num_queries(23) as before:
        page(client, application)
    for kind in ("screen", "interview", "offer"):
        application_move(application=application, to_stage=stage(job, kind), actor=recruiter)
    for n in range(5):
        note_add(candidate=application.candidate, author=recruiter, body=f"n{n}", about=application)
        application_create(candidate=application.candidate, job=JobFactory(), actor=recruiter)
    application.refresh_from_db()
    with django_assert_max_num_queries(len(before.captured_queries)):
        page(client, application)
