from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CandidatesConfig(AppConfig):
    name = "recruit.candidates"
    label = "candidates"
    verbose_name = "Candidates"

    def ready(self) -> None:
        from recruit.candidates import receivers  # noqa: F401 (search vectors, on import)
        from recruit.candidates.models import Skill
        from recruit.candidates.resumes import skills_changed

        post_save.connect(skills_changed, sender=Skill, dispatch_uid="skills-changed-save")
        post_delete.connect(skills_changed, sender=Skill, dispatch_uid="skills-changed-delete")
