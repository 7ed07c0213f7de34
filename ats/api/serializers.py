"""Serializers of the ATS API. They read and parse; the services decide and write.

Blind review: where ats.selectors.is_blind_for says the caller may not know who applied, an
application's candidate is an alias ("Candidate #<application id>") and nothing else.
"""

from datetime import timedelta

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ats.models import (
    Application,
    Department,
    Job,
    PipelineTemplate,
    RejectionReason,
    Stage,
)
from ats.selectors import is_blind_for
from ats.services.jobs import EDITABLE_FIELDS
from recruit.accounts.permissions import visible_to
from recruit.candidates.models import Candidate, Skill, Source
from recruit.messaging.models import EmailTemplate

MAX_EMAIL_DELAY_MINUTES = 14 * 24 * 60


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row the caller may see: a hidden one reads as unknown, never as forbidden."""

    def get_queryset(self) -> QuerySet:
        return visible_to(self.context["request"].user, super().get_queryset())


# Reading.


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "kind", "position"]
        read_only_fields = fields


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]
        read_only_fields = fields


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "name"]
        read_only_fields = fields


class JobSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = ["id", "title", "status"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "kind", "name"]
        read_only_fields = fields


class RejectionReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectionReason
        fields = ["id", "name"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    department = DepartmentSerializer(allow_null=True)
    required_skills = SkillSerializer(many=True)
    preferred_skills = SkillSerializer(many=True)

    class Meta:
        model = Job
        fields = [
            "id", "title", "slug", "status", "closed_reason", "department", "location",
            "remote_policy", "remote_countries", "employment_type", "seniority", "openings",
            "salary_min", "salary_max", "salary_currency", "salary_period", "salary_published",
            "description", "description_html", "required_skills", "preferred_skills",
            "min_years_experience", "target_hire_date", "internal_notes", "blind_review",
            "created_at", "updated_at", "opened_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = fields


class ApplicationCandidateSerializer(serializers.Serializer):
    """Who applied, or only an alias when blind review hides them from the caller."""

    display_name = serializers.CharField(help_text="The name, or the alias under blind review.")
    blind = serializers.BooleanField(help_text="Identity hidden by blind review.")
    id = serializers.IntegerField(required=False)
    first_name = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    location = serializers.CharField(required=False)
    current_title = serializers.CharField(required=False)
    current_company = serializers.CharField(required=False)
    linkedin_url = serializers.CharField(required=False)
    github_url = serializers.CharField(required=False)
    portfolio_url = serializers.CharField(required=False)

    IDENTITY = [
        "id", "first_name", "last_name", "email", "phone", "location", "current_title",
        "current_company", "linkedin_url", "github_url", "portfolio_url",
    ]  # fmt: skip


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as the caller may see it. Needs candidate, job, stage, source and
    rejection_reason selected with it (the viewsets do)."""

    candidate = serializers.SerializerMethodField()
    job = JobSummarySerializer()
    stage = StageSerializer()
    source = SourceSerializer(allow_null=True)
    rejection_reason = RejectionReasonSerializer(allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id", "candidate", "job", "stage", "status", "source", "answers", "knockout_failed",
            "match_score", "match_details", "applied_at", "stage_entered_at", "rejected_at",
            "rejection_reason", "rejection_note", "keep_in_touch", "withdrawn_at", "hired_at",
            "version", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ApplicationCandidateSerializer)
    def get_candidate(self, application: Application) -> dict:
        user = self.context["request"].user
        if is_blind_for(user=user, job=application.job, stage=application.stage):
            return {"display_name": f"Candidate #{application.pk}", "blind": True}
        candidate: Candidate = application.candidate
        identity = {
            name: getattr(candidate, name) for name in ApplicationCandidateSerializer.IDENTITY
        }
        return {"display_name": str(candidate), "blind": False, **identity}


# Writing: each serializer parses one service call's arguments.


class JobWriteSerializer(serializers.ModelSerializer):
    """The fields of job_create / job_update. `pipeline` (creating only) picks the pipeline
    template whose stages the job copies; the default one otherwise."""

    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    required_skills = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), many=True, required=False
    )
    preferred_skills = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(), many=True, required=False
    )
    pipeline = serializers.PrimaryKeyRelatedField(
        queryset=PipelineTemplate.objects.all(), required=False, write_only=True
    )

    class Meta:
        model = Job
        fields = [
            "title", "pipeline", *sorted(EDITABLE_FIELDS), "required_skills", "preferred_skills"
        ]  # fmt: skip

    def validate_pipeline(self, value):
        if self.instance is not None:
            raise serializers.ValidationError("A job's pipeline is chosen when it is created.")
        return value


class JobStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Job.Status.choices)
    reason = serializers.ChoiceField(
        choices=Job.ClosedReason.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why the job closes (filled or cancelled); required when closing.",
    )


class StagesReorderSerializer(serializers.Serializer):
    stages = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every stage id of the job, in the new order."
    )


class ApplicationCreateSerializer(serializers.Serializer):
    candidate = VisiblePrimaryKeyRelatedField(queryset=Candidate.objects.all())
    job = VisiblePrimaryKeyRelatedField(queryset=Job.objects.filter(is_template=False))
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, allow_null=True
    )
    answers = serializers.DictField(required=False, default=dict)


class VersionedSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you last saw; if the application changed since, nothing is "
        "written and the answer is 409.",
    )


class MoveSerializer(VersionedSerializer):
    stage = serializers.PrimaryKeyRelatedField(
        queryset=Stage.objects.none(),
        help_text="A stage of the application's job.",
        error_messages={
            "does_not_exist": "Stage {pk_value} is not a stage of this application's job.",
            "incorrect_type": "A stage is given by its id (a number), not {data_type}.",
        },
    )
    note = serializers.CharField(required=False, default="", allow_blank=True)

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None:  # without one (the schema), no stage is valid
            self.fields["stage"].queryset = Stage.objects.filter(job_id=application.job_id)


class RejectSerializer(VersionedSerializer):
    reason = serializers.PrimaryKeyRelatedField(
        queryset=RejectionReason.objects.all(),
        error_messages={"required": "Give a rejection reason (its id)."},
    )
    note = serializers.CharField(required=False, default="", allow_blank=True)
    keep_in_touch = serializers.BooleanField(required=False, default=False)
    email_template = serializers.PrimaryKeyRelatedField(
        queryset=EmailTemplate.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Email the candidate this template after the delay (cancellable until then).",
    )
    email_delay_minutes = serializers.IntegerField(
        required=False, default=60, min_value=0, max_value=MAX_EMAIL_DELAY_MINUTES
    )

    def validated_options(self) -> dict:
        """application_reject's keyword arguments."""
        data = dict(self.validated_data)
        data["email_delay"] = timedelta(minutes=data.pop("email_delay_minutes"))
        return data


class WithdrawSerializer(VersionedSerializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ConflictSerializer(serializers.Serializer):
    """409: someone else changed the application first; nothing was written."""

    detail = serializers.CharField()
    code = serializers.CharField()
    version = serializers.IntegerField(help_text="The application's current version.")
    stage = serializers.IntegerField(help_text="Its current stage id.")
    status = serializers.CharField(help_text="Its current status.")
