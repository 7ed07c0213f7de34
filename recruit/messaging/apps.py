from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "recruit.messaging"
    label = "messaging"
    verbose_name = "Email"

    def ready(self) -> None:
        from recruit.messaging import receivers  # noqa: F401 (connects on import)
