from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "recruit.candidates"
    label = "candidates"
    verbose_name = "Candidates"
