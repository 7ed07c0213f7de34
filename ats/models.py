"""The ATS: jobs and their hiring teams, per-job pipelines of stages, and applications moving
through them. Stage history is data (StageChange), so reports read it rather than guess."""

import re
import uuid

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_countries import countries
from markdown_it import MarkdownIt

from recruit.accounts.models import validate_time_zone
from recruit.candidates.models import Candidate, Skill, Source

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show anywhere: raw HTML is off and the output sanitised."""
    return nh3.clean(_markdown.render(text or ""), link_rel="noopener noreferrer nofollow")


class Department(models.Model):
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="department_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class StageKind(models.TextChoices):
    """What a stage means, whatever a job calls it. Reports and later features rely on it."""

    APPLIED = "applied", "Applied"
    SCREEN = "screen", "Screen"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"


# Blind review hides who applied from reviewers while the application is in these stages.
BLIND_REVIEW_STAGE_KINDS = (StageKind.APPLIED, StageKind.SCREEN)


class PipelineTemplate(models.Model):
    name = models.CharField(max_length=120, unique=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_pipeline"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PipelineTemplateStage(models.Model):
    template = models.ForeignKey(PipelineTemplate, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "position"]

    def __str__(self) -> str:
        return self.name


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    class ClosedReason(models.TextChoices):
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        CONTRACT = "contract", "Contract"
        TEMPORARY = "temporary", "Temporary"
        INTERN = "intern", "Internship"

    class RemotePolicy(models.TextChoices):
        ONSITE = "onsite", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    class Seniority(models.TextChoices):
        INTERN = "intern", "Intern"
        JUNIOR = "junior", "Junior"
        MID = "mid", "Mid-level"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead / Staff"
        PRINCIPAL = "principal", "Principal"
        MANAGER = "manager", "Manager"
        DIRECTOR = "director", "Director"
        EXECUTIVE = "executive", "Executive"

    class SalaryPeriod(models.TextChoices):
        YEAR = "year", "per year"
        MONTH = "month", "per month"
        HOUR = "hour", "per hour"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="City and country; several separated by ';'."
    )
    remote_policy = models.CharField(
        max_length=8, choices=RemotePolicy.choices, default=RemotePolicy.ONSITE
    )
    remote_countries = models.JSONField(
        default=list, blank=True, help_text="For remote jobs: ISO country codes allowed, e.g. DE."
    )
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    seniority = models.CharField(max_length=10, choices=Seniority.choices, blank=True)
    openings = models.PositiveSmallIntegerField(default=1)
    salary_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. EUR")
    salary_period = models.CharField(
        max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    salary_published = models.BooleanField(default=False)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    required_skills = models.ManyToManyField(Skill, blank=True, related_name="required_by")
    preferred_skills = models.ManyToManyField(Skill, blank=True, related_name="preferred_by")
    min_years_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    target_hire_date = models.DateField(null=True, blank=True)
    internal_notes = models.TextField(blank=True)
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide names and contact details from reviewers until the first interview.",
    )
    is_template = models.BooleanField(default=False, help_text="A job template, never posted.")
    apply_by = models.DateField(
        null=True, blank=True, help_text="Last day to apply; the careers site hides it after."
    )
    knockout_email = models.ForeignKey(
        "messaging.EmailTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Emailed to applicants screened out by a knockout answer. None: no email.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    closed_reason = models.CharField(max_length=10, choices=ClosedReason.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="job_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_band_ordered",
                violation_error_message="The salary band minimum must not be above its maximum.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)


class JobLocation(models.Model):
    """One place a job is based, derived from the job's location text ("Berlin, DE; Paris,
    France") so that the careers site, its filters and the job boards get structured data."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="locations")
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["job", "position", "id"]
        indexes = [models.Index(fields=["city"], name="job_location_city_idx")]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country_name) if part)

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""


class JobStatusChange(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class JobMember(models.Model):
    """A user's role on one job's hiring team. This is what hiring managers and interviewers
    see through: the jobs they are on, and those jobs' applications and candidates."""

    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        COORDINATOR = "coordinator", "Coordinator"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        INTERVIEWER = "interviewer", "Interviewer"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["job", "role"]
        constraints = [
            models.UniqueConstraint(fields=["job", "user", "role"], name="job_member_role_once")
        ]
        indexes = [models.Index(fields=["user", "role"], name="job_member_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApplicationQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        YES_NO = "yes_no", "Yes / no"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        NUMBER = "number", "Number"
        FILE = "file", "File"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True, help_text="For choice questions.")
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    knockout_answers = models.JSONField(
        default=list,
        blank=True,
        help_text='Answers that disqualify, e.g. ["no"]; for numbers ["<2"] means below 2.',
    )

    class Meta:
        ordering = ["job", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_knockout(self) -> bool:
        return bool(self.knockout_answers)


class Stage(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField()
    entry_email = models.ForeignKey(
        "messaging.EmailTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Emailed to the candidate whenever an application enters.",
    )

    class Meta:
        ordering = ["job", "position", "id"]
        indexes = [models.Index(fields=["job", "position"], name="stage_order_idx")]

    def __str__(self) -> str:
        return self.name


class RejectionReason(models.Model):
    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        HIRED = "hired", "Hired"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    answers = models.JSONField(default=dict, blank=True)
    knockout_failed = models.BooleanField(default=False)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    match_details = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(default=timezone.now)
    # When the current stage was entered: derivable from StageChange, kept here for the board.
    stage_entered_at = models.DateTimeField(default=timezone.now)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_note = models.TextField(blank=True)
    rejection_email = models.ForeignKey(
        "messaging.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    keep_in_touch = models.BooleanField(default=False, help_text="Silver medalist.")
    cover_letter = models.TextField(blank=True)
    documents = models.ManyToManyField(
        "candidates.CandidateDocument", blank=True, related_name="applications"
    )
    # How the candidate reached us: the board's tracking code, utm parameters and the referrer.
    tracking = models.JSONField(default=dict, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    hired_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: every change raises it; a write based on an older one is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="one_application_per_job")
        ]
        indexes = [
            models.Index(fields=["job", "status", "stage"], name="application_board_idx"),
            models.Index(fields=["status", "-applied_at"], name="application_recent_idx"),
            # The API and lists order by newest first, overall and per job (bench/bench_ats.py).
            models.Index(fields=["-applied_at", "-id"], name="application_newest_idx"),
            models.Index(fields=["job", "-applied_at", "-id"], name="application_job_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"


class StageChange(models.Model):
    """One move of an application, written in the same transaction as the move."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="stage_change_history_idx")]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage}"


_HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour like #1f5eff.")
MIN_CONTRAST = 4.5  # WCAG AA for normal text: buttons put white text on the brand colour


def _channels(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on `colour` (#rrggbb)."""
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _channels(colour)
    ]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def darker(colour: str, by: float = 0.2) -> str:
    return "#" + "".join(f"{round(c * (1 - by) * 255):02x}" for c in _channels(colour))


class CareersSite(models.Model):
    """The public careers site's branding and wording: one row, edited in the admin."""

    company_name = models.CharField(max_length=120, default="Our company")
    website_url = models.URLField(blank=True)
    logo = models.ImageField(
        upload_to="careers/", blank=True, help_text="PNG, JPEG, GIF or WebP; shown at 48 px high."
    )
    primary_colour = models.CharField(max_length=7, default="#1f5eff", validators=[_HEX_COLOUR])
    accent_colour = models.CharField(max_length=7, default="#0f766e", validators=[_HEX_COLOUR])
    intro = models.TextField(blank=True, help_text="Markdown, shown above the list of jobs.")
    intro_html = models.TextField(blank=True, editable=False)
    privacy_notice = models.TextField(
        default="We use the details you send us only to consider you for this role. We keep "
        "them for up to two years, and you can ask for a copy or their deletion at any time.",
        help_text="Markdown, shown on every form that collects personal data.",
    )
    privacy_notice_html = models.TextField(blank=True, editable=False)
    privacy_notice_version = models.CharField(
        max_length=40, default="1", help_text="Raise it when the notice changes; consents keep it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "careers site"

    def __str__(self) -> str:
        return f"Careers site of {self.company_name}"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # one row
        self.intro_html = render_markdown(self.intro)
        self.privacy_notice_html = render_markdown(self.privacy_notice)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        for name in ("primary_colour", "accent_colour"):
            colour = getattr(self, name)
            if re.fullmatch(r"#[0-9a-fA-F]{6}", colour or "") and (
                contrast_with_white(colour) < MIN_CONTRAST
            ):
                raise ValidationError({name: (
                    f"White text on {colour} is hard to read (contrast "
                    f"{contrast_with_white(colour):.1f}:1, at least {MIN_CONTRAST}:1 is needed). "
                    "Choose a darker colour."
                )})  # fmt: skip

    @property
    def primary_colour_dark(self) -> str:
        return darker(self.primary_colour)

    @classmethod
    def load(cls) -> "CareersSite":
        site = cls.objects.filter(pk=1).first()
        return site or cls.objects.create(pk=1)


class JobBoard(models.Model):
    """Somewhere jobs are posted. Links from it carry `?src=<code>`, so an application arriving
    through it is attributed to its Source; a referrer from one of its domains counts too."""

    name = models.CharField(max_length=80)
    code = models.SlugField(max_length=40, unique=True, help_text="The ?src= value of its links.")
    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="job_board")
    referrer_domains = models.JSONField(
        default=list, blank=True, help_text='e.g. ["indeed.com", "indeed.co.uk"]'
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApplicationDraft(models.Model):
    """Step 1 of applying (name, email, consent to keep them) before step 2 completes it. One
    never completed becomes an abandoned application the CRM can follow up."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="drafts")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="drafts")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    tracking = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["started_at"],
                condition=Q(completed_at__isnull=True, abandoned_at__isnull=True),
                name="draft_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} started applying to {self.job}"


# Interviews and scorecards ----------------------------------------------------------------------
# A job's stages hold interview steps (the plan: what to hold, with its kit and scorecard);
# an application gets interviews (what was actually booked, with its participants); each
# participant submits one scorecard per interview, amended only with its history kept.


class Rating(models.TextChoices):
    """One scale for every focus attribute and for the overall recommendation."""

    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class ScorecardTemplate(models.Model):
    """Focus attributes to rate, grouped by category; reusable across jobs."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScorecardAttribute(models.Model):
    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="attributes"
    )
    category = models.CharField(max_length=80, blank=True, help_text="e.g. Skills, Traits.")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "category", "name"], name="scorecard_attribute_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.name}" if self.category else self.name


class InterviewStep(models.Model):
    """One interview to hold in a stage of a job, e.g. "Technical interview, 60 min, 2
    interviewers", with the kit interviewers read before it and the scorecard they fill in."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="interview_steps")
    name = models.CharField(max_length=120)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    interviewers_needed = models.PositiveSmallIntegerField(default=1)
    instructions = models.TextField(blank=True, help_text="The interview kit, for interviewers.")
    suggested_questions = models.TextField(blank=True)
    scorecard_template = models.ForeignKey(
        ScorecardTemplate,
        null=True,
        blank=True,
        # Submitted ratings point at its attributes: a template in use is never deleted.
        on_delete=models.PROTECT,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="interview_step_has_duration"
            )
        ]

    def __str__(self) -> str:
        return self.name


def new_ical_uid() -> str:
    """The iCalendar UID of a new interview: global, and never changed afterwards, so that
    calendars update the event on a reschedule instead of adding a second one."""
    return f"{uuid.uuid4()}@recruit"


class Interview(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    step = models.ForeignKey(
        InterviewStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    title = models.CharField(max_length=200)
    start_at = models.DateTimeField(help_text="UTC.")
    end_at = models.DateTimeField(help_text="UTC.")
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone],
        help_text="The zone it was scheduled in (IANA name, e.g. Europe/Berlin).",
    )  # fmt: skip
    location = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    notes_for_interviewers = models.TextField(blank=True)
    notes_for_candidate = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    ical_uid = models.CharField(max_length=255, unique=True, default=new_ical_uid, editable=False)
    # iCalendar SEQUENCE: raised on every change the attendees must see (RFC 5545 3.8.7.4).
    sequence = models.PositiveIntegerField(default=0)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")),
                name="interview_ends_after_start",
                violation_error_message="An interview must end after it starts.",
            )
        ]
        indexes = [
            models.Index(fields=["status", "start_at", "end_at"], name="interview_calendar_idx"),
            models.Index(fields=["application", "start_at"], name="interview_application_idx"),
            models.Index(fields=["status", "end_at"], name="interview_ended_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class InterviewParticipant(models.Model):
    """An interviewer on an interview, with their answer to the invitation (iCalendar
    PARTSTAT)."""

    class Response(models.TextChoices):
        NEEDS_ACTION = "needs_action", "Not answered"
        ACCEPTED = "accepted", "Accepted"
        TENTATIVE = "tentative", "Tentative"
        DECLINED = "declined", "Declined"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_participations"
    )
    response_status = models.CharField(
        max_length=12, choices=Response.choices, default=Response.NEEDS_ACTION
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["interview", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="interview_participant_once")
        ]
        indexes = [models.Index(fields=["user", "interview"], name="participant_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} on {self.interview}"

    @property
    def partstat(self) -> str:
        """The iCalendar PARTSTAT value, e.g. NEEDS-ACTION."""
        return self.response_status.upper().replace("_", "-")


class Scorecard(models.Model):
    """One interviewer's feedback on one interview. Once submitted it is never edited in
    place: scorecard_amend keeps the previous content as a ScorecardRevision."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    overall = models.CharField(max_length=10, choices=Rating.choices)
    notes = models.TextField(blank=True)
    # None: a draft, seen by its author alone and counted nowhere.
    submitted_at = models.DateTimeField(null=True, blank=True)
    amended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_scorecard_each")
        ]
        indexes = [models.Index(fields=["interviewer", "interview"], name="scorecard_author_idx")]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview}"


class ScorecardRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    attribute = models.ForeignKey(
        ScorecardAttribute, on_delete=models.PROTECT, related_name="ratings"
    )
    rating = models.CharField(max_length=10, choices=Rating.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "attribute__position", "attribute_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "attribute"], name="one_rating_each")
        ]

    def __str__(self) -> str:
        return f"{self.attribute}: {self.get_rating_display()}"


class ScorecardRevision(models.Model):
    """The content a submitted scorecard had before an amendment replaced it. `number` 1 is
    the original submission; the scorecard itself always holds the latest content."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    overall = models.CharField(max_length=10, choices=Rating.choices)
    notes = models.TextField(blank=True)
    # [{"attribute_id", "category", "name", "rating", "note"}], as they were.
    ratings = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(help_text="When this content was submitted.")
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why it was amended.")

    class Meta:
        ordering = ["scorecard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "number"], name="scorecard_revision_once")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.scorecard}"


# --- Reminders (issue #6): before an interview, and for feedback after it -----------------------


class Reminder(models.Model):
    """One reminder email to one person about one interview, due at a time. Armed when an
    interview is scheduled, re-armed when it moves, disarmed when it is cancelled; a beat task
    claims due rows and hands each email to the messaging pipe in the transaction that marks the
    row sent, so it goes once. Unique per interview, recipient, kind and occurrence (the start
    it is about): moving the interview arms new rows for the new time, once."""

    class RecipientKind(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        INTERVIEWER = "interviewer", "Interviewer"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    CANDIDATE_KEY = "candidate"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reminders")
    recipient_kind = models.CharField(max_length=12, choices=RecipientKind.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interview_reminders",
        help_text="The interviewer; empty for the candidate.",
    )
    # "candidate" or "user:<id>": one non-null column the unique constraint can hold.
    recipient_key = models.CharField(max_length=40, editable=False)
    kind = models.CharField(max_length=20, help_text="before_24h, before_1h, feedback_1, ...")
    occurrence = models.DateTimeField(help_text="The interview's start this reminder is about.")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(max_length=300, blank=True, help_text="Why it was not sent.")
    recipient_email = models.EmailField(max_length=254, blank=True)
    email = models.ForeignKey(
        "messaging.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "recipient_key", "kind", "occurrence"], name="reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind="candidate", recipient_user__isnull=True)
                | Q(recipient_kind="interviewer", recipient_user__isnull=False),
                name="reminder_recipient_matches_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at", "id"], condition=Q(status="pending"), name="reminder_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_key} on {self.interview}"


# Calendar feeds (#6, calendar invites and feeds) -------------------------------------------------


class CalendarFeedToken(models.Model):
    """The secret in an interviewer's private calendar feed URL (/ats/calendar/<token>.ics),
    which calendar apps fetch without logging in. A user has at most one live token; rotating
    revokes it and makes a new one, and a revoked token is never served again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_calendar_feed"
            )
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"Calendar feed of {self.user} ({state})"


# Self-scheduling (issue #6): interviewers' weekly availability, and the times offered to a
# candidate, who picks one through a signed link (ats/services/self_scheduling.py).


class Availability(models.Model):
    """A weekly window in which an interviewer can interview, as wall-clock times in a zone
    (Mondays 09:00-12:00 Europe/Berlin): a DST change moves it in UTC, not on their clock.
    A window ends on the day it starts (end after start)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone], help_text="IANA name, e.g. Europe/Berlin."
    )

    class Meta:
        ordering = ["user", "weekday", "start_time", "id"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="availability_ends_after_start",
                violation_error_message="Availability must end after it starts.",
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_valid"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user}: {self.get_weekday_display()} {self.start_time:%H:%M}-"
            f"{self.end_time:%H:%M} {self.time_zone}"
        )


class SchedulingRequest(models.Model):
    """Times offered to a candidate for one interview. The candidate picks one through a signed
    link (no login); booking it schedules the interview, which they may later move to another
    offered time or cancel, up to SELF_SCHEDULE_NOTICE_HOURS before it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scheduling_requests"
    )
    step = models.ForeignKey(
        InterviewStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    duration_minutes = models.PositiveSmallIntegerField()
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone],
        help_text="The zone the times are shown in until the candidate picks theirs.",
    )  # fmt: skip
    location = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    notes_for_interviewers = models.TextField(blank=True)
    notes_for_candidate = models.TextField(blank=True)
    # The recruiter or coordinator who offered the times: the booking is made on their behalf
    # (they organise the interview).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(help_text="No time can be booked after this.")
    interview = models.OneToOneField(
        Interview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduling_request",
        help_text="The interview booked through it.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["application", "created_at"], name="scheduling_app_idx")]

    def __str__(self) -> str:
        return f"{self.title}: times offered for application {self.application_id}"


class Slot(models.Model):
    """One time offered in a scheduling request (UTC). `interview` is set while it is booked."""

    request = models.ForeignKey(SchedulingRequest, on_delete=models.CASCADE, related_name="slots")
    start_at = models.DateTimeField(help_text="UTC.")
    end_at = models.DateTimeField(help_text="UTC.")
    # One to one: an interview sits in one slot at most. With the partial unique constraint
    # below (one booked slot per request) this is the database's last word on double booking,
    # behind the row locks the booking service takes.
    interview = models.OneToOneField(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="slot"
    )

    class Meta:
        ordering = ["request", "start_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")),
                name="slot_ends_after_start",
                violation_error_message="A slot must end after it starts.",
            ),
            models.UniqueConstraint(fields=["request", "start_at"], name="slot_once_per_request"),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(interview__isnull=False),
                name="one_booked_slot_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_at:%Y-%m-%d %H:%M}Z-{self.end_at:%H:%M}Z"
