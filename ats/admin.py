from django.contrib import admin

from ats.models import Department, Job
from recruit.accounts.permissions import ScopedAdmin


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ("title", "department", "location", "employment_type", "status", "created_at")
    list_filter = ("status", "department", "employment_type")
    search_fields = ("title", "location")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("department",)
    readonly_fields = ("created_at", "opened_at", "closed_at")
    list_select_related = ("department",)
