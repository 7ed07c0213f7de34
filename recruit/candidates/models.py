"""One Candidate per person, whether prospect, applicant or both, with one timeline."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Lower, Upper
from django.utils import timezone

from recruit.candidates.normalize import normalize_email, normalize_phone


class Source(models.Model):
    """Where a person came from: kept on the candidate (first touch), later on each application."""

    class Kind(models.TextChoices):
        CAREERS_SITE = "careers_site", "Careers site"
        JOB_BOARD = "job_board", "Job board"
        REFERRAL = "referral", "Referral"
        SOURCING = "sourcing", "Sourcing"
        CAMPAIGN = "campaign", "Campaign"
        IMPORT = "import", "Import"
        AGENCY = "agency", "Agency"
        EVENT = "event", "Event"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="source_kind_name_unique")
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{kind}: {self.name}" if self.name and self.name != kind else kind


class Tag(models.Model):
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """The skills taxonomy: one canonical name with the aliases resumes use (k8s -> Kubernetes)."""

    name = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


def search_name() -> Upper:
    """The name as the trigram index holds it (search.py matches misspelled names on it):
    upper-cased like Django's icontains, so that the same index serves both."""
    return Upper(Concat("first_name", models.Value(" "), "last_name"))


class Candidate(models.Model):
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    # Primary email, stored lower-cased. Sourced prospects may have none, hence blank.
    email = models.EmailField(max_length=254, blank=True)
    # Primary phone in E.164 (+14155550123); further numbers are CandidatePhone rows.
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    location = models.CharField(max_length=200, blank=True)
    current_title = models.CharField(max_length=200, blank=True)
    current_company = models.CharField(max_length=200, blank=True)
    linkedin_url = models.URLField(max_length=500, blank=True)
    github_url = models.URLField(max_length=500, blank=True)
    portfolio_url = models.URLField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="candidates")
    tags = models.ManyToManyField(Tag, blank=True, related_name="candidates")
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
        help_text="First touch: how this person first reached us.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_candidates",
    )
    years_experience = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Derived from the parsed work history.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search (PostgreSQL; always null on SQLite). Computed from the candidate, their
    # skills, tags, further emails and resume text by services.candidate_search_refresh.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="candidate_email_ci_unique"
            )
        ]
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="candidate_name_idx"),
            # PostgreSQL only (migration 0004 skips them elsewhere).
            GinIndex(fields=["search_vector"], name="candidate_search_idx"),
            GinIndex(OpClass(search_name(), name="gin_trgm_ops"), name="candidate_name_trgm_idx"),
            GinIndex(
                OpClass(Upper("location"), name="gin_trgm_ops"), name="candidate_location_trgm_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or f"Candidate #{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        super().clean()
        try:
            self.email = normalize_email(self.email)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from error
        try:
            self.phone = normalize_phone(self.phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error


class CandidateEmail(models.Model):
    """A further email address of a candidate. Addresses are unique across all candidates."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="other_emails")
    email = models.EmailField(max_length=254)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_other_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.email


class CandidatePhone(models.Model):
    """A further phone number (E.164) of a candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="other_phones")
    number = models.CharField(max_length=20, db_index=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "number"], name="candidate_phone_unique")
        ]

    def __str__(self) -> str:
        return self.number


def document_upload_to(document: "CandidateDocument", filename: str) -> str:
    # The stored name never comes from the uploader: it is the content hash with the sniffed type.
    return f"candidates/{document.candidate_id}/{document.sha256}{document.extension}"


class CandidateDocument(models.Model):
    class Kind(models.TextChoices):
        RESUME = "resume", "Resume"
        COVER_LETTER = "cover_letter", "Cover letter"
        OTHER = "other", "Other"

    class ParseStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        PARSED = "parsed", "Parsed"
        NO_TEXT = "no_text", "No text (needs OCR)"
        FAILED = "failed", "Failed"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESUME)
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="Sniffed from the bytes.")
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Filled by resume parsing.
    text = models.TextField(blank=True)
    parse_status = models.CharField(
        max_length=10, choices=ParseStatus.choices, default=ParseStatus.PENDING
    )
    parse_error = models.CharField(max_length=500, blank=True)
    parsed = models.JSONField(null=True, blank=True, help_text="JSON Resume with confidences.")
    parsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Identical re-uploads of a file to the same person are not stored twice.
            models.UniqueConstraint(
                fields=["candidate", "sha256"], name="document_once_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class Consent(models.Model):
    """What a person agreed to, in which wording, when and how; withdrawal keeps the record."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", "Processing for this application"
        TALENT_COMMUNITY = "talent_community", "Talent community"
        MARKETING = "marketing", "Marketing emails"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    wording_version = models.CharField(max_length=40)
    how = models.CharField(
        max_length=200, help_text="e.g. careers form, imported, verbal to recruiter"
    )
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["candidate", "purpose"], name="consent_lookup_idx")]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.get_purpose_display()} ({state})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


# Verbs whose plain reading ("candidate created") is not the best wording.
ACTIVITY_LABELS = {
    "candidate.created": "Added to Recruit",
    "candidate.updated": "Profile updated",
    "document.added": "Document added",
    "document.parsed": "Resume parsed",
    "consent.given": "Consent given",
    "consent.withdrawn": "Consent withdrawn",
    "email.queued": "Email sent",
    "email.blocked": "Email not sent (suppressed or no consent)",
    "data_request.made": "Asked for their data",
    # Interviews and feedback: who gave feedback, never what it said (blind feedback).
    "interview.scheduled": "Interview scheduled",
    "interview.rescheduled": "Interview rescheduled",
    "interview.cancelled": "Interview cancelled",
    "scorecard.submitted": "Feedback submitted",
    "scorecard.amended": "Feedback amended",
}


class Activity(models.Model):
    """An append-only timeline entry. Every state change of a candidate writes one."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted.",
    )
    verb = models.CharField(max_length=60, db_index=True)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.CharField(max_length=40, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["candidate", "-created_at"], name="activity_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.verb} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Activity entries are append-only; write a new entry instead.")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """What happened, in words: 'candidate.created' reads 'Candidate created'."""
        return (
            ACTIVITY_LABELS.get(self.verb)
            or self.verb.replace(".", " ").replace("_", " ").capitalize()
        )


class Note(models.Model):
    """A note on a candidate, optionally about something (an application), with @mentions.
    Private notes are for the recruiting team only."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    is_private = models.BooleanField(default=False)
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.CharField(max_length=40, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["candidate", "-created_at"], name="note_candidate_idx")]

    def __str__(self) -> str:
        return self.body[:60]


class DataRequest(models.Model):
    """A person asking for a copy of their data or its deletion, recorded for a recruiter to
    fulfil (the law gives a month; the admin lists open ones oldest first)."""

    class Kind(models.TextChoices):
        COPY = "copy", "A copy of my data"
        DELETION = "deletion", "Deletion of my data"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        REFUSED = "refused", "Refused"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    how = models.CharField(max_length=200, help_text="e.g. candidate status page")
    message = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "requested_at"]
        constraints = [
            # Asking twice before the first is handled makes no second request.
            models.UniqueConstraint(
                fields=["candidate", "kind"], condition=Q(status="open"), name="one_open_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"
