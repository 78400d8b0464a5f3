"""Input validation: the errors come back field by field, with codes, nested as the input is."""

from api import data
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


class ReaderSerializer(serializers.Serializer):
    """A nested object: its errors nest under ``owner``."""

    name = serializers.CharField(max_length=50)
    email = serializers.EmailField()


class EntrySerializer(serializers.Serializer):
    """One item of a list: its errors sit at the item's index, its own non-field errors too."""

    isbn = serializers.RegexField(r"^97[89]\d{10}$")
    finished = serializers.BooleanField(default=False)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)

    def validate(self, attrs):
        if "rating" in attrs and not attrs["finished"]:
            raise serializers.ValidationError("Only a finished book can be rated.")
        return attrs


class ReadingListSerializer(serializers.Serializer):
    """A reading list: field, nested (``owner``), list (``entries``, ``tags``) and non-field errors.

    ``save()`` creates a list (POST) or updates one (PUT, and PATCH with ``partial=True``) in the
    in-memory ``READING_LISTS``.
    """

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    owner = ReaderSerializer()
    entries = EntrySerializer(many=True, allow_empty=False)
    tags = serializers.ListField(child=serializers.SlugField(max_length=20), required=False)

    def validate(self, attrs):
        isbns = [entry["isbn"] for entry in attrs.get("entries", [])]
        if len(isbns) != len(set(isbns)):
            raise serializers.ValidationError("A reading list cannot hold the same book twice.")
        return attrs

    def create(self, validated_data):
        return data.add_reading_list(validated_data)

    def update(self, instance, validated_data):
        instance.update(validated_data)
        return instance
