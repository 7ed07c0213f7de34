"""The ATS's filters on the Candidates list (recruit.candidates.search knows no jobs):
applicants or prospects, a job, a stage. Registered on import, from AtsConfig.ready()."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Q

from ats.models import Application, StageKind
from ats.selectors import job_list
from recruit.candidates.search import among, register_candidate_filter

APPLICANTS = "applicants"
PROSPECTS = "prospects"
WHO_CHOICES = [
    ("", "Everyone"),
    (APPLICANTS, "Applicants (applied to a job)"),
    (PROSPECTS, "Prospects (no active application)"),
]


def filter_fields(user) -> dict[str, forms.Field]:
    return {
        "who": forms.ChoiceField(label="Who", choices=WHO_CHOICES, required=False),
        "job": forms.ModelChoiceField(
            label="Job",
            queryset=job_list(user=user).order_by("title", "id"),
            required=False,
            empty_label="Any job",
        ),
        "stage": forms.ChoiceField(
            label="Stage (active applications)",
            choices=[("", "Any stage"), *StageKind.choices],
            required=False,
        ),
    }


def filter_condition(values: Mapping[str, Any], user) -> Q | None:
    """An applicant has any application; a prospect has no active one (DOMAIN.md), so someone
    rejected everywhere is both. A job and a stage combine into one application: on that job,
    active, at that kind of stage. Only applications on jobs the user sees count."""
    who, job, stage = values.get("who"), values.get("job"), values.get("stage")
    condition = Q()
    if who == APPLICANTS and not (job or stage):  # else implied by what follows
        condition &= Q(pk__in=Application.objects.values("candidate"))
    elif who == PROSPECTS:
        active = Application.objects.filter(status=Application.Status.ACTIVE)
        condition &= ~Q(pk__in=active.values("candidate"))
    if job or stage:
        applications = Application.objects.filter(job__in=job_list(user=user).values("pk"))
        if job:
            applications = applications.filter(job=job)
        if stage:
            applications = applications.filter(status=Application.Status.ACTIVE, stage__kind=stage)
        condition &= among(applications.order_by().values("candidate"))
    return condition or None


register_candidate_filter("ats", fields=filter_fields, condition=filter_condition)
