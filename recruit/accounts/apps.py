from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recruit.accounts"
    label = "accounts"
    verbose_name = "Accounts"
