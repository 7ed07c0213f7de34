from rest_framework import serializers

from recruit.candidates.models import Candidate


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
