from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = "Applicant tracking"

    def ready(self) -> None:
        # They register on import (candidate_filters: the Candidates list's job/stage filters;
        # reminder_receivers: interview reminders follow their interview).
        from ats import candidate_filters, permissions, receivers, reminder_receivers  # noqa: F401
        from ats.views import applications  # noqa: F401 (adds sections to the candidate page)
