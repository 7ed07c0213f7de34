"""Who may see and change what: the one permission layer.

Every view, API endpoint and admin page scopes its querysets with `visible_to` and asks `can_change`
before writing. Recruiters, coordinators and admins see everything. Everyone else sees only what a
rule registered for that model lets them reach; with no rule, nothing. Rules come from the apps that
know the relation (ats registers "hiring team members reach their jobs' candidates"), so this lower
layer never imports them.
"""

from collections import defaultdict
from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from rest_framework import permissions

from recruit.accounts.models import User

ScopeRule = Callable[[User], Q]
_scope_rules: dict[type[Model], list[ScopeRule]] = defaultdict(list)
_change_rules: dict[type[Model], list[ScopeRule]] = defaultdict(list)


def register_scope(model: type[Model], rule: ScopeRule) -> None:
    """Let users outside the recruiting team see the rows of `model` that `rule(user)` selects."""
    if rule not in _scope_rules[model]:
        _scope_rules[model].append(rule)


def register_change_scope(model: type[Model], rule: ScopeRule) -> None:
    """Let users outside the recruiting team change the rows of `model` that `rule(user)`
    selects (e.g. a hiring manager moves applications on their own jobs)."""
    if rule not in _change_rules[model]:
        _change_rules[model].append(rule)


def _reach(user, queryset: QuerySet, rules: dict[type[Model], list[ScopeRule]]) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_recruiting_team:
        return queryset
    model_rules = rules.get(queryset.model, [])
    if not model_rules:
        return queryset.none()
    reach = Q()
    for rule in model_rules:
        reach |= rule(user)
    return queryset.filter(reach)


def is_recruiting_team(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_recruiting_team)


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see."""
    return _reach(user, queryset, _scope_rules)


def changeable_by(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may change."""
    return _reach(user, queryset, _change_rules)


def visible_through(user, queryset: QuerySet, field: str) -> QuerySet:
    """The rows of `queryset` whose `field` (a foreign key, e.g. "candidate") the user may see."""
    target = queryset.model._meta.get_field(field).related_model
    return queryset.filter(**{f"{field}__in": visible_to(user, target._default_manager.all())})


def can_view(user, obj: Model) -> bool:
    return visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def can_change(user, obj: Model | None = None) -> bool:
    """Whether `user` may create (obj=None: the recruiting team only) or change `obj`."""
    if obj is None:
        return is_recruiting_team(user)
    return changeable_by(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_visible_or_404(user, queryset: QuerySet, **lookup) -> Model:
    """One object the user may see, or 404: we never confirm that a hidden object exists."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404 from missing


def require_change(user, obj: Model | None = None) -> None:
    # 404 rather than 403 when the user cannot even see the object.
    if obj is not None and not can_view(user, obj):
        raise Http404
    if not can_change(user, obj):
        raise PermissionDenied


class ScopedQuerysetMixin:
    """DRF views: list views skip object permissions, so scope get_queryset() itself."""

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())


class ScopedThroughAdmin(admin.ModelAdmin):
    """Admin pages of rows that belong to a scoped object, e.g. a candidate's documents."""

    scope_through = "candidate"

    def get_queryset(self, request):
        return visible_through(request.user, super().get_queryset(request), self.scope_through)


class RecruitPermission(permissions.BasePermission):
    """API: any active user may read what their scoped queryset holds; writes need can_change."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "detail", False):
            return True  # reads are scoped; writes to one object ask has_object_permission
        return can_change(user)  # creating, or bulk actions on a list

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return can_view(request.user, obj)
        return can_change(request.user, obj)


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages list and open only what the staff user may see."""

    def get_queryset(self, request):
        return visible_to(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, obj))
