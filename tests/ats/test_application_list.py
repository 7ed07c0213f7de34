"""The applications list of a job, through HTTP: filters, sorting, paging, blind review, the
bulk actions (with their partial failures) and who may do what."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, JobMember, StageChange
from ats.services import application_reject
from recruit.candidates.models import Activity, Source
from recruit.messaging.models import OutboundEmail
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmailTemplateFactory,
    JobFactory,
    RejectionReasonFactory,
    SourceFactory,
    SuppressionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(hiring_manager, interviewer):
    return JobFactory(
        title="Data engineer",
        team=[
            (hiring_manager, JobMember.Role.HIRING_MANAGER),
            (interviewer, JobMember.Role.INTERVIEWER),
        ],
    )


def stage(job, kind):
    return job.stages.filter(kind=kind).order_by("position").first()


def apply(job, first, last="Example", **fields):
    candidate = CandidateFactory(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}@example.org",
        tags=fields.pop("tags", []),
    )
    return ApplicationFactory(job=job, candidate=candidate, **fields)


def list_url(job, **params):
    url = reverse("ats:job-applications", args=[job.pk])
    return url, params


def names(response):
    """The candidate names (or blind labels) in the table, in order."""
    return re.findall(r'<a href="/ats/applications/\d+/"><strong>([^<]+)</strong>', response.text)


def get_list(client, job, **params):
    response = client.get(reverse("ats:job-applications", args=[job.pk]), params)
    assert response.status_code == 200
    return response


def bulk(client, job, applications, action, query="", **fields):
    url = reverse("ats:job-applications-bulk", args=[job.pk]) + (f"?{query}" if query else "")
    data = {"bulk-action": action, "bulk-applications": [a.pk for a in applications]}
    data.update({f"bulk-{name}": value for name, value in fields.items()})
    return client.post(url, data)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# Filters and sorting


def test_shows_active_applications_by_default_and_other_statuses_on_request(login, recruiter, job):
    active = apply(job, "Active")
    rejected = apply(job, "Rejected")
    application_reject(application=rejected, reason=RejectionReasonFactory(), actor=recruiter)
    hired = apply(job, "Hired", status=Application.Status.HIRED)
    client = login(recruiter)

    assert names(get_list(client, job)) == [str(active.candidate)]
    assert names(get_list(client, job, status="rejected")) == [str(rejected.candidate)]
    assert names(get_list(client, job, status="hired")) == [str(hired.candidate)]
    assert len(names(get_list(client, job, status="all"))) == 3


def test_filters_by_stage_source_score_tags_and_days_in_stage(login, recruiter, job):
    screen, referral = stage(job, "screen"), SourceFactory(kind=Source.Kind.REFERRAL, name="")
    shortlist, remote = TagFactory(name="shortlist"), TagFactory(name="remote")
    a = apply(job, "Ann", stage=screen, match_score=90, tags=[shortlist])
    b = apply(job, "Ben", source=referral, match_score=40, tags=[remote])
    c = apply(job, "Cem", match_score=None)
    Application.objects.filter(pk=a.pk).update(stage_entered_at=timezone.now() - timedelta(10))
    client = login(recruiter)

    assert names(get_list(client, job, stage=screen.pk)) == [str(a.candidate)]
    assert names(get_list(client, job, source=referral.pk)) == [str(b.candidate)]
    assert set(names(get_list(client, job, min_score=40))) == {str(a.candidate), str(b.candidate)}
    assert names(get_list(client, job, min_score=41)) == [str(a.candidate)]
    assert names(get_list(client, job, tag=[remote.pk])) == [str(b.candidate)]
    both = get_list(client, job, tag=[remote.pk, shortlist.pk])
    assert set(names(both)) == {str(a.candidate), str(b.candidate)}  # any of the tags
    assert names(get_list(client, job, days=7)) == [str(a.candidate)]
    assert len(names(get_list(client, job, days=0))) == 3
    assert str(c.candidate) in get_list(client, job).text


def test_filter_choices_offer_only_this_jobs_sources_and_tags(login, recruiter, job):
    apply(job, "Ann", tags=[TagFactory(name="on-this-job")])
    other = JobFactory()
    apply(
        other,
        "Ben",
        source=SourceFactory(kind=Source.Kind.AGENCY, name="Acme agency"),
        tags=[TagFactory(name="elsewhere")],
    )
    html = get_list(login(recruiter), job).text
    assert "on-this-job" in html
    assert "elsewhere" not in html and "Acme agency" not in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ann Alpha", "Ben Beta", "Cem Gamma"]),
        ("-name", ["Cem Gamma", "Ben Beta", "Ann Alpha"]),
        ("-score", ["Ben Beta", "Ann Alpha", "Cem Gamma"]),  # no score last
        ("score", ["Cem Gamma", "Ann Alpha", "Ben Beta"]),
        ("-applied", ["Cem Gamma", "Ann Alpha", "Ben Beta"]),
        ("applied", ["Ben Beta", "Ann Alpha", "Cem Gamma"]),
        ("-days", ["Ann Alpha", "Cem Gamma", "Ben Beta"]),
        ("days", ["Ben Beta", "Cem Gamma", "Ann Alpha"]),
        ("'; DROP TABLE x; --", ["Cem Gamma", "Ann Alpha", "Ben Beta"]),  # unknown: default
    ],
)
def test_sorts_by_whitelisted_keys(login, recruiter, job, sort, expected):
    now = timezone.now()
    for first, last, score, applied, entered in [
        ("Ann", "Alpha", 50, 2, 30),
        ("Ben", "Beta", 90, 3, 1),
        ("Cem", "Gamma", None, 1, 5),
    ]:
        apply(
            job,
            first,
            last,
            match_score=score,
            applied_at=now - timedelta(days=applied),
            stage_entered_at=now - timedelta(days=entered),
        )
    assert names(get_list(login(recruiter), job, sort=sort)) == expected


def test_header_links_toggle_the_sort_and_keep_the_filters(login, recruiter, job):
    apply(job, "Ann", match_score=50)
    html = get_list(login(recruiter), job, sort="-score", min_score=10).text
    assert 'aria-sort="descending"' in html
    score_link = re.search(r'aria-sort="descending"><a class="sort" href="([^"]+)"', html)[1]
    assert "sort=score" in score_link and "min_score=10" in score_link
    assert "sort=name" in html  # another column's link


def test_bad_filter_values_are_ignored_not_fatal(login, recruiter, job):
    apply(job, "Ann")
    response = get_list(login(recruiter), job, min_score="lots", stage="999999", days="-3")
    assert names(response) == ["Ann Example"]


def test_pages_hold_fifty_and_links_keep_the_filters(login, recruiter, job):
    ApplicationFactory.create_batch(55, job=job, match_score=70)
    client = login(recruiter)
    first = get_list(client, job, min_score=60)
    assert len(names(first)) == 50 and "Page 1 of 2" in first.text
    assert "min_score=60&amp;page=2" in first.text
    assert len(names(get_list(client, job, min_score=60, page=2))) == 5


def test_query_count_is_the_same_for_20_and_200_applications(
    login, recruiter, job, django_assert_max_num_queries
):
    def make(count):
        tag = TagFactory()
        for _ in range(count):
            ApplicationFactory(
                job=job,
                match_score=50,
                candidate=CandidateFactory(tags=[tag]),
                source=SourceFactory(kind=Source.Kind.JOB_BOARD, name="Board"),
            )

    client = login(recruiter)
    make(20)
    get_list(client, job)
    with django_assert_max_num_queries(25) as twenty:
        get_list(client, job)
    make(180)
    with django_assert_max_num_queries(len(twenty.captured_queries)):
        response = get_list(client, job)
    assert len(names(response)) == 50


# Blind review


def test_blind_review_hides_names_from_a_hiring_manager_until_the_interview(
    login, recruiter, hiring_manager, job
):
    job.blind_review = True
    job.save()
    early = apply(job, "Hidden", "Person", match_score=70)
    later = apply(job, "Shown", "Person", stage=stage(job, "interview"))
    html = get_list(login(hiring_manager), job).text
    assert f"Candidate #{early.candidate_id}" in html
    assert "Hidden" not in html and early.candidate.email not in html
    assert early.candidate.current_title not in html
    assert "Shown Person" in html
    assert "sort=name" not in html  # sorting by a hidden name would reveal its order
    names_sorted = names(get_list(login(hiring_manager), job, sort="name"))
    assert set(names_sorted) == {f"Candidate #{early.candidate_id}", "Shown Person"}

    recruiter_html = get_list(login(recruiter), job).text
    assert "Hidden Person" in recruiter_html and f"Candidate #{early.candidate_id}" not in (
        recruiter_html
    )
    detail = login(hiring_manager).get(reverse("ats:application-detail", args=[later.pk]))
    assert "Shown Person" in detail.text


def test_bulk_failures_shown_to_a_blind_reviewer_do_not_name_the_candidate(
    login, hiring_manager, job
):
    job.blind_review = True
    job.save()
    application = apply(job, "Secret", "Name", status=Application.Status.WITHDRAWN)
    response = bulk(
        login(hiring_manager), job, [application], "move", stage=stage(job, "screen").pk
    )
    shown = " ".join(messages_of(login(hiring_manager).get(response["Location"])))
    assert f"Candidate #{application.candidate_id}" in shown
    assert "Secret" not in shown


# Bulk actions


def test_bulk_move_moves_each_and_reports_the_ones_that_cannot(login, recruiter, job):
    movable = [apply(job, "Ann"), apply(job, "Ben")]
    withdrawn = apply(job, "Cem", status=Application.Status.WITHDRAWN)
    interview = stage(job, "interview")
    client = login(recruiter)
    response = bulk(
        client, job, [*movable, withdrawn], "move", query="sort=name", stage=interview.pk
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ats:job-applications", args=[job.pk]) + "?sort=name"
    assert {a.stage_id for a in Application.objects.filter(pk__in=[a.pk for a in movable])} == {
        interview.pk
    }
    assert StageChange.objects.filter(to_stage=interview).count() == 2
    withdrawn.refresh_from_db()
    assert withdrawn.stage_id != interview.pk
    shown = messages_of(client.get(response["Location"]))
    assert f"Moved 2 applications to “{interview.name}”." in shown
    assert "1 could not be changed:" in shown
    assert "Cem Example: This application is withdrawn; reopen it first." in shown


def test_bulk_reject_schedules_the_email_and_reports_a_candidate_without_address(
    login, recruiter, job
):
    reason = RejectionReasonFactory(name="Not enough experience")
    template = EmailTemplateFactory(subject="Your application for {{ job.title }}")
    with_email = [apply(job, "Ann"), apply(job, "Ben")]
    no_email = ApplicationFactory(
        job=job, candidate=CandidateFactory(first_name="Nomail", last_name="X", email="")
    )
    client = login(recruiter)
    response = bulk(
        client,
        job,
        [*with_email, no_email],
        "reject",
        reason=reason.pk,
        note="Keep warm",
        keep_in_touch="on",
        rejection_template=template.pk,
        delay="90",
    )
    assert response.status_code == 302
    for application in with_email:
        application.refresh_from_db()
        assert application.status == "rejected" and application.keep_in_touch
        assert application.rejection_reason == reason and application.rejection_note == "Keep warm"
        email = application.rejection_email
        assert email.status == "scheduled"
        assert email.subject == "Your application for Data engineer"
        assert timedelta(minutes=89) < email.send_after - timezone.now() <= timedelta(minutes=90)
    no_email.refresh_from_db()
    assert no_email.status == "active"  # the whole rejection of that one rolled back
    assert mail.outbox == []
    shown = messages_of(client.get(response["Location"], {"status": "all"}))
    assert any(m.startswith("Rejected 2 applications. The rejection emails go at") for m in shown)
    assert "Nomail X: No email address on file." in shown


def test_bulk_reject_without_email_uses_no_template_and_sends_nothing(login, recruiter, job):
    application = apply(job, "Ann")
    bulk(login(recruiter), job, [application], "reject", reason=RejectionReasonFactory().pk)
    application.refresh_from_db()
    assert application.status == "rejected" and application.rejection_email is None
    assert OutboundEmail.objects.count() == 0


def test_bulk_tag_tags_each_candidate_once_with_an_activity(login, recruiter, job):
    existing = TagFactory(name="Shortlist")
    already = apply(job, "Ann", tags=[existing])
    new = apply(job, "Ben")
    client = login(recruiter)
    response = bulk(client, job, [already, new], "tag", tag="  shortlist ")
    assert response.status_code == 302
    assert list(new.candidate.tags.all()) == [existing]  # the same tag, whatever the case
    assert list(already.candidate.tags.all()) == [existing]
    assert Activity.objects.filter(verb="candidate.tagged").count() == 1
    assert "Tagged 2 candidates “Shortlist”." in messages_of(client.get(response["Location"]))


def test_bulk_tag_creates_a_new_tag(login, recruiter, job):
    application = apply(job, "Ann")
    bulk(login(recruiter), job, [application], "tag", tag="Python <b>guru</b>")
    assert [t.name for t in application.candidate.tags.all()] == ["Python <b>guru</b>"]


def test_bulk_email_goes_now_and_reports_a_suppressed_address(
    login, recruiter, job, django_capture_on_commit_callbacks
):
    template = EmailTemplateFactory(
        subject="Hello {{ candidate.first_name }}",
        text_body="About {{ job.title }} from {{ sender.full_name }}",
    )
    ann, ben = apply(job, "Ann"), apply(job, "Ben")
    nomail = ApplicationFactory(job=job, candidate=CandidateFactory(first_name="No", email=""))
    SuppressionFactory(email=ben.candidate.email)
    client = login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client, job, [ann, ben, nomail], "email", email_template=template.pk)
    assert [m.to for m in mail.outbox] == [[ann.candidate.email]]
    assert mail.outbox[0].subject == "Hello Ann"
    assert mail.outbox[0].body == "About Data engineer from Rita Recruiter"
    assert mail.outbox[0].reply_to == [recruiter.email]
    assert OutboundEmail.objects.get(to_email=ben.candidate.email).status == "suppressed"
    shown = messages_of(client.get(response["Location"]))
    assert f"Emailed 1 candidate “{template.name}”." in shown
    assert "Ben Example: Not sent: address suppressed." in shown
    assert f"{nomail.candidate}: No email address on file." in shown


def test_an_incomplete_bulk_action_keeps_what_was_typed(login, recruiter, job):
    application = apply(job, "Ann")
    client = login(recruiter)
    response = bulk(client, job, [application], "reject", note="Typed <carefully>")
    assert response.status_code == 400
    assert "Choose a rejection reason." in response.text
    assert "Typed &lt;carefully&gt;" in response.text
    assert f'value="{application.pk}" id="select-{application.pk}"' in response.text
    assert re.search(rf'id="select-{application.pk}"[^>]* checked', response.text)
    nothing = bulk(client, job, [], "move", stage=stage(job, "screen").pk)
    assert nothing.status_code == 400
    assert "Tick at least one application first." in nothing.text
    application.refresh_from_db()
    assert application.status == "active"


def test_applications_of_another_job_cannot_be_smuggled_in(login, recruiter, job):
    elsewhere = apply(JobFactory(), "Other")
    response = bulk(login(recruiter), job, [elsewhere], "move", stage=stage(job, "screen").pk)
    assert response.status_code == 400
    elsewhere.refresh_from_db()
    assert elsewhere.stage.job_id != job.pk


# Who may do what


def test_hiring_manager_on_the_job_sees_the_list_and_can_bulk_move(login, hiring_manager, job):
    application = apply(job, "Ann")
    client = login(hiring_manager)
    assert 'name="bulk-applications"' in get_list(client, job).text
    response = bulk(client, job, [application], "move", stage=stage(job, "screen").pk)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage.kind == "screen"


def test_hiring_manager_cannot_tag_candidates(login, hiring_manager, job):
    application = apply(job, "Ann")
    client = login(hiring_manager)
    response = bulk(client, job, [application], "tag", tag="nope")
    assert application.candidate.tags.count() == 0
    shown = messages_of(client.get(response["Location"]))
    assert "Ann Example: Only the recruiting team can tag candidates." in shown


def test_interviewer_on_the_job_sees_the_list_but_no_actions_and_gets_403(login, interviewer, job):
    application = apply(job, "Ann")
    client = login(interviewer)
    html = get_list(client, job).text
    assert "Ann Example" in html and 'name="bulk-applications"' not in html
    response = bulk(client, job, [application], "move", stage=stage(job, "screen").pk)
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.stage.kind == "applied"


@pytest.mark.parametrize("persona", ["other_manager", "outsider"])
def test_other_jobs_hiring_manager_and_outsiders_get_404(request, login, job, persona):
    if persona == "other_manager":
        user = UserFactory(roles=["Hiring manager"])
        JobFactory(team=[(user, JobMember.Role.HIRING_MANAGER)])
    else:
        user = request.getfixturevalue("outsider")
    application = apply(job, "Ann")
    client = login(user)
    assert client.get(reverse("ats:job-applications", args=[job.pk])).status_code == 404
    response = bulk(client, job, [application], "move", stage=stage(job, "screen").pk)
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage.kind == "applied"
