"""Interviews and scorecards: templates, interview steps per stage, interviews with their
participants, scorecards with ratings and revisions."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import ats.models
import recruit.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0008_careers_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ScorecardAttribute",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "category",
                    models.CharField(blank=True, help_text="e.g. Skills, Traits.", max_length=80),
                ),
                ("name", models.CharField(max_length=120)),
                ("position", models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                "ordering": ["template", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="ScorecardTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True)),
                ("description", models.TextField(blank=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="InterviewStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                ("duration_minutes", models.PositiveSmallIntegerField(default=60)),
                ("interviewers_needed", models.PositiveSmallIntegerField(default=1)),
                (
                    "instructions",
                    models.TextField(blank=True, help_text="The interview kit, for interviewers."),
                ),
                ("suggested_questions", models.TextField(blank=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "stage",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interview_steps",
                        to="ats.stage",
                    ),
                ),
                (
                    "scorecard_template",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="steps",
                        to="ats.scorecardtemplate",
                    ),
                ),
            ],
            options={
                "ordering": ["stage", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="Interview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("start_at", models.DateTimeField(help_text="UTC.")),
                ("end_at", models.DateTimeField(help_text="UTC.")),
                (
                    "time_zone",
                    models.CharField(
                        default="UTC",
                        help_text="The zone it was scheduled in (IANA name, e.g. Europe/Berlin).",
                        max_length=64,
                        validators=[recruit.accounts.models.validate_time_zone],
                    ),
                ),
                ("location", models.CharField(blank=True, max_length=300)),
                ("video_url", models.URLField(blank=True, max_length=500)),
                ("notes_for_interviewers", models.TextField(blank=True)),
                ("notes_for_candidate", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("cancelled", "Cancelled"),
                            ("completed", "Completed"),
                        ],
                        default="scheduled",
                        max_length=10,
                    ),
                ),
                (
                    "ical_uid",
                    models.CharField(
                        default=ats.models.new_ical_uid, editable=False, max_length=255, unique=True
                    ),
                ),
                ("sequence", models.PositiveIntegerField(default=0)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                ("cancellation_reason", models.TextField(blank=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interviews",
                        to="ats.application",
                    ),
                ),
                (
                    "organizer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "step",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="interviews",
                        to="ats.interviewstep",
                    ),
                ),
            ],
            options={
                "ordering": ["start_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Scorecard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "overall",
                    models.CharField(
                        choices=[
                            ("strong_no", "Strong no"),
                            ("no", "No"),
                            ("yes", "Yes"),
                            ("strong_yes", "Strong yes"),
                        ],
                        max_length=10,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("amended_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "interview",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scorecards",
                        to="ats.interview",
                    ),
                ),
                (
                    "interviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="scorecards",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["submitted_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="ScorecardRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rating",
                    models.CharField(
                        choices=[
                            ("strong_no", "Strong no"),
                            ("no", "No"),
                            ("yes", "Yes"),
                            ("strong_yes", "Strong yes"),
                        ],
                        max_length=10,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "attribute",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ratings",
                        to="ats.scorecardattribute",
                    ),
                ),
                (
                    "scorecard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="ats.scorecard",
                    ),
                ),
            ],
            options={
                "ordering": ["scorecard", "attribute__position", "attribute_id"],
            },
        ),
        migrations.CreateModel(
            name="ScorecardRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                (
                    "overall",
                    models.CharField(
                        choices=[
                            ("strong_no", "Strong no"),
                            ("no", "No"),
                            ("yes", "Yes"),
                            ("strong_yes", "Strong yes"),
                        ],
                        max_length=10,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                ("ratings", models.JSONField(blank=True, default=list)),
                (
                    "submitted_at",
                    models.DateTimeField(help_text="When this content was submitted."),
                ),
                ("replaced_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("reason", models.TextField(blank=True, help_text="Why it was amended.")),
                (
                    "replaced_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scorecard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="ats.scorecard",
                    ),
                ),
            ],
            options={
                "ordering": ["scorecard", "number"],
            },
        ),
        migrations.AddField(
            model_name="scorecardattribute",
            name="template",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attributes",
                to="ats.scorecardtemplate",
            ),
        ),
        migrations.CreateModel(
            name="InterviewParticipant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "response_status",
                    models.CharField(
                        choices=[
                            ("needs_action", "Not answered"),
                            ("accepted", "Accepted"),
                            ("tentative", "Tentative"),
                            ("declined", "Declined"),
                        ],
                        default="needs_action",
                        max_length=12,
                    ),
                ),
                ("responded_at", models.DateTimeField(blank=True, null=True)),
                (
                    "interview",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participants",
                        to="ats.interview",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interview_participations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["interview", "id"],
                "indexes": [
                    models.Index(fields=["user", "interview"], name="participant_user_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("interview", "user"), name="interview_participant_once"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(
                fields=["status", "start_at", "end_at"], name="interview_calendar_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(
                fields=["application", "start_at"], name="interview_application_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(fields=["status", "end_at"], name="interview_ended_idx"),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_at__gt", models.F("start_at"))),
                name="interview_ends_after_start",
                violation_error_message="An interview must end after it starts.",
            ),
        ),
        migrations.AddIndex(
            model_name="scorecard",
            index=models.Index(fields=["interviewer", "interview"], name="scorecard_author_idx"),
        ),
        migrations.AddConstraint(
            model_name="scorecard",
            constraint=models.UniqueConstraint(
                fields=("interview", "interviewer"), name="one_scorecard_each"
            ),
        ),
        migrations.AddConstraint(
            model_name="scorecardrating",
            constraint=models.UniqueConstraint(
                fields=("scorecard", "attribute"), name="one_rating_each"
            ),
        ),
        migrations.AddConstraint(
            model_name="scorecardrevision",
            constraint=models.UniqueConstraint(
                fields=("scorecard", "number"), name="scorecard_revision_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="scorecardattribute",
            constraint=models.UniqueConstraint(
                fields=("template", "category", "name"), name="scorecard_attribute_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="interviewstep",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__gt", 0)), name="interview_step_has_duration"
            ),
        ),
    ]
