from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = "Applicant tracking"

    def ready(self) -> None:
        from ats import permissions, receivers  # noqa: F401 (they register on import)
        from ats.views import applications  # noqa: F401 (adds sections to the candidate page)
