"""The interview and scorecard API: thin viewsets over ats.services.interviews and
ats.services.scorecards, scoped by the one permission layer.

- Interviews: listed and read by whoever may see them (the recruiting team, and the hiring team
  of their job); scheduled, rescheduled and cancelled by the recruiting team. A clash with the
  interviewers' other interviews is a 400 (code "clash") listing them, unless `allow_clash`.
- Scorecards: blind feedback is in the queryset: an interviewer reads others' scorecards on an
  application only once theirs is submitted; drafts are their author's alone. Interviewers
  submit their own; a submitted scorecard is amended, never submitted twice.

A service's refusal is a 400 naming the field it is about, PermissionDenied a 403, and what the
caller may not see a 404.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ats.api import interview_serializers as s
from ats.api.filters import IdFilter
from ats.api.views import ATSErrorsMixin
from ats.forms.interviews import interview_error_subject
from ats.models import Interview, InterviewParticipant, Scorecard, ScorecardRating
from ats.services.interviews import (
    InterviewClash,
    interview_cancel,
    interview_reschedule,
    interview_schedule,
)
from ats.services.scorecards import scorecard_amend, scorecard_submit
from recruit.accounts.permissions import RecruitPermission, ScopedQuerysetMixin, visible_to

BAD_INPUT = OpenApiResponse(
    description="Invalid input; the body says which field and why. A clash with the "
    'interviewers\' other interviews has code "clash" and lists them.'
)
FORBIDDEN = OpenApiResponse(description="You may see this but not do that.")
HIDDEN = OpenApiResponse(description="No such object, or hidden from you.")


def _write_schema(request, ok, on_object=True):
    responses = {**ok, 400: BAD_INPUT, 403: FORBIDDEN}
    if on_object:
        responses[404] = HIDDEN
    return extend_schema(request=request, responses=responses)


def _parse(view, serializer_class):
    data = serializer_class(data=view.request.data, context=view.get_serializer_context())
    data.is_valid(raise_exception=True)
    return data


# Interviews


class InterviewFilter(django_filters.FilterSet):
    application = IdFilter(field_name="application_id", help_text="An application id.")
    job = IdFilter(field_name="application__job_id", help_text="A job id.")
    status = django_filters.ChoiceFilter(choices=Interview.Status.choices)
    starts_after = django_filters.IsoDateTimeFilter(
        field_name="start_at", lookup_expr="gte", help_text="Starting at or after (ISO 8601)."
    )
    starts_before = django_filters.IsoDateTimeFilter(
        field_name="start_at", lookup_expr="lt", help_text="Starting before (ISO 8601)."
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", help_text="Only those you are an interviewer on."
    )

    class Meta:
        model = Interview
        fields = ["application", "job", "status", "starts_after", "starts_before", "mine"]

    def filter_mine(self, queryset, name, value):
        mine = InterviewParticipant.objects.filter(interview=OuterRef("pk"), user=self.request.user)
        return queryset.filter(Exists(mine)) if value else queryset.exclude(Exists(mine))


def _clash_response(clash: InterviewClash) -> Response:
    response = Response(
        {
            "non_field_errors": clash.messages,
            "code": "clash",
            "clashes": [
                {"interviewer": user.pk, "interview": other.pk,
                 "start_at": other.start_at.isoformat(), "end_at": other.end_at.isoformat()}
                for user, other in clash.clashes
            ],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )  # fmt: skip
    response.exception = True
    return response


class InterviewViewSet(ATSErrorsMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Interviews of the applications you may see, soonest first. The recruiting team
    schedules (POST), reschedules and cancels them."""

    queryset = Interview.objects.select_related(
        "application__candidate", "application__job", "application__stage", "step", "organizer"
    ).prefetch_related(
        Prefetch(
            "participants",
            queryset=InterviewParticipant.objects.select_related("user").order_by("id"),
        )
    )
    serializer_class = s.InterviewSerializer
    filterset_class = InterviewFilter

    def handle_exception(self, exc):
        if isinstance(exc, InterviewClash):
            return _clash_response(exc)
        if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_list"):
            exc = ValidationError(self._by_field(exc))
        return super().handle_exception(exc)

    def _by_field(self, error: DjangoValidationError) -> dict[str, list[str]]:
        """A service's errors keyed by the request field they are about."""
        fields: dict[str, list[str]] = {}
        for one in error.error_list:
            message = one.message % one.params if one.params else one.message
            subject = interview_error_subject(one) or "non_field_errors"
            if subject == "time":  # a wall-clock time the zone skips; the message starts with it
                said_end = message[:5] in str(self.request.data.get("end", ""))
                said_start = message[:5] in str(self.request.data.get("start", ""))
                subject = "end" if said_end and not said_start else "start"
            fields.setdefault(subject, []).append(message)
        return fields

    def _answer(self, interview: Interview, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=interview.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @_write_schema(s.InterviewScheduleSerializer, {201: s.InterviewSerializer}, on_object=False)
    def create(self, request):
        """Schedule an interview of an application."""
        data = _parse(self, s.InterviewScheduleSerializer).validated_data
        interview = interview_schedule(actor=request.user, **data)
        return self._answer(interview, status.HTTP_201_CREATED)

    @_write_schema(s.InterviewRescheduleSerializer, {200: s.InterviewSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Move the interview and/or change its details; left-out details stay as they are.
        The calendar invitations are updated (same UID, higher SEQUENCE)."""
        interview = self.get_object()
        data = _parse(self, s.InterviewRescheduleSerializer).validated_data
        interview_reschedule(interview=interview, actor=request.user, **data)
        return self._answer(interview)

    @_write_schema(s.InterviewCancelSerializer, {200: s.InterviewSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the interview."""
        interview = self.get_object()
        data = _parse(self, s.InterviewCancelSerializer).validated_data
        interview_cancel(interview=interview, actor=request.user, **data)
        return self._answer(interview)


# Scorecards


class ScorecardPermission(RecruitPermission):
    """Interviewers submit scorecards, not only the recruiting team: creating needs an active
    user (the service checks whose feedback it is); amending asks can_change as usual."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


class ScorecardFilter(django_filters.FilterSet):
    interview = IdFilter(field_name="interview_id", help_text="An interview id.")
    application = IdFilter(field_name="interview__application_id", help_text="An application id.")

    class Meta:
        model = Scorecard
        fields = ["interview", "application"]


class ScorecardViewSet(ATSErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Scorecards you may read, blind feedback applied: others' scorecards on an application
    show once yours is submitted (the recruiting team and the hiring manager see them all)."""

    serializer_class = s.ScorecardSerializer
    filterset_class = ScorecardFilter
    permission_classes = [ScorecardPermission]

    def get_queryset(self) -> QuerySet[Scorecard]:
        if getattr(self, "swagger_fake_view", False):  # the schema: no user to scope by
            return Scorecard.objects.none()
        user = self.request.user
        return (
            visible_to(user, Scorecard.objects.all())
            .filter(Q(submitted_at__isnull=False) | Q(interviewer=user))
            .select_related("interviewer", "interview")
            .prefetch_related(
                Prefetch("ratings", queryset=ScorecardRating.objects.select_related("attribute")),
                "revisions",
            )
            .order_by("submitted_at", "id")
        )

    def _answer(self, scorecard: Scorecard, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=scorecard.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @_write_schema(s.ScorecardSubmitSerializer, {201: s.ScorecardSerializer}, on_object=False)
    def create(self, request):
        """Submit your scorecard for an interview you took part in, once it has started. A
        second submission is refused: amend the first."""
        data = _parse(self, s.ScorecardSubmitSerializer)
        interview = data.validated_data["interview"]
        interviewer = data.validated_data.get("interviewer") or request.user
        if (
            interviewer.pk == request.user.pk
            and not interview.participants.filter(user=request.user).exists()
        ):
            raise PermissionDenied("Only the interview's interviewers give feedback on it.")
        scorecard = scorecard_submit(interview=interview, interviewer=interviewer,
                                     actor=request.user, **data.content())  # fmt: skip
        return self._answer(scorecard, status.HTTP_201_CREATED)

    @_write_schema(s.ScorecardAmendSerializer, {200: s.ScorecardSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Replace your submitted scorecard's content; the previous one is kept as a
        revision."""
        scorecard = self.get_object()
        data = _parse(self, s.ScorecardAmendSerializer)
        scorecard_amend(scorecard=scorecard, actor=request.user,
                        reason=data.validated_data["reason"], **data.content())  # fmt: skip
        return self._answer(scorecard)
