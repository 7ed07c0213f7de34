"""Sending email: render, check suppression and consent, log, and deliver after commit.

Every email of Recruit goes through `email_queue` (or `email_send_template`, which renders first).
The row is written in the caller's transaction and delivered once it commits, so a rolled-back
action never emails anyone. A beat task picks up rows whose delivery failed or never started.
"""

import base64
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from recruit.candidates.models import Candidate, Consent
from recruit.candidates.normalize import normalize_email
from recruit.candidates.selectors import consent_is_active
from recruit.candidates.services import activity_record
from recruit.messaging.merge import render_merge_fields
from recruit.messaging.models import EmailKind, EmailTemplate, OutboundEmail, Suppression
from recruit.messaging.selectors import is_suppressed

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A row still "sending" after this long lost its worker mid-send: we cannot know whether the
# provider accepted it, so it is marked for a person to look at rather than sent twice.
SENDING_STALE_AFTER = timedelta(minutes=15)
Status = OutboundEmail.Status
ACTIVITY_VERBS = {Status.QUEUED: "email.queued", Status.SCHEDULED: "email.scheduled"}
# "type/subtype" with optional simple parameters ("text/calendar; method=REQUEST"): these go into
# MIME headers, so nothing that could end a header line or start another parameter is let in.
_MIMETYPE = re.compile(r"[\w.+-]+/[\w.+-]+(?:; ?[\w-]+=[\w.-]+)*", re.ASCII)
_FILENAME = re.compile(r"[\w.+ -]{1,100}")


def merge_context(*, candidate: Candidate | None = None, sender=None, **groups) -> dict:
    """The plain values templates may use; nothing else of these objects is reachable."""
    context: dict[str, Mapping[str, str]] = {"site": {"url": settings.SITE_URL}}
    if candidate is not None:
        context["candidate"] = {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "full_name": candidate.full_name,
            "email": candidate.email,
        }
    if sender is not None:
        context["sender"] = {
            "full_name": sender.get_full_name(),
            "first_name": sender.get_short_name(),
            "email": sender.email,
        }
    context.update(groups)
    return context


def email_send_template(*, purpose: str, **options) -> OutboundEmail:
    """Render the template for `purpose` and queue it (options as email_render_and_queue's)."""
    return email_render_and_queue(template=EmailTemplate.objects.get(purpose=purpose), **options)


def email_render_and_queue(
    *,
    template: EmailTemplate,
    to: str,
    context: Mapping[str, Mapping[str, str]],
    candidate: Candidate | None = None,
    user=None,
    about: models.Model | None = None,
    from_email: str = "",
    reply_to: str = "",
    send_after=None,
    actor=None,
) -> OutboundEmail:
    """Render `template` with `context` and queue it."""
    return email_queue(
        to=to,
        subject=render_merge_fields(template.subject, context, html=False),
        text_body=render_merge_fields(template.text_body, context, html=False),
        html_body=render_merge_fields(template.html_body, context, html=True),
        kind=template.kind,
        template=template,
        candidate=candidate,
        user=user,
        about=about,
        from_email=from_email,
        reply_to=reply_to,
        send_after=send_after,
        actor=actor,
    )


@transaction.atomic
def email_queue(
    *,
    to: str,
    subject: str,
    text_body: str,
    kind: str,
    html_body: str = "",
    template: EmailTemplate | None = None,
    candidate: Candidate | None = None,
    user=None,
    about: models.Model | None = None,
    from_email: str = "",
    reply_to: str = "",
    send_after=None,
    actor=None,
    alternatives: Sequence[tuple[str, str]] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> OutboundEmail:
    """Log an email and deliver it when the surrounding transaction commits, or, with
    `send_after` in the future, when the beat task finds it due (it can be cancelled till then).

    A suppressed address, or a marketing email to a candidate without marketing consent, is
    logged with that status and never sent.

    `alternatives` are further (content, mimetype) parts beside the text and HTML bodies, and
    `attachments` (filename, content, mimetype) files, as Django's EmailMultiAlternatives takes
    them: a calendar invitation carries both.
    """
    scheduled = send_after is not None and send_after > timezone.now()
    outbound = OutboundEmail.objects.create(
        to_email=normalize_email(to),
        candidate=candidate,
        user=user,
        kind=kind,
        template=template,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        reply_to=reply_to,
        # One line: a merge value must never add a header.
        subject=" ".join(subject.split())[:255],
        text_body=text_body,
        html_body=html_body,
        alternatives=_checked_alternatives(alternatives),
        attachments=_checked_attachments(attachments),
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=str(about.pk) if about is not None else "",
        send_after=send_after,
        status=_blocked_status(to, kind, candidate)
        or (Status.SCHEDULED if scheduled else Status.QUEUED),
    )
    if candidate is not None:
        activity_record(
            candidate=candidate,
            verb=ACTIVITY_VERBS.get(outbound.status, "email.blocked"),
            actor=actor,
            subject=outbound,
            details={
                "subject": outbound.subject,
                "status": outbound.status,
                "send_after": send_after.isoformat() if scheduled else "",
            },
        )
    if outbound.status == Status.QUEUED:
        transaction.on_commit(lambda: outbound_deliver(outbound_id=outbound.pk))
    return outbound


def _checked_alternatives(alternatives: Sequence[tuple[str, str]]) -> list[list[str]]:
    for _content, mimetype in alternatives:
        if not _MIMETYPE.fullmatch(mimetype):
            raise ValueError(f"Not a MIME type an email part can have: {mimetype!r}.")
    return [[str(content), mimetype] for content, mimetype in alternatives]


def _checked_attachments(attachments: Sequence[tuple[str, bytes, str]]) -> list[dict]:
    checked = []
    for filename, content, mimetype in attachments:
        if not _FILENAME.fullmatch(filename) or not _MIMETYPE.fullmatch(mimetype):
            raise ValueError(f"Not an attachment we can send: {filename!r} ({mimetype!r}).")
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        checked.append(
            {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(data).decode()}
        )
    return checked


def _attachment_part(attachment: Mapping[str, str]) -> MIMEBase:
    """An attachment as its own base64 MIME part, whatever its type: the bytes arrive exactly as
    given (a calendar file keeps its CRLF line ends), and the name is on both the Content-Type
    and the Content-Disposition, which older mail clients (Outlook) look for."""
    maintype, subtype = attachment["mimetype"].split(";")[0].split("/")
    part = MIMEBase(maintype, subtype, name=attachment["filename"])
    part.set_payload(base64.b64decode(attachment["content"]))
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def _blocked_status(to: str, kind: str, candidate: Candidate | None) -> str | None:
    """Why this email may not go out, as the status to log; None when it may."""
    if is_suppressed(email=to, kind=kind):
        return Status.SUPPRESSED
    if kind == EmailKind.MARKETING and not (
        candidate is not None
        and consent_is_active(candidate=candidate, purpose=Consent.Purpose.MARKETING)
    ):
        return Status.NO_CONSENT
    return None


def outbound_deliver(*, outbound_id: int, now=None) -> str:
    """Send one logged email if it is still due. Safe to call twice: only one call sends.

    Returns the status the row ended in.
    """
    due = models.Q(status__in=[Status.QUEUED, Status.FAILED]) | models.Q(
        status=Status.SCHEDULED, send_after__lte=now or timezone.now()
    )
    claimed = OutboundEmail.objects.filter(due, pk=outbound_id).update(
        status=Status.SENDING, attempts=models.F("attempts") + 1, claimed_at=timezone.now()
    )
    outbound = OutboundEmail.objects.select_related("candidate").get(pk=outbound_id)
    if not claimed:
        return outbound.status
    # Consent or suppression may have changed since the email was queued.
    blocked = _blocked_status(outbound.to_email, outbound.kind, outbound.candidate)
    if blocked:
        return _finish(outbound, status=blocked)
    try:
        message_id = _send(outbound)
    except Exception as error:
        logger.warning("email %s failed: %s", outbound.pk, error)
        return _finish_failed(outbound, error)
    return _finish(outbound, status=Status.SENT, esp_message_id=message_id, sent_at=timezone.now())


def _send(outbound: OutboundEmail) -> str:
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.text_body,
        from_email=outbound.from_email,
        to=[outbound.to_email],
        reply_to=[outbound.reply_to] if outbound.reply_to else None,
        headers={"X-Recruit-Message-Id": str(outbound.pk)},
    )
    if outbound.html_body:
        message.attach_alternative(outbound.html_body, "text/html")
    for content, mimetype in outbound.alternatives:
        message.attach_alternative(content, mimetype)
    for attachment in outbound.attachments:
        message.attach(_attachment_part(attachment))
    # Lets provider webhooks (campaigns issue) match events to this row.
    message.metadata = {"outbound_id": str(outbound.pk)}
    message.tags = [outbound.kind]
    message.send()
    status = getattr(message, "anymail_status", None)
    message_id = status.message_id if status else None
    return "" if message_id is None else str(message_id)


def _finish(outbound: OutboundEmail, **fields) -> str:
    fields.setdefault("error", "")
    OutboundEmail.objects.filter(pk=outbound.pk).update(**fields)
    return fields["status"]


def _finish_failed(outbound: OutboundEmail, error: Exception) -> str:
    attempts = outbound.attempts
    if attempts >= MAX_ATTEMPTS:
        return _finish(outbound, status=Status.GAVE_UP, error=str(error)[:500])
    retry_in = timedelta(minutes=2**attempts)
    return _finish(
        outbound,
        status=Status.FAILED,
        error=str(error)[:500],
        next_attempt_at=timezone.now() + retry_in,
    )


def outbound_deliver_pending(*, now=None, batch: int = 100) -> int:
    """Deliver what is due: failed rows whose retry time came, and queued rows whose delivery
    after commit never ran (the process died). Returns how many were attempted."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - SENDING_STALE_AFTER
    ).update(status=Status.GAVE_UP, error="Delivery outcome unknown: the sender stopped mid-send.")
    due = OutboundEmail.objects.filter(
        models.Q(status=Status.FAILED, next_attempt_at__lte=now)
        | models.Q(status=Status.QUEUED, created_at__lt=now - timedelta(minutes=1))
        | models.Q(status=Status.SCHEDULED, send_after__lte=now)
    ).values_list("pk", flat=True)[:batch]
    ids = list(due)
    for outbound_id in ids:
        outbound_deliver(outbound_id=outbound_id, now=now)
    return len(ids)


def outbound_cancel(*, outbound: OutboundEmail, actor=None) -> bool:
    """Cancel a scheduled email that has not gone yet. Returns whether it was cancelled."""
    with transaction.atomic():
        cancelled = OutboundEmail.objects.filter(pk=outbound.pk, status=Status.SCHEDULED).update(
            status=Status.CANCELLED
        )
        if cancelled and outbound.candidate_id:
            activity_record(
                candidate=outbound.candidate,
                verb="email.cancelled",
                actor=actor,
                subject=outbound,
                details={"subject": outbound.subject},
            )
    return bool(cancelled)


def suppression_add(*, email: str, reason: str, note: str = "") -> Suppression:
    email = normalize_email(email)
    suppression, _ = Suppression.objects.get_or_create(
        email=email,
        defaults={
            "reason": reason,
            "note": note,
            "marketing_only": reason == Suppression.Reason.UNSUBSCRIBED,
        },
    )
    return suppression
