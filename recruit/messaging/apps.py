from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "recruit.messaging"
    label = "messaging"
    verbose_name = "Email"
