"""Scorecards: an interviewer's feedback on one interview, submitted once, then only amended,
each amendment keeping the content it replaces as a ScorecardRevision. The timeline says who
gave feedback, never what it was: it is read by interviewers who have not submitted theirs."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ats import signals
from ats.models import (
    Interview,
    InterviewParticipant,
    Rating,
    Scorecard,
    ScorecardRating,
    ScorecardRevision,
)
from recruit.accounts.models import User, acting_user
from recruit.accounts.permissions import is_recruiting_team
from recruit.candidates.services import activity_record

# attribute id -> (rating, note), or just the rating.
RatingsInput = Mapping[int | str, tuple[str, str] | str]
ALREADY_SUBMITTED = "This scorecard was already submitted; amend it instead."


@dataclass(frozen=True)
class _Content:
    overall: str
    notes: str
    ratings: dict[int, tuple[str, str]]  # attribute id -> (rating, note)


def _require_author(actor, interviewer: User) -> None:
    """People write their own feedback; the recruiting team may enter it on their behalf
    (feedback given by phone or email)."""
    if getattr(actor, "pk", None) != interviewer.pk and not is_recruiting_team(actor):
        raise PermissionDenied("You can only give your own feedback.")


def _checked_rating(value: str, what: str) -> str:
    if value not in Rating.values:
        raise ValidationError(
            f"“{value}” is not a rating for {what}; use one of {', '.join(Rating.values)}.",
            code="unknown_rating",
        )
    return value


def _checked_content(interview: Interview, overall: str, notes: str, ratings) -> _Content:
    """The content, with every rating on the interview step's scorecard template."""
    overall = _checked_rating(overall, "the overall recommendation")
    allowed = {}
    if interview.step_id and interview.step.scorecard_template_id:
        allowed = {a.pk: a for a in interview.step.scorecard_template.attributes.all()}
    checked: dict[int, tuple[str, str]] = {}
    for key, value in (ratings or {}).items():
        try:
            attribute = allowed[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                f"Attribute {key} is not on this interview's scorecard.", code="unknown_attribute"
            ) from None
        rating, note = (value, "") if isinstance(value, str) else value
        checked[attribute.pk] = (_checked_rating(rating, attribute.name), (note or "").strip())
    return _Content(overall=overall, notes=(notes or "").strip(), ratings=checked)


def _interview(interview: Interview) -> Interview:
    return Interview.objects.select_related(
        "application__candidate", "application__job", "step__scorecard_template"
    ).get(pk=interview.pk)


def _save_ratings(scorecard: Scorecard, ratings: dict[int, tuple[str, str]]) -> None:
    scorecard.ratings.all().delete()
    ScorecardRating.objects.bulk_create(
        ScorecardRating(scorecard=scorecard, attribute_id=attribute_id, rating=rating, note=note)
        for attribute_id, (rating, note) in ratings.items()
    )


def _record(scorecard: Scorecard, verb: str, actor, **details: Any) -> None:
    interview, application = scorecard.interview, scorecard.interview.application
    activity_record(
        candidate=application.candidate,
        verb=verb,
        actor=actor,
        subject=scorecard,
        details={
            "name": f"{scorecard.interviewer} on “{interview.title}”",
            "job": application.job.title,
            "job_id": application.job_id,
            "application_id": application.pk,
            "interview_id": interview.pk,
            "interviewer_id": scorecard.interviewer_id,
            **details,
        },
    )


def _send_on_commit(signal, **kwargs: Any) -> None:
    transaction.on_commit(partial(signal.send, sender=Scorecard, **kwargs))


@transaction.atomic
def scorecard_submit(
    *,
    interview: Interview,
    interviewer: User,
    overall: str,
    notes: str = "",
    ratings: RatingsInput,
    actor,
) -> Scorecard:
    """Submit `interviewer`'s scorecard for an interview they took part in (completing their
    draft, if any). Ratings are {attribute id: (rating, note)} over the step's scorecard
    template; attributes left out were not assessed. A second submission is refused."""
    _require_author(actor, interviewer)
    interview = _interview(interview)
    if interview.status == Interview.Status.CANCELLED:
        raise ValidationError("This interview was cancelled; there is no feedback to give.")
    if interview.start_at > timezone.now():
        raise ValidationError("This interview has not started yet.", code="not_started")
    if not InterviewParticipant.objects.filter(interview=interview, user=interviewer).exists():
        raise ValidationError(
            f"{interviewer} is not an interviewer on this interview.", code="not_participant"
        )
    content = _checked_content(interview, overall, notes, ratings)
    draft = (
        Scorecard.objects.select_for_update()
        .filter(interview=interview, interviewer=interviewer)
        .first()
    )
    if draft is not None and draft.submitted_at is not None:
        raise ValidationError(ALREADY_SUBMITTED, code="already_submitted")
    scorecard = draft or Scorecard(interview=interview, interviewer=interviewer)
    scorecard.overall, scorecard.notes = content.overall, content.notes
    scorecard.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            scorecard.save()
    except IntegrityError:
        # The same scorecard submitted twice at once: the first one stands.
        raise ValidationError(ALREADY_SUBMITTED, code="already_submitted") from None
    scorecard.interview = interview
    _save_ratings(scorecard, content.ratings)
    _record(scorecard, "scorecard.submitted", actor)
    _send_on_commit(signals.scorecard_submitted, scorecard=scorecard, actor=actor)
    return scorecard


def _snapshot(scorecard: Scorecard) -> list[dict[str, Any]]:
    return [
        {"attribute_id": r.attribute_id, "category": r.attribute.category,
         "name": r.attribute.name, "rating": r.rating, "note": r.note}
        for r in scorecard.ratings.select_related("attribute").order_by("attribute__position", "id")
    ]  # fmt: skip


def _current(scorecard: Scorecard) -> _Content:
    ratings = {r.attribute_id: (r.rating, r.note) for r in scorecard.ratings.all()}
    return _Content(overall=scorecard.overall, notes=scorecard.notes, ratings=ratings)


@transaction.atomic
def scorecard_amend(
    *,
    scorecard: Scorecard,
    overall: str,
    notes: str = "",
    ratings: RatingsInput,
    actor,
    reason: str = "",
) -> Scorecard:
    """Replace a submitted scorecard's content, keeping what it replaces as a revision (the
    first revision is the original submission). An amendment that changes nothing is not
    recorded."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    _require_author(actor, scorecard.interviewer)
    if scorecard.submitted_at is None:
        raise ValidationError("This scorecard is not submitted yet; submit it instead.")
    interview = _interview(scorecard.interview)
    content = _checked_content(interview, overall, notes, ratings)
    if content == _current(scorecard):
        return scorecard
    revision = ScorecardRevision.objects.create(
        scorecard=scorecard,
        number=scorecard.revisions.count() + 1,
        overall=scorecard.overall,
        notes=scorecard.notes,
        ratings=_snapshot(scorecard),
        submitted_at=scorecard.amended_at or scorecard.submitted_at,
        replaced_by=acting_user(actor),
        reason=(reason or "").strip(),
    )
    scorecard.overall, scorecard.notes = content.overall, content.notes
    scorecard.amended_at = timezone.now()
    scorecard.save(update_fields=["overall", "notes", "amended_at", "updated_at"])
    scorecard.interview = interview
    _save_ratings(scorecard, content.ratings)
    _record(scorecard, "scorecard.amended", actor, revision=revision.number)
    _send_on_commit(signals.scorecard_amended, scorecard=scorecard, actor=actor, revision=revision)
    return scorecard
