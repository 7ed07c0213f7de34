"""Forms of the job pages. They parse and validate input; the services in ats.services.jobs do
the writing (a form's save() calls one service)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_countries import countries

from ats import services
from ats.models import ApplicationQuestion, Job, JobMember, PipelineTemplate, StageKind
from ats.services.jobs import EDITABLE_FIELDS
from recruit.candidates.models import Skill

SKILL_FIELDS = ("required_skills", "preferred_skills")


class JobForm(forms.ModelForm):
    """Create or edit a job. save(actor=...) calls job_create or job_update."""

    remote_countries = forms.CharField(
        required=False,
        max_length=400,
        label="Remote from countries",
        help_text="For remote jobs: ISO country codes separated by commas, e.g. DE, PT, PL. "
        "Leave empty for anywhere.",
    )
    pipeline = forms.ModelChoiceField(
        queryset=PipelineTemplate.objects.all(),
        required=False,
        empty_label="Default pipeline",
        help_text="The stages the job starts with; you can change them afterwards.",
    )

    class Meta:
        model = Job
        fields = [
            "title", "department", "employment_type", "seniority", "openings", "location",
            "remote_policy", "remote_countries", "salary_min", "salary_max", "salary_currency",
            "salary_period", "salary_published", "description", "required_skills",
            "preferred_skills", "min_years_experience", "target_hire_date", "apply_by",
            "knockout_email", "blind_review", "internal_notes",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 12}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "target_hire_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "apply_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # Checkboxes rather than a <select multiple>, which needs Ctrl-click and is
            # awkward on a phone; the template lays them out as a scrollable grid.
            "required_skills": forms.CheckboxSelectMultiple,
            "preferred_skills": forms.CheckboxSelectMultiple,
            "salary_currency": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
        }
        labels = {
            "min_years_experience": "Minimum years of experience",
            "salary_min": "Salary from",
            "salary_max": "Salary to",
            "salary_published": "Show the salary band on the posting",
            "description": "Description",
            "apply_by": "Applications close on",
            "knockout_email": "Email to applicants screened out by a knockout question",
        }
        help_texts = {
            "description": "Markdown: ## for a heading, - for a list item, **bold**. This is "
            "what applicants read on the careers site.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SKILL_FIELDS:
            self.fields[name].queryset = Skill.objects.order_by("name")
        if self.instance.pk:
            del self.fields["pipeline"]  # the pipeline is edited on the job page
            self.initial["remote_countries"] = ", ".join(self.instance.remote_countries or [])
            for name in ("salary_min", "salary_max"):
                amount = self.initial.get(name)
                if amount is not None and amount == amount.to_integral_value():
                    self.initial[name] = int(amount)  # 75000, not 75000.00

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError("A job needs a title.")
        return title

    def clean_remote_countries(self) -> list[str]:
        raw = self.cleaned_data.get("remote_countries") or ""
        codes = [code.strip().upper() for code in raw.replace(";", ",").split(",") if code.strip()]
        unknown = [code for code in codes if code not in countries]
        if unknown:
            raise ValidationError(
                f"Not an ISO country code: {', '.join(unknown)}. Use two letters, e.g. DE or PT."
            )
        return list(dict.fromkeys(codes))  # without repeats, in the order given

    def clean_salary_currency(self) -> str:
        currency = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise ValidationError("Use a three-letter ISO currency code, e.g. EUR or USD.")
        return currency

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "salary_max", "The salary band's upper end must be at least its lower end."
            )
        if (low is not None or high is not None) and not data.get("salary_currency"):
            self.add_error("salary_currency", "Say which currency the salary band is in.")
        both = set(data.get("required_skills") or []) & set(data.get("preferred_skills") or [])
        if both:
            names = ", ".join(sorted(skill.name for skill in both))
            self.add_error("preferred_skills", f"Already required, so not also preferred: {names}.")
        return data

    def save(self, commit: bool = True, *, actor) -> Job | None:  # type: ignore[override]
        """The job created or updated, or None when the service refused (errors added)."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields = {name: value for name, value in fields.items() if name in EDITABLE_FIELDS
                  or name in SKILL_FIELDS}  # fmt: skip
        try:
            if self.instance.pk:
                return services.job_update(job=self.instance, actor=actor, **fields)
            title = fields.pop("title")
            pipeline = self.cleaned_data.get("pipeline")
            return services.job_create(actor=actor, title=title, pipeline=pipeline, **fields)
        except ValidationError as error:
            self.add_error(None, error.messages)
            return None


class JobStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Job.Status.choices)
    reason = forms.ChoiceField(choices=Job.ClosedReason.choices, required=False)


class TeamMemberForm(forms.Form):
    prefix = "member"  # several forms share the job page
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Person")
    role = forms.ChoiceField(choices=JobMember.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = _person_label


def _person_label(user) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


class StageAddForm(forms.Form):
    prefix = "stage"  # several forms share the job page
    name = forms.CharField(max_length=80, label="Stage name")
    kind = forms.ChoiceField(
        choices=StageKind.choices,
        initial=StageKind.INTERVIEW,
        help_text="What the stage means for reports, whatever you call it.",
    )


class StageRenameForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name")


class QuestionForm(forms.Form):
    prefix = "question"  # several forms share the job page
    label = forms.CharField(max_length=300, label="Question")
    help_text = forms.CharField(max_length=300, required=False, label="Hint for applicants")
    kind = forms.ChoiceField(choices=ApplicationQuestion.Kind.choices, label="Answer type")
    choices = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Choices",
        help_text="For choice questions: one per line.",
    )
    required = forms.BooleanField(required=False, label="Applicants must answer")
    knockout_answers = forms.CharField(
        required=False,
        max_length=300,
        label="Knockout answers",
        help_text="Answers that screen an applicant out, separated by commas: “no” for a yes / "
        "no question, one of the choices, or a rule like <2 for a number. On the careers site "
        "such an application is rejected as “Did not meet requirements”.",
    )

    def clean_choices(self) -> list[str]:
        lines = (self.cleaned_data.get("choices") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean_knockout_answers(self) -> list[str]:
        raw = self.cleaned_data.get("knockout_answers") or ""
        return [answer.strip() for answer in raw.split(",") if answer.strip()]


class FromTemplateForm(forms.Form):
    prefix = "from"  # it shares the create page with JobForm, which has a title too
    template = forms.ModelChoiceField(queryset=Job.objects.none(), label="Template")
    title = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to use the template's title."
    )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates
