"""Interview and feedback reminders: the Reminder rows the beat task sends, and the email
templates admins can reword (interview reminders to candidates and interviewers, feedback
reminders)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def create_templates(apps, schema_editor):
    from ats.services.reminders import TEMPLATES

    EmailTemplate = apps.get_model("messaging", "EmailTemplate")
    for purpose, fields in TEMPLATES.items():
        EmailTemplate.objects.get_or_create(purpose=purpose, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0009_interviews"),
        ("messaging", "0002_scheduled_emails"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Reminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "recipient_kind",
                    models.CharField(
                        choices=[("candidate", "Candidate"), ("interviewer", "Interviewer")],
                        max_length=12,
                    ),
                ),
                ("recipient_key", models.CharField(editable=False, max_length=40)),
                (
                    "kind",
                    models.CharField(
                        help_text="before_24h, before_1h, feedback_1, ...", max_length=20
                    ),
                ),
                (
                    "occurrence",
                    models.DateTimeField(help_text="The interview's start this reminder is about."),
                ),
                ("due_at", models.DateTimeField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("sent", "Sent"),
                            ("cancelled", "Cancelled"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                (
                    "note",
                    models.CharField(blank=True, help_text="Why it was not sent.", max_length=300),
                ),
                ("recipient_email", models.EmailField(blank=True, max_length=254)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "email",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="messaging.outboundemail",
                    ),
                ),
                (
                    "interview",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="ats.interview",
                    ),
                ),
                (
                    "recipient_user",
                    models.ForeignKey(
                        blank=True,
                        help_text="The interviewer; empty for the candidate.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interview_reminders",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["due_at", "id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("status", "pending")),
                        fields=["due_at", "id"],
                        name="reminder_due_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("interview", "recipient_key", "kind", "occurrence"),
                        name="reminder_once",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("recipient_kind", "candidate"), ("recipient_user__isnull", True)
                            ),
                            models.Q(
                                ("recipient_kind", "interviewer"), ("recipient_user__isnull", False)
                            ),
                            _connector="OR",
                        ),
                        name="reminder_recipient_matches_kind",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_templates, migrations.RunPython.noop),
    ]
