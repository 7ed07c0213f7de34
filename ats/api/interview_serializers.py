"""Serializers of the interview and scorecard API. They read and parse; ats.services.interviews
and ats.services.scorecards decide and write.

Times are ISO 8601. Read, they are UTC. Written, a time with an offset is that instant; one
without an offset is a wall-clock time in the interview's `time_zone`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ats.models import (
    Application,
    Interview,
    InterviewParticipant,
    InterviewStep,
    Rating,
    Scorecard,
    ScorecardRating,
    ScorecardRevision,
)
from ats.selectors import is_blind_for
from recruit.accounts.models import User
from recruit.accounts.permissions import visible_to


class _Visible(serializers.PrimaryKeyRelatedField):
    """An id of a row the caller may see: a hidden one reads as unknown, never forbidden."""

    def get_queryset(self):
        return visible_to(self.context["request"].user, super().get_queryset())


class WallClockDateTimeField(serializers.DateTimeField):
    """Keeps a time without an offset naive: the service reads it in the interview's zone
    (DRF would otherwise read it in the server's zone)."""

    def enforce_timezone(self, value):
        return value


# Reading


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "email"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    user = PersonSerializer()

    class Meta:
        model = InterviewParticipant
        fields = ["user", "response_status"]
        read_only_fields = fields


class StepSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = InterviewStep
        fields = ["id", "name", "duration_minutes"]
        read_only_fields = fields


class InterviewCandidateSerializer(serializers.Serializer):
    display_name = serializers.CharField(help_text="The name, or an alias under blind review.")
    blind = serializers.BooleanField(help_text="Identity hidden by blind review.")
    id = serializers.IntegerField(required=False, help_text="Absent under blind review.")


class InterviewSerializer(serializers.ModelSerializer):
    """An interview. Needs application (its candidate, job, stage), step, organizer and
    participants (with users) loaded with it (the viewset does)."""

    candidate = serializers.SerializerMethodField()
    job = serializers.IntegerField(source="application.job_id", read_only=True)
    step = StepSummarySerializer(allow_null=True)
    organizer = PersonSerializer(allow_null=True)
    participants = ParticipantSerializer(many=True)

    class Meta:
        model = Interview
        fields = [
            "id", "application", "candidate", "job", "step", "title", "status", "start_at",
            "end_at", "time_zone", "location", "video_url", "notes_for_interviewers",
            "notes_for_candidate", "organizer", "participants", "ical_uid", "sequence",
            "cancelled_at", "cancellation_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(InterviewCandidateSerializer)
    def get_candidate(self, interview: Interview) -> dict:
        application = interview.application
        user = self.context["request"].user
        if is_blind_for(user=user, job=application.job, stage=application.stage):
            return {"display_name": f"Candidate #{application.pk}", "blind": True}
        return {"display_name": str(application.candidate), "blind": False,
                "id": application.candidate_id}  # fmt: skip


class RatingSerializer(serializers.ModelSerializer):
    attribute = serializers.IntegerField(source="attribute_id")
    category = serializers.CharField(source="attribute.category")
    name = serializers.CharField(source="attribute.name")

    class Meta:
        model = ScorecardRating
        fields = ["attribute", "category", "name", "rating", "note"]
        read_only_fields = fields


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardRevision
        fields = ["number", "overall", "notes", "ratings", "submitted_at", "replaced_at", "reason"]
        read_only_fields = fields


class ScorecardSerializer(serializers.ModelSerializer):
    """A scorecard the caller may read (blind feedback applied by the queryset)."""

    application = serializers.IntegerField(source="interview.application_id", read_only=True)
    interviewer = PersonSerializer()
    ratings = RatingSerializer(many=True)
    revisions = RevisionSerializer(many=True, help_text="Earlier versions, oldest first.")

    class Meta:
        model = Scorecard
        fields = [
            "id", "interview", "application", "interviewer", "overall", "notes", "ratings",
            "submitted_at", "amended_at", "revisions",
        ]  # fmt: skip
        read_only_fields = fields


# Writing: each serializer parses one service call's arguments.


class _InterviewDetailsSerializer(serializers.Serializer):
    start = WallClockDateTimeField(help_text="With an offset, or wall-clock in `time_zone`.")
    end = WallClockDateTimeField(help_text="With an offset, or wall-clock in `time_zone`.")
    time_zone = serializers.CharField(max_length=64, help_text="An IANA name: Europe/Berlin.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    location = serializers.CharField(required=False, allow_blank=True, max_length=300)
    video_url = serializers.CharField(required=False, allow_blank=True, max_length=500)
    notes_for_interviewers = serializers.CharField(required=False, allow_blank=True)
    notes_for_candidate = serializers.CharField(required=False, allow_blank=True)
    allow_clash = serializers.BooleanField(
        required=False, default=False,
        help_text="Schedule even when interviewers have another interview then.",
    )  # fmt: skip


class InterviewScheduleSerializer(_InterviewDetailsSerializer):
    application = _Visible(queryset=Application.objects.all())
    step = serializers.PrimaryKeyRelatedField(
        queryset=InterviewStep.objects.all(), required=False, allow_null=True, default=None,
        help_text="An interview step of the application's job.",
    )  # fmt: skip
    interviewers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, allow_empty=True,
        help_text="User ids, all on the job's hiring team.",
    )  # fmt: skip


class InterviewRescheduleSerializer(_InterviewDetailsSerializer):
    interviewers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False,
        help_text="User ids; leave out to keep the interviewers.",
    )  # fmt: skip


class InterviewCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class RatingInputSerializer(serializers.Serializer):
    attribute = serializers.IntegerField(help_text="A focus attribute of the interview step.")
    rating = serializers.ChoiceField(choices=Rating.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class _ScorecardContentSerializer(serializers.Serializer):
    overall = serializers.ChoiceField(choices=Rating.choices)
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    ratings = RatingInputSerializer(many=True, required=False, default=list)

    def validate_ratings(self, ratings: list[dict]) -> list[dict]:
        ids = [rating["attribute"] for rating in ratings]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Rate each attribute once.")
        return ratings

    def content(self) -> dict:
        """overall, notes and ratings as the services take them."""
        data = self.validated_data
        ratings = {r["attribute"]: (r["rating"], r["note"]) for r in data["ratings"]}
        return {"overall": data["overall"], "notes": data["notes"], "ratings": ratings}


class ScorecardSubmitSerializer(_ScorecardContentSerializer):
    interview = _Visible(queryset=Interview.objects.all())
    interviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False,
        help_text="Whose feedback it is: you, unless the recruiting team enters it for someone.",
    )  # fmt: skip


class ScorecardAmendSerializer(_ScorecardContentSerializer):
    reason = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Why it is amended."
    )
