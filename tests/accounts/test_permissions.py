"""The permission seam: one place decides who sees and changes what."""

import pytest
from django.db.models import Q

from recruit.accounts import permissions
from recruit.accounts.permissions import can_change, can_view, register_scope, visible_to
from recruit.candidates.models import Candidate
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_candidates():
    return CandidateFactory(email="a@example.org"), CandidateFactory(email="b@example.org")


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "admin_user"])
def test_recruiting_team_and_admins_see_and_change_every_candidate(
    request, persona, two_candidates
):
    user = request.getfixturevalue(persona)
    assert visible_to(user, Candidate.objects.all()).count() == 2
    assert all(can_view(user, c) and can_change(user, c) for c in two_candidates)
    assert can_change(user)  # may create


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "outsider"])
def test_others_see_nothing_until_a_rule_lets_them(request, persona, two_candidates):
    user = request.getfixturevalue(persona)
    assert visible_to(user, Candidate.objects.all()).count() == 0
    assert not any(can_view(user, c) or can_change(user, c) for c in two_candidates)
    assert not can_change(user)


def test_anonymous_and_deactivated_users_see_nothing(two_candidates, recruiter):
    from django.contrib.auth.models import AnonymousUser

    assert visible_to(AnonymousUser(), Candidate.objects.all()).count() == 0
    recruiter.is_active = False
    recruiter.save()
    assert visible_to(recruiter, Candidate.objects.all()).count() == 0


def test_a_registered_rule_widens_what_a_non_recruiter_sees(hiring_manager, two_candidates):
    first, second = two_candidates

    def sees_first_only(user):
        return Q(pk=first.pk) if user.pk == hiring_manager.pk else Q(pk__in=[])

    register_scope(Candidate, sees_first_only)
    try:
        visible = visible_to(hiring_manager, Candidate.objects.all())
        assert list(visible) == [first]
        assert can_view(hiring_manager, first) and not can_view(hiring_manager, second)
        # Seeing is not changing: only the recruiting team writes.
        assert not can_change(hiring_manager, first)
        other = UserFactory(roles=["Hiring manager"])
        assert visible_to(other, Candidate.objects.all()).count() == 0
    finally:
        permissions._scope_rules[Candidate].remove(sees_first_only)


def test_visible_through_scopes_rows_by_their_candidate(hiring_manager, recruiter, two_candidates):
    from recruit.accounts.permissions import visible_through
    from recruit.candidates.models import Activity
    from tests.factories import ActivityFactory

    ActivityFactory(candidate=two_candidates[0])
    assert visible_through(recruiter, Activity.objects.all(), "candidate").count() == 1
    assert visible_through(hiring_manager, Activity.objects.all(), "candidate").count() == 0
