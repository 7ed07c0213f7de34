from django import forms

from recruit.candidates.models import CandidateDocument, Source
from recruit.candidates.search import MAX_QUERY_LENGTH, CandidateFilters, filter_groups


class CandidateSearchForm(forms.Form):
    """The Candidates list's search box and filters (also the API's query parameters). Filters
    that apps above this one register (the ATS: who, job, stage) are added for the user."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, label="Search")
    skills_all = forms.CharField(
        required=False, max_length=500, label="All of these skills",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Python, Kubernetes"}),
    )  # fmt: skip
    skills_any = forms.CharField(
        required=False, max_length=500, label="Any of these skills",
        widget=forms.TextInput(attrs={"placeholder": "e.g. React, Vue"}),
    )  # fmt: skip
    tags = forms.CharField(
        required=False, max_length=500, label="Tags (all of)",
        widget=forms.TextInput(attrs={"placeholder": "e.g. relocation"}),
    )  # fmt: skip
    location = forms.CharField(required=False, max_length=200, label="Location")
    experience_min = forms.DecimalField(
        required=False, min_value=0, max_value=99, decimal_places=1, label="Years from"
    )
    experience_max = forms.DecimalField(
        required=False, min_value=0, max_value=99, decimal_places=1, label="Years to"
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, label="Source", empty_label="Any source"
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.registered: list[str] = []
        for group in filter_groups():
            fields = group.fields(user)
            self.fields.update(fields)
            self.registered += list(fields)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("experience_min"), cleaned.get("experience_max")
        if low is not None and high is not None and low > high:
            self.add_error("experience_max", "The upper bound is below the lower one.")
        return cleaned

    def filters(self) -> CandidateFilters:
        """The cleaned filters (call after is_valid())."""
        data = self.cleaned_data
        source = data.get("source")
        return CandidateFilters(
            skills_all=_names(data.get("skills_all")),
            skills_any=_names(data.get("skills_any")),
            tags=_names(data.get("tags")),
            location=data.get("location") or "",
            experience_min=data.get("experience_min"),
            experience_max=data.get("experience_max"),
            source=source.pk if source else None,
            extra={name: data.get(name) for name in self.registered},
        )

    def has_filters(self) -> bool:
        """Whether any filter (not the search words) narrows the list."""
        data = getattr(self, "cleaned_data", {})
        return any(value not in (None, "") for name, value in data.items() if name != "q")


def _names(text: str | None) -> tuple[str, ...]:
    """Comma-separated names, trimmed: 'Python, Node.js ,k8s' -> ('Python', 'Node.js', 'k8s')."""
    return tuple(name.strip() for name in (text or "").split(",") if name.strip())[:20]


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label="File", allow_empty_file=True)
    kind = forms.ChoiceField(choices=CandidateDocument.Kind.choices, initial="resume")


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a note…"}),
    )
    is_private = forms.BooleanField(required=False, label="Private: recruiting team only")

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        if not getattr(user, "is_recruiting_team", False):
            del self.fields["is_private"]


class MergeForm(forms.Form):
    survivor = forms.CharField(
        label="The record to keep (its id or email)",
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "e.g. 1234 or ada@example.org"}
        ),
    )
    confirm = forms.BooleanField(
        label="I understand this record is deleted after everything moves over"
    )


class JsonResumeImportForm(forms.Form):
    file = forms.FileField(
        label="JSON Resume file",
        help_text="A .json file in the JSON Resume format (jsonresume.org), up to 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
