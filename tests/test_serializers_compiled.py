"""The serializers' fast paths (issue 11) give exactly DRF's results.

Each test runs the same declaration under restframe and under DRF 3.18 (installed next to it) and
compares what a user sees: ``is_valid()``, ``errors`` (messages, codes, order), ``validated_data``
and ``data``. The cases aim at the shortcuts: validating with the class's shared field templates
(and falling back when an instance's fields, a hook or ``partial`` change the picture), the
messages remembered per translation, the stock validators checked inline, the direct attribute
reads of ``to_representation`` and the relational fields cloned from templates.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from restframe import serializers
from tests import models_model_serializer as M

drf_serializers = pytest.importorskip("rest_framework.serializers")

BOTH = pytest.mark.parametrize("s", [serializers, drf_serializers], ids=["restframe", "drf"])
ROLES = ("admin", "editor", "viewer")
VALID = {
    "name": "Ada",
    "age": 36,
    "email": "ada@example.com",
    "joined": "2024-01-02T03:04:05Z",
    "role": "admin",
}


def person(s: Any, **attrs: Any) -> Any:
    namespace = {
        "name": s.CharField(max_length=5, min_length=2),
        "age": s.IntegerField(min_value=0, max_value=150),
        "email": s.EmailField(),
        "joined": s.DateTimeField(),
        "role": s.ChoiceField(choices=ROLES),
        **attrs,
    }
    return type("PersonSerializer", (s.Serializer,), namespace)


def shown(value: Any) -> Any:
    """Errors with their codes, so a difference in either shows."""
    if isinstance(value, dict):
        return {key: shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shown(item) for item in value]
    return (str(value), getattr(value, "code", None))


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def outcome(serializer: Any) -> Any:
    valid = serializer.is_valid()
    return valid, shown(serializer.errors), plain(serializer.validated_data) if valid else None


def both(build: Any) -> tuple[Any, Any]:
    return build(serializers), build(drf_serializers)


INPUTS = [
    VALID,
    {**VALID, "age": "x", "email": "ada", "role": "root"},
    {**VALID, "name": "A", "age": -1},
    {**VALID, "name": "Ada Lovelace", "age": 151},
    {**VALID, "name": "a\x00b"},
    {**VALID, "name": "a\ud800b"},
    {**VALID, "name": "ab", "age": 0},
    {**VALID, "name": "abcde", "age": 150},
    {**VALID, "name": "  ", "email": ""},
    {"age": True},
    {},
    {**VALID, "joined": "yesterday", "name": 12},
]


@pytest.mark.parametrize("data", INPUTS)
def test_validation_matches_drf(data: dict[str, Any]) -> None:
    ours, theirs = both(lambda s: outcome(person(s)(data=data)))
    assert ours == theirs


@pytest.mark.parametrize("data", INPUTS)
def test_many_matches_drf(data: dict[str, Any]) -> None:
    items = [VALID, data, data]
    ours, theirs = both(lambda s: outcome(person(s)(data=items, many=True)))
    assert ours == theirs


def test_partial_skips_missing_fields_like_drf() -> None:
    ours, theirs = both(lambda s: outcome(person(s)(data={"age": "x"}, partial=True)))
    assert ours == theirs
    assert ours[1] == {"age": [("A valid integer is required.", "invalid")]}


def test_nested_in_a_partial_root_is_partial_too() -> None:
    def build(s: Any) -> Any:
        outer = type("Outer", (s.Serializer,), {"inner": person(s)()})
        return outcome(outer(data={"inner": {"age": 3}}, partial=True))

    ours, theirs = both(build)
    assert ours == theirs


def test_instance_fields_changed_before_validation_are_used() -> None:
    def build(s: Any) -> Any:
        serializer = person(s)(data={**VALID, "name": "toolongname"})
        serializer.fields["name"].max_length = None
        serializer.fields["name"].validators = []
        serializer.fields["age"].required = False
        return serializer

    ours, theirs = both(lambda s: outcome(build(s)))
    assert ours == theirs
    assert ours[0] is True


def test_validate_field_hooks_are_called() -> None:
    def build(s: Any) -> Any:
        def validate_name(self: Any, value: str) -> str:
            if value == "Bob":
                raise s.ValidationError("No Bob.")
            return value.upper()

        return person(s, validate_name=validate_name)

    for data in ({**VALID, "name": "Bob"}, VALID):
        ours, theirs = both(lambda s, data=data: outcome(build(s)(data=data)))
        assert ours == theirs


def test_hook_added_to_the_class_after_first_use_is_called() -> None:
    for s in (serializers, drf_serializers):
        cls = person(s)
        assert cls(data=VALID).is_valid()
        cls.validate_age = lambda self, value: value + 1
        serializer = cls(data=VALID)
        assert serializer.is_valid()
        assert serializer.validated_data["age"] == 37
        del cls.validate_age
        serializer = cls(data=VALID)
        assert serializer.is_valid()
        assert serializer.validated_data["age"] == 36


def test_hook_set_on_the_instance_is_called() -> None:
    for s in (serializers, drf_serializers):
        cls = person(s)
        assert cls(data=VALID).is_valid()
        serializer = cls(data=VALID)
        serializer.validate_role = lambda value: "viewer"
        assert serializer.is_valid()
        assert serializer.validated_data["role"] == "viewer"


def test_fields_read_after_validation_are_the_serializers_own() -> None:
    cls = person(serializers)
    first, second = cls(data=VALID), cls(data=VALID)
    assert first.is_valid() and second.is_valid()
    # Validation ran on the shared templates: no copies were made for it.
    assert "fields" not in first.__dict__
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first
    first.fields["name"].validators.append(lambda value: None)
    assert len(second.fields["name"].validators) == len(cls().fields["name"].validators)


def test_errors_follow_the_active_language_across_runs() -> None:
    cls = person(serializers)
    data = {**VALID, "age": "x"}
    seen = {}
    for language in ("fr", "en", "fr", "de", "en"):
        with translation.override(language):
            serializer = cls(data=data)
            serializer.is_valid()
            seen.setdefault(language, str(serializer.errors["age"][0]))
            assert str(serializer.errors["age"][0]) == seen[language]
    assert seen["en"] == "A valid integer is required."
    assert seen["fr"] != seen["en"]
    assert seen["de"] != seen["en"]


def test_validators_checked_inline_keep_djangos_messages() -> None:
    def build(s: Any) -> Any:
        from django.core.validators import MaxLengthValidator, MinValueValidator

        class Custom(s.Serializer):
            text = s.CharField(validators=[MaxLengthValidator(3, message="short please")])
            number = s.IntegerField(validators=[MinValueValidator(lambda: 5)])
            other = s.IntegerField(validators=[MinValueValidator(5.5)])

        return Custom

    for data in (
        {"text": "abcd", "number": 4, "other": 5},
        {"text": "abc", "number": 5, "other": 6},
    ):
        ours, theirs = both(lambda s, data=data: outcome(build(s)(data=data)))
        assert ours == theirs


class Missing:
    """An object whose attributes fail in the ways ``to_representation`` must handle."""

    title = "t"

    @property
    def broken(self) -> Any:
        raise AttributeError("nope")

    def shout(self) -> str:
        return "HI"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ({"broken": "CharField(default='d')"}, {"broken": "d"}),
        ({"broken": "CharField(allow_null=True)"}, {"broken": None}),
        ({"broken": "CharField(required=False)"}, {}),
        ({"shout": "CharField()"}, {"shout": "HI"}),
        ({"title": "CharField()"}, {"title": "t"}),
    ],
)
def test_representation_of_odd_attributes_matches_drf(
    declared: dict[str, str], expected: dict[str, Any]
) -> None:
    def build(s: Any) -> Any:
        attrs = {name: eval("s." + spec, {"s": s}) for name, spec in declared.items()}
        return dict(type("Odd", (s.Serializer,), attrs)(Missing()).data)

    ours, theirs = both(build)
    assert ours == theirs == expected


def test_missing_attribute_error_matches_drf() -> None:
    def build(s: Any) -> str:
        serializer = type("Odd", (s.Serializer,), {"broken": s.CharField()})(Missing())
        with pytest.raises(AttributeError) as info:
            serializer.data  # noqa: B018
        return str(info.value)

    ours, theirs = both(build)
    assert ours == theirs


@pytest.mark.django_db
def test_model_serializer_list_and_create_match_drf() -> None:
    author = M.MSAuthor.objects.create(name="a")
    other = M.MSAuthor.objects.create(name="b")
    books = [M.MSBook.objects.create(title=f"t{i}", author=author) for i in range(3)]
    books.append(M.MSBook.objects.create(title="e", author=other, editor=author))

    def build(s: Any) -> Any:
        class AuthorSerializer(s.ModelSerializer):
            class Meta:
                model = M.MSAuthor
                fields = ["id", "name"]

        class BookSerializer(s.ModelSerializer):
            author = s.PrimaryKeyRelatedField(queryset=M.MSAuthor.objects.all())
            writer = AuthorSerializer(source="author", read_only=True)

            class Meta:
                model = M.MSBook
                fields = ["id", "title", "author", "editor", "writer"]

        return AuthorSerializer, BookSerializer

    results = []
    for s in (serializers, drf_serializers):
        author_serializer, book_serializer = build(s)
        rows = list(M.MSBook.objects.select_related("author").order_by("id"))
        with CaptureQueriesContext(connection) as queries:
            listed = [dict(item) for item in book_serializer(rows, many=True).data]
        created = [
            outcome(book_serializer(data={"title": "x", "author": value}))
            for value in (author.pk, 999, "x", True)
        ]
        unique = outcome(author_serializer(data={"name": "a"}))
        results.append((listed, len(queries), created, unique))
    assert results[0] == results[1]


@pytest.mark.django_db
def test_relational_clones_have_their_own_queryset() -> None:
    class BookSerializer(serializers.Serializer):
        author = serializers.PrimaryKeyRelatedField(queryset=M.MSAuthor.objects.all())

    first, second = BookSerializer(), BookSerializer()
    one, two = first.fields["author"].queryset, second.fields["author"].queryset
    assert one is not two
    assert one is not BookSerializer._declared_fields["author"].queryset
    list(one)
    M.MSAuthor.objects.create(name="later")
    assert [a.name for a in two] == ["later"]


def test_mutable_defaults_are_not_shared_between_instances() -> None:
    class Tagged(serializers.Serializer):
        tags = serializers.CharField(default=["a"])

    first = Tagged(data={})
    assert first.is_valid()
    first.validated_data["tags"].append("b")
    second = Tagged(data={})
    assert second.is_valid()
    assert second.validated_data["tags"] == ["a"]
