from rest_framework import serializers

from recruit.candidates.models import Candidate, Note
from recruit.candidates.services import MAX_NOTE_LENGTH


class CandidateSerializer(serializers.ModelSerializer):
    source = serializers.StringRelatedField()
    owner = serializers.StringRelatedField()
    tags = serializers.StringRelatedField(many=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "location",
            "current_title",
            "current_company",
            "linkedin_url",
            "github_url",
            "portfolio_url",
            "summary",
            "source",
            "owner",
            "tags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Note
        fields = ["id", "body", "is_private", "author", "created_at"]
        read_only_fields = fields


class NoteCreateSerializer(serializers.Serializer):
    """A note to add. Private notes are for the recruiting team only (note_add says so)."""

    body = serializers.CharField(max_length=MAX_NOTE_LENGTH)
    is_private = serializers.BooleanField(default=False)
