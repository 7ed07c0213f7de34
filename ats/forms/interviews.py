"""Forms of the interview pages: scheduling (and rescheduling) an interview, cancelling one,
and the scorecard. They parse what people type; ats.services.interviews and .scorecards decide,
and their ValidationErrors are shown next to the field they are about."""

import zoneinfo
from datetime import datetime, time, timedelta
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ats.models import (
    Application,
    Interview,
    InterviewStep,
    JobMember,
    Rating,
    Scorecard,
    ScorecardAttribute,
)
from recruit.accounts.models import User
from recruit.accounts.timezones import in_zone

DEFAULT_MINUTES = 60
DEFAULT_START = time(10, 0)
NOTES_MAX = 10_000

# Service error codes (ats.services.interviews) -> the part of the form they are about.
_CODE_SUBJECTS = {
    "unknown_time_zone": "time_zone",
    "nonexistent_time": "time",
    "end_before_start": "end",
    "start_in_past": "start",
    "invalid_video_url": "video_url",
    "no_interviewers": "interviewers",
    "inactive_interviewer": "interviewers",
    "not_on_team": "interviewers",
    "location_too_long": "location",
    "video_url_too_long": "video_url",
    "step_of_other_job": "step",
}


def interview_error_subject(error: ValidationError) -> str | None:
    """What one service error (a single ValidationError) is about: "start", "end", "time"
    (a wall-clock time the zone skips), "time_zone", "interviewers", "location", "video_url",
    "step"; None for the interview as a whole."""
    return _CODE_SUBJECTS.get(error.code)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """IANA zone names people pick from (Europe/Berlin), without the legacy aliases."""
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith("Etc/")}
    return [(name, name.replace("_", " ")) for name in sorted(names | {"UTC"})]


def _team_choices(application: Application, also: list[User]) -> list[tuple[int, str]]:
    """The hiring team of the application's job, each person once with their roles, plus
    `also` (current interviewers who have left the team, so they can be unticked)."""
    roles: dict[int, list[str]] = {}
    people: dict[int, User] = {}
    members = JobMember.objects.filter(job_id=application.job_id).select_related("user")
    for member in members.order_by("user__full_name", "user__email", "role"):
        people[member.user_id] = member.user
        roles.setdefault(member.user_id, []).append(member.get_role_display().lower())
    choices = [(pk, f"{user} · {', '.join(roles[pk])}") for pk, user in people.items()]
    choices += [(user.pk, f"{user} · not on the hiring team") for user in also
                if user.pk not in people]  # fmt: skip
    return choices


class InterviewForm(forms.Form):
    """Schedule an interview of an application, or (with `interview`) reschedule one. Times
    are wall-clock times in the chosen zone; the service stores them in UTC."""

    step = forms.ModelChoiceField(
        queryset=InterviewStep.objects.none(),
        required=False,
        label="Interview",
        empty_label="Another interview (no plan)",
        help_text="From the job's interview plan: its kit and scorecard come with it.",
    )
    title = forms.CharField(required=False, max_length=200, label="Title",
                            help_text="Empty: the name of the interview step.")  # fmt: skip
    interviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one interviewer."},
    )
    date = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Start", widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label="End",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text="Empty: the interview step's duration.",
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        label="Time zone",
        error_messages={
            "invalid_choice": "“%(value)s” is not a known time zone; pick one like Europe/Berlin."
        },
    )
    location = forms.CharField(required=False, max_length=300,
                               help_text="An address or a room.")  # fmt: skip
    video_url = forms.CharField(
        required=False,
        max_length=500,
        label="Video link",
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
    )
    notes_for_interviewers = forms.CharField(
        required=False, max_length=NOTES_MAX, label="Notes for the interviewers",
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The candidate never sees these.",
    )  # fmt: skip
    notes_for_candidate = forms.CharField(
        required=False, max_length=NOTES_MAX, label="Notes for the candidate",
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Sent with the invitation.",
    )  # fmt: skip
    allow_clash = forms.BooleanField(required=False, label="Schedule anyway")

    def __init__(self, data=None, *, application: Application, user, interview=None):
        self.application, self.interview = application, interview
        self.clashes: list[str] = []
        current = []
        if interview is not None:
            current = [p.user for p in interview.participants.all()]
        super().__init__(data, initial=self._initial(user, interview, current))
        self.fields["interviewers"].widget.choices = _team_choices(application, current)
        if interview is None:
            steps = InterviewStep.objects.filter(stage__job_id=application.job_id)
            self.fields["step"].queryset = steps.select_related("stage").order_by(
                "stage__position", "position", "id"
            )
            self.fields["step"].label_from_instance = _step_label
        else:
            del self.fields["step"]  # an interview keeps its step; the title may change

    def _initial(self, user, interview: Interview | None, current: list[User]) -> dict:
        if interview is not None:
            start = in_zone(interview.start_at, interview.time_zone)
            end = in_zone(interview.end_at, interview.time_zone)
            return {
                "title": interview.title, "interviewers": [u.pk for u in current],
                "date": start.date(), "start_time": start.time(), "end_time": end.time(),
                "time_zone": interview.time_zone, "location": interview.location,
                "video_url": interview.video_url,
                "notes_for_interviewers": interview.notes_for_interviewers,
                "notes_for_candidate": interview.notes_for_candidate,
            }  # fmt: skip
        tomorrow = in_zone(timezone.now(), user).date() + timedelta(days=1)
        step = (
            InterviewStep.objects.filter(stage_id=self.application.stage_id)
            .order_by("position", "id")
            .first()
        )
        return {
            "step": step.pk if step else None,
            "date": tomorrow,
            "start_time": DEFAULT_START,
            "time_zone": getattr(user, "time_zone", "") or "UTC",
        }

    def _duration(self) -> timedelta:
        if self.interview is not None:
            return self.interview.end_at - self.interview.start_at
        step = self.cleaned_data.get("step")
        return timedelta(minutes=step.duration_minutes if step else DEFAULT_MINUTES)

    def clean(self):
        data = super().clean()
        day, start_time = data.get("date"), data.get("start_time")
        if day and start_time:
            data["start"] = datetime.combine(day, start_time)
            end_time = data.get("end_time")
            data["end"] = (
                datetime.combine(day, end_time) if end_time else data["start"] + self._duration()
            )
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of interview_schedule / interview_reschedule."""
        data = self.cleaned_data
        arguments = {
            "interviewers": list(data["interviewers"]),
            "start": data["start"],
            "end": data["end"],
            "time_zone": data["time_zone"],
            "location": data["location"],
            "video_url": data["video_url"],
            "notes_for_interviewers": data["notes_for_interviewers"],
            "notes_for_candidate": data["notes_for_candidate"],
            "title": data["title"],
            "allow_clash": data["allow_clash"],
        }
        if "step" in self.fields:
            arguments["step"] = data["step"]
        return arguments

    def add_service_error(self, error: ValidationError) -> None:
        """Put each of a service's errors next to the field it is about."""
        for one in error.error_list:
            self.add_error(self._field_for(one), one)

    def _field_for(self, error: ValidationError) -> str | None:
        subject = interview_error_subject(error)
        if subject == "time":  # the message starts with the skipped wall-clock time
            end_time = self.cleaned_data.get("end_time")
            said = end_time and error.message.startswith(f"{end_time:%H:%M}")
            start_time = self.cleaned_data.get("start_time")
            return "end_time" if said and end_time != start_time else "start_time"
        fields = {"start": "date", "end": "end_time"}
        field = fields.get(subject, subject)
        return field if field in self.fields else None

    def show_clashes(self, clash) -> None:
        """The interviewers are busy then: show who and when, and offer "Schedule anyway"."""
        self.clashes = clash.messages


def _step_label(step: InterviewStep) -> str:
    return f"{step.name} · {step.stage.name}, {step.duration_minutes} min"


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on the candidate's timeline; the invitation's cancellation says it is "
        "cancelled, not why.",
        error_messages={"required": "Say why the interview is cancelled."},
    )


# The scorecard


class ScorecardForm(forms.Form):
    """An interviewer's feedback: each of the step's focus attributes rated (optional, with a
    note), the overall recommendation (required) and notes. `amending` adds the reason an
    amendment keeps in the history."""

    overall = forms.ChoiceField(
        choices=Rating.choices,
        widget=forms.RadioSelect,
        label="Overall recommendation",
        error_messages={"required": "Choose your overall recommendation."},
    )
    notes = forms.CharField(required=False, max_length=NOTES_MAX, label="Notes",
                            widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    reason = forms.CharField(
        max_length=2000,
        label="Why are you amending it?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the earlier version in the scorecard's history.",
        error_messages={"required": "Say why you amend your scorecard."},
    )

    def __init__(self, data=None, *, attributes: list[ScorecardAttribute], amending=False,
                 initial: dict | None = None):  # fmt: skip
        super().__init__(data, initial=initial)
        self.attributes, self.amending = attributes, amending
        if not amending:
            del self.fields["reason"]
        for attribute in attributes:
            self.fields[f"rating_{attribute.pk}"] = forms.ChoiceField(
                choices=Rating.choices, widget=forms.RadioSelect, required=False,
                label=attribute.name,
            )  # fmt: skip
            self.fields[f"note_{attribute.pk}"] = forms.CharField(
                required=False, max_length=NOTES_MAX, label=f"Note on {attribute.name}",
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    @staticmethod
    def initial_from(scorecard: Scorecard) -> dict:
        initial = {"overall": scorecard.overall, "notes": scorecard.notes}
        for rating in scorecard.ratings.all():
            initial[f"rating_{rating.attribute_id}"] = rating.rating
            initial[f"note_{rating.attribute_id}"] = rating.note
        return initial

    def groups(self) -> list[tuple[str, list[dict]]]:
        """The attributes grouped by category, in order, with their bound fields."""
        grouped: dict[str, list[dict]] = {}
        for attribute in self.attributes:
            grouped.setdefault(attribute.category, []).append({
                "attribute": attribute,
                "rating": self[f"rating_{attribute.pk}"],
                "note": self[f"note_{attribute.pk}"],
            })  # fmt: skip
        return list(grouped.items())

    def clean(self):
        data = super().clean()
        for attribute in self.attributes:
            if data.get(f"note_{attribute.pk}") and not data.get(f"rating_{attribute.pk}"):
                self.add_error(
                    f"rating_{attribute.pk}",
                    f"Rate {attribute.name} to keep your note on it, or clear the note.",
                )
        return data

    def ratings(self) -> dict[int, tuple[str, str]]:
        """{attribute id: (rating, note)} of the attributes rated."""
        data = self.cleaned_data
        return {
            attribute.pk: (data[f"rating_{attribute.pk}"], data[f"note_{attribute.pk}"])
            for attribute in self.attributes
            if data.get(f"rating_{attribute.pk}")
        }
