from django.apps import AppConfig


class RecruitConfig(AppConfig):
    """The project itself, installed so that its deployment checks register."""

    name = "recruit"
    verbose_name = "Recruit"

    def ready(self) -> None:
        from recruit import checks  # noqa: F401
