from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone

from ats.models import (
    BLIND_REVIEW_STAGE_KINDS,
    Application,
    ApplicationQuestion,
    Job,
    JobMember,
    JobStatusChange,
    Stage,
    StageChange,
    StageKind,
)
from ats.services.knockout import answer_disqualifies
from recruit.accounts.permissions import (
    changeable_by,
    get_visible_or_404,
    is_recruiting_team,
    visible_to,
)
from recruit.candidates.models import Candidate, Note, Skill, Source, Tag
from recruit.candidates.selectors import notes_visible_to


def job_list(*, user, status: str = "") -> QuerySet[Job]:
    jobs = visible_to(user, Job.objects.filter(is_template=False)).select_related("department")
    return jobs.filter(status=status) if status else jobs


def job_get(*, user, pk: int) -> Job:
    """A job the user may see (with its department), or 404."""
    return get_visible_or_404(user, Job.objects.select_related("department"), pk=pk)


def is_blind_for(*, user, job: Job, stage: Stage) -> bool:
    """Whether blind review hides the candidate's identity from `user` here: on jobs that ask
    for it, for reviewers outside the recruiting team, until the first interview stage."""
    return (
        job.blind_review and not is_recruiting_team(user) and stage.kind in BLIND_REVIEW_STAGE_KINDS
    )


# Applications: a job's list (filters and sorting) and the application page.

# Whitelisted sort keys of the applications list ("-" for descending). Every ordering ends on the
# id so that pages never repeat or skip a row.
APPLICATION_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("candidate__last_name").asc(), Lower("candidate__first_name").asc(),
             F("id").asc()),
    "-name": (Lower("candidate__last_name").desc(), Lower("candidate__first_name").desc(),
              F("id").desc()),
    "score": (F("match_score").asc(nulls_first=True), F("id").asc()),
    "-score": (F("match_score").desc(nulls_last=True), F("id").desc()),
    "applied": (F("applied_at").asc(), F("id").asc()),
    "-applied": (F("applied_at").desc(), F("id").desc()),
    # Days in stage: fewest first means the most recent entry into the stage first.
    "days": (F("stage_entered_at").desc(), F("id").desc()),
    "-days": (F("stage_entered_at").asc(), F("id").asc()),
}  # fmt: skip
DEFAULT_APPLICATION_SORT = "-applied"


@dataclass(frozen=True)
class ApplicationFilters:
    """What the applications list of a job is narrowed to. `status` "" means any status."""

    status: str = Application.Status.ACTIVE
    stage_id: int | None = None
    source_id: int | None = None
    min_score: int | None = None
    tag_ids: tuple[int, ...] = ()
    min_days_in_stage: int | None = None
    sort: str = DEFAULT_APPLICATION_SORT


def application_list(
    *, user, job: Job, filters: ApplicationFilters = ApplicationFilters()
) -> QuerySet[Application]:
    """The job's applications the user may see, filtered and sorted, with what a row shows."""
    applications = visible_to(user, Application.objects.filter(job=job))
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.stage_id:
        applications = applications.filter(stage_id=filters.stage_id)
    if filters.source_id:
        applications = applications.filter(source_id=filters.source_id)
    if filters.min_score is not None:
        applications = applications.filter(match_score__gte=filters.min_score)
    if filters.tag_ids:
        tagged = Candidate.tags.through.objects.filter(
            candidate_id=OuterRef("candidate_id"), tag_id__in=filters.tag_ids
        )
        applications = applications.filter(Exists(tagged))
    if filters.min_days_in_stage:
        since = timezone.now() - timedelta(days=filters.min_days_in_stage)
        applications = applications.filter(stage_entered_at__lte=since)
    ordering = APPLICATION_SORTS.get(filters.sort, APPLICATION_SORTS[DEFAULT_APPLICATION_SORT])
    return (
        applications.select_related("candidate", "stage", "source")
        .prefetch_related("candidate__tags")
        .order_by(*ordering)
    )


def application_filter_choices(*, job: Job) -> dict[str, QuerySet]:
    """What the list's filters offer: the job's stages and its applicants' sources and tags."""
    return {
        "stages": Stage.objects.filter(job=job).order_by("position", "id"),
        "sources": Source.objects.filter(applications__job=job).distinct(),
        "tags": Tag.objects.filter(candidates__applications__job=job).distinct(),
    }


def application_get(*, user, pk: int) -> Application:
    """One application the user may see, with what its page shows, or 404."""
    applications = Application.objects.select_related(
        "candidate", "candidate__source", "job", "job__department", "stage", "source",
        "rejection_reason", "rejection_email",
    )  # fmt: skip
    return get_visible_or_404(user, applications, pk=pk)


def application_stage_history(*, application: Application) -> list[StageChange]:
    """Every move of the application, oldest first, with its stages and who moved it."""
    return list(
        StageChange.objects.filter(application=application)
        .select_related("from_stage", "to_stage", "actor")
        .order_by("at", "id")
    )


def candidate_applications(*, user, candidate: Candidate) -> QuerySet[Application]:
    """The person's applications across jobs that the user may see, newest first."""
    return (
        visible_to(user, Application.objects.filter(candidate=candidate))
        .select_related("job", "stage")
        .order_by("-applied_at", "-id")
    )


def application_answers(*, application: Application) -> list[dict[str, Any]]:
    """The job's questions with the application's answers; knockout answers are flagged."""
    rows = []
    for question in application.job.questions.all():
        answer = application.answers.get(str(question.pk))
        shown = ", ".join(map(str, answer)) if isinstance(answer, list) else answer
        rows.append({
            "question": question,
            "answer": "" if shown is None else str(shown),
            "knockout": answer_disqualifies(question, answer),
        })  # fmt: skip
    return rows


def application_notes(*, user, application: Application) -> QuerySet[Note]:
    """The notes about this application that the user may read, newest first."""
    about = ContentType.objects.get_for_model(Application)
    return notes_visible_to(user=user, candidate=application.candidate).filter(
        about_type=about, about_id=str(application.pk)
    )


# Job pages and the board.


def job_list_with_counts(*, user, status: str = "", templates: bool = False) -> QuerySet[Job]:
    """Jobs (or job templates) the user may see, each with its number of active applications."""
    jobs = visible_to(user, Job.objects.filter(is_template=templates)).select_related("department")
    if status:
        jobs = jobs.filter(status=status)
    active = Q(applications__status=Application.Status.ACTIVE)
    return jobs.annotate(active_applications=Count("applications", filter=active)).order_by(
        "-created_at", "-id"
    )


def job_templates(*, user) -> QuerySet[Job]:
    """Job templates the user may start a new job from, by title."""
    return visible_to(user, Job.objects.filter(is_template=True)).order_by("title", "id")


@dataclass(frozen=True)
class JobOverview:
    """Everything the job page shows besides the job itself, read in a fixed number of queries."""

    stages: list[Stage]  # each with .active_count and .total_count
    members: list[JobMember]
    questions: list[ApplicationQuestion]
    history: list[JobStatusChange]
    required_skills: list[Skill]
    preferred_skills: list[Skill]

    @property
    def active_applications(self) -> int:
        return sum(stage.active_count for stage in self.stages)


def job_overview(*, job: Job) -> JobOverview:
    active = Q(applications__status=Application.Status.ACTIVE)
    stages = (
        Stage.objects.filter(job=job)
        .annotate(active_count=Count("applications", filter=active),
                  total_count=Count("applications"))
        .order_by("position", "id")
    )  # fmt: skip
    return JobOverview(
        stages=list(stages),
        members=sorted(
            JobMember.objects.filter(job=job).select_related("user"),
            key=lambda m: (JobMember.Role.values.index(m.role), m.user.full_name, m.user.email),
        ),
        questions=list(ApplicationQuestion.objects.filter(job=job).order_by("position", "id")),
        history=list(JobStatusChange.objects.filter(job=job).select_related("actor")),
        required_skills=list(job.required_skills.order_by("name")),
        preferred_skills=list(job.preferred_skills.order_by("name")),
    )


@dataclass(frozen=True)
class BoardCard:
    """One application on the board, as the viewing user may see it."""

    application: Application
    label: str  # the candidate's name, or "Candidate #<application id>" under blind review
    blind: bool
    days_in_stage: int
    is_referral: bool
    is_silver_medalist: bool
    is_possible_duplicate: bool
    can_move: bool

    @property
    def is_hired(self) -> bool:
        return self.application.status == Application.Status.HIRED


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    cards: list[BoardCard]  # the best BOARD_COLUMN_LIMIT of the stage
    blind: bool
    total: int  # how many are in the stage in all

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


# A column shows its best cards; the rest are a click away in the applications list. Two
# thousand cards are no use to a person, and rendering them all takes seconds.
BOARD_COLUMN_LIMIT = 50


def _on_board(*, user, job: Job) -> QuerySet[Application]:
    """The job's applications on the board: active ones, and hires in a hired stage."""
    on_board = Q(status=Application.Status.ACTIVE) | Q(
        status=Application.Status.HIRED, stage__kind=StageKind.HIRED
    )
    return visible_to(user, Application.objects.filter(job=job)).filter(on_board)


def _board_applications(*, user, job: Job) -> QuerySet[Application]:
    """The job's applications on the board with every flag a card shows annotated: one query
    however many there are."""
    others_kept = Application.objects.filter(
        candidate_id=OuterRef("candidate_id"), keep_in_touch=True
    ).exclude(pk=OuterRef("pk"))
    # Same first and last name, case-insensitively (the candidate_name_idx index).
    namesakes = (
        Candidate.objects.exclude(first_name="")
        .exclude(last_name="")
        .alias(first=Lower("first_name"), last=Lower("last_name"))
        .filter(last=Lower(OuterRef("candidate__last_name")),
                first=Lower(OuterRef("candidate__first_name")))
        .exclude(pk=OuterRef("candidate_id"))
    )  # fmt: skip
    return (
        _on_board(user=user, job=job)
        .select_related("candidate", "source")
        .defer("answers", "match_details", "rejection_note")
        .annotate(kept_elsewhere=Exists(others_kept), has_namesake=Exists(namesakes))
        .order_by(F("match_score").desc(nulls_last=True), "applied_at", "id")
    )


def _board_card(user, job: Job, stage: Stage, application: Application, movable: set[int] | None):
    blind = is_blind_for(user=user, job=job, stage=stage)
    candidate = application.candidate
    source = application.source
    return BoardCard(
        application=application,
        label=f"Candidate #{application.pk}" if blind else str(candidate),
        blind=blind,
        days_in_stage=max((timezone.now() - application.stage_entered_at).days, 0),
        is_referral=source is not None and source.kind == Source.Kind.REFERRAL,
        is_silver_medalist=application.kept_elsewhere,
        is_possible_duplicate=application.has_namesake and not blind,
        can_move=application.status == Application.Status.ACTIVE
        and (movable is None or application.pk in movable),
    )


def _movable_ids(user, applications: QuerySet[Application]) -> set[int] | None:
    """Which applications the user may move; None means all (the recruiting team)."""
    if is_recruiting_team(user):
        return None
    return set(changeable_by(user, applications.order_by()).values_list("pk", flat=True))


def board_columns(*, user, job: Job) -> list[BoardColumn]:
    """The job's stages in order, each with its cards (best match first, then first applied).
    A constant number of queries, whatever the number of applications."""
    stages = job_stages(job=job)
    best_first = [F("match_score").desc(nulls_last=True), F("applied_at").asc(), F("id").asc()]
    applications = (
        _board_applications(user=user, job=job)
        .annotate(rank=Window(RowNumber(), partition_by=F("stage_id"), order_by=best_first))
        .filter(rank__lte=BOARD_COLUMN_LIMIT)
    )
    totals = dict(
        _on_board(user=user, job=job).order_by().values_list("stage").annotate(n=Count("pk"))
    )
    movable = _movable_ids(user, _on_board(user=user, job=job))
    by_stage: dict[int, list[Application]] = {stage.pk: [] for stage in stages}
    for application in applications:
        by_stage[application.stage_id].append(application)
    return [
        BoardColumn(
            stage=stage,
            cards=[_board_card(user, job, stage, app, movable) for app in by_stage[stage.pk]],
            blind=is_blind_for(user=user, job=job, stage=stage),
            total=totals.get(stage.pk, 0),
        )
        for stage in stages
    ]


def board_application_get(*, user, pk: int) -> Application:
    """An application to move on the board (with its job), or 404 when hidden from the user."""
    return get_visible_or_404(user, Application.objects.select_related("job", "stage"), pk=pk)


def board_card(*, user, job: Job, application_id: int) -> BoardCard | None:
    """One card as the board shows it now; None when the application is no longer on it."""
    applications = _board_applications(user=user, job=job).filter(pk=application_id)
    found = applications.select_related("stage").first()
    if found is None:
        return None
    return _board_card(user, job, found.stage, found, _movable_ids(user, applications))


def job_stages(*, job: Job) -> list[Stage]:
    return list(Stage.objects.filter(job=job).order_by("position", "id"))
