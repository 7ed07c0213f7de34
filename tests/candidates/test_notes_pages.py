"""Collaboration on the candidate page through HTTP: notes with @mentions (notifications and
emails), private notes, the notifications inbox, the person's applications, sending an email
from a template and merging a duplicate record."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ats.models import Application, JobMember
from ats.services import application_create
from recruit.accounts.models import Notification
from recruit.candidates.models import Activity, Candidate, Note
from recruit.candidates.services import note_add
from recruit.messaging.models import OutboundEmail
from tests.factories import (
    CandidateFactory,
    EmailTemplateFactory,
    JobFactory,
    NotificationFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    return CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")


@pytest.fixture
def job_of(recruiter):
    """A job with `user` as its hiring manager, to which `candidate` applied."""

    def _job_of(user, candidate, title="Backend engineer"):
        job = JobFactory(title=title, team=[(user, JobMember.Role.HIRING_MANAGER)])
        application_create(candidate=candidate, job=job, actor=recruiter)
        return job

    return _job_of


def detail(client, candidate):
    return client.get(reverse("candidates:detail", args=[candidate.pk]))


def add_note(client, candidate, body, **extra):
    return client.post(reverse("candidates:note-add", args=[candidate.pk]), {"body": body, **extra})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Notes and mentions


def test_mentioning_a_colleague_notifies_them_in_the_app_and_by_email(
    login, recruiter, coordinator, candidate, django_capture_on_commit_callbacks
):
    client = login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_note(client, candidate, "Strong on compilers.\n@cody.coordinator see this")
    note = Note.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/{candidate.pk}/#note-{note.pk}"
    notification = Notification.objects.get(user=coordinator)
    assert notification.text == "Rita Recruiter mentioned you on Grace Hopper"
    assert notification.url == f"/candidates/{candidate.pk}/#note-{note.pk}"
    [email] = mail.outbox
    assert email.to == [coordinator.email]
    assert "Strong on compilers." in email.body and f"#note-{note.pk}" in email.body
    html = detail(client, candidate).text
    assert f'id="note-{note.pk}"' in html
    assert "Strong on compilers.<br>@cody.coordinator see this" in html


def test_a_mention_by_full_email_works_and_the_author_is_not_notified(
    login, recruiter, coordinator, candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_note(login(recruiter), candidate, f"@{coordinator.email} and me @rita.recruiter")
    assert list(Notification.objects.values_list("user__email", flat=True)) == [coordinator.email]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_private_notes_are_hidden_from_hiring_managers(
    login, recruiter, hiring_manager, candidate, job_of
):
    job_of(hiring_manager, candidate)
    add_note(login(recruiter), candidate, "Salary expectations: high", is_private="on")
    add_note(login(recruiter), candidate, "Friendly and sharp")
    assert Note.objects.get(body__startswith="Salary").is_private
    recruiter_html = detail(login(recruiter), candidate).text
    assert "Salary expectations" in recruiter_html and "Private" in recruiter_html
    manager_html = detail(login(hiring_manager), candidate).text
    assert "Friendly and sharp" in manager_html
    assert "Salary expectations" not in manager_html
    assert 'name="is_private"' not in manager_html


def test_a_hiring_manager_cannot_write_a_private_note(login, hiring_manager, candidate, job_of):
    job_of(hiring_manager, candidate)
    add_note(login(hiring_manager), candidate, "Looks good", is_private="on")
    assert Note.objects.get().is_private is False


def test_a_mentioned_hiring_manager_who_cannot_see_the_candidate_gets_nothing(
    login, recruiter, hiring_manager, candidate, job_of, django_capture_on_commit_callbacks
):
    job_of(hiring_manager, CandidateFactory())  # on a job, but not this candidate's
    with django_capture_on_commit_callbacks(execute=True):
        add_note(login(recruiter), candidate, "@hana.manager what do you think?")
    assert Notification.objects.count() == 0
    assert mail.outbox == []
    assert list(Note.objects.get().mentions.all()) == []


def test_a_private_note_does_not_notify_a_hiring_manager_who_sees_the_candidate(
    login, recruiter, hiring_manager, candidate, job_of, django_capture_on_commit_callbacks
):
    job_of(hiring_manager, candidate)
    with django_capture_on_commit_callbacks(execute=True):
        add_note(login(recruiter), candidate, "@hana.manager private", is_private="on")
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_note_bodies_are_escaped(login, recruiter, candidate):
    client = login(recruiter)
    add_note(client, candidate, "<script>alert(1)</script>\n<img src=x onerror=alert(2)>")
    html = detail(client, candidate).text
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=alert(2)&gt;" in html


def test_an_empty_or_oversized_note_is_refused_and_the_text_kept(login, recruiter, candidate):
    client = login(recruiter)
    assert add_note(client, candidate, "  ").status_code == 400
    response = add_note(client, candidate, "x" * 10_001)
    assert response.status_code == 400
    assert "x" * 10_001 in response.text
    assert Note.objects.count() == 0


def test_notes_about_an_application_show_on_the_candidate_page_too(
    login, recruiter, candidate, job_of, hiring_manager
):
    job_of(hiring_manager, candidate)
    application = Application.objects.get()
    note = note_add(
        candidate=candidate, author=recruiter, body="Interview notes", about=application
    )
    html = detail(login(recruiter), candidate).text
    assert f'id="note-{note.pk}"' in html and "on an application" in html
    assert reverse("ats:application-detail", args=[application.pk]) in html


def test_outsiders_cannot_write_notes(login, outsider, candidate):
    assert add_note(login(outsider), candidate, "hello").status_code == 404
    assert Note.objects.count() == 0


# Notifications


def test_notifications_page_lists_newest_first_and_the_nav_counts_unread(login, recruiter):
    older = NotificationFactory(user=recruiter, text="Older mention", url="/candidates/")
    newer = NotificationFactory(user=recruiter, text="Newer mention", url="/candidates/")
    NotificationFactory(text="Someone else's")
    client = login(recruiter)
    response = client.get(reverse("accounts:notifications"))
    html = response.text
    assert html.index("Newer mention") < html.index("Older mention")
    assert "Someone else" not in html
    assert 'class="nav-count">2<' in html
    assert f'href="/notifications/{newer.pk}/"' in html and f"/notifications/{older.pk}/" in html


def test_the_unread_count_costs_one_query_however_often_the_nav_is_drawn(login, recruiter):
    NotificationFactory.create_batch(3, user=recruiter)
    client = login(recruiter)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").text
    counts = [q for q in queries.captured_queries if "accounts_notification" in q["sql"]]
    assert len(counts) == 1
    assert html.count('class="nav-count">3<') == 2  # the sidebar and the phone menu


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(login, recruiter):
    notification = NotificationFactory(user=recruiter, url="/candidates/?q=grace")
    client = login(recruiter)
    response = client.get(reverse("accounts:notification-open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/candidates/?q=grace"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="nav-count"' not in client.get("/").text


def test_a_notification_never_redirects_off_site(login, recruiter):
    notification = NotificationFactory(user=recruiter, url="https://evil.example/phish")
    response = login(recruiter).get(reverse("accounts:notification-open", args=[notification.pk]))
    assert response["Location"] == reverse("accounts:notifications")


def test_another_users_notification_is_404_and_stays_unread(login, recruiter):
    notification = NotificationFactory()
    response = login(recruiter).get(reverse("accounts:notification-open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(login, recruiter):
    NotificationFactory.create_batch(2, user=recruiter)
    other = NotificationFactory()
    client = login(recruiter)
    response = client.post(reverse("accounts:notifications-read-all"), follow=True)
    assert "Marked 2 notifications read." in messages_of(response)
    assert not Notification.objects.filter(user=recruiter, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get(reverse("accounts:notifications-read-all")).status_code == 405


def test_a_mention_shows_up_in_the_mentioned_users_inbox(
    login, recruiter, coordinator, candidate, client
):
    add_note(login(recruiter), candidate, "@cody.coordinator please call her")
    client.logout()
    html = login(coordinator).get(reverse("accounts:notifications")).text
    assert "Rita Recruiter mentioned you on Grace Hopper" in html
    assert 'class="nav-count">1<' in html


# The person's applications on the candidate page


def test_recruiter_sees_every_application_and_a_hiring_manager_only_their_jobs(
    login, recruiter, hiring_manager, candidate, job_of
):
    job_of(hiring_manager, candidate, title="Visible role")
    application_create(candidate=candidate, job=JobFactory(title="Other role"), actor=recruiter)
    recruiter_html = detail(login(recruiter), candidate).text
    assert "Visible role" in recruiter_html and "Other role" in recruiter_html
    for application in Application.objects.all():
        assert reverse("ats:application-detail", args=[application.pk]) in recruiter_html
    manager_html = detail(login(hiring_manager), candidate).text
    assert "Visible role" in manager_html and "Other role" not in manager_html


# Sending an email from a template


def test_recruiter_sends_an_email_from_a_template_and_it_is_on_the_timeline(
    login, recruiter, candidate, django_capture_on_commit_callbacks
):
    template = EmailTemplateFactory(
        name="Intro",
        subject="Hi {{ candidate.first_name }}",
        text_body="From {{ sender.first_name }}",
    )
    client = login(recruiter)
    url = reverse("ats:candidate-email", args=[candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email-template": template.pk}, follow=True)
    [email] = mail.outbox
    assert email.to == ["grace@example.org"] and email.subject == "Hi Grace"
    assert email.body == "From Rita" and email.reply_to == [recruiter.email]
    assert "Email “Hi Grace” sent to grace@example.org." in messages_of(response)
    assert Activity.objects.filter(candidate=candidate, verb="email.queued").exists()
    assert "“Hi Grace”" in response.text  # on the timeline


def test_an_email_to_a_suppressed_address_is_logged_not_sent(login, recruiter, candidate):
    SuppressionFactory(email=candidate.email)
    response = login(recruiter).post(
        reverse("ats:candidate-email", args=[candidate.pk]),
        {"email-template": EmailTemplateFactory().pk},
        follow=True,
    )
    assert OutboundEmail.objects.get().status == "suppressed"
    assert "Not sent: address suppressed: grace@example.org." in messages_of(response)


def test_hiring_manager_gets_no_email_form_and_403(login, hiring_manager, candidate, job_of):
    job_of(hiring_manager, candidate)
    client = login(hiring_manager)
    assert 'id="send-email-h"' not in detail(client, candidate).text
    url = reverse("ats:candidate-email", args=[candidate.pk])
    assert client.post(url, {"email-template": EmailTemplateFactory().pk}).status_code == 403
    assert OutboundEmail.objects.count() == 0


# Merging a duplicate


def test_merge_into_another_record_by_email_moves_everything_and_shows_the_survivor(
    login, recruiter, candidate, job_of, hiring_manager
):
    duplicate = CandidateFactory(first_name="Grace", last_name="H.", email="g.hopper@example.net")
    job_of(hiring_manager, duplicate)
    note_add(candidate=duplicate, author=recruiter, body="Note on the duplicate")
    client = login(recruiter)
    response = client.post(
        reverse("candidates:merge", args=[duplicate.pk]),
        {"survivor": "GRACE@example.org", "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/candidates/{candidate.pk}/"
    assert f"Grace H. (#{duplicate.pk}) was merged into this record." in messages_of(response)
    assert not Candidate.objects.filter(pk=duplicate.pk).exists()
    assert Application.objects.get().candidate == candidate
    assert "Note on the duplicate" in response.text and "Backend engineer" in response.text
    assert "g.hopper@example.net" in response.text


def test_merge_by_id(login, recruiter, candidate):
    duplicate = CandidateFactory()
    response = login(recruiter).post(
        reverse("candidates:merge", args=[duplicate.pk]),
        {"survivor": f"#{candidate.pk}", "confirm": "on"},
    )
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    assert not Candidate.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.parametrize(
    ("survivor", "confirm", "message"),
    [
        ("self", "on", "A candidate cannot be merged into itself."),
        ("nobody@example.org", "on", "No candidate has the id or email “nobody@example.org”."),
        ("other", "", "To merge, give the record to keep and tick the confirmation."),
    ],
)
def test_a_merge_that_cannot_happen_says_why_and_changes_nothing(
    login, recruiter, candidate, survivor, confirm, message
):
    other = CandidateFactory()
    wanted = {"self": str(candidate.pk), "other": str(other.pk)}.get(survivor, survivor)
    response = login(recruiter).post(
        reverse("candidates:merge", args=[candidate.pk]),
        {"survivor": wanted, "confirm": confirm},
        follow=True,
    )
    assert message in messages_of(response)
    assert response.redirect_chain[-1][0] == f"/candidates/{candidate.pk}/"
    assert Candidate.objects.count() == 2


def test_only_the_recruiting_team_may_merge(login, hiring_manager, candidate, job_of):
    other = CandidateFactory()
    job_of(hiring_manager, candidate)
    job_of(hiring_manager, other, title="Second")
    client = login(hiring_manager)
    assert "Merge into" not in detail(client, candidate).text
    response = client.post(
        reverse("candidates:merge", args=[candidate.pk]), {"survivor": other.pk, "confirm": "on"}
    )
    assert response.status_code == 403
    assert Candidate.objects.count() == 2


def test_candidate_page_query_count_stays_constant_with_applications_and_notes(
    login, recruiter, candidate, django_assert_max_num_queries
):
    EmailTemplateFactory()
    client = login(recruiter)
    detail(client, candidate)
    # 18: the page's sections, including whether the viewer may edit and the newest parsed resume.
    with django_assert_max_num_queries(18) as before:
        detail(client, candidate)
    for n in range(6):
        application_create(candidate=candidate, job=JobFactory(), actor=recruiter)
        note_add(candidate=candidate, author=recruiter, body=f"note {n}")
        NotificationFactory(user=recruiter)
    with django_assert_max_num_queries(len(before.captured_queries)):
        detail(client, candidate)
