"""Writes of the ATS. Each function runs in a transaction and records its own history."""

from ats.services.applications import (
    ApplicationConflict,
    application_bulk_move,
    application_bulk_reject,
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_rejection_email_cancel,
    application_reopen,
    application_withdraw,
)
from ats.services.jobs import (
    job_clone,
    job_create,
    job_member_add,
    job_member_remove,
    job_set_status,
    job_update,
    stage_add,
    stage_remove,
    stage_rename,
    stages_reorder,
)
from ats.services.matching import match_refresh, match_refresh_for_candidate, match_refresh_for_job

__all__ = [
    "ApplicationConflict",
    "application_bulk_move",
    "application_bulk_reject",
    "application_create",
    "application_hire",
    "application_move",
    "application_reject",
    "application_rejection_email_cancel",
    "application_reopen",
    "application_withdraw",
    "job_clone",
    "job_create",
    "job_member_add",
    "job_member_remove",
    "job_set_status",
    "job_update",
    "match_refresh",
    "match_refresh_for_candidate",
    "match_refresh_for_job",
    "stage_add",
    "stage_remove",
    "stage_rename",
    "stages_reorder",
]
