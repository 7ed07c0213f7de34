"""The interview pages through HTTP: scheduling from the application page (the recruiting team
only), the clash warning, bad input shown next to its field with nothing typed lost,
rescheduling and cancelling, the application page's interviews and blind feedback, "My
interviews" and its query count, the scorecard form (submit, the second submission, amend),
overdue feedback, the timeline and the navigation."""

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ats.models import Interview, JobMember, Scorecard, ScorecardRevision
from ats.services.interviews import interview_schedule
from ats.services.scorecards import scorecard_submit
from recruit.accounts.roles import Role
from tests.factories import (
    ApplicationFactory,
    CandidateDocumentFactory,
    CandidateFactory,
    InterviewFactory,
    InterviewStepFactory,
    JobFactory,
    ScorecardFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
DASH = "\N{EN DASH}"  # between the start and end times


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
    """On the hiring team, but on none of the application's interviews."""
    return UserFactory(full_name="Ian Idle", roles=[Role.INTERVIEWER])


@pytest.fixture
def job(hiring_manager, ivan, inga, ian):
    return JobFactory(title="Compiler engineer", team=[
        (hiring_manager, JobMember.Role.HIRING_MANAGER), (ivan, JobMember.Role.INTERVIEWER),
        (inga, JobMember.Role.INTERVIEWER), (ian, JobMember.Role.INTERVIEWER),
    ])  # fmt: skip


@pytest.fixture
def template(db):
    return ScorecardTemplateFactory(
        attributes=[("Skills", "Python"), ("Skills", "SQL"), ("Traits", "Communication")]
    )


@pytest.fixture
def attrs(template):
    return {a.name: a.pk for a in template.attributes.all()}


@pytest.fixture
def step(job, template):
    return InterviewStepFactory(
        stage=job.stages.get(name="Onsite"),
        name="Technical interview",
        duration_minutes=45,
        scorecard_template=template,
        instructions="Pair on a small parser.",
        suggested_questions="How would you test a tokenizer?",
    )


@pytest.fixture
def application(job, step):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    return ApplicationFactory(job=job, candidate=candidate, stage=job.stages.get(name="Onsite"))


@pytest.fixture
def recruiter(recruiter):
    recruiter.time_zone = "Europe/Berlin"
    recruiter.save()
    return recruiter


def next_week() -> date:
    return (timezone.now() + timedelta(days=7)).date()


def berlin_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def form_data(step, *interviewers, **overrides) -> dict:
    data = {
        "step": step.pk if step else "",
        "title": "",
        "interviewers": [user.pk for user in interviewers],
        "date": next_week().isoformat(),
        "start_time": "10:00",
        "end_time": "",
        "time_zone": "Europe/Berlin",
        "location": "Room 4, Invalidenstraße 1",
        "video_url": "",
        "notes_for_interviewers": "Dig into the parser she wrote.",
        "notes_for_candidate": "Bring your ID to reception.",
    }
    data.update(overrides)
    return data


def new_url(application) -> str:
    return reverse("ats:interview-new", args=[application.pk])


def detail(client, application):
    return client.get(reverse("ats:application-detail", args=[application.pk]))


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def field_block(html: str, field_id: str) -> str:
    """The markup of one form field (its label, input and errors)."""
    match = re.search(
        rf'<div class="field[^"]*">\s*<label for="{field_id}">'
        r'.*?(?=<div class="field|</div>\s*</section>)',
        html,
        re.S,
    )
    assert match, f"no field {field_id}"
    return match[0]


def section(html: str, heading_id: str) -> str:
    return re.search(rf'id="{heading_id}".*?</section>', html, re.S)[0]


def in_the_past(application, *interviewers, ended_hours_ago=1, step=None) -> Interview:
    end = timezone.now() - ended_hours_ago * HOUR
    return InterviewFactory(application=application, step=step, start_at=end - HOUR, end_at=end,
                            interviewers=list(interviewers))  # fmt: skip


# Scheduling


def test_recruiter_schedules_an_interview_from_the_application_page(
    login, recruiter, application, step, ivan, inga, hiring_manager, outsider
):
    client = login(recruiter)
    html = detail(client, application).text
    assert f'href="{new_url(application)}"' in html and "No interviews yet." in html

    page = client.get(new_url(application))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["time_zone"].value() == "Europe/Berlin"  # the scheduler's own zone
    assert form["step"].value() == step.pk  # the first step of the application's stage
    assert "Technical interview · Onsite, 45 min" in page.text
    for person in (ivan, inga, hiring_manager):
        assert f'value="{person.pk}"' in section(page.text, "what-h")
    assert f'value="{outsider.pk}"' not in section(page.text, "what-h")

    response = client.post(new_url(application), form_data(step, ivan, inga))
    assert response.status_code == 302
    assert response["Location"] == reverse("ats:application-detail", args=[application.pk]) + (
        "#interviews"
    )
    interview = Interview.objects.get()
    day = next_week()
    # 10:00 in Berlin stored in UTC; no end given: the step's 45 minutes.
    assert interview.start_at == berlin_utc(day, time(10))
    assert interview.end_at == berlin_utc(day, time(10, 45))
    assert interview.time_zone == "Europe/Berlin" and interview.step == step
    assert interview.title == "Technical interview" and interview.organizer == recruiter
    assert interview.location == "Room 4, Invalidenstraße 1"
    assert interview.notes_for_candidate == "Bring your ID to reception."
    assert {p.user for p in interview.participants.all()} == {ivan, inga}

    page = client.get(response["Location"])
    assert any(m.startswith("Scheduled “Technical interview”") for m in shown_messages(page))
    interviews = section(page.text, "interviews-h")
    assert f"10:00{DASH}10:45" in interviews and "Ivan Interviewer" in interviews
    assert "Reschedule" in interviews and "Cancel…" in interviews


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer"])
def test_the_hiring_team_cannot_schedule(login, request, persona, application, step, ivan):
    client = login(request.getfixturevalue(persona))
    assert f'href="{new_url(application)}"' not in detail(client, application).text
    assert client.get(new_url(application)).status_code == 403
    assert client.post(new_url(application), form_data(step, ivan)).status_code == 403
    assert not Interview.objects.exists()


def test_an_outsider_gets_404_for_the_schedule_form(login, outsider, application, step, ivan):
    client = login(outsider)
    assert client.get(new_url(application)).status_code == 404
    assert client.post(new_url(application), form_data(step, ivan)).status_code == 404
    assert not Interview.objects.exists()


def test_a_coordinator_may_schedule(login, coordinator, application, step, ivan):
    response = login(coordinator).post(new_url(application), form_data(step, ivan))
    assert response.status_code == 302 and Interview.objects.count() == 1


def test_a_clash_is_warned_about_and_scheduled_only_when_confirmed(
    login, recruiter, application, step, ivan, inga
):
    day = next_week()
    other = ApplicationFactory(job=application.job, candidate=CandidateFactory(
        first_name="Alan", last_name="Turing"))  # fmt: skip
    InterviewFactory(application=other, title="Culture chat", interviewers=[ivan],
                     start_at=berlin_utc(day, time(10, 30)),
                     end_at=berlin_utc(day, time(11, 30)))  # fmt: skip
    client = login(recruiter)
    data = form_data(step, ivan, inga, title="Deep dive")

    response = client.post(new_url(application), data)
    assert response.status_code == 200  # a question, not an error
    warning = re.search(r'class="clash-warning".*?</div>', response.text, re.S)[0]
    assert "Ivan Interviewer already has an interview then: “Culture chat” with Alan Turing" in (
        warning
    )
    assert "11:30 CE" in warning  # the other interview's time, in the zone being scheduled in
    assert "Schedule anyway" in warning and 'name="allow_clash"' in warning
    assert Interview.objects.count() == 1  # nothing saved
    # Everything typed is still there.
    for kept in ("Deep dive", "Room 4, Invalidenstraße 1", "Dig into the parser she wrote.",
                 "Bring your ID to reception.", day.isoformat()):  # fmt: skip
        assert kept in response.text
    assert re.search(rf'value="{inga.pk}"[^>]*checked', response.text)

    response = client.post(new_url(application), {**data, "allow_clash": "on"})
    assert response.status_code == 302
    assert Interview.objects.filter(title="Deep dive").count() == 1


def _dst_gap_day() -> date:
    """The next day Berlin's clocks jump from 02:00 to 03:00 (the last Sunday of March)."""
    year = timezone.now().year + 1
    last = date(year, 3, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": "10:00", "end_time": "09:30"}, "id_end_time",
         "The interview must end after it starts."),
        ({"date": (timezone.now() - timedelta(days=2)).date().isoformat()}, "id_date",
         "The interview cannot start in the past."),
        ({"time_zone": "Mars/Olympus_Mons"}, "id_time_zone",
         "“Mars/Olympus_Mons” is not a known time zone"),
        ({"video_url": "meet me on zoom"}, "id_video_url",
         "The video link must be a web address"),
        ({"date": _dst_gap_day().isoformat(), "start_time": "02:30", "end_time": "03:30"},
         "id_start_time", "02:30 does not exist on"),
        ({"date": ""}, "id_date", "This field is required."),
    ],
)  # fmt: skip
def test_bad_input_is_shown_next_to_its_field_and_nothing_typed_is_lost(
    login, recruiter, application, step, ivan, overrides, field, message
):
    response = login(recruiter).post(new_url(application), form_data(step, ivan, **overrides))
    assert response.status_code == 400
    assert message in field_block(response.text, field)
    assert "Nothing was saved" in response.text
    assert "Room 4, Invalidenstraße 1" in response.text
    assert "Bring your ID to reception." in response.text
    assert re.search(rf'value="{ivan.pk}"[^>]*checked', response.text)
    assert not Interview.objects.exists()


def test_an_interviewer_not_on_the_hiring_team_is_refused_next_to_the_interviewers(
    login, recruiter, application, step, ivan
):
    stranger = UserFactory(full_name="Sam Stranger", roles=[Role.INTERVIEWER])
    response = login(recruiter).post(new_url(application), form_data(step, ivan, stranger))
    assert response.status_code == 400
    choices = re.search(r'<fieldset class="field interviewer-choices.*?</fieldset>', response.text,
                        re.S)[0]  # fmt: skip
    assert "has-error" in choices
    assert "Not on the hiring team of Compiler engineer: Sam Stranger." in choices
    assert re.search(rf'value="{ivan.pk}"[^>]*checked', choices)
    assert not Interview.objects.exists()


def test_no_interviewer_chosen_is_a_clear_error(login, recruiter, application, step):
    response = login(recruiter).post(new_url(application), form_data(step))
    assert response.status_code == 400
    assert "Choose at least one interviewer." in response.text


def test_an_explicit_end_time_wins_over_the_step_duration(
    login, recruiter, application, step, ivan
):
    login(recruiter).post(new_url(application), form_data(step, ivan, end_time="11:30"))
    interview = Interview.objects.get()
    assert interview.end_at - interview.start_at == timedelta(minutes=90)


# Rescheduling and cancelling


@pytest.fixture
def scheduled(application, step, ivan, recruiter):
    day = next_week()
    return interview_schedule(
        application=application, step=step, interviewers=[ivan],
        start=datetime.combine(day, time(9)), end=datetime.combine(day, time(10)),
        time_zone="America/New_York", location="Room 1", actor=recruiter,
    )  # fmt: skip


def test_rescheduling_starts_from_the_interview_in_its_own_zone_and_moves_it(
    login, recruiter, scheduled, inga
):
    client = login(recruiter)
    url = reverse("ats:interview-reschedule", args=[scheduled.pk])
    form = client.get(url).context["form"]
    assert form["time_zone"].value() == "America/New_York"
    assert form["start_time"].value() == time(9) and form["end_time"].value() == time(10)
    assert "step" not in form.fields

    day = next_week() + timedelta(days=1)
    response = client.post(url, {
        "title": "Technical interview", "interviewers": [inga.pk], "date": day.isoformat(),
        "start_time": "14:00", "end_time": "15:00", "time_zone": "America/New_York",
        "location": "Room 2", "video_url": "https://meet.example.com/abc",
        "notes_for_interviewers": "", "notes_for_candidate": "",
    })  # fmt: skip
    assert response.status_code == 302
    scheduled.refresh_from_db()
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert scheduled.start_at == datetime.combine(day, time(14), tzinfo=new_york)
    assert scheduled.sequence == 1 and scheduled.location == "Room 2"
    assert [p.user for p in scheduled.participants.all()] == [inga]
    page = client.get(response["Location"])
    assert any(m.startswith("Rescheduled “Technical interview”") for m in shown_messages(page))


def test_rescheduling_keeps_everything_typed_when_refused(login, recruiter, scheduled, ivan):
    url = reverse("ats:interview-reschedule", args=[scheduled.pk])
    response = login(recruiter).post(url, {
        "interviewers": [ivan.pk], "date": next_week().isoformat(), "start_time": "16:00",
        "end_time": "15:00", "time_zone": "America/New_York", "location": "Room 9",
    })  # fmt: skip
    assert response.status_code == 400
    assert "The interview must end after it starts." in field_block(response.text, "id_end_time")
    assert 'value="Room 9"' in response.text and 'value="16:00"' in response.text
    scheduled.refresh_from_db()
    assert scheduled.sequence == 0 and scheduled.location == "Room 1"


def test_cancelling_asks_for_a_reason_and_confirmation(login, recruiter, scheduled, application):
    client = login(recruiter)
    url = reverse("ats:interview-cancel", args=[scheduled.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Cancel “Technical interview”?" in page.text and "Cancel the interview" in page.text
    assert Interview.objects.get().status == "scheduled"  # asking changes nothing

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "Say why the interview is cancelled." in refused.text
    assert Interview.objects.get().status == "scheduled"

    done = client.post(url, {"reason": "The candidate is ill."})
    assert done.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == "cancelled"
    assert scheduled.cancellation_reason == "The candidate is ill."
    html = client.get(done["Location"]).text
    interviews = section(html, "interviews-h")
    assert "Cancelled" in interviews and "The candidate is ill." in interviews
    assert reverse("ats:interview-reschedule", args=[scheduled.pk]) not in interviews

    again = client.post(url, {"reason": "twice"}, follow=True)
    assert "This interview is already cancelled." in shown_messages(again)
    moved = client.get(reverse("ats:interview-reschedule", args=[scheduled.pk]), follow=True)
    assert "This interview is cancelled; it cannot be rescheduled." in shown_messages(moved)


@pytest.mark.parametrize(("persona", "status"), [("hiring_manager", 403), ("ivan", 403),
                                                 ("outsider", 404)])  # fmt: skip
def test_only_the_recruiting_team_reschedules_or_cancels(
    login, request, persona, status, scheduled
):
    client = login(request.getfixturevalue(persona))
    for name in ("interview-reschedule", "interview-cancel"):
        url = reverse(f"ats:{name}", args=[scheduled.pk])
        assert client.get(url).status_code == status
        assert client.post(url, {"reason": "no"}).status_code == status
    scheduled.refresh_from_db()
    assert scheduled.status == "scheduled" and scheduled.sequence == 0


# The application page: interviews and feedback


def test_the_application_page_shows_interview_times_in_the_viewers_zone(
    login, hiring_manager, application, ivan
):
    hiring_manager.time_zone = "Asia/Tokyo"
    hiring_manager.save()
    InterviewFactory(application=application, interviewers=[ivan], time_zone="Europe/Berlin",
                     start_at=datetime(2027, 1, 15, 9, 0, tzinfo=UTC),
                     end_at=datetime(2027, 1, 15, 10, 0, tzinfo=UTC))  # fmt: skip
    interviews = section(detail(login(hiring_manager), application).text, "interviews-h")
    assert f"Fri 15 Jan 2027, 18:00{DASH}19:00 JST" in interviews
    assert "scheduled in Europe/Berlin: 10:00 CET" in interviews
    # The hiring manager sees the interviews but may not change them.
    assert "Reschedule" not in interviews and "Schedule an interview" not in interviews


def _feedback(application, template, attrs, ivan, inga):
    interview = in_the_past(application, ivan, inga, step=InterviewStepFactory(
        stage=application.stage, scorecard_template=template))  # fmt: skip
    scorecard_submit(interview=interview, interviewer=inga, overall="strong_yes",
                     notes="Secret verdict from Inga", actor=inga,
                     ratings={attrs["Python"]: ("strong_yes", "Fluent"),
                              attrs["Communication"]: "yes"})  # fmt: skip
    return interview


def test_blind_feedback_on_the_application_page(
    login, application, template, attrs, ivan, inga, hiring_manager
):
    interview = _feedback(application, template, attrs, ivan, inga)
    client = login(ivan)
    feedback = section(detail(client, application).text, "feedback-h")
    assert "1 scorecard hidden until you submit yours." in feedback
    assert "Secret verdict from Inga" not in feedback and "Strong yes: " not in feedback
    interviews = section(detail(client, application).text, "interviews-h")
    assert reverse("ats:interview-scorecard", args=[interview.pk]) in interviews
    assert "Feedback in" in interviews and "Feedback due" in interviews

    scorecard_submit(interview=interview, interviewer=ivan, overall="no", actor=ivan,
                     ratings={attrs["Python"]: "no"})  # fmt: skip
    feedback = section(detail(client, application).text, "feedback-h")
    assert "scorecard hidden" not in feedback
    assert "Secret verdict from Inga" in feedback
    assert "Strong yes: <strong>1</strong>" in feedback and "No: <strong>1</strong>" in feedback
    assert "Yes: <strong>0</strong>" in feedback


def test_someone_on_the_team_but_on_no_interview_is_told_why_feedback_is_hidden(
    login, application, template, attrs, ivan, inga, ian
):
    _feedback(application, template, attrs, ivan, inga)
    feedback = section(detail(login(ian), application).text, "feedback-h")
    assert "1 scorecard hidden from you: interviewers read others" in feedback
    assert "Secret verdict from Inga" not in feedback


def test_the_feedback_summary_counts_each_rating_per_attribute(
    login, recruiter, application, template, attrs, ivan, inga
):
    interview = _feedback(application, template, attrs, ivan, inga)
    scorecard_submit(interview=interview, interviewer=ivan, overall="yes", actor=ivan,
                     ratings={attrs["Python"]: "strong_yes", attrs["SQL"]: "no"})  # fmt: skip
    feedback = section(detail(login(recruiter), application).text, "feedback-h")
    rows = {
        " ".join(re.sub(r"<.*?>", " ", row[0]).split()): re.findall(
            r'class="num"[^>]*>(\d+)<', row[1]
        )
        for row in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', feedback, re.S)
    }
    # Columns: Strong no, No, Yes, Strong yes.
    assert rows == {
        "Skills · Python": ["0", "0", "0", "2"],
        "Skills · SQL": ["0", "1", "0", "0"],
        "Traits · Communication": ["0", "0", "1", "0"],
    }
    assert "Strong yes: <strong>1</strong>" in feedback and "Yes: <strong>1</strong>" in feedback


def test_the_application_page_runs_a_constant_number_of_queries(
    login, recruiter, application, template, attrs, ivan, inga, django_assert_max_num_queries
):
    client = login(recruiter)
    _feedback(application, template, attrs, ivan, inga)
    with django_assert_max_num_queries(80) as one:
        assert detail(client, application).status_code == 200
    for _ in range(4):
        _feedback(application, template, attrs, ivan, inga)
        InterviewFactory(application=application, interviewers=[ivan, inga])
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = detail(client, application).text
    assert html.count('class="scorecard-entry"') == 5


# "My interviews"


def test_my_interviews_shows_upcoming_ones_with_the_kit_and_resume_and_those_needing_feedback(
    login, application, step, ivan, inga
):
    ivan.time_zone = "America/Los_Angeles"
    ivan.save()
    resume = CandidateDocumentFactory(candidate=application.candidate,
                                      original_name="grace-hopper.pdf")  # fmt: skip
    upcoming = InterviewFactory(
        application=application, step=step, interviewers=[ivan, inga],
        start_at=datetime(2027, 7, 1, 16, 0, tzinfo=UTC),
        end_at=datetime(2027, 7, 1, 17, 0, tzinfo=UTC),
        video_url="https://meet.example.com/xyz", location="Room 4",
        notes_for_interviewers="She prefers Rust.",
    )  # fmt: skip
    ended = in_the_past(application, ivan, step=step)
    InterviewFactory(application=application, interviewers=[inga])  # not Ivan's

    page = login(ivan).get(reverse("ats:my-interviews"))
    assert page.status_code == 200
    upcoming_html = section(page.text, "upcoming-h")
    assert f"Thu 1 Jul, 09:00{DASH}10:00 PDT" in upcoming_html
    assert "Technical interview" in upcoming_html and "Grace Hopper" in upcoming_html
    assert "Compiler engineer" in upcoming_html and "with Inga Interviewer" in upcoming_html
    assert "Room 4" in upcoming_html and 'href="https://meet.example.com/xyz"' in upcoming_html
    assert "Pair on a small parser." in upcoming_html
    assert "How would you test a tokenizer?" in upcoming_html
    assert "She prefers Rust." in upcoming_html and "Communication" in upcoming_html
    assert reverse("candidates:document-download", args=[resume.pk]) in upcoming_html
    assert reverse("ats:interview-scorecard", args=[upcoming.pk]) in upcoming_html
    due = section(page.text, "feedback-due-h")
    assert reverse("ats:interview-scorecard", args=[ended.pk]) in due
    assert "Give feedback" in due
    assert upcoming_html.count('class="card interview-card"') == 1


def test_my_interviews_keeps_a_blind_reviewed_candidate_anonymous(login, ivan, step):
    job = JobFactory(title="Blind job", blind_review=True, team=[(ivan, "interviewer")])
    application = ApplicationFactory(job=job, stage=job.stages.get(kind="screen"))
    CandidateDocumentFactory(candidate=application.candidate)
    InterviewFactory(application=application, interviewers=[ivan], title="Phone screen")
    html = login(ivan).get(reverse("ats:my-interviews")).text
    assert f"Candidate #{application.candidate_id}" in html
    assert str(application.candidate) not in html
    assert "/download/" not in html


def test_my_interviews_runs_a_constant_number_of_queries(
    login, application, step, ivan, inga, job, django_assert_max_num_queries
):
    client = login(ivan)

    def add_interviews():
        other = ApplicationFactory(job=job, stage=application.stage)
        CandidateDocumentFactory(candidate=other.candidate)
        InterviewFactory(application=other, step=step, interviewers=[ivan, inga])
        in_the_past(other, ivan, step=step)

    add_interviews()
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("ats:my-interviews")).status_code == 200
    for _ in range(5):
        add_interviews()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("ats:my-interviews")).text
    assert html.count('class="card interview-card"') == 12
    assert html.count("/download/") == 6


def test_someone_on_no_team_sees_an_empty_my_interviews(login, outsider, application, ivan):
    InterviewFactory(application=application, interviewers=[ivan])
    html = login(outsider).get(reverse("ats:my-interviews")).text
    assert "No interviews coming up." in html and "You are all caught up." in html


# The scorecard


def scorecard_url(interview) -> str:
    return reverse("ats:interview-scorecard", args=[interview.pk])


@pytest.fixture
def held(application, step, ivan, inga):
    return in_the_past(application, ivan, inga, step=step)


def test_an_interviewer_rates_and_submits_their_scorecard(login, held, ivan, attrs):
    client = login(ivan)
    page = client.get(scorecard_url(held))
    assert page.status_code == 200
    html = page.text
    # One accessible radio group per attribute, grouped by category.
    assert re.search(r"<h2[^>]*>Skills</h2>.*<legend>Python.*<legend>SQL.*<h2[^>]*>Traits</h2>"
                     r".*<legend>Communication", html, re.S)  # fmt: skip
    assert html.count('type="radio"') == 4 * 4  # three attributes and the overall
    assert "Overall recommendation" in html and "Submit feedback" in html

    response = client.post(scorecard_url(held), {
        "intent": "submit", f"rating_{attrs['Python']}": "strong_yes",
        f"note_{attrs['Python']}": "Wrote a parser in 20 minutes.",
        f"rating_{attrs['SQL']}": "no", "overall": "yes", "notes": "Hire for the team.",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == scorecard_url(held)
    scorecard = Scorecard.objects.get(interview=held, interviewer=ivan)
    assert scorecard.submitted_at and scorecard.overall == "yes"
    assert {(r.attribute.name, r.rating, r.note) for r in scorecard.ratings.all()} == {
        ("Python", "strong_yes", "Wrote a parser in 20 minutes."), ("SQL", "no", "")
    }  # fmt: skip
    page = client.get(response["Location"])
    assert "Thank you: your feedback on “Technical interview” is submitted." in shown_messages(page)
    assert "Your feedback is submitted" in page.text and "Amend your scorecard" in page.text


def test_a_missing_recommendation_is_a_clear_error_and_the_ratings_are_kept(
    login, held, ivan, attrs
):
    response = login(ivan).post(scorecard_url(held), {
        "intent": "submit", f"rating_{attrs['SQL']}": "strong_no", "notes": "Unsure.",
        f"note_{attrs['Communication']}": "Quiet.",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Choose your overall recommendation." in response.text
    assert "Rate Communication to keep your note on it, or clear the note." in response.text
    assert re.search(r'value="strong_no"[^>]*id="id_rating_\d+_0"[^>]*checked|'
                     r'value="strong_no"[^>]*checked', response.text)  # fmt: skip
    assert "Unsure." in response.text and "Quiet." in response.text
    assert not Scorecard.objects.exists()


def test_a_second_submission_says_so_and_offers_to_amend_with_the_history_kept(
    login, held, ivan, attrs
):
    scorecard_submit(interview=held, interviewer=ivan, overall="yes", actor=ivan,
                     ratings={attrs["Python"]: "yes"})  # fmt: skip
    client = login(ivan)
    second = {"intent": "submit", "overall": "strong_no", "notes": "Changed my mind.",
              f"rating_{attrs['Python']}": "no"}  # fmt: skip
    response = client.post(scorecard_url(held), second)
    assert response.status_code == 400
    assert any("This scorecard was already submitted; amend it instead." in m
               for m in shown_messages(response))  # fmt: skip
    assert 'name="intent" value="amend"' in response.text
    assert "Changed my mind." in response.text  # what was typed is kept for the amendment
    assert re.search(r'value="strong_no"[^>]*checked', response.text)
    assert "Why are you amending it?" in response.text
    assert Scorecard.objects.get().overall == "yes"  # the first stands

    no_reason = client.post(scorecard_url(held), {**second, "intent": "amend"})
    assert no_reason.status_code == 400 and "Say why you amend your scorecard." in no_reason.text

    amended = client.post(scorecard_url(held), {**second, "intent": "amend",
                                                "reason": "Slept on it."})  # fmt: skip
    assert amended.status_code == 302
    scorecard = Scorecard.objects.get()
    assert scorecard.overall == "strong_no" and scorecard.amended_at
    revision = ScorecardRevision.objects.get()
    assert revision.overall == "yes" and revision.reason == "Slept on it."
    page = client.get(scorecard_url(held))
    assert "Your scorecard is amended; the earlier version is kept." in shown_messages(page)
    assert "Earlier versions (1)" in page.text and "Slept on it." in page.text


def test_an_amendment_that_changes_nothing_is_not_recorded(login, held, ivan, attrs):
    scorecard_submit(interview=held, interviewer=ivan, overall="yes", notes="Fine.", actor=ivan,
                     ratings={attrs["Python"]: "yes"})  # fmt: skip
    client = login(ivan)
    page = client.get(scorecard_url(held))
    assert page.context["form"].amending and page.context["form"]["overall"].value() == "yes"
    response = client.post(scorecard_url(held), {
        "intent": "amend", "overall": "yes", "notes": "Fine.", "reason": "Just checking",
        f"rating_{attrs['Python']}": "yes",
    }, follow=True)  # fmt: skip
    assert "Nothing changed: your scorecard stays as it was." in shown_messages(response)
    assert not ScorecardRevision.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("ian", 403), ("recruiter", 403), ("hiring_manager", 403), ("outsider", 404)],
)
def test_only_the_interviews_participants_open_its_scorecard(login, request, persona, status, held):
    client = login(request.getfixturevalue(persona))
    assert client.get(scorecard_url(held)).status_code == status
    assert client.post(scorecard_url(held), {"overall": "yes"}).status_code == status
    assert not Scorecard.objects.exists()


def test_feedback_before_the_interview_starts_is_refused_with_the_services_message(
    login, application, step, ivan
):
    upcoming = InterviewFactory(application=application, step=step, interviewers=[ivan])
    client = login(ivan)
    page = client.get(scorecard_url(upcoming))
    assert page.status_code == 200 and "Feedback opens when the interview starts" in page.text
    response = client.post(scorecard_url(upcoming), {"intent": "submit", "overall": "yes",
                                                      "notes": "Too early."})  # fmt: skip
    assert response.status_code == 400
    assert "This interview has not started yet." in response.text
    assert "Too early." in response.text
    assert not Scorecard.objects.exists()


def test_a_cancelled_interview_has_no_scorecard_form(login, application, ivan):
    cancelled = in_the_past(application, ivan)
    cancelled.status = Interview.Status.CANCELLED
    cancelled.save()
    html = login(ivan).get(scorecard_url(cancelled)).text
    assert "This interview was cancelled" in html and "Submit feedback" not in html


# Overdue feedback


def test_the_recruiting_team_sees_overdue_feedback_by_job(
    login, recruiter, application, step, ivan, inga, hiring_manager
):
    late = in_the_past(application, ivan, inga, ended_hours_ago=6)
    ScorecardFactory(interview=late, interviewer=inga)  # Inga's is in
    in_the_past(application, ivan, ended_hours_ago=1)  # not overdue yet
    other_job = JobFactory(title="Designer", team=[(inga, "interviewer")])
    in_the_past(ApplicationFactory(job=other_job), inga, ended_hours_ago=30)

    client = login(recruiter)
    url = reverse("ats:interviews-overdue")
    rows = re.findall(r"<tr>\s*<td.*?</tr>", client.get(url).text, re.S)
    assert len(rows) == 2
    assert "Inga Interviewer" in rows[0] and "Designer" in rows[0]  # longest overdue first
    assert "Ivan Interviewer" in rows[1] and "Grace Hopper" in rows[1]
    only = re.findall(r"<tr>\s*<td.*?</tr>", client.get(url, {"job": application.job_id}).text,
                      re.S)  # fmt: skip
    assert len(only) == 1 and "Ivan Interviewer" in only[0]
    assert login(hiring_manager).get(url).status_code == 403


# The timeline and the navigation


def test_the_timeline_says_who_gave_feedback_never_what(login, recruiter, scheduled, held, ivan):
    scorecard_submit(interview=held, interviewer=ivan, overall="strong_no",
                     notes="Secret reservations", actor=ivan, ratings={})  # fmt: skip
    html = (
        login(recruiter)
        .get(reverse("candidates:detail", args=[scheduled.application.candidate_id]))
        .text
    )
    timeline = section(html, "timeline-h")
    assert "Interview scheduled" in timeline and "Feedback submitted" in timeline
    assert "Strong no" not in timeline and "Secret reservations" not in timeline


def test_the_navigation_links_to_my_interviews(login, ivan):
    html = login(ivan).get(reverse("ats:my-interviews")).text
    assert re.search(r'href="/ats/interviews/mine/"\s*aria-current="page">My interviews<', html)
