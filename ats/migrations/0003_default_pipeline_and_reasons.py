"""The default pipeline every new job copies, and a starting list of rejection reasons
(both editable in the admin)."""

from django.db import migrations

DEFAULT_STAGES = [
    ("Applied", "applied"),
    ("Screen", "screen"),
    ("Phone interview", "interview"),
    ("Onsite", "interview"),
    ("Offer", "offer"),
    ("Hired", "hired"),
]
REASONS = [
    "Not enough relevant experience",
    "Missing required skills",
    "Location or work authorisation",
    "Salary expectations",
    "Another candidate was a better fit",
    "Did not pass the interviews",
    "Position filled or closed",
    "Unresponsive",
]


def create(apps, schema_editor):
    Template = apps.get_model("ats", "PipelineTemplate")
    Stage = apps.get_model("ats", "PipelineTemplateStage")
    template, created = Template.objects.get_or_create(
        name="Default pipeline", defaults={"is_default": True}
    )
    if created:
        Stage.objects.bulk_create(
            Stage(template=template, name=name, kind=kind, position=position)
            for position, (name, kind) in enumerate(DEFAULT_STAGES)
        )
    Reason = apps.get_model("ats", "RejectionReason")
    for position, name in enumerate(REASONS):
        Reason.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("ats", "0002_pipelines_applications")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
