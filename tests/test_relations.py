"""Relational fields (``restframe.relations``) against Django REST framework 3.18.

Every message, code and representation is pinned here as DRF 3.18 gives it; where DRF itself is
installed, the same input is also run through DRF's field and the outcomes compared. Inputs on
which DRF answers with a server error (an infinite float as pk, an unparsable URL) get the
field's own 400 instead: those cases say so.
"""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.functional import Promise
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from restframe import relations, serializers
from restframe.exceptions import ValidationError
from restframe.fields import CharField, UUIDField, empty
from restframe.relations import (
    MANY_RELATION_KWARGS,
    Hyperlink,
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    ManyRelatedField,
    PKOnlyObject,
    PrimaryKeyRelatedField,
    RelatedField,
    SlugRelatedField,
    StringRelatedField,
)
from restframe.request import Request
from restframe.test import APIClient, APIRequestFactory
from tests import urls_relations
from tests.models_relations import RelSource, RelTarget, RelUUIDTarget

try:
    from rest_framework import relations as drf_relations
    from rest_framework import serializers as drf_serializers
    from rest_framework.request import Request as DRFRequest
except ImportError:  # DRF is only installed in the development environment
    drf_relations = None

pytestmark = pytest.mark.urls("tests.urls_relations")

needs_drf = pytest.mark.skipif(drf_relations is None, reason="DRF is not installed")

factory = APIRequestFactory()


@pytest.fixture
def targets(db: Any) -> tuple[RelTarget, RelTarget]:
    return RelTarget.objects.create(name="a"), RelTarget.objects.create(name="b")


def outcome(field: Any, value: Any) -> Any:
    """What validating ``value`` gives: the object, or the error messages with their codes."""
    try:
        return field.run_validation(value)
    except Exception as exc:  # restframe's or DRF's ValidationError, or DRF's server errors
        if isinstance(exc, ValidationError) or type(exc).__name__ == "ValidationError":
            detail = getattr(exc, "detail", None)
            if isinstance(detail, list):
                return [(str(item), item.code) for item in detail]
        return type(exc).__name__


def bound(field: Any, **context: Any) -> Any:
    """``field`` bound to a serializer whose context is ``context``."""
    parent = serializers.Serializer(context=context)
    field.bind("rel", parent)
    return field


def drf_bound(field: Any, **context: Any) -> Any:
    parent = drf_serializers.Serializer(context=context)
    field.bind("rel", parent)
    return field


def rest_request(path: str = "/x/", **extra: Any) -> Request:
    return Request(factory.get(path, **extra))


# --- construction ---------------------------------------------------------------------------


def test_public_names() -> None:
    assert set(relations.__all__) >= {
        "MANY_RELATION_KWARGS",
        "Hyperlink",
        "HyperlinkedIdentityField",
        "HyperlinkedRelatedField",
        "ManyRelatedField",
        "PKOnlyObject",
        "PrimaryKeyRelatedField",
        "RelatedField",
        "SlugRelatedField",
        "StringRelatedField",
    }
    assert MANY_RELATION_KWARGS == (
        "read_only",
        "write_only",
        "required",
        "default",
        "initial",
        "source",
        "label",
        "help_text",
        "style",
        "error_messages",
        "allow_empty",
        "html_cutoff",
        "html_cutoff_text",
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: PrimaryKeyRelatedField(),
            "Relational field must provide a `queryset` argument, override `get_queryset`, "
            "or set read_only=`True`.",
        ),
        (
            lambda: PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), read_only=True),
            "Relational fields should not provide a `queryset` argument, when setting "
            "read_only=`True`.",
        ),
        (
            lambda: StringRelatedField(queryset=RelTarget.objects.all()),
            "Relational fields should not provide a `queryset` argument, when setting "
            "read_only=`True`.",
        ),
        (
            lambda: HyperlinkedRelatedField(queryset=RelTarget.objects.all()),
            "The `view_name` argument is required.",
        ),
        (lambda: HyperlinkedIdentityField(), "The `view_name` argument is required."),
        (
            lambda: SlugRelatedField(queryset=RelTarget.objects.all()),
            "The `slug_field` argument is required.",
        ),
        (lambda: ManyRelatedField(), "`child_relation` is a required argument."),
    ],
)
def test_misconfiguration_assertions(build: Any, message: str) -> None:
    with pytest.raises(AssertionError) as info:
        build()
    assert str(info.value) == message


def test_overriding_get_queryset_replaces_the_queryset_argument(targets: Any) -> None:
    class OnlyA(PrimaryKeyRelatedField):
        def get_queryset(self) -> Any:
            return RelTarget.objects.filter(name="a")

    field = OnlyA()
    assert field.run_validation(targets[0].pk) == targets[0]
    assert outcome(field, targets[1].pk) == [
        (f'Invalid pk "{targets[1].pk}" - object does not exist.', "does_not_exist")
    ]


def test_get_queryset_is_fresh_each_time(db: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    assert list(field.queryset) == []  # evaluates (and caches) the declared queryset
    target = RelTarget.objects.create(name="late")
    assert field.get_queryset() is not field.queryset
    assert field.run_validation(target.pk) == target
    manager_field = PrimaryKeyRelatedField(queryset=RelTarget.objects)
    assert manager_field.run_validation(target.pk) == target


def test_many_builds_a_many_related_field() -> None:
    field = PrimaryKeyRelatedField(
        queryset=RelTarget.objects.all(),
        many=True,
        allow_empty=False,
        required=False,
        html_cutoff=5,
        help_text="Pick",
    )
    assert type(field) is ManyRelatedField
    assert type(field.child_relation) is PrimaryKeyRelatedField
    assert (field.allow_empty, field.required, field.html_cutoff, field.help_text) == (
        False,
        False,
        5,
        "Pick",
    )
    child = field.child_relation
    assert (child.required, child.html_cutoff, child.help_text) == (False, 5, "Pick")
    assert child.parent is field
    assert child.field_name == ""
    # Not in MANY_RELATION_KWARGS: the child only.
    many_pk = PrimaryKeyRelatedField(
        queryset=RelTarget.objects.all(), many=True, pk_field=CharField()
    )
    assert not hasattr(many_pk, "pk_field")
    assert isinstance(many_pk.child_relation.pk_field, CharField)
    # many=False is a plain field.
    assert type(PrimaryKeyRelatedField(read_only=True, many=False)) is PrimaryKeyRelatedField


def test_many_init_can_be_overridden() -> None:
    class Custom(ManyRelatedField):
        pass

    class Field(PrimaryKeyRelatedField):
        @classmethod
        def many_init(cls, *args: Any, **kwargs: Any) -> Any:
            return Custom(child_relation=cls(*args, **kwargs))

    assert type(Field(read_only=True, many=True)) is Custom


def test_reprs() -> None:
    assert (
        repr(HyperlinkedIdentityField(view_name="x")) == "HyperlinkedIdentityField(view_name='x')"
    )
    assert repr(StringRelatedField()) == "StringRelatedField()"
    assert (
        repr(StringRelatedField(many=True))
        == "ManyRelatedField(child_relation=StringRelatedField())"
    )
    assert repr(PrimaryKeyRelatedField(queryset=RelTarget.objects, many=True)) == (
        "ManyRelatedField(child_relation=PrimaryKeyRelatedField(queryset=RelTarget.objects.all()))"
    )


def test_field_attributes_as_drf() -> None:
    identity = HyperlinkedIdentityField(view_name="x")
    assert (identity.read_only, identity.source) == (True, "*")
    assert StringRelatedField().read_only is True
    # As in DRF, only the child of ``StringRelatedField(many=True)`` is read-only.
    assert StringRelatedField(many=True).read_only is False
    many = ManyRelatedField(child_relation=StringRelatedField())
    assert (many.initial, many.default_empty_html, many.allow_empty) == ([], [], True)
    assert issubclass(relations.ObjectValueError, ValueError)
    assert issubclass(relations.ObjectTypeError, TypeError)


def test_use_pk_only_optimization() -> None:
    assert PrimaryKeyRelatedField(read_only=True).use_pk_only_optimization() is True
    assert SlugRelatedField(slug_field="name", read_only=True).use_pk_only_optimization() is False
    assert StringRelatedField().use_pk_only_optimization() is False
    assert HyperlinkedRelatedField(view_name="x", read_only=True).use_pk_only_optimization()
    assert not HyperlinkedRelatedField(
        view_name="x", read_only=True, lookup_field="name"
    ).use_pk_only_optimization()
    assert HyperlinkedIdentityField(view_name="x").use_pk_only_optimization() is False


def test_pk_only_object_and_hyperlink(targets: Any) -> None:
    stand_in = PKOnlyObject(pk=3)
    assert (stand_in.pk, str(stand_in)) == (3, "3")
    link = Hyperlink("http://testserver/targets/1/", targets[0])
    assert isinstance(link, str)
    assert link == "http://testserver/targets/1/"
    assert (link.obj, link.name, link.is_hyperlink) == (targets[0], "Target a", True)
    assert json.dumps(link) == '"http://testserver/targets/1/"'
    restored = pickle.loads(pickle.dumps(link))
    assert (restored, restored.name) == ("http://testserver/targets/1/", "Target a")


def test_deepcopy_gives_an_unbound_equal_field(targets: Any) -> None:
    field = bound(PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), many=True))
    copied = copy.deepcopy(field)
    assert copied.parent is None
    assert copied.child_relation.parent is copied
    assert copied.run_validation([targets[0].pk]) == [targets[0]]
    assert (field.label, field.source) == ("Rel", "rel")
    assert (copied.label, copied.source, copied.field_name) == (None, None, None)
    single = bound(PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), default=[1]))
    single_copy = copy.deepcopy(single)
    assert single_copy.default == [1]
    assert single_copy.default is not single.default
    assert single_copy.error_messages == single.error_messages
    assert single_copy.error_messages is not single.error_messages
    # Each copy has its own unevaluated queryset.
    assert single_copy.queryset is not single.queryset
    assert single_copy.queryset.model is RelTarget


def test_deepcopy_rebuilds_subclasses_with_their_own_init(targets: Any) -> None:
    class Counting(PrimaryKeyRelatedField):
        built = 0

        def __init__(self, **kwargs: Any) -> None:
            type(self).built += 1
            super().__init__(**kwargs)

    field = Counting(queryset=RelTarget.objects.all())
    copy.deepcopy(field)
    assert Counting.built == 2


# --- PrimaryKeyRelatedField -----------------------------------------------------------------

PK_INPUTS: list[Any] = [
    "1",
    1,
    1.0,
    1.5,  # Django's integer lookup truncates, as in DRF
    " 1",
    2,
    "2",
    3,
    "abc",
    "1\x00",
    "1e3",
    [1],
    {"id": 1},
    True,
    False,
    float("nan"),
    99999999999999999999,  # overflows SQLite's integer: no such object
    "99999999999999999999",
    None,
    "",
    -1,
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", PK_INPUTS, ids=repr)
def test_pk_input_matches_drf(targets: Any, value: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    ours = outcome(field, value)
    if drf_relations is not None:
        theirs = outcome(
            drf_relations.PrimaryKeyRelatedField(queryset=RelTarget.objects.all()), value
        )
        assert ours == theirs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", [("Incorrect type. Expected pk value, received str.", "incorrect_type")]),
        ([1], [("Incorrect type. Expected pk value, received list.", "incorrect_type")]),
        ({"id": 1}, [("Incorrect type. Expected pk value, received dict.", "incorrect_type")]),
        (True, [("Incorrect type. Expected pk value, received bool.", "incorrect_type")]),
        (float("nan"), [("Incorrect type. Expected pk value, received float.", "incorrect_type")]),
        # DRF answers these two with an OverflowError (a 500).
        (float("inf"), [("Incorrect type. Expected pk value, received float.", "incorrect_type")]),
        (float("-inf"), [("Incorrect type. Expected pk value, received float.", "incorrect_type")]),
        (3, [('Invalid pk "3" - object does not exist.', "does_not_exist")]),
        (
            99999999999999999999,
            [('Invalid pk "99999999999999999999" - object does not exist.', "does_not_exist")],
        ),
        ("", [("This field may not be null.", "null")]),
        (None, [("This field may not be null.", "null")]),
        (empty, [("This field is required.", "required")]),
    ],
    ids=repr,
)
def test_pk_errors(targets: Any, value: Any, expected: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    assert outcome(field, value) == expected


def test_values_too_big_to_write_out(targets: Any) -> None:
    # DRF answers a server error: Python refuses to write out an integer this long.
    huge = 10**5000
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    assert outcome(field, huge) == [
        ('Invalid pk "<integer of 16610 bits>" - object does not exist.', "does_not_exist")
    ]
    slug = SlugRelatedField(slug_field="name", queryset=RelTarget.objects.all())
    assert outcome(slug, [huge]) == [("Invalid value.", "invalid")]
    nested: list[Any] = []
    for _ in range(5000):
        nested = [nested]
    assert outcome(slug, nested) == [("Invalid value.", "invalid")]
    assert outcome(field, nested) == [
        ("Incorrect type. Expected pk value, received list.", "incorrect_type")
    ]


def test_pk_accepts_pk_values(targets: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    pk = targets[0].pk
    assert field.run_validation(pk) == targets[0]
    assert field.run_validation(str(pk)) == targets[0]
    assert field.to_representation(targets[0]) == pk
    assert field.to_representation(PKOnlyObject(pk=7)) == 7


def test_pk_blank_is_null(targets: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), allow_null=True)
    assert field.run_validation("") is None
    assert field.run_validation(None) is None


def test_pk_field_converts_both_ways(db: Any) -> None:
    target = RelUUIDTarget.objects.create(name="u")
    field = PrimaryKeyRelatedField(
        queryset=RelUUIDTarget.objects.all(), pk_field=UUIDField(format="hex")
    )
    assert field.to_representation(target) == target.pk.hex
    assert field.run_validation(str(target.pk)) == target
    assert outcome(field, "abc") == [("Must be a valid UUID.", "invalid")]
    assert repr(field).startswith("PrimaryKeyRelatedField(pk_field=UUIDField(format='hex')")


def test_uuid_pk_without_pk_field_reports_djangos_message(db: Any) -> None:
    # DRF lets Django's ValidationError out of the field; its serializer reports this detail.
    field = PrimaryKeyRelatedField(queryset=RelUUIDTarget.objects.all())
    assert outcome(field, "abc") == [("“abc” is not a valid UUID.", "invalid")]
    assert outcome(field, "0" * 32) == [
        (f'Invalid pk "{"0" * 32}" - object does not exist.', "does_not_exist")
    ]


# --- SlugRelatedField -----------------------------------------------------------------------

SLUG_INPUTS: list[Any] = ["a", "zz", 1, [1], {}, True, "a\x00", "", None, "A"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", SLUG_INPUTS, ids=repr)
def test_slug_input_matches_drf(targets: Any, value: Any) -> None:
    field = SlugRelatedField(slug_field="name", queryset=RelTarget.objects.all())
    ours = outcome(field, value)
    if drf_relations is not None:
        drf_field = drf_relations.SlugRelatedField(
            slug_field="name", queryset=RelTarget.objects.all()
        )
        assert ours == outcome(drf_field, value)


def test_slug_messages(targets: Any) -> None:
    field = SlugRelatedField(slug_field="name", queryset=RelTarget.objects.all())
    assert field.run_validation("a") == targets[0]
    assert outcome(field, "zz") == [("Object with name=zz does not exist.", "does_not_exist")]
    assert outcome(field, "") == [("This field may not be null.", "null")]
    by_id = SlugRelatedField(slug_field="id", queryset=RelTarget.objects.all())
    assert outcome(by_id, "abc") == [("Invalid value.", "invalid")]
    # DRF: an OverflowError (500).
    assert outcome(by_id, float("inf")) == [("Invalid value.", "invalid")]


def test_slug_representation_follows_relations(targets: Any) -> None:
    source = RelSource.objects.create(name="s", target=targets[0])
    assert SlugRelatedField(slug_field="name", read_only=True).to_representation(targets[0]) == "a"
    nested = SlugRelatedField(slug_field="target__name", queryset=RelSource.objects.all())
    assert nested.run_validation("a") == source
    assert nested.to_representation(source) == "a"


def test_string_related_field(targets: Any) -> None:
    assert StringRelatedField().to_representation(targets[0]) == "Target a"


# --- HyperlinkedRelatedField ----------------------------------------------------------------

HYPERLINK_INPUTS: list[Any] = [
    "/targets/1/",
    "http://testserver/targets/1/",
    "https://other.example:8443/targets/1/",  # any host: only the path is matched
    "http://testserver/targets/1/?page=2#top",
    "http:/targets/1/",
    "/targets/%31/",
    "/targets/1/?page=2",
    "/targets/3/",
    "/targets/99999999999999999999/",
    "/sources/1/",
    "/nope/",
    "garbage",
    "targets/1/",
    "//other.example/targets/1/",
    "ftp://other.example/targets/1/",
    "HTTP://testserver/targets/1/",
    "/targets/1/\x00",
    "http://testserver/targets/1/\x00",
    "",
    None,
    1,
    [1],
    {},
    True,
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HYPERLINK_INPUTS, ids=repr)
def test_hyperlink_input_matches_drf(targets: Any, value: Any) -> None:
    field = HyperlinkedRelatedField(view_name="rel-target-detail", queryset=RelTarget.objects.all())
    ours = outcome(field, value)
    if drf_relations is not None:
        drf_field = drf_relations.HyperlinkedRelatedField(
            view_name="rel-target-detail", queryset=RelTarget.objects.all()
        )
        assert ours == outcome(drf_field, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/nope/", [("Invalid hyperlink - No URL match.", "no_match")]),
        ("/sources/1/", [("Invalid hyperlink - Incorrect URL match.", "incorrect_match")]),
        ("/targets/3/", [("Invalid hyperlink - Object does not exist.", "does_not_exist")]),
        (1, [("Incorrect type. Expected URL string, received int.", "incorrect_type")]),
        ([1], [("Incorrect type. Expected URL string, received list.", "incorrect_type")]),
        (True, [("Incorrect type. Expected URL string, received bool.", "incorrect_type")]),
        ("", [("This field may not be null.", "null")]),
        (empty, [("This field is required.", "required")]),
        # DRF raises ValueError here (a 500).
        ("http://[::1/targets/1/", [("Invalid hyperlink - No URL match.", "no_match")]),
        ("https://[bad/", [("Invalid hyperlink - No URL match.", "no_match")]),
    ],
    ids=repr,
)
def test_hyperlink_errors(targets: Any, value: Any, expected: Any) -> None:
    field = HyperlinkedRelatedField(view_name="rel-target-detail", queryset=RelTarget.objects.all())
    assert outcome(field, value) == expected


def test_hyperlink_lookup_field_and_url_kwarg(targets: Any) -> None:
    by_name = HyperlinkedRelatedField(
        view_name="rel-target-by-name", lookup_field="name", queryset=RelTarget.objects.all()
    )
    assert by_name.run_validation("/targets/by-name/a/") == targets[0]
    assert outcome(by_name, "/targets/by-name/zz/") == [
        ("Invalid hyperlink - Object does not exist.", "does_not_exist")
    ]
    # The URL's ``name`` holds a pk.
    by_kwarg = HyperlinkedRelatedField(
        view_name="rel-target-by-name", lookup_url_kwarg="name", queryset=RelTarget.objects.all()
    )
    assert by_kwarg.run_validation(f"/targets/by-name/{targets[0].pk}/") == targets[0]
    assert outcome(by_kwarg, "/targets/by-name/a/") == [
        ("Invalid hyperlink - Object does not exist.", "does_not_exist")
    ]
    request = rest_request()
    assert bound(by_name, request=request).to_representation(targets[0]) == (
        "http://testserver/targets/by-name/a/"
    )
    assert by_kwarg.lookup_field == "pk"
    assert by_name.lookup_url_kwarg == "name"


def test_hyperlink_to_uuid_with_a_bad_value(db: Any) -> None:
    field = HyperlinkedRelatedField(
        view_name="rel-uuid-target-detail", queryset=RelUUIDTarget.objects.all()
    )
    assert outcome(field, "/uuid-targets/abc/") == [("“abc” is not a valid UUID.", "invalid")]
    target = RelUUIDTarget.objects.create(name="u")
    assert field.run_validation(f"/uuid-targets/{target.pk}/") == target


def test_hyperlink_under_a_script_prefix(targets: Any) -> None:
    from django.urls import set_script_prefix

    field = HyperlinkedRelatedField(view_name="rel-target-detail", queryset=RelTarget.objects.all())
    set_script_prefix("/api/")
    try:
        assert field.run_validation("http://testserver/api/targets/1/") == targets[0]
    finally:
        set_script_prefix("/")


def test_hyperlink_output(targets: Any) -> None:
    field = HyperlinkedRelatedField(view_name="rel-target-detail", read_only=True)
    link = bound(field, request=rest_request()).to_representation(targets[0])
    assert type(link) is Hyperlink
    assert (link, link.obj, link.name) == ("http://testserver/targets/1/", targets[0], "Target a")
    # No request in the context: relative URLs.
    relative = bound(
        HyperlinkedRelatedField(view_name="rel-target-detail", read_only=True), request=None
    )
    assert relative.to_representation(targets[0]) == "/targets/1/"
    # An unsaved object has no URL.
    assert relative.to_representation(RelTarget(name="new")) is None
    assert relative.to_representation(PKOnlyObject(pk=2)) == "/targets/2/"
    assert relative.get_name(targets[0]) == "Target a"


def test_hyperlink_output_needs_the_request_in_the_context(targets: Any) -> None:
    field = HyperlinkedRelatedField(view_name="rel-target-detail", read_only=True)
    with pytest.raises(AssertionError) as info:
        bound(field).to_representation(targets[0])
    assert str(info.value) == (
        "`HyperlinkedRelatedField` requires the request in the serializer context. Add "
        "`context={'request': request}` when instantiating the serializer."
    )
    identity = HyperlinkedIdentityField(view_name="rel-source-detail")
    with pytest.raises(AssertionError, match="^`HyperlinkedIdentityField` requires"):
        bound(identity).to_representation(targets[0])


UNRESOLVABLE = (
    'Could not resolve URL for hyperlinked relationship using view name "{}". You may have '
    "failed to include the related model in your API, or incorrectly configured the "
    "`lookup_field` attribute on this field."
)


@pytest.mark.parametrize(
    ("kwargs", "view_name"),
    [
        ({"view_name": "missing"}, "missing"),
        ({"view_name": "rel-target-detail", "lookup_field": "name"}, "rel-target-detail"),
    ],
)
def test_hyperlink_that_cannot_be_reversed(targets: Any, kwargs: Any, view_name: str) -> None:
    field = bound(HyperlinkedRelatedField(read_only=True, **kwargs), request=rest_request())
    with pytest.raises(ImproperlyConfigured) as info:
        field.to_representation(targets[0])
    assert str(info.value) == UNRESOLVABLE.format(view_name)
    if drf_relations is not None:
        drf_field = drf_bound(
            drf_relations.HyperlinkedRelatedField(read_only=True, **kwargs),
            request=DRFRequest(factory.get("/x/")),
        )
        with pytest.raises(ImproperlyConfigured) as drf_info:
            drf_field.to_representation(targets[0])
        assert str(drf_info.value) == str(info.value)


def test_hyperlink_format(targets: Any) -> None:
    request = rest_request()

    def link(context_format: Any, field_format: Any) -> Any:
        field = HyperlinkedRelatedField(
            view_name="rel-suffixed", read_only=True, format=field_format
        )
        return bound(field, request=request, format=context_format).to_representation(targets[0])

    assert link(None, None) == "http://testserver/suffixed/1/"
    assert link("json", None) == "http://testserver/suffixed/1.json/"
    # The field's format replaces a different one chosen by the request ...
    assert link("api", "json") == "http://testserver/suffixed/1.json/"
    # ... but is not applied when the request chose none (DRF's behaviour).
    assert link(None, "json") == "http://testserver/suffixed/1/"


def test_hyperlink_keeps_the_format_override_query_parameter(targets: Any) -> None:
    field = HyperlinkedRelatedField(view_name="rel-target-detail", read_only=True)
    request = rest_request("/x/?format=json&page=2")
    assert bound(field, request=request).to_representation(targets[0]) == (
        "http://testserver/targets/1/?format=json"
    )


class _Versioning:
    """A namespace versioning scheme: the ``ns`` namespace is the version."""

    def get_versioned_viewname(self, viewname: str, request: Any) -> str:
        return "ns:" + viewname


def test_hyperlink_input_with_a_versioning_scheme(targets: Any) -> None:
    request = rest_request()
    request.versioning_scheme = _Versioning()
    field = bound(
        HyperlinkedRelatedField(view_name="inner", queryset=RelTarget.objects.all()),
        request=request,
    )
    assert field.run_validation(f"/prefix/inner/{targets[0].pk}/") == targets[0]
    assert outcome(field, "/targets/1/") == [
        ("Invalid hyperlink - Incorrect URL match.", "incorrect_match")
    ]

    class _Reverse(_Versioning):
        def reverse(self, viewname: str, *args: Any, **kwargs: Any) -> str:
            from restframe.reverse import _reverse

            return _reverse("ns:" + viewname, *args, **kwargs) + "?version=v1"

    request.versioning_scheme = _Reverse()
    assert field.to_representation(targets[0]) == "http://testserver/prefix/inner/1/?version=v1"

    class Unversioned:
        pass

    request.versioning_scheme = Unversioned()
    plain = bound(
        HyperlinkedRelatedField(view_name="rel-target-detail", queryset=RelTarget.objects.all()),
        request=request,
    )
    assert plain.run_validation("/targets/1/") == targets[0]


def test_custom_get_object_and_get_url(targets: Any) -> None:
    class ByName(HyperlinkedRelatedField):
        def get_url(self, obj: Any, view_name: str, request: Any, format: Any) -> str:
            return self.reverse(view_name, kwargs={"name": obj.name}, request=request)

        def get_object(self, view_name: str, view_args: Any, view_kwargs: Any) -> Any:
            return self.get_queryset().get(name=view_kwargs["name"])

    field = bound(
        ByName(view_name="rel-target-by-name", queryset=RelTarget.objects.all()),
        request=rest_request(),
    )
    assert field.to_representation(targets[1]) == "http://testserver/targets/by-name/b/"
    assert field.run_validation("/targets/by-name/b/") == targets[1]


def test_identity_field(targets: Any) -> None:
    source = RelSource.objects.create(name="s")
    field = bound(HyperlinkedIdentityField(view_name="rel-source-detail"), request=rest_request())
    assert field.get_attribute(source) is source
    assert field.to_representation(source) == f"http://testserver/sources/{source.pk}/"


# --- ManyRelatedField -----------------------------------------------------------------------


def many(**kwargs: Any) -> Any:
    return PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), many=True, **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", [('Expected a list of items but got type "str".', "not_a_list")]),
        (1, [('Expected a list of items but got type "int".', "not_a_list")]),
        (True, [('Expected a list of items but got type "bool".', "not_a_list")]),
        (None, [("This field may not be null.", "null")]),
        ("", [('Expected a list of items but got type "str".', "not_a_list")]),
        (empty, [("This field is required.", "required")]),
        # The first bad item is the field's error (no index).
        ([1, 3, "x"], [('Invalid pk "3" - object does not exist.', "does_not_exist")]),
        (["x", 3], [("Incorrect type. Expected pk value, received str.", "incorrect_type")]),
        ([""], [("Incorrect type. Expected pk value, received str.", "incorrect_type")]),
        ([None], [('Invalid pk "None" - object does not exist.', "does_not_exist")]),
        ({"a": 1}, [("Incorrect type. Expected pk value, received str.", "incorrect_type")]),
    ],
    ids=repr,
)
def test_many_errors(targets: Any, value: Any, expected: Any) -> None:
    ours = outcome(many(), value)
    assert ours == expected
    if drf_relations is not None and value is not empty:
        drf_field = drf_relations.PrimaryKeyRelatedField(
            queryset=RelTarget.objects.all(), many=True
        )
        assert outcome(drf_field, value) == ours


def test_many_values(targets: Any) -> None:
    assert many().run_validation([1, "2", 1]) == [targets[0], targets[1], targets[0]]
    assert many().run_validation([]) == []
    assert outcome(many(allow_empty=False), []) == [("This list may not be empty.", "empty")]
    assert many().to_representation(RelTarget.objects.all()) == [1, 2]


def test_many_reads_html_form_lists(targets: Any) -> None:
    class FormSerializer(serializers.Serializer):
        targets = many()

    for query, expected in [
        ("targets=1&targets=2", [targets[0], targets[1]]),
        ("", []),  # a form sends nothing for an empty multiple select
    ]:
        serializer = FormSerializer(data=QueryDict(query))
        assert serializer.is_valid(), serializer.errors
        assert serializer.validated_data == {"targets": expected}
    partial = FormSerializer(data=QueryDict(""), partial=True)
    assert partial.is_valid()
    assert partial.validated_data == {}
    missing = FormSerializer(data={})
    assert not missing.is_valid()
    assert missing.errors == {"targets": ["This field is required."]}


def test_many_attribute(targets: Any) -> None:
    source = RelSource.objects.create(name="s")
    source.targets.set(targets)
    field = many()
    field.bind("targets", serializers.Serializer())
    assert list(field.get_attribute(source)) == list(targets)
    # An unsaved instance has no relations yet (asking Django would raise).
    assert field.get_attribute(RelSource(name="new")) == []
    plain = ManyRelatedField(child_relation=StringRelatedField())
    plain.bind("items", serializers.Serializer())
    assert plain.get_attribute({"items": ["x", "y"]}) == ["x", "y"]


# --- choices --------------------------------------------------------------------------------


def test_choices(targets: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    assert field.get_choices() == {1: "Target a", 2: "Target b"}
    assert field.choices == field.grouped_choices == {1: "Target a", 2: "Target b"}
    assert field.get_choices(cutoff=1) == {1: "Target a"}
    assert field.display_value(targets[0]) == "Target a"
    assert (field.html_cutoff, str(field.html_cutoff_text)) == (1000, "More than {count} items...")
    assert [(o.value, o.display_text) for o in field.iter_options()] == [
        (1, "Target a"),
        (2, "Target b"),
    ]
    cut = PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), html_cutoff=1)
    assert [(o.value, o.display_text, o.disabled) for o in cut.iter_options()] == [
        (1, "Target a", False),
        ("n/a", "More than 1 items...", True),
    ]
    assert StringRelatedField().get_choices() == {}
    slug = SlugRelatedField(slug_field="name", queryset=RelTarget.objects.all())
    assert slug.get_choices() == {"a": "Target a", "b": "Target b"}
    multi = many(html_cutoff=1, html_cutoff_text="Only {count}")
    assert multi.get_choices() == multi.choices == multi.grouped_choices == field.get_choices()
    assert [(o.value, o.display_text) for o in multi.iter_options()] == [
        (1, "Target a"),
        ("n/a", "Only 1"),
    ]


def test_choices_of_hyperlinks(targets: Any) -> None:
    field = bound(
        HyperlinkedRelatedField(view_name="rel-target-detail", queryset=RelTarget.objects.all()),
        request=None,
    )
    assert field.get_choices() == {"/targets/1/": "Target a", "/targets/2/": "Target b"}


@override_settings(
    REST_FRAMEWORK={"HTML_SELECT_CUTOFF": "2", "HTML_SELECT_CUTOFF_TEXT": "Over {count}"}
)
def test_cutoff_settings(db: Any) -> None:
    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
    assert (field.html_cutoff, str(field.html_cutoff_text)) == (2, "Over {count}")
    multi = many()
    assert (multi.html_cutoff, str(multi.html_cutoff_text)) == (2, "Over {count}")
    assert isinstance(field.html_cutoff_text, Promise)


@override_settings(REST_FRAMEWORK={"HTML_SELECT_CUTOFF": None})
def test_cutoff_setting_none(db: Any) -> None:
    assert PrimaryKeyRelatedField(queryset=RelTarget.objects.all()).html_cutoff is None


def test_messages_are_lazy() -> None:
    for cls in (
        PrimaryKeyRelatedField,
        SlugRelatedField,
        HyperlinkedRelatedField,
        ManyRelatedField,
    ):
        for message in cls.default_error_messages.values():
            assert isinstance(message, Promise), (cls, message)


def test_catalog_lists_relation_messages() -> None:
    from restframe import catalog

    found = {(entry.source, entry.code): str(entry.message) for entry in catalog.entries()}
    assert found[("restframe.relations.PrimaryKeyRelatedField", "does_not_exist")] == (
        'Invalid pk "{pk_value}" - object does not exist.'
    )
    assert found[("restframe.relations.HyperlinkedRelatedField", "no_match")] == (
        "Invalid hyperlink - No URL match."
    )
    assert found[("restframe.relations.ManyRelatedField", "not_a_list")] == (
        'Expected a list of items but got type "{input_type}".'
    )


# --- representation and queries through a serializer ---------------------------------------


def test_pk_only_representation_needs_no_query(targets: Any) -> None:
    RelSource.objects.create(name="s", target=targets[0])
    source = RelSource.objects.get()

    class Out(serializers.Serializer):
        target = PrimaryKeyRelatedField(read_only=True)
        target_url = HyperlinkedRelatedField(
            source="target", view_name="rel-target-detail", read_only=True
        )

    with CaptureQueriesContext(connection) as queries:
        data = Out(source, context={"request": None}).data
    assert data == {"target": 1, "target_url": "/targets/1/"}
    assert len(queries) == 0


def test_null_foreign_key_is_none_without_query(db: Any) -> None:
    RelSource.objects.create(name="s")
    source = RelSource.objects.get()

    class Out(serializers.Serializer):
        target = PrimaryKeyRelatedField(read_only=True)
        target_url = HyperlinkedRelatedField(
            source="target", view_name="rel-target-detail", read_only=True
        )
        target_name = SlugRelatedField(source="target", slug_field="name", read_only=True)

    with CaptureQueriesContext(connection) as queries:
        data = Out(source, context={"request": None}).data
    assert data == {"target": None, "target_url": None, "target_name": None}
    assert len(queries) == 0


def test_representation_of_dicts_and_missing_keys(targets: Any) -> None:
    class Out(serializers.Serializer):
        target = PrimaryKeyRelatedField(read_only=True)

    assert Out({"target": targets[0]}).data == {"target": 1}
    assert Out({}).data == {}


# --- over HTTP, compared with DRF -----------------------------------------------------------

VALIDATE_CASES: list[tuple[Any, int, Any]] = [
    # A missing nullable relation is shown as null, a missing many relation left out (DRF).
    ({"name": "x"}, 200, {"name": "x", "target": None}),
    (
        {
            "name": "x",
            "target": 1,
            "targets": [1, 2],
            "target_urls": ["/targets/2/", "http://api.example/targets/1/"],
        },
        200,
        {
            "name": "x",
            "target": 1,
            # ``targets`` and ``target_urls`` share a source: the later field's value wins.
            "targets": [2, 1],
            "target_name": "a",
            "target_url": "http://testserver/targets/1/",
            "target_urls": ["http://testserver/targets/2/", "http://testserver/targets/1/"],
        },
    ),
    (
        {
            "name": "x",
            "target": "abc",
            "targets": "1",
            "target_url": "/nope/",
            "target_urls": [1],
            "uuid_target": "abc",
        },
        400,
        {
            "target": ["Incorrect type. Expected pk value, received str."],
            "targets": ['Expected a list of items but got type "str".'],
            "target_url": ["Invalid hyperlink - No URL match."],
            "target_urls": ["Incorrect type. Expected URL string, received int."],
            "uuid_target": ["“abc” is not a valid UUID."],
        },
    ),
    (
        {
            "name": "x",
            "target": 99999999999999999999,
            "targets": [1, 99],
            "target_url": "/sources/1/",
            "target_urls": "x",
        },
        400,
        {
            "target": ['Invalid pk "99999999999999999999" - object does not exist.'],
            "targets": ['Invalid pk "99" - object does not exist.'],
            "target_url": ["Invalid hyperlink - Incorrect URL match."],
            "target_urls": ['Expected a list of items but got type "str".'],
        },
    ),
    (
        {
            "name": "x",
            "target": True,
            "targets": [{"id": 1}],
            "target_name": "zz",
            "target_url": "http://other.example/targets/9/",
            "uuid_target": 1,
        },
        400,
        {
            "target": ["Incorrect type. Expected pk value, received bool."],
            "targets": ["Incorrect type. Expected pk value, received dict."],
            "target_name": ["Object with name=zz does not exist."],
            "target_url": ["Invalid hyperlink - Object does not exist."],
            "uuid_target": ['Invalid pk "1" - object does not exist.'],
        },
    ),
    (
        {"name": "x", "target": None, "targets": None, "target_name": None, "target_url": ""},
        400,
        {
            "targets": ["This field may not be null."],
            "target_name": ["This field may not be null."],
            "target_url": ["This field may not be null."],
        },
    ),
    (
        {"name": "x", "target": [1], "target_url": 5, "target_urls": [None], "targets": [""]},
        400,
        {
            "target": ["Incorrect type. Expected pk value, received list."],
            "targets": ["Incorrect type. Expected pk value, received str."],
            "target_url": ["Incorrect type. Expected URL string, received int."],
            "target_urls": ["Incorrect type. Expected URL string, received NoneType."],
        },
    ),
    (
        {"name": "x", "target_url": "/targets/1/\u0000", "target_name": "a\u0000"},
        400,
        {
            "target_name": ["Object with name=a\u0000 does not exist."],
            "target_url": ["Invalid hyperlink - No URL match."],
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "status", "expected"), VALIDATE_CASES)
def test_validation_over_http(targets: Any, body: Any, status: int, expected: Any) -> None:
    response = APIClient().post("/rf/validate/", body, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == expected
    if urls_relations.DRF is not None:
        theirs = APIClient().post("/drf/validate/", body, format="json")
        assert (theirs.status_code, theirs.content) == (response.status_code, response.content)


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "status", "expected"), VALIDATE_CASES[:5])
def test_validation_over_http_in_an_async_view(body: Any, status: int, expected: Any) -> None:
    from asgiref.sync import async_to_sync

    from restframe.test import AsyncAPIClient

    RelTarget.objects.create(name="a")
    RelTarget.objects.create(name="b")
    client = AsyncAPIClient()
    response = async_to_sync(client.post)("/async/validate/", body, format="json")
    assert response.status_code == status
    assert json.loads(response.content) == expected
    sync_response = APIClient().post("/rf/validate/", body, format="json")
    assert response.content == sync_response.content


@pytest.mark.django_db
def test_malformed_urls_over_http_are_400(targets: Any) -> None:
    # DRF answers both with a 500 (ValueError / OverflowError escape its fields).
    # (1e400 parses as an infinite float.)
    response = APIClient().post(
        "/rf/validate/",
        '{"name": "x", "target_url": "http://[::1/targets/1/", "target": 1e400}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.content == (
        b'{"target":["Incorrect type. Expected pk value, received float."],'
        b'"target_url":["Invalid hyperlink - No URL match."]}'
    )


@pytest.mark.django_db
def test_exact_error_body_bytes(targets: Any) -> None:
    response = APIClient().post(
        "/rf/validate/", {"name": "x", "target": "abc", "targets": [3]}, format="json"
    )
    assert response.status_code == 400
    assert response.content == (
        b'{"target":["Incorrect type. Expected pk value, received str."],'
        b'"targets":["Invalid pk \\"3\\" - object does not exist."]}'
    )


@pytest.fixture
def sources(targets: Any) -> list[RelSource]:
    first = RelSource.objects.create(name="s1", target=targets[0])
    first.targets.set(targets)
    second = RelSource.objects.create(name="s2")
    third = RelSource.objects.create(name="s3", target=targets[1])
    third.targets.set([targets[1]])
    return [first, second, third]


@pytest.mark.django_db
def test_read_over_http(sources: Any) -> None:
    response = APIClient().get(f"/rf/sources/{sources[0].pk}/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "url": "http://testserver/sources/1/",
        "name": "s1",
        "target": 1,
        "targets": [1, 2],
        "target_str": "Target a",
        "target_name": "a",
        "target_url": "http://testserver/targets/1/",
        "target_urls": ["http://testserver/targets/1/", "http://testserver/targets/2/"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["sources/1/", "sources/2/", "sources/", "sources/?format=json"])
def test_reads_and_query_counts_match_drf(sources: Any, url: str) -> None:
    with CaptureQueriesContext(connection) as ours:
        response = APIClient().get("/rf/" + url)
    assert response.status_code == 200
    if urls_relations.DRF is None:
        return
    with CaptureQueriesContext(connection) as theirs:
        drf_response = APIClient().get("/drf/" + url)
    assert response.content == drf_response.content
    assert len(ours) == len(theirs)


@pytest.mark.django_db
def test_list_query_count(sources: Any) -> None:
    # One for the sources; per source one for ``targets`` (twice: pks and links) and one for
    # the slug/str of the target (loaded once, then cached on the instance).
    with CaptureQueriesContext(connection) as queries:
        response = APIClient().get("/rf/sources/")
    assert response.status_code == 200
    assert len(queries) == 1 + 2 * 3 + 2


@pytest.mark.django_db
def test_validation_query_count(targets: Any) -> None:
    body = {"name": "x", "targets": [1, 2], "target": 1}
    with CaptureQueriesContext(connection) as ours:
        response = APIClient().post("/rf/validate/", body, format="json")
    assert response.status_code == 200
    if urls_relations.DRF is not None:
        with CaptureQueriesContext(connection) as theirs:
            APIClient().post("/drf/validate/", body, format="json")
        assert len(ours) == len(theirs)


@needs_drf
def test_messages_equal_drfs() -> None:
    # The merged messages of each field; the class dicts differ only in that DRF repeats
    # Field's "required" on two classes (inherited here, so the catalog lists it once).
    for build in [
        lambda rel: rel.PrimaryKeyRelatedField(read_only=True),
        lambda rel: rel.SlugRelatedField(slug_field="name", read_only=True),
        lambda rel: rel.HyperlinkedRelatedField(view_name="x", read_only=True),
        lambda rel: rel.StringRelatedField(),
        lambda rel: rel.HyperlinkedIdentityField(view_name="x"),
        lambda rel: rel.StringRelatedField(many=True),
    ]:
        mine = {key: str(value) for key, value in build(relations).error_messages.items()}
        drfs = {key: str(value) for key, value in build(drf_relations).error_messages.items()}
        assert mine == drfs


def test_async_safe_validation(targets: Any) -> None:
    from asgiref.sync import async_to_sync, sync_to_async

    field = PrimaryKeyRelatedField(queryset=RelTarget.objects.all())

    async def validate() -> Any:
        return await sync_to_async(field.run_validation)(targets[0].pk)

    assert async_to_sync(validate)() == targets[0]


def test_related_field_is_abstract(targets: Any) -> None:
    field = RelatedField(queryset=RelTarget.objects.all())
    with pytest.raises(NotImplementedError):
        field.to_internal_value(1)


# --- any JSON input: never a server error, and DRF's answer wherever DRF gives one ---------

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(
        ["/targets/1/", "http://x/targets/1/", "/targets/3/", "/sources/1/", "a", " 2", "http://["]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=2)
    ),
    max_leaves=5,
)


def _field_pairs(rel: Any) -> list[Any]:
    queryset = RelTarget.objects.all()
    return [
        rel.PrimaryKeyRelatedField(queryset=queryset),
        rel.SlugRelatedField(slug_field="name", queryset=queryset),
        rel.HyperlinkedRelatedField(view_name="rel-target-detail", queryset=queryset),
        rel.PrimaryKeyRelatedField(queryset=queryset, many=True, allow_empty=False),
        rel.HyperlinkedRelatedField(view_name="rel-target-detail", queryset=queryset, many=True),
    ]


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_JSON_VALUES)
def test_any_input_is_answered_as_drf_does(value: Any) -> None:
    if not RelTarget.objects.exists():
        RelTarget.objects.create(name="a")
        RelTarget.objects.create(name="b")
    theirs = _field_pairs(drf_relations) if drf_relations is not None else None
    for index, field in enumerate(_field_pairs(relations)):
        ours = outcome(field, value)
        assert not isinstance(ours, str), (value, ours)  # a ValidationError or a value
        if theirs is not None:
            drf_outcome = outcome(theirs[index], value)
            if not isinstance(drf_outcome, str):  # DRF did not crash
                assert ours == drf_outcome, (value, field)


@pytest.mark.django_db
def test_pk_related_field_reads_a_property_returning_the_object() -> None:
    # A ``@property`` that returns a related object renders as that object's pk, not the object.
    target = RelTarget.objects.create(name="t")
    first = RelSource.objects.create(name="a", target=target)
    RelSource.objects.create(name="b", target=target)

    class TargetSerializer(serializers.ModelSerializer):
        first_source = PrimaryKeyRelatedField(read_only=True)

        class Meta:
            model = RelTarget
            fields = ["name", "first_source"]

    with CaptureQueriesContext(connection) as queries:
        data = TargetSerializer(target).data
    assert data == {"name": "t", "first_source": first.pk}
    assert len(queries) == 1
    empty_target = RelTarget.objects.create(name="none")
    assert TargetSerializer(empty_target).data == {"name": "none", "first_source": None}
