"""Writes about people. Each function runs in a transaction and records its own Activity."""

import hashlib
import logging
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from recruit.accounts.models import Notification, acting_user
from recruit.accounts.permissions import can_view, is_recruiting_team
from recruit.accounts.roles import Role
from recruit.candidates.files import (
    ACCEPTED_LABELS,
    PDF,
    FileType,
    pdf_active_content,
    pdf_is_complete,
    sniff_document_type,
)
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    CandidateEmail,
    CandidatePhone,
    Consent,
    DataRequest,
    Note,
    Source,
    Tag,
)
from recruit.candidates.normalize import normalize_email, normalize_phone
from recruit.candidates.search import is_postgresql, refresh_params, refresh_sql
from recruit.candidates.signals import candidates_merging, note_added

logger = logging.getLogger(__name__)

# Fields candidate_find_or_create accepts besides email and phone. Values fill empty fields of an
# existing person; a value already there (perhaps typed by a recruiter) is never overwritten.
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "location",
    "current_title",
    "current_company",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "summary",
)


def activity_record(
    *,
    candidate: Candidate,
    verb: str,
    actor=None,
    subject: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> Activity:
    """Append one entry to the candidate's timeline."""
    return Activity.objects.create(
        candidate=candidate,
        actor=acting_user(actor),
        verb=verb,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        details=details or {},
    )


def source_get_or_create(*, kind: str, name: str = "") -> Source:
    source, _ = Source.objects.get_or_create(kind=kind, name=name.strip()[:120])
    return source


def _lock_identities(keys: list[str]) -> None:
    """Serialise concurrent find-or-create calls for the same person (PostgreSQL).

    Unique constraints catch two primary emails, but not a phone or a further email, so a
    transaction-scoped advisory lock per identity makes the lookup and the insert one step.
    SQLite needs none: its immediate transactions already run one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"candidate:{key}"])


def candidate_match(*, email: str = "", phone: str = "") -> Candidate | None:
    """The existing person with this (normalised) email, else this phone, else None."""
    if email:
        match = (
            Candidate.objects.filter(Q(email__iexact=email) | Q(other_emails__email__iexact=email))
            .order_by("pk")
            .first()
        )
        if match:
            return match
    if phone:
        return (
            Candidate.objects.filter(Q(phone=phone) | Q(other_phones__number=phone))
            .order_by("pk")
            .first()
        )
    return None


def candidate_find_or_create(
    *,
    email: str = "",
    phone: str = "",
    source: Source | None = None,
    owner=None,
    actor=None,
    **profile: str,
) -> tuple[Candidate, bool]:
    """The one way a person enters Recruit: match by email, then phone; update, never duplicate.

    Returns (candidate, created). Raises ValidationError for an invalid email or phone, or when
    nothing identifies the person.
    """
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown candidate fields: {', '.join(sorted(unknown))}")
    email = normalize_email(email)
    phone = normalize_phone(phone)
    profile = {name: (value or "").strip() for name, value in profile.items()}
    if not (email or phone or profile.get("first_name") or profile.get("last_name")):
        raise ValidationError("A candidate needs at least a name, an email or a phone number.")
    try:
        return _find_or_create(email, phone, source, owner, actor, profile)
    except IntegrityError:
        # Another process inserted the same person between our lookup and insert (possible only
        # where no advisory lock is taken): the person exists now, so update them.
        logger.info("candidate_find_or_create raced on %s; matching again", email or phone)
        return _find_or_create(email, phone, source, owner, actor, profile)


@transaction.atomic
def _find_or_create(email, phone, source, owner, actor, profile) -> tuple[Candidate, bool]:
    _lock_identities([key for key in (email, phone) if key])
    candidate = candidate_match(email=email, phone=phone)
    if candidate is None:
        candidate = Candidate.objects.create(
            email=email, phone=phone, source=source, owner=owner, **profile
        )
        activity_record(
            candidate=candidate,
            verb="candidate.created",
            actor=actor,
            details={"source": str(source) if source else ""},
        )
        return candidate, True
    candidate_fill_blanks(
        candidate=candidate, email=email, phone=phone, source=source, owner=owner, actor=actor,
        **profile,
    )  # fmt: skip
    return candidate, False


def candidate_fill_blanks(
    *, candidate: Candidate, email="", phone="", source=None, owner=None, actor=None, **profile
) -> list[str]:
    """Fill what the person's record lacks (a value already there is never overwritten) and
    keep new emails and phones as further ones. Returns the changed fields."""
    changed = _fill_blanks(
        candidate, email=email, phone=phone, source=source, owner=owner, **profile
    )
    if changed:
        activity_record(
            candidate=candidate, verb="candidate.updated", actor=actor, details={"fields": changed}
        )
    return changed


def _fill_blanks(candidate: Candidate, *, email, phone, source, owner, **profile) -> list[str]:
    """Fill what the record lacks; keep further emails and phones. Returns the changed fields."""
    changed = [name for name, value in profile.items() if value and not getattr(candidate, name)]
    for name in changed:
        setattr(candidate, name, profile[name])
    if email and not candidate.email:
        candidate.email = email
        changed.append("email")
    elif email and email != candidate.email:
        _, added = CandidateEmail.objects.get_or_create(candidate=candidate, email=email)
        changed += ["other_emails"] if added else []
    if phone and not candidate.phone:
        candidate.phone = phone
        changed.append("phone")
    elif phone and phone != candidate.phone:
        _, added = CandidatePhone.objects.get_or_create(candidate=candidate, number=phone)
        changed += ["other_phones"] if added else []
    for name, value in (("source", source), ("owner", owner)):
        if value is not None and getattr(candidate, f"{name}_id") is None:
            setattr(candidate, name, value)
            changed.append(name)
    if changed:
        candidate.save()
    return changed


def document_add(
    *,
    candidate: Candidate,
    upload: File,
    kind: str = CandidateDocument.Kind.RESUME,
    actor=None,
    parse: bool = True,
) -> tuple[CandidateDocument, bool]:
    """Store a resume or other document after checking its size and its type from the bytes.

    Returns (document, created); an identical file already on this candidate is returned as is.
    """
    file_type = document_check(upload)
    digest = _sha256(upload)
    existing = CandidateDocument.objects.filter(candidate=candidate, sha256=digest).first()
    if existing:
        return existing, False
    document = CandidateDocument(
        candidate=candidate,
        kind=kind,
        original_name=_display_name(getattr(upload, "name", "") or "document"),
        content_type=file_type.content_type,
        extension=file_type.extension,
        size=upload.size,
        sha256=digest,
        uploaded_by=acting_user(actor),
    )
    try:
        with transaction.atomic():
            document.file.save("upload", upload, save=False)
            document.save()
            activity_record(
                candidate=candidate,
                verb="document.added",
                actor=actor,
                subject=document,
                details={"name": document.original_name, "kind": kind},
            )
    except IntegrityError:
        # The same file arrived twice at once; the first one won.
        document.file.delete(save=False)
        return CandidateDocument.objects.get(candidate=candidate, sha256=digest), False
    if parse and kind == CandidateDocument.Kind.RESUME:
        from recruit.candidates.tasks import parse_document

        transaction.on_commit(lambda: parse_document.delay(document.pk))
    return document, True


def document_check(upload: File) -> FileType:
    """The upload's type sniffed from its bytes, after checking its size. Forms call it to
    refuse a bad file before anything is stored; document_add calls it again."""
    limit = settings.MAX_UPLOAD_SIZE
    if not upload.size:
        raise ValidationError("The file is empty.")
    if upload.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
        )
    file_type = sniff_document_type(upload)
    if file_type is None:
        raise ValidationError(f"This file is not a document we accept ({ACCEPTED_LABELS}).")
    if file_type == PDF and not pdf_is_complete(upload):
        raise ValidationError(
            "This PDF is incomplete: it was probably cut off while saving or uploading. "
            "Please save it again and send the new copy."
        )
    if file_type == PDF and (feature := pdf_active_content(upload)):
        raise ValidationError(
            f"This PDF contains active content ({feature.lstrip('/')}), which we do not accept. "
            "Please save it again without it, for example with “Print to PDF”."
        )
    return file_type


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _display_name(name: str) -> str:
    """The uploader's file name, only ever shown (escaped), never used as a path."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable()).strip()
    return (printable or "document")[:255]


@transaction.atomic
def consent_record(
    *, candidate: Candidate, purpose: str, wording_version: str, how: str, actor=None
) -> Consent:
    consent = Consent.objects.create(
        candidate=candidate, purpose=purpose, wording_version=wording_version, how=how
    )
    activity_record(
        candidate=candidate,
        verb="consent.given",
        actor=actor,
        subject=consent,
        details={"purpose": purpose, "wording_version": wording_version, "how": how},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, candidate: Candidate, purpose: str, actor=None) -> int:
    """Withdraw every active consent of this purpose. Returns how many were withdrawn."""
    withdrawn = Consent.objects.filter(
        candidate=candidate, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if withdrawn:
        activity_record(
            candidate=candidate, verb="consent.withdrawn", actor=actor, details={"purpose": purpose}
        )
    return withdrawn


@transaction.atomic
def candidate_tag_add(*, candidates: Iterable[Candidate], name: str, actor=None) -> Tag:
    """Tag each candidate with `name`: the tag of that name in any case, created when new.
    A candidate who has it already is left as is; each newly tagged one gets an Activity."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("A tag needs a name.")
    if len(name) > Tag._meta.get_field("name").max_length:
        raise ValidationError("A tag can be at most 60 characters.")
    try:
        with transaction.atomic():
            tag, _ = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
    except IntegrityError:  # created by someone else at the same moment
        tag = Tag.objects.get(name__iexact=name)
    candidates = list(candidates)
    tagged = tag.candidates.filter(pk__in=[candidate.pk for candidate in candidates])
    have = set(tagged.values_list("pk", flat=True))
    new = [candidate for candidate in candidates if candidate.pk not in have]
    tag.candidates.add(*new)
    for candidate in new:
        activity_record(candidate=candidate, verb="candidate.tagged", actor=actor,
                        details={"tag": tag.name})  # fmt: skip
    return tag


# Search. The vector is computed here, in one UPDATE for any number of candidates, rather than
# by a database trigger: it reads five other tables (skills and tags through their M2M tables,
# further emails, resume documents), so a trigger on the candidate row would need triggers on
# each of those touching the candidate again, row by row (tagging 1,000 people = 1,000
# cascaded updates); the weighting would live in SQL, changed by a new migration each time; and
# bulk loads are faster computed once at the end. receivers.py calls it after every ORM save,
# M2M change and document or email change; code writing with queryset.update(), bulk_create or
# raw SQL calls it itself, and `manage.py search_refresh` recomputes every candidate.
def candidate_search_refresh(*, candidate_ids: Iterable[int]) -> None:
    """Recompute the search vector of these candidates in one SQL UPDATE, however many
    (PostgreSQL; SQLite has no vector and searches the fields themselves)."""
    ids = sorted({int(pk) for pk in candidate_ids if pk is not None})
    if not ids or not is_postgresql():
        return
    with connection.cursor() as cursor:
        cursor.execute(refresh_sql(), refresh_params(ids))


# Notes with @mentions. A mention is `@` and a colleague's email, or the part of it before the @
# when that is unique (`@rita.alvarez`). Only colleagues who may see the candidate are notified,
# and only the recruiting team for a private note.
MENTION = re.compile(r"(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")
MAX_NOTE_LENGTH = 10_000


def mentioned_users(body: str) -> list:
    """The active users `body` mentions, each once, in order of first mention."""
    users = []
    active = get_user_model().objects.filter(is_active=True)
    # A mention ending a sentence ("... @cody.") does not take the full stop with it.
    handles = (match.lower().rstrip(".") for match in MENTION.findall(body))
    for handle in dict.fromkeys(handles):
        if "@" in handle:
            found = list(active.filter(email__iexact=handle))
        else:
            found = list(active.filter(email__istartswith=f"{handle}@")[:2])
        if len(found) == 1 and found[0] not in users:
            users.append(found[0])
    return users


@transaction.atomic
def note_add(
    *,
    candidate: Candidate,
    author,
    body: str,
    is_private: bool = False,
    about: models.Model | None = None,
) -> Note:
    """Add a note; notify (in the app, and by email through messaging) whom it mentions."""
    body = (body or "").strip()
    if not body:
        raise ValidationError("A note cannot be empty.")
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationError(f"A note can be at most {MAX_NOTE_LENGTH:,} characters.")
    if is_private and not is_recruiting_team(author):
        raise ValidationError("Only the recruiting team can write private notes.")
    note = Note.objects.create(
        candidate=candidate,
        author=author,
        body=body,
        is_private=is_private,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=str(about.pk) if about is not None else "",
    )
    mentioned = [user for user in mentioned_users(body) if _may_read(user, note)]
    note.mentions.set(mentioned)
    url = reverse("candidates:detail", args=[candidate.pk]) + f"#note-{note.pk}"
    Notification.objects.bulk_create(
        Notification(user=user, text=f"{author} mentioned you on {candidate}", url=url)
        for user in mentioned
        if user != author
    )
    activity_record(candidate=candidate, verb="note.added", actor=author, subject=note,
                    details={"private": is_private})  # fmt: skip
    note_added.send(sender=Note, note=note, mentioned=[u for u in mentioned if u != author])
    return note


def _may_read(user, note: Note) -> bool:
    if note.is_private:
        return is_recruiting_team(user)
    return can_view(user, note.candidate)


# Merging two records of one person. What the core owns moves here; apps above move theirs
# (applications, pool memberships...) in their `candidates_merging` handlers.
MERGED_RELATIONS = (
    "notes", "consents", "activities", "other_emails", "other_phones", "data_requests",
)  # fmt: skip


@transaction.atomic
def candidate_merge(*, survivor: Candidate, duplicate: Candidate, actor) -> Candidate:
    """Fold `duplicate` into `survivor` and delete it. The survivor keeps its own values and
    takes the duplicate's where it has none; everything the duplicate had moves over. The
    Activity entry keeps the duplicate's record, so the merge can be undone by hand."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("A candidate cannot be merged into itself.")
    survivor, duplicate = _lock_pair(survivor, duplicate)
    record = _snapshot(duplicate)
    candidates_merging.send(sender=Candidate, survivor=survivor, duplicate=duplicate, actor=actor)
    moved = _move_related(survivor, duplicate)
    _merge_contacts(survivor, duplicate)
    _merge_profile(survivor, duplicate)
    duplicate.delete()
    # Documents and further emails moved by UPDATE, which no receiver sees.
    candidate_search_refresh(candidate_ids=[survivor.pk])
    activity_record(candidate=survivor, verb="candidate.merged", actor=actor,
                    details={"duplicate": record, "moved": moved})  # fmt: skip
    return survivor


def _lock_pair(survivor: Candidate, duplicate: Candidate) -> tuple[Candidate, Candidate]:
    rows = {c.pk: c for c in Candidate.objects.select_for_update().filter(
        pk__in=[survivor.pk, duplicate.pk]).order_by("pk")}  # fmt: skip
    if len(rows) != 2:
        raise ValidationError("One of the two candidates no longer exists.")
    return rows[survivor.pk], rows[duplicate.pk]


def _snapshot(candidate: Candidate) -> dict[str, Any]:
    fields = ("id", "email", "phone", "source_id", "owner_id", "created_at", *PROFILE_FIELDS)
    return {
        **{name: str(getattr(candidate, name) or "") for name in fields},
        "tags": list(candidate.tags.values_list("name", flat=True)),
        "skills": list(candidate.skills.values_list("name", flat=True)),
        "other_emails": list(candidate.other_emails.values_list("email", flat=True)),
    }


def _move_related(survivor: Candidate, duplicate: Candidate) -> dict[str, list[int]]:
    # Contacts the survivor has already would collide; they are kept once.
    duplicate.other_emails.filter(
        Q(email__iexact=survivor.email) | Q(email__in=survivor.other_emails.values("email"))
    ).delete()
    duplicate.other_phones.filter(
        Q(number=survivor.phone) | Q(number__in=survivor.other_phones.values("number"))
    ).delete()
    # An open request the survivor has too is the same request; theirs stands.
    duplicate.data_requests.filter(
        status=DataRequest.Status.OPEN,
        kind__in=survivor.data_requests.filter(status=DataRequest.Status.OPEN).values("kind"),
    ).delete()
    moved: dict[str, list[int]] = {}
    for relation in MERGED_RELATIONS:
        rows = getattr(duplicate, relation).all()
        moved[relation] = list(rows.values_list("pk", flat=True))
        rows.update(candidate=survivor)
    # A document already on the survivor (same bytes) is not stored twice.
    have = set(survivor.documents.values_list("sha256", flat=True))
    documents = duplicate.documents.all()
    moved["documents"] = list(documents.exclude(sha256__in=have).values_list("pk", flat=True))
    documents.filter(pk__in=moved["documents"]).update(candidate=survivor)
    # The same file is on the survivor already; its copy goes once the merge has committed.
    copies = [document.file.name for document in duplicate.documents.all()]
    storage = CandidateDocument._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in copies])
    survivor.tags.add(*duplicate.tags.all())
    survivor.skills.add(*duplicate.skills.all())
    return moved


def _merge_contacts(survivor: Candidate, duplicate: Candidate) -> None:
    """The duplicate's primary email and phone become further ones of the survivor."""
    email, phone = duplicate.email, duplicate.phone
    duplicate.email, duplicate.phone = "", ""
    duplicate.save(update_fields=["email", "phone"])  # frees the unique email
    if email and not survivor.email:
        survivor.email = email
    elif email and email != survivor.email:
        CandidateEmail.objects.get_or_create(candidate=survivor, email=email)
    if phone and not survivor.phone:
        survivor.phone = phone
    elif phone and phone != survivor.phone:
        CandidatePhone.objects.get_or_create(candidate=survivor, number=phone)


def _merge_profile(survivor: Candidate, duplicate: Candidate) -> None:
    for name in PROFILE_FIELDS:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
    survivor.source = survivor.source or duplicate.source
    survivor.owner = survivor.owner or duplicate.owner
    # The earliest first touch is the person's first touch.
    survivor.created_at = min(survivor.created_at, duplicate.created_at)
    survivor.save()


@transaction.atomic
def data_request_make(
    *, candidate: Candidate, kind: str, how: str, message: str = ""
) -> tuple[DataRequest, bool]:
    """Record a person's request for a copy or the deletion of their data, and tell the
    candidate's owner (or, without one, every recruiter) in the app. Asking again while a
    request of that kind is open returns it. Returns (request, created)."""
    if kind not in DataRequest.Kind.values:
        raise ValidationError(f"Unknown data request {kind!r}.")
    Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("pk").get()
    existing = DataRequest.objects.filter(candidate=candidate, kind=kind, status="open").first()
    if existing:
        return existing, False
    request = DataRequest.objects.create(
        candidate=candidate, kind=kind, how=how[:200], message=message.strip()[:5000]
    )
    activity_record(candidate=candidate, verb="data_request.made", subject=request,
                    details={"kind": kind, "how": how})  # fmt: skip
    url = reverse("candidates:detail", args=[candidate.pk])
    wanted = "a copy of their data" if kind == DataRequest.Kind.COPY else "their data deleted"
    text = f"{candidate} asked for {wanted}"
    Notification.objects.bulk_create(
        Notification(user=user, text=text[:300], url=url)
        for user in _data_request_owners(candidate)
    )
    return request, True


@transaction.atomic
def data_request_close(*, data_request: DataRequest, status: str, actor) -> DataRequest:
    """Mark a request done or refused (or open again), with who handled it and when."""
    if status not in DataRequest.Status.values:
        raise ValidationError(f"Unknown status {status!r}.")
    data_request.status = status
    is_open = status == DataRequest.Status.OPEN
    data_request.handled_by = None if is_open else acting_user(actor)
    data_request.handled_at = None if is_open else timezone.now()
    data_request.save(update_fields=["status", "handled_by", "handled_at"])
    activity_record(candidate=data_request.candidate, verb=f"data_request.{status}",
                    actor=actor, subject=data_request,
                    details={"kind": data_request.kind})  # fmt: skip
    return data_request


def _data_request_owners(candidate: Candidate) -> list:
    if candidate.owner_id and candidate.owner.is_active:
        return [candidate.owner]
    return list(
        get_user_model().objects.filter(is_active=True, groups__name=Role.RECRUITER).distinct()
    )
