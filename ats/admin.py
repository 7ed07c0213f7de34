from django.contrib import admin
from django.db import models

from ats.models import (
    Application,
    ApplicationDraft,
    ApplicationQuestion,
    CareersSite,
    Department,
    Interview,
    InterviewParticipant,
    InterviewStep,
    Job,
    JobBoard,
    JobMember,
    JobStatusChange,
    PipelineTemplate,
    PipelineTemplateStage,
    RejectionReason,
    Scorecard,
    ScorecardAttribute,
    ScorecardRating,
    ScorecardRevision,
    ScorecardTemplate,
    Stage,
    StageChange,
)
from recruit.accounts.permissions import ScopedAdmin, ScopedThroughAdmin


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "name", "kind", "entry_email")
    ordering = ("position",)


class JobMemberInline(admin.TabularInline):
    model = JobMember
    extra = 0
    autocomplete_fields = ("user",)


class QuestionInline(admin.StackedInline):
    model = ApplicationQuestion
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = JobStatusChange
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "reason", "actor")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ("title", "department", "location", "remote_policy", "status", "openings",
                    "created_at", "is_template")  # fmt: skip
    list_filter = ("status", "is_template", "department", "employment_type", "remote_policy")
    search_fields = ("title", "location", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("department", "required_skills", "preferred_skills")
    readonly_fields = ("created_at", "updated_at", "opened_at", "closed_at", "status",
                       "closed_reason")  # fmt: skip
    list_select_related = ("department",)
    inlines = (StageInline, JobMemberInline, QuestionInline, StatusChangeInline)


class TemplateStageInline(admin.TabularInline):
    model = PipelineTemplateStage
    extra = 0
    ordering = ("position",)


@admin.register(PipelineTemplate)
class PipelineTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default")
    search_fields = ("name",)
    inlines = (TemplateStageInline,)


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("name",)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ("at", "from_stage", "to_stage", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    """Read-mostly: moves, rejections and hires go through the board and API, which keep the
    history; the admin shows it."""

    list_display = ("candidate", "job", "stage", "status", "match_score", "applied_at")
    list_filter = ("status", "job", "source", "keep_in_touch", "knockout_failed")
    search_fields = ("candidate__first_name", "candidate__last_name", "candidate__email",
                     "job__title")  # fmt: skip
    list_select_related = ("candidate", "job", "stage")
    autocomplete_fields = ("candidate", "job", "source")
    readonly_fields = ("candidate", "job", "stage", "status", "applied_at", "stage_entered_at",
                       "rejected_at", "rejection_reason", "rejection_note", "rejection_email",
                       "withdrawn_at", "hired_at", "match_score", "match_details",
                       "knockout_failed", "version", "updated_at", "tracking",
                       "documents")  # fmt: skip
    inlines = (StageChangeInline,)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CareersSite)
class CareersSiteAdmin(admin.ModelAdmin):
    """The careers site's branding and wording: one row (there is no adding a second)."""

    fieldsets = (
        (None, {"fields": ("company_name", "website_url", "logo", "intro")}),
        ("Colours", {"fields": ("primary_colour", "accent_colour")}),
        ("Privacy", {"fields": ("privacy_notice", "privacy_notice_version")}),
    )

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request) -> bool:
        return not CareersSite.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JobBoard)
class JobBoardAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "source")
    search_fields = ("name", "code")
    autocomplete_fields = ("source",)


@admin.register(ApplicationDraft)
class ApplicationDraftAdmin(ScopedThroughAdmin):
    """Started applications: abandoned ones are the CRM's to follow up."""

    list_display = ("candidate", "job", "started_at", "completed_at", "abandoned_at", "source")
    list_filter = ("abandoned_at", "completed_at", "source")
    search_fields = ("candidate__email", "candidate__last_name", "job__title")
    list_select_related = ("candidate", "job", "source")
    readonly_fields = ("job", "candidate", "source", "tracking", "started_at", "completed_at",
                       "application", "abandoned_at")  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False


# Interviews and scorecards. Plans and templates are edited here; interviews and scorecards
# only shown, since their changes go through the services (SEQUENCE, history, signals).


class ScorecardAttributeInline(admin.TabularInline):
    model = ScorecardAttribute
    extra = 0
    fields = ("position", "category", "name")
    ordering = ("position",)


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = (ScorecardAttributeInline,)


@admin.register(InterviewStep)
class InterviewStepAdmin(admin.ModelAdmin):
    list_display = ("name", "stage_of_job", "duration_minutes", "interviewers_needed",
                    "scorecard_template")  # fmt: skip
    list_filter = ("scorecard_template",)
    search_fields = ("name", "stage__name", "stage__job__title")
    list_select_related = ("stage__job", "scorecard_template")
    autocomplete_fields = ("scorecard_template",)

    @admin.display(description="Stage", ordering="stage__job__title")
    def stage_of_job(self, step: InterviewStep) -> str:
        return f"{step.stage.job} · {step.stage}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "stage":
            # Every job has a "Phone interview": name the job too.
            field.queryset = field.queryset.select_related("job").order_by("job__title", "position")
            field.label_from_instance = lambda stage: f"{stage.job} · {stage}"
        return field


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ParticipantInline(ReadOnlyInline):
    model = InterviewParticipant
    fields = ("user", "response_status", "responded_at")
    readonly_fields = fields


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin):
    list_display = ("title", "application", "start_at", "end_at", "time_zone", "status",
                    "sequence")  # fmt: skip
    list_filter = ("status",)
    search_fields = ("title", "application__candidate__first_name",
                     "application__candidate__last_name", "application__job__title")  # fmt: skip
    list_select_related = ("application__candidate", "application__job")
    date_hierarchy = "start_at"
    readonly_fields = ("application", "step", "title", "start_at", "end_at", "time_zone",
                       "location", "video_url", "notes_for_interviewers", "notes_for_candidate",
                       "status", "ical_uid", "sequence", "organizer", "cancelled_at",
                       "cancellation_reason", "created_at", "updated_at")  # fmt: skip
    inlines = (ParticipantInline,)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel it instead: attendees' calendars must hear of it


class RatingInline(ReadOnlyInline):
    model = ScorecardRating
    fields = ("attribute", "rating", "note")
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = ScorecardRevision
    fields = ("number", "overall", "notes", "ratings", "submitted_at", "replaced_at",
              "replaced_by", "reason")  # fmt: skip
    readonly_fields = fields


@admin.register(Scorecard)
class ScorecardAdmin(ScopedAdmin):
    """Blind feedback applies here too (ScopedAdmin); nothing is edited or deleted in place."""

    list_display = ("interview", "interviewer", "overall", "submitted_at", "amended_at")
    list_filter = ("overall",)
    search_fields = ("interview__title", "interviewer__email", "interviewer__full_name")
    list_select_related = ("interview", "interviewer")
    readonly_fields = ("interview", "interviewer", "overall", "notes", "submitted_at",
                       "amended_at", "created_at", "updated_at")  # fmt: skip
    inlines = (RatingInline, RevisionInline)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
