"""Reads of interviews and scorecards: clashes in interviewers' calendars, a person's own
interviews, blind feedback (who sees which scorecards) and its summary, and overdue feedback.
Every list runs a constant number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ats.models import (
    Application,
    Interview,
    InterviewParticipant,
    Rating,
    Scorecard,
    ScorecardAttribute,
    ScorecardRating,
)
from recruit.accounts.models import User
from recruit.accounts.permissions import get_visible_or_404, visible_to
from recruit.candidates.models import Candidate, CandidateDocument

Status = Interview.Status
Response = InterviewParticipant.Response
# Interviews that still happen or happened: feedback is due on them.
HELD = (Status.SCHEDULED, Status.COMPLETED)


def _with_participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=InterviewParticipant.objects.select_related("user").order_by("id"),
    )


def interview_clashes(
    *,
    interviewers: Iterable[User],
    start: datetime,
    end: datetime,
    exclude: Interview | None = None,
) -> QuerySet[Interview]:
    """Scheduled interviews overlapping [start, end) that any of `interviewers` takes part in
    (having declined one frees the time), with their participants, earliest first. An
    interview ending exactly when another starts is no clash."""
    user_ids = [user.pk for user in interviewers]
    attending = InterviewParticipant.objects.filter(
        interview=OuterRef("pk"), user_id__in=user_ids
    ).exclude(response_status=Response.DECLINED)
    clashes = Interview.objects.filter(
        Exists(attending), status=Status.SCHEDULED, start_at__lt=end, end_at__gt=start
    )
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    return (
        clashes.select_related("application__candidate")
        .prefetch_related(_with_participants())
        .order_by("start_at", "id")
    )


@dataclass(frozen=True)
class MyInterviews:
    upcoming: list[Interview]  # not yet ended, soonest first
    needing_feedback: list[Interview]  # ended without the user's submitted scorecard, oldest first


def _interview_page_rows(user) -> QuerySet[Interview]:
    """Interviews the user takes part in (on jobs whose team they are on), with what a row and
    its kit show: candidate, job, stage, step, scorecard attributes and participants."""
    takes_part = InterviewParticipant.objects.filter(interview=OuterRef("pk"), user=user)
    return (
        visible_to(user, Interview.objects.filter(Exists(takes_part)))
        .select_related(
            "application__candidate",
            "application__job",
            "application__stage",
            "step__scorecard_template",
        )
        .prefetch_related(
            _with_participants(),
            Prefetch(
                "step__scorecard_template__attributes",
                queryset=ScorecardAttribute.objects.order_by("position", "id"),
            ),
        )
    )


def my_interviews(*, user, now: datetime | None = None) -> MyInterviews:
    """'My interviews': the user's upcoming interviews (under way counts as upcoming) and the
    ended ones still waiting for their feedback (unless they declined to attend)."""
    now = now or timezone.now()
    rows = _interview_page_rows(user)
    upcoming = rows.filter(status=Status.SCHEDULED, end_at__gt=now).order_by("start_at", "id")
    submitted = Scorecard.objects.filter(
        interview=OuterRef("pk"), interviewer=user, submitted_at__isnull=False
    )
    declined = InterviewParticipant.objects.filter(
        interview=OuterRef("pk"), user=user, response_status=Response.DECLINED
    )
    needing_feedback = (
        rows.filter(status__in=HELD, end_at__lte=now)
        .exclude(Exists(submitted))
        .exclude(Exists(declined))
        .order_by("end_at", "id")
    )
    return MyInterviews(upcoming=list(upcoming), needing_feedback=list(needing_feedback))


def scorecards_visible(*, user, application: Application) -> QuerySet[Scorecard]:
    """The scorecards of an application the user may read, blind feedback applied (the rules
    are ats.permissions.scorecards_of_team_member): submitted ones, plus the user's own draft.
    With the interview, interviewer and ratings (their attributes), first submitted first."""
    return (
        visible_to(user, Scorecard.objects.filter(interview__application=application))
        .filter(Q(submitted_at__isnull=False) | Q(interviewer=user))
        .select_related("interviewer", "interview__step")
        .prefetch_related(
            Prefetch("ratings", queryset=ScorecardRating.objects.select_related("attribute"))
        )
        .order_by("submitted_at", "id")
    )


def scorecards_hidden_count(*, user, application: Application) -> int:
    """How many submitted scorecards of the application blind feedback hides from the user
    (0 once they have submitted their own), for "N scorecards are waiting for yours"."""
    submitted = Scorecard.objects.filter(
        interview__application=application, submitted_at__isnull=False
    )
    return submitted.count() - visible_to(user, submitted).count()


def _no_ratings() -> dict[str, int]:
    return dict.fromkeys(Rating.values, 0)


@dataclass(frozen=True)
class AttributeSummary:
    attribute_id: int
    category: str
    name: str
    counts: dict[str, int] = field(default_factory=_no_ratings)  # every rating, 0 when none

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class FeedbackSummary:
    scorecards: int
    overall: dict[str, int]  # every recommendation, 0 when none
    attributes: list[AttributeSummary]  # by category, then position


def feedback_summary(*, application: Application, user) -> FeedbackSummary:
    """Counts over the submitted scorecards the user may see: each overall recommendation, and
    each rating per attribute across interviewers. Two queries, whatever the number."""
    visible = visible_to(
        user,
        Scorecard.objects.filter(interview__application=application, submitted_at__isnull=False),
    ).order_by()
    overall = _no_ratings()
    for recommendation, count in visible.values_list("overall").annotate(n=Count("pk")):
        overall[recommendation] = count
    rows = (
        ScorecardRating.objects.filter(scorecard__in=visible.values("pk"))
        .order_by()
        .values_list("attribute_id", "attribute__category", "attribute__name",
                     "attribute__position", "rating")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    attributes: dict[int, AttributeSummary] = {}
    positions: dict[int, int] = {}
    for attribute_id, category, name, position, rating, count in rows:
        summary = attributes.setdefault(
            attribute_id, AttributeSummary(attribute_id, category, name)
        )
        summary.counts[rating] = count
        positions[attribute_id] = position
    ordered = sorted(
        attributes.values(), key=lambda a: (a.category, positions[a.attribute_id], a.attribute_id)
    )
    return FeedbackSummary(scorecards=sum(overall.values()), overall=overall, attributes=ordered)


def overdue_feedback(
    *, now: datetime | None = None, after: timedelta = timedelta(hours=4)
) -> QuerySet[InterviewParticipant]:
    """Participants of interviews that ended at least `after` ago with no submitted scorecard
    of theirs (those who declined to attend owe none), with the interview, its candidate and
    job, longest overdue first. Not scoped by user: narrow it for a recruiter's view."""
    now = now or timezone.now()
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("user"), submitted_at__isnull=False
    )
    return (
        InterviewParticipant.objects.filter(
            interview__status__in=HELD, interview__end_at__lte=now - after
        )
        .exclude(response_status=Response.DECLINED)
        .exclude(Exists(submitted))
        .select_related("user", "interview__application__candidate", "interview__application__job")
        .order_by("interview__end_at", "id")
    )


# The interview pages and API (application page, "My interviews", the scorecard form, overdue
# feedback): one interview, an application's interviews, resumes to open, one's own scorecard.


def _interview_rows() -> QuerySet[Interview]:
    return Interview.objects.select_related(
        "application__candidate",
        "application__job",
        "application__stage",
        "step__scorecard_template",
    ).prefetch_related(
        _with_participants(),
        Prefetch(
            "step__scorecard_template__attributes",
            queryset=ScorecardAttribute.objects.order_by("position", "id"),
        ),
    )


def interview_get(*, user, pk: int) -> Interview:
    """An interview the user may see, with its application, candidate, job, stage, step,
    scorecard attributes and participants, or 404."""
    return get_visible_or_404(user, _interview_rows(), pk=pk)


def application_interviews(*, user, application: Application) -> list[Interview]:
    """The application's interviews the user may see, earliest first (cancelled ones too),
    with their step and participants; each participant carries `feedback_in` (their scorecard
    is submitted). Whether someone gave feedback is no verdict: blind feedback hides only
    what they said."""
    submitted = Scorecard.objects.filter(submitted_at__isnull=False).only(
        "id", "interview_id", "interviewer_id"
    )
    interviews = list(
        visible_to(user, Interview.objects.filter(application=application))
        .select_related("step")
        .prefetch_related(
            _with_participants(),
            Prefetch("scorecards", queryset=submitted, to_attr="submitted_scorecards"),
        )
        .order_by("start_at", "id")
    )
    for interview in interviews:
        authors = {scorecard.interviewer_id for scorecard in interview.submitted_scorecards}
        for participant in interview.participants.all():
            participant.feedback_in = participant.user_id in authors
    return interviews


def interview_resumes(*, user, interviews: Iterable[Interview]) -> dict[int, CandidateDocument]:
    """The newest resume of each interview's candidate, by candidate id, for the candidates the
    user may see (none for those blind review hides). One query."""
    candidate_ids = {interview.application.candidate_id for interview in interviews}
    if not candidate_ids:
        return {}
    visible = visible_to(user, Candidate.objects.filter(pk__in=candidate_ids)).values("pk")
    resumes: dict[int, CandidateDocument] = {}
    documents = (
        CandidateDocument.objects.filter(candidate__in=visible, kind=CandidateDocument.Kind.RESUME)
        .only("id", "candidate_id", "original_name", "created_at")
        .order_by("-created_at", "-id")
    )
    for document in documents:
        resumes.setdefault(document.candidate_id, document)
    return resumes


def scorecard_of(*, interview: Interview, interviewer) -> Scorecard | None:
    """The interviewer's own scorecard for the interview (a draft or submitted), with its
    ratings and earlier revisions, or None."""
    return (
        Scorecard.objects.filter(interview=interview, interviewer=interviewer)
        .prefetch_related(
            Prefetch("ratings", queryset=ScorecardRating.objects.select_related("attribute")),
            "revisions",
        )
        .first()
    )


def overdue_feedback_visible(
    *, user, job_id: int | None = None, now: datetime | None = None
) -> QuerySet[InterviewParticipant]:
    """overdue_feedback narrowed to the interviews the user may see (and to one job)."""
    overdue = overdue_feedback(now=now)
    overdue = overdue.filter(interview__in=visible_to(user, Interview.objects.all()))
    return overdue.filter(interview__application__job_id=job_id) if job_id else overdue
