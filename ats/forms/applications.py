"""Forms of the applications list (filters, bulk actions) and the application page (actions)."""

from datetime import timedelta

from django import forms

from ats.models import Application, Job, RejectionReason, Stage
from ats.selectors import (
    APPLICATION_SORTS,
    DEFAULT_APPLICATION_SORT,
    ApplicationFilters,
    application_filter_choices,
)
from recruit.candidates.models import Source, Tag
from recruit.messaging.models import EmailTemplate

ANY_STATUS = "all"
MAX_DELAY_MINUTES = 60 * 24 * 14  # two weeks
DEFAULT_DELAY_MINUTES = 60


class ApplicationFilterForm(forms.Form):
    """The query string of the applications list. Invalid values are ignored, never fatal."""

    status = forms.ChoiceField(
        required=False,
        choices=[*Application.Status.choices, (ANY_STATUS, "Any status")],
    )
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), required=False,
                                   empty_label="Any stage")  # fmt: skip
    source = forms.ModelChoiceField(queryset=Source.objects.none(), required=False,
                                    empty_label="Any source")  # fmt: skip
    min_score = forms.IntegerField(required=False, min_value=0, max_value=100,
                                   label="Match score at least")  # fmt: skip
    days = forms.IntegerField(required=False, min_value=0, max_value=3650,
                              label="Days in stage at least")  # fmt: skip
    tag = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        label="Tags",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in APPLICATION_SORTS])

    def __init__(self, data, *, job: Job):
        super().__init__(data)
        choices = application_filter_choices(job=job)
        self.fields["stage"].queryset = choices["stages"]
        self.fields["source"].queryset = choices["sources"]
        self.fields["tag"].queryset = choices["tags"]
        self.fields["min_score"].widget.attrs.update(placeholder="0 to 100", inputmode="numeric")
        self.fields["days"].widget.attrs.update(placeholder="e.g. 7", inputmode="numeric")

    def filters(self) -> ApplicationFilters:
        """The filters to apply: the valid values given, defaults for the rest."""
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or Application.Status.ACTIVE
        stage, source = data.get("stage"), data.get("source")
        return ApplicationFilters(
            status="" if status == ANY_STATUS else status,
            stage_id=stage.pk if stage else None,
            source_id=source.pk if source else None,
            min_score=data.get("min_score"),
            tag_ids=tuple(tag.pk for tag in data.get("tag") or ()),
            min_days_in_stage=data.get("days"),
            sort=data.get("sort") or DEFAULT_APPLICATION_SORT,
        )


def _delay_field(label: str = "Send after (minutes)") -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_DELAY_MINUTES,
        initial=DEFAULT_DELAY_MINUTES,
        label=label,
        help_text="It can be cancelled until then.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _templates():
    return EmailTemplate.objects.order_by("name")


def _reasons():
    return RejectionReason.objects.filter(active=True).order_by("position", "name")


class BulkActionForm(forms.Form):
    """The checked rows of the list and what to do with them."""

    MOVE, REJECT, TAG, EMAIL = "move", "reject", "tag", "email"

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one application first."},
    )
    action = forms.ChoiceField(choices=[(MOVE, "Move"), (REJECT, "Reject"), (TAG, "Tag"),
                                        (EMAIL, "Email")])  # fmt: skip
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), required=False,
                                   label="Move to", empty_label="Choose a stage…")  # fmt: skip
    reason = forms.ModelChoiceField(queryset=RejectionReason.objects.none(), required=False,
                                    label="Reason", empty_label="Choose a reason…")  # fmt: skip
    note = forms.CharField(required=False, max_length=5000, label="Note (internal)",
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    keep_in_touch = forms.BooleanField(required=False, label="Keep in touch (silver medalist)")
    rejection_template = forms.ModelChoiceField(
        queryset=EmailTemplate.objects.none(),
        required=False,
        label="Rejection email",
        empty_label="No email",
    )
    delay = _delay_field()
    tag = forms.CharField(required=False, max_length=60, label="Tag")
    email_template = forms.ModelChoiceField(queryset=EmailTemplate.objects.none(),
                                            required=False, label="Template",
                                            empty_label="Choose a template…")  # fmt: skip

    def __init__(self, data=None, *, applications, job: Job):
        super().__init__(data, prefix="bulk")
        self.fields["applications"].queryset = applications
        self.fields["stage"].queryset = Stage.objects.filter(job=job).order_by("position", "id")
        self.fields["reason"].queryset = _reasons()
        self.fields["rejection_template"].queryset = _templates()
        self.fields["email_template"].queryset = _templates()
        self.fields["tag"].widget.attrs.update(list="bulk-tag-names", autocomplete="off")

    def clean(self):
        data = super().clean()
        if data.get("tag"):
            data["tag"] = " ".join(data["tag"].split())
        needed = {
            self.MOVE: ("stage", "Choose the stage to move them to."),
            self.REJECT: ("reason", "Choose a rejection reason."),
            self.TAG: ("tag", "Type the tag to add."),
            self.EMAIL: ("email_template", "Choose the email template."),
        }.get(data.get("action"))
        if needed and not data.get(needed[0]):
            self.add_error(*needed)
        return data

    @property
    def email_delay(self) -> timedelta:
        minutes = self.cleaned_data.get("delay")
        return timedelta(minutes=DEFAULT_DELAY_MINUTES if minutes is None else minutes)


class VersionForm(forms.Form):
    """The version of the application the page showed: a change based on an older one is
    refused (someone else changed it meanwhile) instead of silently overwriting theirs."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, application: Application, **kwargs):
        super().__init__(data, initial={"version": application.version}, **kwargs)
        self.application = application

    def refresh_version(self, application: Application) -> None:
        """After a conflict: keep what was typed, but base the next try on the current state."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(application.version)


class MoveForm(VersionForm):
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label="Stage",
                                   empty_label=None)  # fmt: skip
    note = forms.CharField(required=False, max_length=5000, label="Note (optional)",
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, data=None, *, application: Application):
        super().__init__(data, application=application, prefix="move")
        stages = Stage.objects.filter(job_id=application.job_id).order_by("position", "id")
        self.fields["stage"].queryset = stages
        self.fields["stage"].initial = application.stage_id


class RejectForm(VersionForm):
    reason = forms.ModelChoiceField(queryset=RejectionReason.objects.none(), label="Reason",
                                    empty_label="Choose a reason…")  # fmt: skip
    note = forms.CharField(required=False, max_length=5000, label="Note (internal)",
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    keep_in_touch = forms.BooleanField(required=False, label="Keep in touch (silver medalist)")
    email_template = forms.ModelChoiceField(queryset=EmailTemplate.objects.none(),
                                            required=False, label="Rejection email",
                                            empty_label="No email")  # fmt: skip
    delay = _delay_field()

    def __init__(self, data=None, *, application: Application):
        super().__init__(data, application=application, prefix="reject")
        self.fields["reason"].queryset = _reasons()
        self.fields["email_template"].queryset = _templates()

    @property
    def email_delay(self) -> timedelta:
        minutes = self.cleaned_data.get("delay")
        return timedelta(minutes=DEFAULT_DELAY_MINUTES if minutes is None else minutes)


class WithdrawForm(VersionForm):
    note = forms.CharField(required=False, max_length=5000, label="Why (optional)",
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, data=None, *, application: Application):
        super().__init__(data, application=application, prefix="withdraw")


class CandidateEmailForm(forms.Form):
    template = forms.ModelChoiceField(queryset=EmailTemplate.objects.none(), label="Template",
                                      empty_label="Choose a template…")  # fmt: skip

    def __init__(self, data=None):
        super().__init__(data, prefix="email")
        self.fields["template"].queryset = _templates()


def first_error(form: forms.Form) -> str:
    """The form's first error as one sentence, for a message at the top of the page."""
    for field, errors in form.errors.items():
        if field in ("__all__", "applications") or field not in form.fields:
            return errors[0]
        return f"{form.fields[field].label}: {errors[0]}"
    return ""
