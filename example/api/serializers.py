"""Input validation for books: the errors come back field by field, with codes."""

from restframe import serializers


class BookSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    isbn = serializers.RegexField(r"^97[89]\d{10}$")
    year = serializers.IntegerField(min_value=1450, max_value=2100)
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False)

    def validate(self, attrs):
        if "draft" in attrs.get("tags", []) and attrs["year"] < 2000:
            raise serializers.ValidationError("Old books cannot be drafts.")
        return attrs
