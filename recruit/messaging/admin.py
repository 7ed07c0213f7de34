from django.contrib import admin

from recruit.accounts.permissions import ScopedAdmin
from recruit.messaging.models import EmailTemplate, OutboundEmail, Suppression


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "purpose", "kind", "subject", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "purpose", "subject")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"purpose": ("name",)}


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ScopedAdmin):
    list_display = ("created_at", "to_email", "subject", "kind", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "template")
    search_fields = ("to_email", "subject", "esp_message_id")
    date_hierarchy = "created_at"
    list_select_related = ("template",)
    autocomplete_fields = ("candidate", "user")

    # The outbound log is a record of what happened; nobody edits it.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ("email", "reason", "marketing_only", "created_at", "note")
    list_filter = ("reason", "marketing_only")
    search_fields = ("email", "note")
    readonly_fields = ("created_at",)
