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


# --- compiled field validation (``restframe.validation_plan``) ---------------------------------

# Each entry: a field declaration (evaluated for both libraries) and inputs that walk every branch
# its compiled function takes inline, and the ones it hands back to the field's own methods.
FIELD_CASES: list[tuple[str, list[Any]]] = [
    (
        "CharField()",
        ["a", " a ", "", "  ", None, 12, 1.5, True, [], {}, "a\x00", "a\ud800", "é"],
    ),
    ("CharField(allow_blank=True, trim_whitespace=False)", ["", "  ", " a ", None]),
    ("CharField(allow_null=True, required=False)", [None, "", "x"]),
    ("CharField(default='d')", ["", "x"]),
    ("CharField(min_length=2, max_length=3)", ["a", "ab", "abcd", "a\x00cd", "  a  "]),
    (
        "EmailField()",
        [
            "ada@example.com",
            "ada",
            "",
            "@example.com",
            "a b@example.com",
            "ada@localhost",
            "ada@[127.0.0.1]",
            "ada@[999.0.0.1]",
            "ada@exa mple.com",
            "x" * 321 + "@example.com",
            "ada@example.com\x00",
            12,
        ],
    ),
    ("EmailField(max_length=5)", ["ada@example.com", "a@b.c", "nope"]),
    (
        "IntegerField()",
        [
            7,
            -7,
            "7",
            " 7 ",
            "7.0",
            "7.00 ",
            "7.5",
            "1_000",
            "x",
            "",
            "1" * 1001,
            10**5000,
            7.0,
            7.5,
            True,
            None,
            [],
        ],
    ),
    ("IntegerField(min_value=0, max_value=10)", [-1, 0, 10, 11, "11", "-1"]),
    ("IntegerField(required=False, allow_null=True)", [None, "3"]),
    (
        "ChoiceField(choices=['a', 'b', 1])",
        ["a", "c", 1, "1", 2, "", None, 1.0, True, []],
    ),
    ("ChoiceField(choices=[('x', 'X')], allow_blank=True)", ["", "x", "y"]),
    ("BooleanField()", [True, "true", "no", "maybe", None, 2]),
    ("FloatField(max_value=2)", [1.5, "1.5", 3, "x", "nan"]),
    ("DecimalField(max_digits=4, decimal_places=2)", ["1.25", "123.456", "x", 1]),
    (
        "DateTimeField()",
        [
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05+05:30",
            "2024-01-02T03:04:05",
            "2024-01-02",
            "yesterday",
            "",
            12,
            None,
            "9999-12-31T23:59:59-10:00",
        ],
    ),
    ("DateTimeField(input_formats=['%d/%m/%Y %H:%M'])", ["02/01/2024 03:04", "2024-01-02T03:04"]),
    (
        "DateTimeField(input_formats=['iso-8601', '%d/%m/%Y'])",
        ["02/01/2024", "2024-01-02T03:04:05Z", "x"],
    ),
    ("DateField()", ["2024-01-02", "2024-01-02T03:04:05Z", "x"]),
    ("TimeField()", ["03:04:05", "x"]),
    ("DurationField()", ["1 02:03:04", "x"]),
    ("UUIDField()", ["12345678-1234-5678-1234-567812345678", "x"]),
]


def _single_field(s: Any, spec: str, **attrs: Any) -> Any:
    return type("One", (s.Serializer,), {"value": eval("s." + spec, {"s": s}), **attrs})


@pytest.mark.parametrize(("spec", "values"), FIELD_CASES, ids=[spec for spec, _ in FIELD_CASES])
def test_compiled_fields_match_drf(spec: str, values: list[Any]) -> None:
    for value in [*values, "<missing>"]:
        data = {} if value == "<missing>" else {"value": value}
        ours, theirs = both(lambda s, data=data: outcome(_single_field(s, spec)(data=data)))
        assert ours == theirs, (spec, value)


@pytest.mark.parametrize(("spec", "values"), FIELD_CASES, ids=[spec for spec, _ in FIELD_CASES])
def test_compiled_fields_match_drf_with_many(spec: str, values: list[Any]) -> None:
    items = [{"value": value} for value in values] + [{}]
    ours, theirs = both(lambda s: outcome(_single_field(s, spec)(data=items, many=True)))
    assert ours == theirs


def test_the_fields_are_validated_by_compiled_functions() -> None:
    """The cases above run the compiled path: the plan holds a function for every field."""
    serializer = person(serializers)(data=VALID)
    assert serializer.is_valid()
    assert all(step.run is not None for step in serializer._plan())


def test_email_messages_with_the_value_are_formatted_like_drf() -> None:
    def build(s: Any) -> Any:
        from django.core.validators import EmailValidator

        validator = EmailValidator(message="%(value)s is no address", code="mail")
        return type("M", (s.Serializer,), {"mail": s.EmailField(validators=[validator])})

    for mail in ("ada", "a b@example.com", "ada@exa mple.com", "ada@example.com"):
        ours, theirs = both(lambda s, mail=mail: outcome(build(s)(data={"mail": mail})))
        assert ours == theirs


class _Upper(serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(data).upper()


class _DrfUpper(drf_serializers.CharField):
    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(data).upper()


def _not_bob(value: Any) -> None:
    from django.core.exceptions import ValidationError as DjangoValidationError

    if value == "bob":
        raise DjangoValidationError("No %(who)s.", code="bob", params={"who": "Bob"})


def test_field_subclasses_and_custom_validators_take_the_fields_own_path() -> None:
    def build(s: Any) -> tuple[Any, Any]:
        def rule(value: Any) -> None:
            if value == "x":
                raise s.ValidationError("not x", code="x")
            if value == "d":
                raise s.ValidationError({"deep": "dict"})

        upper = (_Upper if s is serializers else _DrfUpper)(max_length=3)
        ruled = s.CharField(validators=[rule, _not_bob], max_length=2)
        return (
            type("Subclassed", (s.Serializer,), {"upper": upper, "age": s.IntegerField()}),
            type("Ruled", (s.Serializer,), {"ruled": ruled}),
        )

    for data in (
        {"upper": "abc", "ruled": "ok", "age": 1},
        {"upper": "abcd", "ruled": "x", "age": "x"},
        {"upper": "", "ruled": "bob"},
        {"upper": "a", "ruled": "d"},
        {"upper": 5, "ruled": "long"},
    ):
        ours, theirs = both(lambda s, data=data: [outcome(cls(data=data)) for cls in build(s)])
        assert ours == theirs
    subclassed, ruled = build(serializers)
    # A field class of its own: the serializer validates with its own field copies.
    assert [step.run for step in subclassed(data={})._plan()] == [None, None]
    # Validators of the user's own: compiled, with every validator run through the field.
    assert [step.run is not None for step in ruled(data={})._plan()] == [True]


def test_serializer_hooks_are_honoured_on_the_fast_path() -> None:
    def build(s: Any) -> Any:
        from django.core.exceptions import ValidationError as DjangoValidationError

        class Hooked(s.Serializer):
            name = s.CharField()
            age = s.IntegerField()

            def to_internal_value(self, data: Any) -> Any:
                value = super().to_internal_value(data)
                value["seen"] = True
                return value

            def validate(self, attrs: Any) -> Any:
                if attrs["name"] == "list":
                    raise s.ValidationError(["a", "b"])
                if attrs["name"] == "dict":
                    raise s.ValidationError({"age": "bad", "other": ["x"]})
                if attrs["name"] == "django":
                    raise DjangoValidationError({"name": ["no"]})
                if attrs["name"] == "none":
                    return None
                return attrs

            class Meta:
                validators = [lambda attrs: None]

        return Hooked

    for name in ("ok", "list", "dict", "django"):
        data = {"name": name, "age": 3}
        ours, theirs = both(lambda s, data=data: outcome(build(s)(data=data)))
        assert ours == theirs
    for s in (serializers, drf_serializers):
        with pytest.raises(AssertionError, match="should return the validated data"):
            build(s)(data={"name": "none", "age": 3}).is_valid()


def test_run_validation_and_run_child_validation_overrides_are_called() -> None:
    calls: dict[str, list[Any]] = {"restframe": [], "drf": []}

    def build(s: Any, label: str) -> Any:
        class Item(s.Serializer):
            age = s.IntegerField()

            def run_validation(self, data: Any = s.empty) -> Any:
                calls[label].append(data)
                return super().run_validation(data)

        class Items(s.ListSerializer):
            def run_child_validation(self, data: Any) -> Any:
                calls[label].append(("child", data))
                return super().run_child_validation(data)

        return Item, Items

    for s, label in ((serializers, "restframe"), (drf_serializers, "drf")):
        item, items = build(s, label)
        single = outcome(item(data={"age": "x"}))
        listed = outcome(items(child=item(), data=[{"age": 1}, {"age": "y"}]))
        calls[label].append((single, listed))
    assert calls["restframe"] == calls["drf"]


def test_methods_patched_after_first_use_are_called() -> None:
    from unittest import mock

    for s in (serializers, drf_serializers):
        cls = person(s)
        assert cls(data=VALID).is_valid()
        with mock.patch.object(cls, "validate", side_effect=s.ValidationError("patched")):
            serializer = cls(data=VALID)
            assert not serializer.is_valid()
            assert serializer.errors == {"non_field_errors": ["patched"]}
        with mock.patch.object(cls, "to_internal_value", return_value={"x": 1}):
            serializer = cls(data=VALID)
            assert serializer.is_valid()
            assert serializer.validated_data == {"x": 1}
        many = cls(data=[VALID], many=True)
        with mock.patch.object(cls, "run_validation", return_value={"y": 2}):
            assert many.is_valid()
            assert many.validated_data == [{"y": 2}]


def test_non_mapping_input_and_nested_errors_match_drf() -> None:
    def build(s: Any) -> Any:
        inner = person(s)
        return type("Outer", (s.Serializer,), {"inner": inner(), "items": inner(many=True)})

    for data in (
        None,
        [],
        "text",
        {"inner": VALID, "items": [VALID]},
        {"inner": "x", "items": [VALID, "y", {"age": "x"}]},
        {"inner": None, "items": None},
    ):
        ours, theirs = both(lambda s, data=data: outcome(build(s)(data=data)))
        assert ours == theirs
    for data in (None, "text", [VALID, 3, None]):
        ours, theirs = both(lambda s, data=data: outcome(person(s)(data=data, many=True)))
        assert ours == theirs


def test_sources_defaults_and_read_only_fields_match_drf() -> None:
    def build(s: Any) -> Any:
        return type(
            "Shaped",
            (s.Serializer,),
            {
                "dotted": s.IntegerField(source="a.b"),
                "plain": s.CharField(required=False),
                "fallback": s.IntegerField(default=5),
                "shown": s.CharField(read_only=True, default="r"),
                "whole": s.DictField(source="*", required=False),
            },
        )

    for data in ({"dotted": "3"}, {"dotted": "x", "plain": ""}, {"fallback": "x"}):
        ours, theirs = both(lambda s, data=data: outcome(build(s)(data=data)))
        assert ours == theirs


def test_declared_fields_replaced_after_first_use_are_used() -> None:
    for s in (serializers, drf_serializers):
        cls = person(s)
        assert cls(data=VALID).is_valid()
        cls._declared_fields["age"] = s.IntegerField(max_value=3)
        serializer = cls(data=VALID)
        assert not serializer.is_valid()
        assert shown(serializer.errors) == {
            "age": [("Ensure this value is less than or equal to 3.", "max_value")]
        }


def test_settings_changes_reach_the_compiled_plan() -> None:
    from django.test import override_settings

    def run(s: Any) -> Any:
        return [
            outcome(person(s)(data={**VALID, "joined": joined}))
            for joined in ("2024-01-02T03:04:05Z", "02/01/2024 03:04", "2024-01-02T03:04:05")
        ]

    cls = person(serializers)
    assert cls(data=VALID).is_valid()  # the plan is built under the default settings
    for overrides in (
        {"REST_FRAMEWORK": {"DATETIME_INPUT_FORMATS": ["%d/%m/%Y %H:%M"]}},
        {"USE_TZ": False},
        {"TIME_ZONE": "Asia/Kolkata"},
    ):
        with override_settings(**overrides):
            ours, theirs = both(run)
            assert ours == theirs, overrides
            serializer = cls(data={**VALID, "joined": "02/01/2024 03:04"})
            assert serializer.is_valid() is ("REST_FRAMEWORK" in overrides)


def test_time_zone_and_language_follow_each_run() -> None:
    from django.utils import timezone

    def run(s: Any) -> Any:
        results = []
        for zone, language in (("Asia/Tokyo", "fr"), ("UTC", "en"), ("America/Lima", "de")):
            with timezone.override(zone), translation.override(language):
                results.append(outcome(person(s)(data=VALID)))
                results.append(outcome(person(s)(data={"name": None, "role": "x", "age": ""})))
        return results

    ours, theirs = both(run)
    assert ours == theirs


def test_a_hook_switching_language_mid_run_affects_the_later_fields_like_drf() -> None:
    def build(s: Any) -> Any:
        def validate_name(self: Any, value: Any) -> Any:
            translation.activate("fr")
            return value

        return person(s, validate_name=validate_name)

    results = []
    for s in (serializers, drf_serializers):
        with translation.override("en"):
            results.append(outcome(build(s)(data={**VALID, "age": "x", "role": "no"})))
    assert results[0] == results[1]
    assert results[0][1]["age"] == [("Un nombre entier valide est requis.", "invalid")]


def test_a_failed_validation_leaves_no_garbage_cycle_holding_the_serializer() -> None:
    """Django's ``ValidationError`` refers to itself; its traceback must not pin the frames."""
    import gc
    import weakref

    cls = person(serializers)
    gc.disable()
    try:
        for email in ("ada@exa mple.com", "ada@example"):
            serializer = cls(data={**VALID, "email": email})
            assert not serializer.is_valid()
            ref = weakref.ref(serializer)
            del serializer
            assert ref() is None
    finally:
        gc.enable()


def test_serializers_built_without_arguments_get_fields_init_state() -> None:
    from restframe.fields import Field

    cls = person(serializers)
    fast = cls(data=VALID)
    slow = object.__new__(cls)
    for key in ("_args", "_kwargs", "instance", "initial_data", "partial", "_context"):
        setattr(slow, key, fast.__dict__[key])
    Field.__init__(slow)
    assert fast.__dict__.pop("_creation_counter") == slow.__dict__.pop("_creation_counter") - 1
    assert list(fast.__dict__.items()) == list(slow.__dict__.items())
    assert fast.error_messages is not slow.error_messages
    assert fast.style is not cls().style


def test_an_init_between_the_serializer_and_field_still_runs() -> None:
    for s in (serializers, drf_serializers):

        class Marked(s.Field):
            def __init__(self, **kwargs: Any) -> None:
                self.marked = True
                super().__init__(**kwargs)

        cls = type("Diamond", (person(s), Marked), {})
        assert cls(data=VALID).marked is True
        assert cls(data=VALID).required is True


# --- cached reads of the active time zone and language (``utils.local_cache``) ----------------


def test_local_value_follows_writes_contexts_and_threads() -> None:
    import contextvars
    import threading
    import types

    from asgiref.local import Local

    from restframe.utils import local_cache

    owner = types.SimpleNamespace(local=Local())
    reader = local_cache.LocalValue(owner, "local", "value")
    assert reader.get() is local_cache.MISSING
    owner.local.value = 1
    assert reader.get() == 1
    owner.local.value = 2
    assert reader.get() == 2
    assert contextvars.copy_context().run(reader.get) == 2
    seen: list[Any] = []
    thread = threading.Thread(target=lambda: seen.append(reader.get()))
    thread.start()
    thread.join()
    assert seen == [local_cache.MISSING]
    del owner.local.value
    assert reader.get() is local_cache.MISSING
    owner.local = Local()  # replaced, as Django does for translations when settings change
    owner.local.value = 3
    assert reader.get() == 3


def test_local_value_reads_the_local_itself_with_an_unknown_asgiref(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import types

    from asgiref.local import Local

    from restframe.utils import local_cache

    monkeypatch.setattr(local_cache, "_SUPPORTED", False)
    owner = types.SimpleNamespace(local=Local())
    reader = local_cache.LocalValue(owner, "local", "value")
    assert reader.get() is local_cache.MISSING
    owner.local.value = "x"
    assert reader.get() == "x"
    assert local_cache._copies_on_write() is True  # this asgiref is the kind it knows
