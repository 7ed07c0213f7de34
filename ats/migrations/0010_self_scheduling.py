"""Self-scheduling: interviewers' weekly availability, scheduling requests with the slots they
offer, and the email that brings the candidate their link (editable in the admin)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import recruit.accounts.models

INVITE_PURPOSE = "interview-self-schedule"
INVITE_SUBJECT = "Pick a time for your {{ interview.title }} at {{ company.name }}"
INVITE_TEXT = """Hello {{ candidate.first_name|default:"there" }},

Thank you for your interest in {{ job.title }} at {{ company.name }}. We would like to invite
you to a {{ interview.title }} ({{ interview.duration }}). Please pick the time that suits you
best here; you will see the times in your own time zone:
{{ schedule.url }}

The link works until {{ schedule.expires }}. Once you have booked, the same link lets you move
or cancel the interview up to {{ schedule.notice }} before it starts.

{{ company.name }}
"""


def create_email(apps, schema_editor):
    EmailTemplate = apps.get_model("messaging", "EmailTemplate")
    EmailTemplate.objects.get_or_create(
        purpose=INVITE_PURPOSE,
        defaults={
            "name": "Interview: pick a time",
            "subject": INVITE_SUBJECT,
            "text_body": INVITE_TEXT,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0009_interviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Availability",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "Monday"),
                            (1, "Tuesday"),
                            (2, "Wednesday"),
                            (3, "Thursday"),
                            (4, "Friday"),
                            (5, "Saturday"),
                            (6, "Sunday"),
                        ]
                    ),
                ),
                ("start_time", models.TimeField()),
                ("end_time", models.TimeField()),
                (
                    "time_zone",
                    models.CharField(
                        help_text="IANA name, e.g. Europe/Berlin.",
                        max_length=64,
                        validators=[recruit.accounts.models.validate_time_zone],
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="availability",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "availability",
                "ordering": ["user", "weekday", "start_time", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_time__gt", models.F("start_time"))),
                        name="availability_ends_after_start",
                        violation_error_message="Availability must end after it starts.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("weekday__lte", 6)), name="availability_weekday_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SchedulingRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("duration_minutes", models.PositiveSmallIntegerField()),
                (
                    "time_zone",
                    models.CharField(
                        help_text="The zone the times are shown in until the candidate picks "
                        "theirs.",
                        max_length=64,
                        validators=[recruit.accounts.models.validate_time_zone],
                    ),
                ),
                ("location", models.CharField(blank=True, max_length=300)),
                ("video_url", models.URLField(blank=True, max_length=500)),
                ("notes_for_interviewers", models.TextField(blank=True)),
                ("notes_for_candidate", models.TextField(blank=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("expires_at", models.DateTimeField(help_text="No time can be booked after this.")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scheduling_requests",
                        to="ats.application",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "interview",
                    models.OneToOneField(
                        blank=True,
                        help_text="The interview booked through it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="scheduling_request",
                        to="ats.interview",
                    ),
                ),
                (
                    "interviewers",
                    models.ManyToManyField(related_name="+", to=settings.AUTH_USER_MODEL),
                ),
                (
                    "step",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="ats.interviewstep",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["application", "created_at"], name="scheduling_app_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="Slot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start_at", models.DateTimeField(help_text="UTC.")),
                ("end_at", models.DateTimeField(help_text="UTC.")),
                (
                    "interview",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="slot",
                        to="ats.interview",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="ats.schedulingrequest",
                    ),
                ),
            ],
            options={
                "ordering": ["request", "start_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_at__gt", models.F("start_at"))),
                        name="slot_ends_after_start",
                        violation_error_message="A slot must end after it starts.",
                    ),
                    models.UniqueConstraint(
                        fields=("request", "start_at"), name="slot_once_per_request"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("interview__isnull", False)),
                        fields=("request",),
                        name="one_booked_slot_per_request",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_email, migrations.RunPython.noop),
    ]
