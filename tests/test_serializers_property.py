"""Property: any JSON document against a serializer with every field type fails cleanly.

``is_valid()`` returns a bool and never raises; the errors follow the shape of the input (keys are
declared fields, list errors are keyed by indexes of the input list, dict-field errors by the
input's keys), every leaf is an ``ErrorDetail`` with a code, and ``get_codes()`` /
``get_full_details()`` mirror the detail exactly.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restframe import serializers
from restframe.exceptions import ErrorDetail, ValidationError

NON_FIELD = "non_field_errors"


class LeafSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=5)
    size = serializers.IntegerField(min_value=0, max_value=10, required=False)


class EverythingSerializer(serializers.Serializer):
    flag = serializers.BooleanField(required=False)
    text = serializers.CharField(max_length=20, required=False)
    email = serializers.EmailField(required=False)
    pattern = serializers.RegexField(r"^a+$", required=False)
    slug = serializers.SlugField(required=False)
    url = serializers.URLField(required=False)
    uuid = serializers.UUIDField(required=False)
    ip = serializers.IPAddressField(required=False)
    integer = serializers.IntegerField(required=False, max_value=1000)
    big = serializers.BigIntegerField(required=False)
    ratio = serializers.FloatField(required=False)
    amount = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    when = serializers.DateTimeField(required=False)
    day = serializers.DateField(required=False)
    clock = serializers.TimeField(required=False)
    span = serializers.DurationField(required=False)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False)
    kinds = serializers.MultipleChoiceField(choices=["a", "b"], required=False)
    upload = serializers.FileField(required=False)
    numbers = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=5)
    mapping = serializers.DictField(child=serializers.CharField(), required=False)
    blob = serializers.JSONField(required=False)
    hidden = serializers.HiddenField(default="h")
    shown = serializers.ReadOnlyField()
    leaf = LeafSerializer(required=False, allow_null=True)
    leaves = LeafSerializer(many=True, required=False)
    must = serializers.CharField(allow_blank=True)


FIELD_NAMES = [
    name
    for name, field in EverythingSerializer._declared_fields.items()
    if not field.read_only and name != "hidden"
]

surrogates = st.sampled_from(["\ud800", "a\udfffb", "\udbff\udc00"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**300 + 10).map(lambda n: n**16),  # > 4300 digits
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    surrogates,
    st.sampled_from(
        [
            "",
            " ",
            "a",
            "aaa",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "2024-13-45",
            "10:20",
            "1 02:03:04",
            "NaN",
            "Infinity",
            "-1e999",
            "1.005",
            "x@y.z",
            "http://example.com",
            "::1",
            "0.0.0.0",
            "00000000-0000-0000-0000-000000000000",
            "true",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["label", "size", "x", "a", ""]), children, max_size=4),
    ),
    max_leaves=12,
)
leaf_objects = st.fixed_dictionaries(
    {}, optional={"label": json_values, "size": json_values, "other": json_values}
)
field_values = st.one_of(json_values, leaf_objects, st.lists(leaf_objects, max_size=4))
documents = st.one_of(
    st.fixed_dictionaries({}, optional={name: field_values for name in FIELD_NAMES}),
    json_values,
)


def assert_leaves(detail):
    """Every leaf is an ErrorDetail with a code; lists and dicts are never empty."""
    if isinstance(detail, list):
        assert detail
        for item in detail:
            assert_leaves(item)
    elif isinstance(detail, dict):
        assert detail
        for value in detail.values():
            assert_leaves(value)
    else:
        assert type(detail) is ErrorDetail
        assert isinstance(detail.code, str) and detail.code


def assert_mirrors(detail, codes, full):
    if isinstance(detail, list):
        assert isinstance(codes, list) and isinstance(full, list)
        assert len(detail) == len(codes) == len(full)
        for parts in zip(detail, codes, full):
            assert_mirrors(*parts)
    elif isinstance(detail, dict):
        assert list(detail) == list(codes) == list(full)
        for key in detail:
            assert_mirrors(detail[key], codes[key], full[key])
    else:
        assert codes == detail.code
        assert full == {"message": detail, "code": detail.code}


def assert_follows_input(field, data, errors):
    """``errors`` (for ``field`` given ``data``) only names places that exist in ``data``."""
    if isinstance(errors, list):
        return  # messages about this value as a whole
    assert isinstance(errors, dict)
    if isinstance(field, serializers.ListSerializer) or isinstance(field, serializers.ListField):
        if set(errors) == {NON_FIELD} or not isinstance(data, list):
            assert set(errors) == {NON_FIELD}
            return
        assert all(type(index) is int and 0 <= index < len(data) for index in errors)
        for index, item_errors in errors.items():
            assert_follows_input(field.child, data[index], item_errors)
    elif isinstance(field, serializers.Serializer):
        if not isinstance(data, dict):
            assert list(errors) == [NON_FIELD]
            return
        for key, value in errors.items():
            if key == NON_FIELD:
                continue
            assert key in field.fields, key
            assert_follows_input(field.fields[key], data.get(key), value)
    elif isinstance(field, serializers.DictField):
        assert isinstance(data, dict)
        assert set(errors) <= {str(key) for key in data}
    else:
        raise AssertionError(f"dict errors from {field!r}: {errors!r}")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents)
def test_any_json_document_fails_cleanly(document):
    serializer = EverythingSerializer(data=document)
    valid = serializer.is_valid()
    assert type(valid) is bool
    errors = serializer.errors
    assert valid is (not errors)
    if valid:
        assert isinstance(serializer.validated_data, dict)
        assert serializer.validated_data["hidden"] == "h"
        return
    assert_leaves(dict(errors))
    assert_follows_input(serializer, document, dict(errors))
    exc = ValidationError(errors)
    assert_mirrors(exc.detail, exc.get_codes(), exc.get_full_details())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.lists(field_values, max_size=6)))
def test_any_json_document_against_many(document):
    serializer = LeafSerializer(data=document, many=True)
    valid = serializer.is_valid()
    assert type(valid) is bool
    if valid:
        assert isinstance(serializer.validated_data, list)
        assert len(serializer.validated_data) == len(document)
        return
    errors = serializer.errors
    assert_leaves(errors if isinstance(errors, dict) else list(errors))
    assert_follows_input(serializer, document, dict(errors))
    exc = ValidationError(errors)
    assert_mirrors(exc.detail, exc.get_codes(), exc.get_full_details())
