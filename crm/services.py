"""Writes of the CRM. Each runs in a transaction and records its own history."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ats.models import Department
from crm.models import Prospect
from recruit.candidates.models import Candidate


@transaction.atomic
def prospect_join_community(
    *, candidate: Candidate, departments: Iterable[Department], locations: Iterable[str]
) -> Prospect:
    """Record that the person joined the talent community; interests add to those they had."""
    prospect, _ = Prospect.objects.select_for_update().get_or_create(candidate=candidate)
    prospect.joined_community_at = prospect.joined_community_at or timezone.now()
    _add_locations(prospect, locations)
    prospect.save()
    prospect.interest_departments.add(*departments)
    return prospect


def _add_locations(prospect: Prospect, locations: Iterable[str]) -> None:
    known = {place.casefold() for place in prospect.interest_locations}
    for place in locations:
        if place.casefold() not in known:
            prospect.interest_locations.append(place)
            known.add(place.casefold())


def prospect_merge(*, survivor: Candidate, duplicate: Candidate) -> None:
    """The duplicate's CRM data follows the person; where both had some, interests add up."""
    theirs = Prospect.objects.filter(candidate=duplicate).first()
    if theirs is None:
        return
    ours = Prospect.objects.filter(candidate=survivor).first()
    if ours is None:
        Prospect.objects.filter(pk=theirs.pk).update(candidate=survivor)
        return
    ours.interest_departments.add(*theirs.interest_departments.all())
    _add_locations(ours, theirs.interest_locations)
    joined = [t for t in (ours.joined_community_at, theirs.joined_community_at) if t]
    ours.joined_community_at = min(joined) if joined else None
    ours.save()
