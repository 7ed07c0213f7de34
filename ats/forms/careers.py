"""The public forms of the careers site. Every field has a limit, every file is checked from its
bytes before anything is stored, and each form carries a honeypot field people never see."""

from django import forms
from django.core.exceptions import ValidationError

from ats.models import ApplicationQuestion, Department, Job
from recruit.candidates.models import DataRequest
from recruit.candidates.normalize import normalize_phone
from recruit.candidates.services import document_check

Kind = ApplicationQuestion.Kind
ACCEPT = ".pdf,.doc,.docx,.rtf,.txt,application/pdf"
YES_NO = [("yes", "Yes"), ("no", "No")]


class HoneypotForm(forms.Form):
    """A field hidden from people (CSS, aria-hidden, no tab stop) that bots fill in."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


def _document_field(label: str, *, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        allow_empty_file=True,  # an empty file gets our own clearer message
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="PDF, Word (DOCX or DOC), RTF or plain text.",
    )


def _checked_document(upload):
    if upload:
        document_check(upload)
    return upload


class PersonForm(HoneypotForm):
    """Who someone is: what a public form asks first."""

    first_name = forms.CharField(
        max_length=100,
        label="First name",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        max_length=100,
        label="Last name",
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        max_length=254, label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ApplyStartForm(PersonForm):
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label="Keep these details so I can finish my application, and so you can remind me if I "
        "do not (see the privacy notice)."
    )  # fmt: skip

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))


class ApplySubmitForm(HoneypotForm):
    resume = _document_field("Resume", required=True)
    cover_letter = forms.CharField(
        required=False, max_length=10_000, label="Cover letter (optional)",
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip
    cover_letter_file = _document_field("…or a cover letter file (optional)", required=False)
    linkedin_url = forms.URLField(
        required=False, max_length=500, label="LinkedIn profile", assume_scheme="https"
    )
    portfolio_url = forms.URLField(
        required=False, max_length=500, label="Portfolio, GitHub or website", assume_scheme="https"
    )
    location = forms.CharField(
        required=False,
        max_length=200,
        label="Where you are based",
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    consent = forms.BooleanField(
        label="I have read the privacy notice and agree that my application is processed for "
        "this role."
    )
    talent_community = forms.BooleanField(
        required=False,
        label="Also keep me in your talent community and email me about future roles.",
    )

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(job.questions.all())
        for question in self.questions:
            self.fields[self.question_key(question)] = _question_field(question)

    @staticmethod
    def question_key(question: ApplicationQuestion) -> str:
        return f"question_{question.pk}"

    @property
    def question_fields(self):
        return [self[self.question_key(q)] for q in self.questions]

    def clean_resume(self):
        return _checked_document(self.cleaned_data.get("resume"))

    def clean_cover_letter_file(self):
        return _checked_document(self.cleaned_data.get("cover_letter_file"))

    def clean_linkedin_url(self) -> str:
        url = self.cleaned_data.get("linkedin_url", "")
        if url and "linkedin." not in url.split("/")[2].lower():
            raise ValidationError("Give a linkedin.com address here; other links go below.")
        return url

    def answers(self) -> dict[str, object]:
        """Answers keyed by question id, as the knockout rules read them (no file answers)."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_key(question))
            if question.kind == Kind.FILE or value in (None, "", []):
                continue
            answers[str(question.pk)] = float(value) if question.kind == Kind.NUMBER else value
        return answers

    def files_answered(self) -> dict[str, object]:
        return {
            str(q.pk): self.cleaned_data[self.question_key(q)]
            for q in self.questions
            if q.kind == Kind.FILE and self.cleaned_data.get(self.question_key(q))
        }

    def profile(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "")
                for name in ("linkedin_url", "portfolio_url", "location")}  # fmt: skip


def _question_field(question: ApplicationQuestion) -> forms.Field:
    common = {"label": question.label, "required": question.required,
              "help_text": question.help_text}  # fmt: skip
    choices = [(c, c) for c in question.choices]
    if question.kind == Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if question.kind == Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    if question.kind == Kind.FILE:
        field = _document_field(question.label, required=question.required)
        field.help_text = question.help_text or field.help_text
        field.validators.append(_checked_document)
        return field
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)


class TalentCommunityForm(PersonForm):
    departments = forms.MultipleChoiceField(
        required=False, label="Teams you are interested in", widget=forms.CheckboxSelectMultiple
    )
    locations = forms.MultipleChoiceField(
        required=False, label="Places you would work", widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label="Keep my details in your talent community and email me about roles that match "
        "(see the privacy notice). I can unsubscribe at any time."
    )

    def __init__(self, *args, departments: list[tuple[str, str]],
                 locations: list[tuple[str, str]], **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = departments
        self.fields["locations"].choices = locations
        self.location_labels = dict(locations)

    def chosen_departments(self) -> list[Department]:
        return list(Department.objects.filter(pk__in=self.cleaned_data.get("departments", [])))

    def chosen_locations(self) -> list[str]:
        return [self.location_labels[v] for v in self.cleaned_data.get("locations", [])]


class StatusLinkForm(HoneypotForm):
    email = forms.EmailField(max_length=254, label="The email you applied with")


class ResumeUpdateForm(forms.Form):
    resume = _document_field("New resume", required=True)

    def clean_resume(self):
        return _checked_document(self.cleaned_data.get("resume"))


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=DataRequest.Kind.choices, widget=forms.RadioSelect,
                             label="What would you like?")  # fmt: skip
    message = forms.CharField(required=False, max_length=5000, label="Anything to add (optional)",
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
