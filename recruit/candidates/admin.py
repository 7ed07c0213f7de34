from django.contrib import admin
from django.db import models

from recruit.accounts.permissions import ScopedAdmin, ScopedThroughAdmin
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    CandidateEmail,
    CandidatePhone,
    Consent,
    DataRequest,
    Note,
    Skill,
    Source,
    Tag,
)
from recruit.candidates.services import activity_record, data_request_close


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ActivityInline(ReadOnlyInline):
    model = Activity
    fk_name = "candidate"
    fields = ("created_at", "verb", "actor", "details")
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    verbose_name_plural = "timeline (newest first)"


class DocumentInline(ReadOnlyInline):
    model = CandidateDocument
    fields = ("original_name", "kind", "content_type", "size", "parse_status", "created_at")
    readonly_fields = fields


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("purpose", "wording_version", "how", "given_at", "withdrawn_at")


class OtherEmailInline(admin.TabularInline):
    model = CandidateEmail
    extra = 0
    fields = ("email", "added_at")
    readonly_fields = ("added_at",)


class OtherPhoneInline(admin.TabularInline):
    model = CandidatePhone
    extra = 0
    fields = ("number", "added_at")
    readonly_fields = ("added_at",)


@admin.register(Candidate)
class CandidateAdmin(ScopedAdmin):
    list_display = (
        "__str__",
        "email",
        "phone",
        "current_title",
        "current_company",
        "source",
        "owner",
        "created_at",
    )
    list_filter = ("source__kind", "tags", "owner", "created_at")
    search_fields = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "current_title",
        "current_company",
        "other_emails__email",
    )
    autocomplete_fields = ("source", "owner", "skills", "tags")
    readonly_fields = ("created_at", "updated_at", "anonymised_at", "years_experience")
    list_select_related = ("source", "owner")
    inlines = (OtherEmailInline, OtherPhoneInline, ConsentInline, DocumentInline, ActivityInline)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        ("Person", {"fields": ("first_name", "last_name", "email", "phone", "location")}),
        ("Work", {"fields": ("current_title", "current_company", "years_experience", "summary")}),
        ("Links", {"fields": ("linkedin_url", "github_url", "portfolio_url")}),
        ("Relationship", {"fields": ("source", "owner", "skills", "tags")}),
        ("Audit", {"fields": ("created_at", "updated_at", "anonymised_at")}),
    )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        verb = "candidate.updated" if change else "candidate.created"
        activity_record(
            candidate=obj,
            verb=verb,
            actor=request.user,
            details={"fields": form.changed_data, "via": "admin"},
        )


@admin.register(CandidateDocument)
class CandidateDocumentAdmin(ScopedThroughAdmin):
    list_display = (
        "original_name",
        "candidate",
        "kind",
        "content_type",
        "size",
        "parse_status",
        "created_at",
    )
    list_filter = ("kind", "parse_status", "content_type")
    search_fields = ("original_name", "candidate__email", "candidate__last_name", "sha256")
    list_select_related = ("candidate",)
    autocomplete_fields = ("candidate",)
    readonly_fields = (
        "candidate",
        "file",
        "original_name",
        "content_type",
        "extension",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
        "text",
        "parse_status",
        "parse_error",
        "parsed",
        "parsed_at",
    )

    def has_add_permission(self, request) -> bool:
        # Uploads go through the candidate page, which checks size and type from the bytes.
        return False


@admin.register(Activity)
class ActivityAdmin(ScopedThroughAdmin):
    list_display = ("created_at", "candidate", "verb", "actor", "subject_type")
    list_filter = ("verb", "subject_type")
    search_fields = ("verb", "candidate__email", "candidate__last_name")
    list_select_related = ("candidate", "actor", "subject_type")
    date_hierarchy = "created_at"

    # The timeline is append-only, in the admin too.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(ScopedThroughAdmin):
    list_display = ("candidate", "purpose", "wording_version", "how", "given_at", "withdrawn_at")
    list_filter = ("purpose", "wording_version", "withdrawn_at")
    search_fields = ("candidate__email", "candidate__last_name", "how")
    autocomplete_fields = ("candidate",)
    list_select_related = ("candidate",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "aliases")
    search_fields = ("name",)


@admin.register(CandidateEmail)
class CandidateEmailAdmin(ScopedThroughAdmin):
    list_display = ("email", "candidate", "added_at")
    search_fields = ("email", "candidate__last_name")
    autocomplete_fields = ("candidate",)
    list_select_related = ("candidate",)


@admin.register(CandidatePhone)
class CandidatePhoneAdmin(CandidateEmailAdmin):
    list_display = ("number", "candidate", "added_at")
    search_fields = ("number", "candidate__last_name")


@admin.register(Note)
class NoteAdmin(ScopedThroughAdmin):
    list_display = ("created_at", "candidate", "author", "is_private", "body")
    list_filter = ("is_private",)
    search_fields = ("body", "candidate__last_name", "candidate__email")
    autocomplete_fields = ("candidate", "author", "mentions")
    list_select_related = ("candidate", "author")
    readonly_fields = ("created_at",)


@admin.register(DataRequest)
class DataRequestAdmin(ScopedThroughAdmin):
    """People's requests for a copy or the deletion of their data, open ones oldest first."""

    list_display = ("requested_at", "candidate", "kind", "status", "how", "handled_by")
    list_filter = ("status", "kind")
    search_fields = ("candidate__email", "candidate__last_name")
    list_select_related = ("candidate", "handled_by")
    autocomplete_fields = ("candidate",)
    readonly_fields = ("candidate", "kind", "how", "message", "requested_at", "handled_by",
                       "handled_at")  # fmt: skip
    fields = (*readonly_fields, "status")

    def save_model(self, request, obj, form, change) -> None:
        if change and "status" in form.changed_data:
            data_request_close(data_request=obj, status=obj.status, actor=request.user)
        else:
            super().save_model(request, obj, form, change)
