"""The demo's applications: spread over each job's stages and the weeks it has been open."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from ats import services as ats
from ats.models import (
    Application,
    Job,
    RejectionReason,
    Stage,
    StageChange,
    StageKind,
)
from recruit.accounts.roles import Role
from recruit.candidates.models import (
    Activity,
    Candidate,
    Source,
)
from recruit.demo_data import (
    JOBS,
    SOURCES,
    JobSpec,
    QuestionSpec,
)
from recruit.demo_resume import Profile

PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a password)
SEED = 2026
CANDIDATE_COUNT = 64
# A fixed creation date makes the PDF bytes, and so their sha256, the same on every run.
RESUME_DATE = datetime(2026, 1, 1, tzinfo=UTC)
CONSENT_WORDING = "2025-01"
TEMPLATE_PURPOSE = "demo-intro"
# Where an open job's demo applications stand: the stage they reached (Applied .. Offer) by
# weight, and how many were rejected on the way.
STAGE_WEIGHTS = (34, 18, 12, 8, 4)
REJECTED_SHARE = 0.15
REJECTION_NOTES = (
    "Thanks for the time; we went with people closer to what the team needs now.",
    "Strong profile, but not enough hands-on depth for this level.",
    "Good conversation. Timing is not right on either side.",
    "",
)


@dataclass(frozen=True)
class DemoJob:
    spec: JobSpec
    job: Job
    created: bool  # by this run: only then are its status and dates set


@dataclass(frozen=True)
class ApplicationPlan:
    """Where one demo application ends up, drawn before touching the database."""

    reach: int  # index of the last stage before hired that it reaches
    outcome: str  # active, rejected or hired
    keep_in_touch: bool
    reason: int  # index into the active rejection reasons
    note: str
    times: tuple[datetime, ...]  # applied, each move, and the rejection


def _applications_seed(
    *, demo_job: DemoJob, people: list[tuple[Profile, Candidate]], team: dict[Role, list]
) -> int:
    """The job's demo applications, created and moved by the ATS services. Returns how many
    were created; an existing application (same candidate and job) is left alone."""
    spec, job = demo_job.spec, demo_job.job
    if not spec.applicants:
        return 0
    stages = list(Stage.objects.filter(job=job).order_by("position", "id"))
    steps = [stage for stage in stages if stage.kind != StageKind.HIRED]
    hired = next((stage for stage in stages if stage.kind == StageKind.HIRED), None)
    asked = {question.label: question for question in spec.questions}
    questions = [q for q in job.questions.order_by("position", "id") if q.label in asked]
    reasons = list(RejectionReason.objects.filter(active=True).order_by("position", "name"))
    recruiter = team[Role.RECRUITER][spec.recruiter]
    manager = team[Role.HIRING_MANAGER][spec.hiring_manager]
    added = 0
    for rank, (profile, candidate) in enumerate(_applicants(spec=spec, people=people)):
        # One generator per application: the same draws for it on every run.
        rng = random.Random(f"{SEED}:{slugify(spec.title)}:{profile.email}")
        plan = _application_plan(rng, spec=spec, rank=rank, steps=len(steps),
                                 reasons=len(reasons), can_hire=hired is not None)  # fmt: skip
        answers = {str(q.pk): _answer(rng, asked[q.label]) for q in questions}
        sourced = SOURCES[profile.source][0] in (Source.Kind.SOURCING, Source.Kind.REFERRAL)
        application, created = ats.application_create(
            candidate=candidate, job=job, answers=answers, actor=recruiter if sourced else None
        )
        if not created:
            continue
        added += 1
        path = steps[1 : plan.reach + 1] + ([hired] if plan.outcome == "hired" else [])
        for stage in path:
            late = stage.kind in (StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED)
            actor = manager if late and rng.random() < 0.5 else recruiter
            application = ats.application_move(application=application, to_stage=stage,
                                               actor=actor)  # fmt: skip
        if plan.outcome == "rejected" and reasons:
            application = ats.application_reject(
                application=application,
                reason=reasons[plan.reason],
                actor=recruiter,
                note=plan.note,
                keep_in_touch=plan.keep_in_touch,
            )
        _backdate(application=application, plan=plan)
    return added


def _applicants(*, spec: JobSpec, people: list[tuple[Profile, Candidate]]):
    """Who applies: the people whose skills fit the job best (ties drawn), and for the first
    job both records of the person who applied twice."""
    rng = random.Random(f"{SEED}:{slugify(spec.title)}")
    wanted = {skill.lower() for skill in spec.skills}

    def fit(person: tuple[Profile, Candidate]) -> tuple[int, float]:
        return -len(wanted & {skill.lower() for skill in person[0].skills}), rng.random()

    ranked = sorted(people, key=fit)
    if spec != JOBS[0]:
        return ranked[: spec.applicants]
    twins = [people[0], people[-1]]
    return twins + [person for person in ranked if person not in twins][: spec.applicants - 2]


def _application_plan(
    rng: random.Random, *, spec: JobSpec, rank: int, steps: int, reasons: int, can_hire: bool
) -> ApplicationPlan:
    if rank < spec.hires and can_hire:
        outcome, reach = "hired", steps - 1
    elif spec.status == Job.Status.CLOSED or rng.random() < REJECTED_SHARE:
        outcome = "rejected"
        reach = rng.choices(range(min(4, steps)), weights=(40, 30, 20, 10)[: min(4, steps)])[0]
    else:
        outcome = "active"
        reach = rng.choices(range(min(5, steps)), weights=STAGE_WEIGHTS[: min(5, steps)])[0]
    keep_in_touch = outcome == "rejected" and reach >= 1 and rng.random() < 0.4
    reason = rng.randrange(reasons) if reasons else 0
    note = rng.choice(REJECTION_NOTES)
    return ApplicationPlan(reach, outcome, keep_in_touch, reason, note,
                           _timeline(rng, spec=spec, outcome=outcome, reach=reach))  # fmt: skip


def _timeline(rng: random.Random, *, spec: JobSpec, outcome: str, reach: int):
    """When it happened: applied while the job was open, each later step some days on."""
    now = timezone.now()
    closed = spec.status == Job.Status.CLOSED
    end = now - (timedelta(days=3, hours=2) if closed else timedelta(hours=2))
    at = now - timedelta(days=spec.days_open)
    at += (end - at) * rng.uniform(0, 0.7) * (1 - 0.12 * reach)
    times = [at]
    for _ in range(reach + (outcome != "active")):
        at += (end - at) * rng.uniform(0.15, 0.5)
        times.append(at)
    return tuple(times)


def _answer(rng: random.Random, question: QuestionSpec):
    if question.kind == "number":
        return rng.randint(*question.number_range)
    return "no" if rng.random() < question.no_rate else "yes"


def _backdate(*, application: Application, plan: ApplicationPlan) -> None:
    """Demo only: the services stamp everything "now"; put this application's story (its
    stage history, timeline entries and dates) in the past, where the plan says it happened."""
    times = plan.times
    changes = list(StageChange.objects.filter(application=application).order_by("id"))
    for change, at in zip(changes, times, strict=False):
        change.at = at
    StageChange.objects.bulk_update(changes, ["at"])
    entries = Activity.objects.filter(
        subject_type=ContentType.objects.get_for_model(Application),
        subject_id=str(application.pk),
    ).order_by("id")
    steps = iter(times)
    activities = list(entries)
    for activity in activities:
        step = activity.verb in ("application.created", "application.moved")
        activity.created_at = next(steps, times[-1]) if step else times[-1]
    Activity.objects.bulk_update(activities, ["created_at"])
    moved_last = times[len(changes) - 1] if changes else times[0]
    Application.objects.filter(pk=application.pk).update(
        applied_at=times[0],
        stage_entered_at=moved_last,
        rejected_at=times[-1] if plan.outcome == "rejected" else None,
        hired_at=times[-1] if plan.outcome == "hired" else None,
    )
