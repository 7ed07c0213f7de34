"""Filters of the ATS API lists (django-filter). Ids are plain numbers: an id the caller may not
see simply matches nothing, which tells them nothing."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ats.models import Application, Job


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number (anything else is a 400)."""

    field_class = forms.IntegerField


class ApplicationFilter(django_filters.FilterSet):
    job = IdFilter(field_name="job_id", help_text="A job id.")
    stage = IdFilter(field_name="stage_id", help_text="A stage id.")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices)
    source = IdFilter(field_name="source_id", help_text="A source id.")
    min_score = django_filters.NumberFilter(
        field_name="match_score", lookup_expr="gte", help_text="Match score at least (0-100)."
    )
    applied_after = django_filters.IsoDateTimeFilter(
        field_name="applied_at", lookup_expr="gte", help_text="Applied at or after (ISO 8601)."
    )
    applied_before = django_filters.IsoDateTimeFilter(
        field_name="applied_at", lookup_expr="lt", help_text="Applied before (ISO 8601)."
    )

    class Meta:
        model = Application
        fields = [
            "job",
            "stage",
            "status",
            "source",
            "min_score",
            "applied_after",
            "applied_before",
        ]


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Job.Status.choices)
    department = IdFilter(field_name="department_id", help_text="A department id.")

    class Meta:
        model = Job
        fields = ["status", "department"]
