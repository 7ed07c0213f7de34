"""The careers site's writes: applying in two steps, the talent community, and what a person
does on their status page. The public never acts as a user: the actor is None (the system) and
each Activity says how it came (the careers site)."""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ats import signals
from ats.models import (
    Application,
    ApplicationDraft,
    CareersSite,
    Department,
    Job,
    JobBoard,
    RejectionReason,
)
from ats.selectors.careers import is_public, status_url
from ats.services.applications import application_create, application_reject, application_withdraw
from recruit.candidates.models import Candidate, CandidateDocument, Consent, Source
from recruit.candidates.selectors import consent_is_active
from recruit.candidates.services import (
    activity_record,
    candidate_fill_blanks,
    candidate_find_or_create,
    candidate_match,
    consent_record,
    document_add,
    source_get_or_create,
)
from recruit.messaging.models import EmailTemplate, OutboundEmail
from recruit.messaging.services import email_render_and_queue, merge_context

logger = logging.getLogger(__name__)
KNOCKOUT_REASON = "Did not meet requirements"
CAREERS_SOURCE = "Careers site"
# Fields of the apply form that fill the person's record where it is blank.
PROFILE_FIELDS = ("linkedin_url", "portfolio_url", "location")
Purpose = Consent.Purpose


@dataclass
class Submission:
    application: Application
    created: bool  # False: they had applied before, and what they sent was added to it
    repeated: bool = False  # this step 2 had been sent already (a double click): nothing new


def url_host(url: str) -> str:
    """The host name of `url`, lower-cased, or "" when it has none or is malformed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # e.g. a broken IPv6 address in a forged Referer header
        return ""


def source_for(tracking: Mapping[str, str]) -> Source:
    """The Source an arrival is credited to: the board whose code is in `src`, else the board
    whose domain referred them, else the careers site itself."""
    board = None
    if tracking.get("src"):
        board = JobBoard.objects.select_related("source").filter(code=tracking["src"]).first()
    host = url_host(tracking.get("referrer", ""))
    if board is None and host:
        for candidate_board in JobBoard.objects.select_related("source"):
            domains = candidate_board.referrer_domains or []
            if any(host == d or host.endswith(f".{d}") for d in domains):
                board = candidate_board
                break
    if board is not None:
        return board.source
    return source_get_or_create(kind=Source.Kind.CAREERS_SITE, name=CAREERS_SOURCE)


def _require_public(job: Job) -> None:
    if not is_public(job):
        raise ValidationError("This job is no longer taking applications.")


@transaction.atomic
def application_start(
    *, job: Job, first_name: str, last_name: str, email: str, phone: str = "",
    tracking: Mapping[str, str], privacy_version: str,
) -> ApplicationDraft:  # fmt: skip
    """Step 1: who is applying, and their consent to keep that while they finish. The person
    is found or created (never duplicated); an unfinished draft of theirs is reused."""
    _require_public(job)
    source = source_for(tracking)
    candidate, _ = candidate_find_or_create(
        email=email, phone=phone, first_name=first_name, last_name=last_name, source=source
    )
    open_draft = ApplicationDraft.objects.filter(
        job=job, candidate=candidate, completed_at__isnull=True, abandoned_at__isnull=True
    ).first()
    if open_draft:
        return open_draft
    draft = ApplicationDraft.objects.create(
        job=job, candidate=candidate, source=source, tracking=dict(tracking)
    )
    consent_record(candidate=candidate, purpose=Purpose.APPLICATION,
                   wording_version=privacy_version,
                   how=f"careers site: started applying for {job.title}"[:200])  # fmt: skip
    activity_record(candidate=candidate, verb="application.started", subject=draft,
                    details={"job": job.title, "job_id": job.pk})  # fmt: skip
    return draft


def application_submit(
    *,
    draft: ApplicationDraft,
    resume: File,
    answers: Mapping[str, Any],
    privacy_version: str,
    cover_letter: str = "",
    cover_letter_file: File | None = None,
    profile: Mapping[str, str] | None = None,
    files: Mapping[str, File] | None = None,
    talent_community: bool = False,
) -> Submission:
    """Step 2: the application itself (answers keyed by question id; `files` the answers of
    file questions). Returns what became of it; safe to call twice."""
    with transaction.atomic():
        draft = (
            ApplicationDraft.objects.select_for_update(of=("self",))
            .select_related("job__department", "candidate")
            .get(pk=draft.pk)
        )
        if draft.application_id:
            made_it = draft.application.applied_at >= draft.started_at
            return Submission(application=draft.application, created=made_it, repeated=True)
        job, candidate = draft.job, draft.candidate
        _require_public(job)
        candidate_fill_blanks(candidate=candidate, **(profile or {}))
        answers = dict(answers)
        documents = _store_documents(candidate, resume, cover_letter_file)
        for question_id, upload in (files or {}).items():
            document, _ = document_add(candidate=candidate, upload=upload,
                                       kind=CandidateDocument.Kind.OTHER)  # fmt: skip
            answers[question_id] = document.original_name
            documents.append(document)
        application, created = application_create(
            candidate=candidate, job=job, source=draft.source, answers=answers
        )
        application.documents.add(*documents)
        if created:
            _complete_new(application, draft, cover_letter, privacy_version)
        else:
            activity_record(candidate=candidate, verb="application.resubmitted",
                            subject=application, details={"job": job.title, "job_id": job.pk,
                            "documents": [d.original_name for d in documents]})  # fmt: skip
        if talent_community:
            _join_community(candidate, [job.department] if job.department else [],
                            [str(place) for place in job.locations.all()], privacy_version,
                            how=f"careers site: applying for {job.title}")  # fmt: skip
        draft.completed_at, draft.application = timezone.now(), application
        draft.save(update_fields=["completed_at", "application"])
    return Submission(application=application, created=created)


def _store_documents(candidate, resume, cover_letter_file) -> list[CandidateDocument]:
    documents = [document_add(candidate=candidate, upload=resume)[0]]
    if cover_letter_file is not None:
        cover, _ = document_add(candidate=candidate, upload=cover_letter_file,
                                kind=CandidateDocument.Kind.COVER_LETTER)  # fmt: skip
        documents.append(cover)
    return documents


def _complete_new(application: Application, draft, cover_letter: str, privacy_version) -> None:
    job = application.job
    application.tracking, application.cover_letter = draft.tracking, cover_letter.strip()
    application.save(update_fields=["tracking", "cover_letter"])
    consent_record(candidate=application.candidate, purpose=Purpose.APPLICATION,
                   wording_version=privacy_version,
                   how=f"careers site: applied for {job.title}"[:200])  # fmt: skip
    if application.knockout_failed:
        _reject_knockout(application)
    _send_confirmation(application)


def _reject_knockout(application: Application) -> None:
    """A knockout answer rejects at once; the candidate is emailed only if the job says so. An
    admin who retired the reason keeps the application active, flagged, for a person."""
    reason = RejectionReason.objects.filter(name=KNOCKOUT_REASON, active=True).first()
    if reason is None:
        logger.warning("No active %r rejection reason; knockout left flagged", KNOCKOUT_REASON)
        return
    application_reject(application=application, reason=reason, actor=None,
                       note="A knockout answer on the careers form.",
                       email_template=application.job.knockout_email)  # fmt: skip


def _candidate_email(
    candidate: Candidate, purpose: str, *, about=None, **groups
) -> OutboundEmail | None:
    """Email the person the template for `purpose`, with a fresh link to their status page."""
    template = EmailTemplate.objects.filter(purpose=purpose).first()
    if template is None or not candidate.email:
        logger.warning("No %r email template (or no address); nothing sent", purpose)
        return None
    site = CareersSite.load()
    return email_render_and_queue(
        template=template,
        to=candidate.email,
        candidate=candidate,
        context=merge_context(
            candidate=candidate,
            company={"name": site.company_name},
            status={
                "url": status_url(candidate),
                "valid_days": str(settings.CANDIDATE_LINK_MAX_AGE_DAYS),
            },
            **groups,
        ),
        about=about,
    )


def _send_confirmation(application: Application) -> None:
    _candidate_email(application.candidate, "application-received", about=application,
                     job={"title": application.job.title})  # fmt: skip


def _join_community(candidate, departments, locations, privacy_version, *, how: str) -> None:
    """Consent to hear about future roles (talent community, and the emails that brings)."""
    for purpose in (Purpose.TALENT_COMMUNITY, Purpose.MARKETING):
        if not consent_is_active(candidate=candidate, purpose=purpose):
            consent_record(candidate=candidate, purpose=purpose,
                           wording_version=privacy_version, how=how[:200])  # fmt: skip
    activity_record(candidate=candidate, verb="talent_community.joined",
                    details={"departments": [d.name for d in departments],
                             "locations": list(locations)})  # fmt: skip
    signals.talent_community_joined.send(
        sender=Candidate, candidate=candidate, departments=list(departments),
        locations=list(locations),
    )  # fmt: skip


@transaction.atomic
def talent_community_join(
    *, first_name: str, last_name: str, email: str, departments: Iterable[Department],
    locations: Iterable[str], tracking: Mapping[str, str], privacy_version: str,
) -> Candidate:  # fmt: skip
    """Create or update the person as a prospect in the talent community, with no application."""
    candidate, _ = candidate_find_or_create(
        email=email, first_name=first_name, last_name=last_name, source=source_for(tracking)
    )
    _join_community(candidate, list(departments), list(locations), privacy_version,
                    how="careers site: talent community form")  # fmt: skip
    return candidate


def _own_application(candidate: Candidate, application_id: int) -> Application:
    application = candidate.applications.filter(pk=application_id).first()
    if application is None:
        raise ValidationError("That application is not yours.")
    return application


def application_withdraw_by_candidate(*, candidate: Candidate, application_id: int) -> Application:
    """The person withdrew from their status page."""
    application = _own_application(candidate, application_id)
    if application.status != Application.Status.ACTIVE:
        raise ValidationError("This application is already closed.")
    note = "Withdrawn by the candidate on their status page."
    return application_withdraw(application=application, actor=None, note=note)


@transaction.atomic
def candidate_resume_update(*, candidate: Candidate, upload: File) -> CandidateDocument:
    """A new resume from the status page, attached to each of the person's open applications."""
    document, _ = document_add(candidate=candidate, upload=upload)
    for application in candidate.applications.filter(status=Application.Status.ACTIVE):
        application.documents.add(document)
    return document


def status_link_send(*, email: str) -> bool:
    """Email a fresh status link to whoever applied with `email`. Whether anyone did is never
    shown to the asker; returns it for tests and logs."""
    try:
        candidate = candidate_match(email=email)
    except ValidationError:
        return False
    if candidate is None or not candidate.applications.exists():
        return False
    return _candidate_email(candidate, "application-status-link") is not None


def drafts_mark_abandoned(*, now=None, batch: int = 500) -> int:
    """Mark drafts unfinished for CAREERS_ABANDONED_AFTER_HOURS as abandoned, once each (a
    conditional UPDATE claims each row, so two sweeps at once never both act)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.CAREERS_ABANDONED_AFTER_HOURS)
    due = ApplicationDraft.objects.filter(
        completed_at__isnull=True, abandoned_at__isnull=True, started_at__lt=cutoff
    ).values_list("pk", flat=True)[:batch]
    marked = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = ApplicationDraft.objects.filter(
                pk=pk, completed_at__isnull=True, abandoned_at__isnull=True
            ).update(abandoned_at=now)
            if not claimed:
                continue
            draft = ApplicationDraft.objects.select_related("job", "candidate").get(pk=pk)
            activity_record(candidate=draft.candidate, verb="application.abandoned",
                            subject=draft, details={"job": draft.job.title,
                                                    "job_id": draft.job_id})  # fmt: skip
            signals.application_abandoned.send(sender=ApplicationDraft, draft=draft)
            marked += 1
    return marked
