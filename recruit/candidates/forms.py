from django import forms

from recruit.candidates.models import CandidateDocument


class CandidateSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")


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
