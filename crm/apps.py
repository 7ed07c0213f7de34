from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "Recruitment CRM"

    def ready(self) -> None:
        from crm import receivers

        receivers.connect()
