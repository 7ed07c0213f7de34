"""CRM data about a person, beside the one shared Candidate: what they are interested in."""

from django.db import models
from django.utils import timezone

from ats.models import Department
from recruit.candidates.models import Candidate


class Prospect(models.Model):
    """The CRM side of a candidate: their interests, and when they joined the talent community."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="prospect")
    interest_departments = models.ManyToManyField(Department, blank=True, related_name="+")
    interest_locations = models.JSONField(default=list, blank=True)
    joined_community_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return str(self.candidate)
