"""The one email pipe shared by the ATS and campaigns: templates, the outbound log, suppression."""

import nh3
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from recruit.candidates.models import Candidate
from recruit.messaging.merge import validate_merge_fields


class EmailKind(models.TextChoices):
    TRANSACTIONAL = "transactional", "Transactional"
    MARKETING = "marketing", "Marketing"


class EmailTemplate(models.Model):
    purpose = models.SlugField(
        max_length=80, unique=True, help_text="What the code asks for, e.g. application-received."
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=20, choices=EmailKind.choices, default=EmailKind.TRANSACTIONAL
    )
    subject = models.CharField(max_length=200, validators=[validate_merge_fields])
    text_body = models.TextField(validators=[validate_merge_fields])
    html_body = models.TextField(
        blank=True,
        validators=[validate_merge_fields],
        help_text="Optional. Sanitised on save: no scripts, styles or event handlers.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.html_body = nh3.clean(self.html_body) if self.html_body else ""
        super().save(*args, **kwargs)


class Suppression(models.Model):
    """An address no email may go to: bounced, complained, unsubscribed or blocked by hand."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained (spam report)"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        MANUAL = "manual", "Blocked by hand"

    email = models.EmailField(max_length=254)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # Unsubscribing stops marketing only; bounces and complaints stop everything.
    marketing_only = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="suppression_email_ci_unique")]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class OutboundEmail(models.Model):
    """One email we tried to send, with what it said and what became of it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        GAVE_UP = "gave_up", "Failed"
        SUPPRESSED = "suppressed", "Not sent: address suppressed"
        NO_CONSENT = "no_consent", "Not sent: no marketing consent"

    to_email = models.EmailField(max_length=254)
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_emails",
    )
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    template = models.ForeignKey(
        EmailTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_email = models.CharField(max_length=254)
    reply_to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    # Further alternative parts beside the text and HTML bodies, as [content, mimetype] pairs
    # (a calendar invitation's "text/calendar; method=REQUEST"), and attachments as
    # {"filename", "mimetype", "content": base64}: kept with the row so a retry sends the same.
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.CharField(max_length=40, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A delayed email (e.g. a rejection an hour after the decision) waits as SCHEDULED until
    # then and can be cancelled; the beat task sends it when due. Never a Celery countdown.
    send_after = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_due_idx"),
            models.Index(fields=["status", "send_after"], name="outbound_scheduled_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"
