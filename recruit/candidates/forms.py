from django import forms

from recruit.candidates.models import CandidateDocument


class CandidateSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label="File", allow_empty_file=True)
    kind = forms.ChoiceField(choices=CandidateDocument.Kind.choices, initial="resume")
