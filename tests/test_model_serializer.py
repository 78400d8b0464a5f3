"""ModelSerializer and HyperlinkedModelSerializer: fields built from models, Meta errors,
uniqueness validators over HTTP, create/update with relations, query counts and atomicity.

Expected reprs, messages and bodies are DRF 3.18's (observed by running DRF on the same
models); where DRF is installed, ``test_repr_matches_drf`` re-checks every model against it.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models.signals import m2m_changed
from django.test.utils import CaptureQueriesContext

from restframe import serializers
from restframe.test import APIClient
from restframe.utils import field_mapping, model_meta
from tests import models_model_serializer as M
from tests.interpreter import run_python

pytestmark = pytest.mark.urls("tests.urls_model_serializer")

try:
    from rest_framework import serializers as drf_serializers
except ImportError:  # pragma: no cover
    drf_serializers = None


def make(model: Any, base: Any = serializers.ModelSerializer, attrs: Any = None, **meta: Any):
    """A serializer class for ``model`` with ``meta`` as its ``Meta`` options."""
    namespace = {"Meta": type("Meta", (), {"model": model, **meta}), "__module__": "app.ser"}
    namespace.update(attrs or {})
    return type("XSerializer", (base,), namespace)


def body(value: Any) -> bytes:
    """The bytes DRF's JSON renderer writes for ``value``."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# --- field mapping (reprs) -----------------------------------------------------------------

EXPECTED_REPRS = {
    M.MSAllTypes: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    big = BigIntegerField(max_value=9223372036854775807, min_value=-9223372036854775808)
    boolean = BooleanField()
    char = CharField(max_length=100)
    date = DateField()
    datetime = DateTimeField()
    decimal = DecimalField(decimal_places=2, max_digits=5)
    duration = DurationField()
    email = EmailField(max_length=254)
    file = FileField(max_length=100)
    file_path = FilePathField(path=PATH)
    float = FloatField()
    integer = IntegerField(max_value=9223372036854775807, min_value=-9223372036854775808)
    ip = IPAddressField(protocol='both')
    json = JSONField(decoder=None, encoder=None, style={'base_template': 'textarea.html'})
    positive = IntegerField(max_value=9223372036854775807, min_value=0)
    positive_small = IntegerField(max_value=9223372036854775807, min_value=0)
    positive_big = BigIntegerField(max_value=9223372036854775807, min_value=0)
    slug = SlugField(allow_unicode=False, max_length=50)
    small = IntegerField(max_value=9223372036854775807, min_value=-9223372036854775808)
    text = CharField(style={'base_template': 'textarea.html'})
    time = TimeField()
    url = URLField(max_length=200)
    uuid = UUIDField()
    binary = ModelField(model_field=<django.db.models.fields.BinaryField: binary>, read_only=True)""",  # noqa: E501
    M.MSDefaults: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    title = CharField(allow_blank=True, help_text='The title.', max_length=100, required=False)
    subtitle = CharField(allow_null=True, label='Sub title', max_length=50, required=False)
    count = IntegerField(label='Number of things', max_value=9223372036854775807, min_value=-9223372036854775808, required=False)
    day = DateField(required=False)
    created = DateTimeField(read_only=True)
    modified = DateTimeField(read_only=True)
    hidden = IntegerField(read_only=True)
    data = JSONField(allow_null=True, decoder=None, encoder=None, required=False, style={'base_template': 'textarea.html'})""",  # noqa: E501
    M.MSValidated: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    score = IntegerField(max_value=10, min_value=1)
    ratio = DecimalField(decimal_places=1, max_digits=4, max_value=100)
    name = CharField(max_length=20, min_length=3, validators=[<django.core.validators.RegexValidator object>])
    body = CharField(style={'base_template': 'textarea.html'}, validators=[<django.core.validators.MaxLengthValidator object>])
    code = CharField(max_length=10, validators=[<UniqueValidator(queryset=MSValidated.objects.all())>])""",  # noqa: E501
    M.MSChoices: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    color = ChoiceField(allow_blank=True, choices=[('red', 'Red'), ('green', 'Green')], required=False)
    number = ChoiceField(allow_null=True, choices=[(1, 'One'), (2, 'Two')], required=False, validators=[<django.core.validators.MinValueValidator object>, <django.core.validators.MaxValueValidator object>])
    text = ChoiceField(choices=[('red', 'Red'), ('green', 'Green')])""",  # noqa: E501
    M.MSBook: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    title = CharField(max_length=100)
    author = PrimaryKeyRelatedField(queryset=MSAuthor.objects.all())
    editor = SlugRelatedField(allow_null=True, help_text='Who edited it.', label='The editor', queryset=MSAuthor.objects.all(), required=False, slug_field='name')
    tags = PrimaryKeyRelatedField(allow_empty=False, many=True, queryset=MSTag.objects.all())
    extra_tags = PrimaryKeyRelatedField(many=True, queryset=MSTag.objects.all(), required=False)""",  # noqa: E501
    M.MSProfile: """XSerializer():
    author = PrimaryKeyRelatedField(queryset=MSAuthor.objects.all(), validators=[<UniqueValidator(queryset=MSProfile.objects.all())>])
    bio = CharField(allow_blank=True, required=False, style={'base_template': 'textarea.html'})""",  # noqa: E501
    M.MSTeam: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    name = CharField(max_length=20)
    members = PrimaryKeyRelatedField(many=True, read_only=True)""",
    M.MSMembership: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    team = PrimaryKeyRelatedField(queryset=MSTeam.objects.all(), required=True)
    author = PrimaryKeyRelatedField(queryset=MSAuthor.objects.all(), required=True)
    class Meta:
        validators = [<UniqueTogetherValidator(queryset=MSMembership.objects.all(), fields=('team', 'author'))>]""",  # noqa: E501
    M.MSEntry: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    board = CharField(max_length=20, required=True)
    position = IntegerField(max_value=9223372036854775807, min_value=-9223372036854775808, required=True)
    slug = CharField(max_length=20, required=True)
    published = BooleanField(default=False, required=False)
    class Meta:
        validators = [<UniqueTogetherValidator(queryset=MSEntry.objects.all(), fields=('board', 'position'))>, <UniqueTogetherValidator(queryset=MSEntry.objects.all(), fields=('board', 'slug'), condition=<Q: (AND: ('published', True))>)>]""",  # noqa: E501
    M.MSConstraint: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    owner = CharField(max_length=20, required=True)
    code = CharField(max_length=20, required=True)
    kind = CharField(default='a', max_length=10)
    class Meta:
        validators = [<UniqueTogetherValidator(queryset=MSConstraint.objects.all(), fields=('owner', 'code'))>, <UniqueTogetherValidator(queryset=MSConstraint.objects.all(), fields=('owner', 'kind'))>]""",  # noqa: E501
    M.MSPost: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    title = CharField(max_length=50)
    slug = CharField(max_length=50)
    published = DateField(required=True)
    class Meta:
        validators = [<UniqueForDateValidator(queryset=MSPost.objects.all(), field='title', date_field='published')>, <UniqueForYearValidator(queryset=MSPost.objects.all(), field='slug', date_field='published')>]""",  # noqa: E501
    M.MSNote: """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    text = CharField(max_length=20)
    meta = JSONField(decoder=None, encoder=<class 'json.encoder.JSONEncoder'>, required=False, style={'base_template': 'textarea.html'})
    author = PrimaryKeyRelatedField(allow_null=True, queryset=MSAuthor.objects.all(), required=False)""",  # noqa: E501
}

EXPECTED_HYPERLINKED_REPRS = {
    M.MSBook: """XSerializer():
    url = HyperlinkedIdentityField(view_name='msbook-detail')
    title = CharField(max_length=100)
    author = HyperlinkedRelatedField(queryset=MSAuthor.objects.all(), view_name='msauthor-detail')
    editor = SlugRelatedField(allow_null=True, help_text='Who edited it.', label='The editor', queryset=MSAuthor.objects.all(), required=False, slug_field='name')
    tags = HyperlinkedRelatedField(allow_empty=False, many=True, queryset=MSTag.objects.all(), view_name='mstag-detail')
    extra_tags = HyperlinkedRelatedField(many=True, queryset=MSTag.objects.all(), required=False, view_name='mstag-detail')""",  # noqa: E501
    M.MSTeam: """XSerializer():
    url = HyperlinkedIdentityField(view_name='msteam-detail')
    name = CharField(max_length=20)
    members = HyperlinkedRelatedField(many=True, read_only=True, view_name='msauthor-detail')""",
    # A one-to-one primary key is neither a field nor a forward relation of ``__all__``.
    M.MSProfile: """XSerializer():
    url = HyperlinkedIdentityField(view_name='msprofile-detail')
    bio = CharField(allow_blank=True, required=False, style={'base_template': 'textarea.html'})""",
}


@pytest.mark.parametrize("model", list(EXPECTED_REPRS), ids=lambda m: m.__name__)
def test_model_fields_map_as_drf_does(model):
    expected = EXPECTED_REPRS[model].replace("PATH", repr(M.__file__.rsplit("/", 1)[0]))
    assert repr(make(model, fields="__all__")()) == expected


@pytest.mark.parametrize("model", list(EXPECTED_HYPERLINKED_REPRS), ids=lambda m: m.__name__)
def test_hyperlinked_fields_map_as_drf_does(model):
    serializer = make(model, serializers.HyperlinkedModelSerializer, fields="__all__")()
    assert repr(serializer) == EXPECTED_HYPERLINKED_REPRS[model]


CONCRETE_MODELS = [getattr(M, name) for name in M.__all__ if not getattr(M, name)._meta.abstract]


@pytest.mark.skipif(drf_serializers is None, reason="Django REST framework is not installed")
@pytest.mark.parametrize("model", CONCRETE_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("hyperlinked", [False, True])
@pytest.mark.parametrize("depth", [0, 1])
def test_repr_matches_drf(model, hyperlinked, depth):
    assert drf_serializers is not None
    ours_base = serializers.HyperlinkedModelSerializer if hyperlinked else None
    drf_base = drf_serializers.HyperlinkedModelSerializer if hyperlinked else None
    ours = make(model, ours_base or serializers.ModelSerializer, fields="__all__", depth=depth)
    drf = make(model, drf_base or drf_serializers.ModelSerializer, fields="__all__", depth=depth)
    assert repr(ours()) == repr(drf())


def test_explicit_field_list_reprs():
    cases = [
        (
            make(M.MSAuthor, fields=["id", "name", "books", "edited", "teams", "msprofile"]),
            """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    name = CharField(max_length=50, validators=[<UniqueValidator(queryset=MSAuthor.objects.all())>])
    books = PrimaryKeyRelatedField(many=True, queryset=MSBook.objects.all())
    edited = PrimaryKeyRelatedField(many=True, queryset=MSBook.objects.all())
    teams = PrimaryKeyRelatedField(many=True, read_only=True)
    msprofile = PrimaryKeyRelatedField(queryset=MSProfile.objects.all())""",
        ),
        (
            make(
                M.MSTag,
                fields="__all__",
                read_only_fields=["label"],
                extra_kwargs={"label": {"required": True, "help_text": "h"}},
            ),
            """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    label = CharField(help_text='h', read_only=True)""",
        ),
        (
            make(
                M.MSDefaults,
                exclude=["data", "day"],
                extra_kwargs={"title": {"write_only": True, "source": "subtitle"}},
            ),
            """XSerializer():
    id = IntegerField(label='ID', read_only=True)
    title = CharField(allow_null=True, label='Sub title', max_length=50, required=False, source='subtitle', write_only=True)
    subtitle = CharField(allow_null=True, label='Sub title', max_length=50, required=False)
    count = IntegerField(label='Number of things', max_value=9223372036854775807, min_value=-9223372036854775808, required=False)
    created = DateTimeField(read_only=True)
    modified = DateTimeField(read_only=True)
    hidden = IntegerField(read_only=True)""",  # noqa: E501
        ),
        # A unique set only partly on the serializer: no validator and nothing required.
        (
            make(M.MSEntry, fields=["board", "slug"]),
            """XSerializer():
    board = CharField(max_length=20)
    slug = CharField(max_length=20)""",
        ),
        # Meta.validators replaces the model's uniqueness checks (and their required flags).
        (
            make(M.MSEntry, fields=["board", "position"], validators=[]),
            """XSerializer():
    board = CharField(max_length=20)
    position = IntegerField(max_value=9223372036854775807, min_value=-9223372036854775808)""",
        ),
        (
            make(M.MSDefaults, fields=["shout", "describe"]),
            """XSerializer():
    shout = ReadOnlyField()
    describe = ReadOnlyField()""",
        ),
        (
            make(M.MSTag, fields=["url"]),
            """XSerializer():
    url = HyperlinkedIdentityField(view_name='mstag-detail')""",
        ),
    ]
    for serializer_class, expected in cases:
        assert repr(serializer_class()) == expected


# --- Meta errors -------------------------------------------------------------------------------


META_ERRORS = [
    (
        "no fields",
        lambda: make(M.MSTag),
        AssertionError,
        "(\"Creating a ModelSerializer without either the 'fields' attribute or the 'exclude' "
        "attribute has been deprecated since 3.3.0, and is now disallowed. Add an explicit "
        "fields = '__all__' to the XSerializer serializer.\",)",
    ),
    (
        "both",
        lambda: make(M.MSTag, fields=["id"], exclude=["label"]),
        AssertionError,
        "Cannot set both 'fields' and 'exclude' options on serializer XSerializer.",
    ),
    (
        "fields str",
        lambda: make(M.MSTag, fields="label"),
        TypeError,
        'The `fields` option must be a list or tuple or "__all__". Got str.',
    ),
    (
        "exclude str",
        lambda: make(M.MSTag, exclude="label"),
        TypeError,
        "The `exclude` option must be a list or tuple. Got str.",
    ),
    (
        "unknown",
        lambda: make(M.MSTag, fields=["nope"]),
        ImproperlyConfigured,
        "Field name `nope` is not valid for model `MSTag` in `app.ser.XSerializer`.",
    ),
    (
        "declared missing",
        lambda: make(M.MSTag, fields=["id"], attrs={"x": serializers.CharField()}),
        AssertionError,
        "The field 'x' was declared on serializer XSerializer, but has not been included in "
        "the 'fields' option.",
    ),
    (
        "exclude declared",
        lambda: make(M.MSTag, exclude=["x"], attrs={"x": serializers.CharField()}),
        AssertionError,
        "Cannot both declare the field 'x' and include it in the XSerializer 'exclude' option. "
        "Remove the field or, if inherited from a parent serializer, disable with `x = None`.",
    ),
    (
        "exclude unknown",
        lambda: make(M.MSTag, exclude=["nope"]),
        AssertionError,
        "The field 'nope' was included on serializer XSerializer in the 'exclude' option, but "
        "does not match any model field.",
    ),
    (
        "no meta",
        lambda: type("Y", (serializers.ModelSerializer,), {}),
        AssertionError,
        'Class Y missing "Meta" attribute',
    ),
    (
        "no model",
        lambda: type(
            "Y", (serializers.ModelSerializer,), {"Meta": type("Meta", (), {"fields": "__all__"})}
        ),
        AssertionError,
        'Class Y missing "Meta.model" attribute',
    ),
    (
        "abstract",
        lambda: make(M.MSAbstract, fields="__all__"),
        ValueError,
        "Cannot use ModelSerializer with Abstract Models.",
    ),
    (
        "negative depth",
        lambda: make(M.MSTag, fields="__all__", depth=-1),
        AssertionError,
        "'depth' may not be negative.",
    ),
    (
        "deep",
        lambda: make(M.MSTag, fields="__all__", depth=11),
        AssertionError,
        "'depth' may not be greater than 10.",
    ),
    (
        "read_only_fields str",
        lambda: make(M.MSTag, fields="__all__", read_only_fields="label"),
        TypeError,
        "The `read_only_fields` option must be a list or tuple. Got str.",
    ),
    (
        "readonly_fields",
        lambda: make(M.MSTag, fields="__all__", readonly_fields=["label"]),
        AssertionError,
        "Serializer `app.ser.XSerializer` has field `readonly_fields`; the correct spelling for "
        "the option is `read_only_fields`.",
    ),
    (
        "two fields for one column",
        lambda: make(
            M.MSEntry,
            fields=["board", "position", "b2", "slug"],
            attrs={"b2": serializers.CharField(source="board")},
        ),
        AssertionError,
        "Unable to create `UniqueTogetherValidator` for `MSEntry.board` as `XSerializer` has "
        "multiple fields (board, b2) that map to this model field. Either remove the extra "
        "fields, or override `Meta.validators` with a `UniqueTogetherValidator` using the "
        "desired field names.",
    ),
]


@pytest.mark.parametrize(
    ("build", "exc_type", "message"),
    [case[1:] for case in META_ERRORS],
    ids=[case[0] for case in META_ERRORS],
)
def test_bad_meta_raises_drfs_error(build, exc_type, message):
    serializer = build()()
    with pytest.raises(exc_type) as info:
        repr(serializer)  # builds the fields and validators
    assert str(info.value) == message
    # Not cached: every use raises again.
    with pytest.raises(exc_type):
        repr(build()())


# --- validation through HTTP -------------------------------------------------------------------


def post(path: str, data: Any):
    return APIClient(raise_request_exception=False).post(path, data, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unique_errors_over_http(mode):
    M.MSValidated.objects.create(score=1, ratio=1, name="abc", body="x", code="c1")
    response = post(
        f"/{mode}/validated/",
        {"score": 0, "ratio": 1000, "name": "ab", "body": "x" * 501, "code": "c1"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.content == body(
        {
            "score": ["Ensure this value is greater than or equal to 1."],
            "ratio": ["Ensure that there are no more than 3 digits before the decimal point."],
            "name": ["Ensure this field has at least 3 characters."],
            "body": ["Ensure this value has at most 500 characters (it has 501)."],
            "code": ["ms validated with this code already exists."],
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unique_together_and_constraints_over_http(mode):
    M.MSEntry.objects.create(board="b", position=1, slug="s", published=True)
    url = f"/{mode}/entries/"
    response = post(url, {"board": "b", "position": 1, "slug": "t"})
    assert response.status_code == 400
    assert response.content == body(
        {"non_field_errors": ["The fields board, position must make a unique set."]}
    )
    # The conditional constraint's own message (and code, below).
    response = post(url, {"board": "b", "position": 2, "slug": "s", "published": True})
    assert response.status_code == 400
    assert response.content == body({"non_field_errors": ["Slug already published on this board."]})
    # Outside the condition the slug may repeat.
    response = post(url, {"board": "b", "position": 2, "slug": "s", "published": False})
    assert response.status_code == 201
    assert response.content == body(
        {"id": 2, "board": "b", "position": 2, "slug": "s", "published": False}
    )
    response = post(url, {})
    assert response.status_code == 400
    assert response.content == body(
        {
            "board": ["This field is required."],
            "position": ["This field is required."],
            "slug": ["This field is required."],
        }
    )


@pytest.mark.django_db
def test_constraint_codes():
    M.MSEntry.objects.create(board="b", position=1, slug="s", published=True)
    serializer = make(M.MSEntry, fields="__all__")(
        data={"board": "b", "position": 1, "slug": "s", "published": True}
    )
    assert not serializer.is_valid()
    codes = serializers.ValidationError(serializer.errors).get_codes()
    assert codes == {"non_field_errors": ["unique", "slug_taken"]}


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unique_constraint_with_default_over_http(mode):
    M.MSConstraint.objects.create(owner="o", code="c", kind="a")
    url = f"/{mode}/constraints/"
    response = post(url, {"owner": "o", "code": "c"})
    assert response.status_code == 400
    assert response.content == body(
        {
            "non_field_errors": [
                "The fields owner, code must make a unique set.",
                "The fields owner, kind must make a unique set.",
            ]
        }
    )
    response = post(url, {"owner": "o", "code": "d", "kind": "b"})
    assert response.status_code == 201
    assert response.content == body({"id": 2, "owner": "o", "code": "d", "kind": "b"})


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unique_for_date_over_http(mode):
    M.MSPost.objects.create(title="t", slug="s", published="2020-01-01")
    url = f"/{mode}/posts/"
    response = post(url, {"title": "t", "slug": "s", "published": "2020-01-01"})
    assert response.status_code == 400
    assert response.content == body(
        {"title": ['This field must be unique for the "published" date.']}
    )
    response = post(url, {"title": "t"})
    assert response.status_code == 400
    assert response.content == body(
        {"slug": ["This field is required."], "published": ["This field is required."]}
    )
    response = post(url, {"title": "t", "slug": "x", "published": "2020-01-02"})
    assert response.status_code == 201


# --- create / update ---------------------------------------------------------------------------


@pytest.fixture
def library(db):
    author = M.MSAuthor.objects.create(name="ann")
    tags = [M.MSTag.objects.create(label="x"), M.MSTag.objects.create(label="y")]
    return author, tags


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_create_and_update_with_fk_and_m2m_over_http(mode, library):
    author, (t1, t2) = library
    response = post(
        f"/{mode}/books/",
        {"title": "x", "author": author.pk, "tags": [t1.pk, t2.pk], "editor": "ann"},
    )
    assert response.status_code == 201
    assert response.content == body(
        {"id": 1, "title": "x", "author": 1, "editor": "ann", "tags": [1, 2], "extra_tags": []}
    )
    book = M.MSBook.objects.get()
    assert list(book.tags.order_by("pk")) == [t1, t2]
    client = APIClient(raise_request_exception=False)
    response = client.put(
        f"/{mode}/books/{book.pk}/",
        {"title": "z", "author": author.pk, "tags": [t2.pk], "extra_tags": [t1.pk]},
        format="json",
    )
    assert response.status_code == 200
    assert response.content == body(
        {"id": 1, "title": "z", "author": 1, "editor": "ann", "tags": [2], "extra_tags": [1]}
    )
    assert list(M.MSBook.objects.get().tags.all()) == [t2]


def test_relation_errors_over_http(library):
    response = post("/sync/books/", {"title": "x", "author": 999, "tags": [999], "editor": "zzz"})
    assert response.status_code == 400
    assert response.content == body(
        {
            "author": ['Invalid pk "999" - object does not exist.'],
            "editor": ["Object with name=zzz does not exist."],
            "tags": ['Invalid pk "999" - object does not exist.'],
        }
    )
    response = post("/sync/books/", {"title": "x", "author": 1, "tags": []})
    assert response.content == body({"tags": ["This list may not be empty."]})


def query_counts(module: Any, author: Any, tags: Any) -> list[int]:
    """Queries of create, update and a list read with ``module``'s ModelSerializer."""
    t1, t2 = tags
    serializer_class = make(M.MSBook, module.ModelSerializer, fields="__all__")
    counts = []
    data = {"title": "x", "author": author.pk, "tags": [t1.pk, t2.pk], "editor": "ann"}
    with CaptureQueriesContext(connection) as queries:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        serializer.data  # noqa: B018
    counts.append(len(queries))
    book = M.MSBook.objects.get(pk=serializer.instance.pk)
    with CaptureQueriesContext(connection) as queries:
        serializer = serializer_class(
            book, data={"title": "z", "author": author.pk, "tags": [t2.pk]}
        )
        serializer.is_valid(raise_exception=True)
        serializer.save()
        serializer.data  # noqa: B018
    counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        serializer_class(M.MSBook.objects.all(), many=True).data  # noqa: B018
    counts.append(len(queries))
    return counts


def test_query_counts_match_drf(library):
    author, tags = library
    # Create: author, editor and 2 tag look-ups, INSERT, m2m SELECT + INSERT, 2 m2m reads.
    # Update: author and tag look-ups, UPDATE, m2m SELECT + DELETE, editor and 2 m2m reads.
    # List (one book): the books, then per book the editor (a ``to_field`` FK) and both m2m.
    ours = query_counts(serializers, author, tags)
    assert ours == [9, 8, 4]
    if drf_serializers is not None:
        M.MSBook.objects.all().delete()
        assert query_counts(drf_serializers, author, tags) == ours


def test_create_type_error_explains(library):
    serializer_class = make(M.MSTag, fields="__all__", attrs={"bogus": serializers.CharField()})
    serializer = serializer_class(data={"label": "a", "bogus": "b"})
    serializer.is_valid(raise_exception=True)
    with pytest.raises(TypeError) as info:
        serializer.save()
    message = str(info.value)
    assert message.startswith(
        "Got a `TypeError` when calling `MSTag.objects.create()`. This may be because you "
        "have a writable field on the serializer class that is not a valid argument to "
        "`MSTag.objects.create()`. You may need to make the field read-only, or override the "
        "XSerializer.create() method to handle this correctly.\nOriginal exception was:\n "
        "Traceback (most recent call last):\n"
    )
    assert "unexpected keyword arguments: 'bogus'" in message


@pytest.mark.django_db(transaction=True)
def test_failing_m2m_write_leaves_no_row():
    author = M.MSAuthor.objects.create(name="ann")
    tag = M.MSTag.objects.create(label="x")

    def explode(sender: Any, action: str, **kwargs: Any) -> None:
        if action == "pre_add":
            raise RuntimeError("m2m failed")

    m2m_changed.connect(explode, sender=M.MSBook.tags.through)
    try:
        serializer = make(M.MSBook, fields="__all__")(
            data={"title": "x", "author": author.pk, "tags": [tag.pk]}
        )
        serializer.is_valid(raise_exception=True)
        with pytest.raises(RuntimeError):
            serializer.save()
        assert not M.MSBook.objects.exists()
        # Updates too: the changed title is not kept when the m2m write fails.
        book = M.MSBook.objects.create(title="old", author=author)
        serializer = make(M.MSBook, fields="__all__")(
            book, data={"title": "new", "author": author.pk, "tags": [tag.pk]}
        )
        serializer.is_valid(raise_exception=True)
        with pytest.raises(RuntimeError):
            serializer.save()
        assert M.MSBook.objects.get().title == "old"
    finally:
        m2m_changed.disconnect(explode, sender=M.MSBook.tags.through)


def test_nested_writes_are_refused(library):
    author, _tags = library

    class BookSerializer(serializers.ModelSerializer):
        author = make(M.MSAuthor, fields=["name"])()

        class Meta:
            model = M.MSBook
            fields = ["title", "author"]

    serializer = BookSerializer(data={"title": "x", "author": {"name": "bob"}})
    serializer.is_valid(raise_exception=True)
    with pytest.raises(AssertionError) as info:
        serializer.save()
    assert str(info.value) == (
        "The `.create()` method does not support writable nested fields by default.\n"
        "Write an explicit `.create()` method for serializer "
        "`tests.test_model_serializer.BookSerializer`, or set `read_only=True` on nested "
        "serializer fields."
    )


def test_hyperlinked_output_over_http(library):
    author, (t1, t2) = library
    book = M.MSBook.objects.create(title="x", author=author)
    book.tags.set([t1, t2])
    response = APIClient().get(f"/books/{book.pk}/")
    assert response.status_code == 200
    assert response.content == body(
        {
            "url": "http://testserver/books/1/",
            "title": "x",
            "author": "http://testserver/authors/1/",
            "tags": ["http://testserver/tags/1/", "http://testserver/tags/2/"],
        }
    )


def test_url_field_name_setting(settings):
    settings.REST_FRAMEWORK = {"URL_FIELD_NAME": "link"}
    serializer = make(M.MSTag, serializers.HyperlinkedModelSerializer, fields="__all__")()
    assert list(serializer.fields) == ["link", "label"]


# --- per-class caching keeps DRF's per-instance semantics --------------------------------------


def test_instances_get_independent_fields():
    serializer_class = make(M.MSBook, fields="__all__")
    first, second = serializer_class(), serializer_class()
    assert first.fields["title"] is not second.fields["title"]
    first.fields["title"].max_length = 1
    del first.fields["author"]
    assert second.fields["title"].max_length == 100
    assert "author" in serializer_class().fields


def test_overridden_hooks_run_per_instance():
    calls = []

    class Custom(serializers.ModelSerializer):
        class Meta:
            model = M.MSTag
            fields = "__all__"

        def build_standard_field(self, field_name, model_field):
            calls.append(field_name)
            field_class, kwargs = super().build_standard_field(field_name, model_field)
            if self.context.get("shout"):
                kwargs["help_text"] = "LOUD"
            return field_class, kwargs

    assert Custom(context={"shout": True}).fields["label"].help_text == "LOUD"
    assert Custom().fields["label"].help_text is None
    assert calls == ["id", "label", "id", "label"]


def test_model_introspection_is_cached():
    assert model_meta.get_field_info(M.MSBook) is model_meta.get_field_info(M.MSBook())


# --- model_meta / field_mapping public helpers ---------------------------------------------------


def test_model_meta_shapes():
    info = model_meta.get_field_info(M.MSAuthor)
    assert info._fields == (
        "pk",
        "fields",
        "forward_relations",
        "reverse_relations",
        "fields_and_pk",
        "relations",
    )
    assert list(info.fields_and_pk) == ["pk", "id", "name"]
    assert list(info.reverse_relations) == [
        "books",
        "edited",
        "msprofile",
        "msmembership_set",
        "msnote_set",
        "teams",
    ]
    assert info.relations["edited"] == model_meta.RelationInfo(
        model_field=None,
        related_model=M.MSBook,
        to_many=True,
        to_field="name",
        has_through_model=False,
        reverse=True,
    )
    assert info.relations["teams"].has_through_model is True
    book = model_meta.get_field_info(M.MSBook)
    assert book.forward_relations["tags"].to_many is True
    assert "extra_tags" in book.forward_relations
    assert model_meta.is_abstract_model(M.MSAbstract)
    assert not model_meta.is_abstract_model(M.MSTag)


def test_field_mapping_helpers():
    lookup = field_mapping.ClassLookupDict({models.CharField: 1, models.Field: 2})
    assert lookup[models.SlugField()] == 1
    assert lookup[models.IntegerField] == 2
    assert models.TextField() in lookup
    with pytest.raises(KeyError) as info:
        field_mapping.ClassLookupDict({int: 1})["x"]
    assert info.value.args == ("Class str not found in lookup.",)
    assert "x" not in field_mapping.ClassLookupDict({int: 1})
    assert field_mapping.get_detail_view_name(M.MSBook) == "msbook-detail"
    assert field_mapping.get_url_kwargs(M.MSBook) == {"view_name": "msbook-detail"}
    editor = M.MSBook._meta.get_field("editor")
    assert field_mapping.needs_label(editor, "editor")
    assert not field_mapping.needs_label(M.MSBook._meta.get_field("title"), "title")
    kwargs = field_mapping.get_relation_kwargs(
        "editor", model_meta.get_field_info(M.MSBook).relations["editor"]
    )
    assert kwargs == {
        "queryset": M.MSAuthor._default_manager,
        "view_name": "msauthor-detail",
        "to_field": "name",
        "label": "The editor",
        "help_text": "Who edited it.",
        "allow_null": True,
        "required": False,
    }
    nested = field_mapping.get_nested_relation_kwargs(
        model_meta.get_field_info(M.MSBook).relations["tags"]
    )
    assert nested == {"read_only": True, "many": True}
    code = M.MSValidated._meta.get_field("code")
    kwargs = field_mapping.get_field_kwargs("code", code)
    assert kwargs["max_length"] == 10
    assert kwargs["validators"][0].message == "ms validated with this code already exists."


def test_relations_are_reexported():
    for name in (
        "PrimaryKeyRelatedField",
        "SlugRelatedField",
        "StringRelatedField",
        "HyperlinkedRelatedField",
        "HyperlinkedIdentityField",
        "ManyRelatedField",
        "RelatedField",
        "Hyperlink",
        "PKOnlyObject",
        "CharField",
        "HiddenField",
        "CreateOnlyDefault",
        "CurrentUserDefault",
    ):
        assert hasattr(serializers, name), name
        assert name in serializers.__all__, name


def test_query_count_for_representation_does_not_grow_with_fields(library):
    """Building fields touches no database (model introspection only)."""
    with CaptureQueriesContext(connection) as queries:
        repr(make(M.MSBook, fields="__all__", depth=1)())
    assert len(queries) == 0


def shapes(module: Any) -> dict[str, Any]:
    """Serializer classes of several shapes, written against ``module`` (ours or DRF's)."""
    ms = module.ModelSerializer

    class Declared(ms):
        title = module.CharField(max_length=3)
        shout = module.SerializerMethodField()
        everything = module.ReadOnlyField(source="*")

        class Meta:
            model = M.MSBook
            fields = ["id", "title", "shout", "everything", "author"]
            extra_kwargs = {"author": {"required": False, "allow_null": True}}

    class Nested(ms):
        author = make(M.MSAuthor, ms, fields=["name"])(read_only=True)
        tags = make(M.MSTag, ms, fields="__all__")(many=True)

        class Meta:
            model = M.MSBook
            fields = ["title", "author", "tags"]
            read_only_fields = ["title"]

    class Sub(Declared):
        class Meta(Declared.Meta):
            fields = ["id", "title"]

    class Renamed(ms):
        class Meta:
            model = M.MSEntry
            fields = ["where", "position", "slug", "published"]
            extra_kwargs = {"where": {"source": "board"}, "slug": {"help_text": "s"}}

    class Excluded(ms):
        class Meta:
            model = M.MSDefaults
            exclude = ["title", "data"]
            read_only_fields = ["count"]

    class Linked(module.HyperlinkedModelSerializer):
        class Meta:
            model = M.MSBook
            fields = ["url", "id", "title", "author", "editor"]
            extra_kwargs = {"url": {"lookup_field": "title"}}

    class Sourced(ms):
        # Uniqueness rules apply by model column (``source``), not by serializer field name.
        class Meta:
            model = M.MSConstraint
            fields = ["owner", "code"]
            extra_kwargs = {"owner": {"source": "kind"}}

    return {
        "sourced": Sourced,
        "declared": Declared,
        "nested": Nested,
        "subclass": Sub,
        "renamed": Renamed,
        "excluded": Excluded,
        "linked": Linked,
    }


SHAPES = list(shapes(serializers))


@pytest.mark.skipif(drf_serializers is None, reason="Django REST framework is not installed")
@pytest.mark.parametrize("shape", SHAPES)
def test_shapes_match_drf(shape):
    ours = shapes(serializers)[shape]
    theirs = shapes(drf_serializers)[shape]
    assert repr(ours()).replace("restframe", "rest_framework") == repr(theirs())
    assert repr(ours(many=True)) == repr(theirs(many=True))


@pytest.mark.django_db
def test_multi_table_inheritance_create_and_proxy_read():
    serializer = make(M.MSChildTag, fields="__all__")(data={"label": "a", "colour": "red"})
    serializer.is_valid(raise_exception=True)
    child = serializer.save()
    assert serializer.data == {"id": child.pk, "label": "a", "colour": "red"}
    assert M.MSTag.objects.get().label == "a"
    proxy = M.MSTagProxy.objects.get()
    assert make(M.MSTagProxy, fields="__all__")(proxy).data == {"id": child.pk, "label": "a"}


def test_meta_edited_in_place_is_seen():
    serializer_class = make(M.MSDefaults, fields=["id", "title"], extra_kwargs={})
    assert list(serializer_class().fields) == ["id", "title"]
    serializer_class.Meta.fields.append("count")
    serializer_class.Meta.extra_kwargs["title"] = {"help_text": "new"}
    fields = serializer_class().fields
    assert list(fields) == ["id", "title", "count"]
    assert fields["title"].help_text == "new"
    serializer_class.Meta.extra_kwargs["title"]["help_text"] = "newer"
    assert serializer_class().fields["title"].help_text == "newer"


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unique_checks_on_update_exclude_the_instance(mode):
    first = M.MSEntry.objects.create(board="b", position=1, slug="s", published=True)
    second = M.MSEntry.objects.create(board="b", position=2, slug="t", published=True)
    client = APIClient(raise_request_exception=False)
    same = {"board": "b", "position": 1, "slug": "s", "published": True}
    response = client.put(f"/{mode}/entries/{first.pk}/", same, format="json")
    assert response.status_code == 200
    assert response.content == body({"id": first.pk, **same})
    response = client.put(f"/{mode}/entries/{second.pk}/", same, format="json")
    assert response.status_code == 400
    assert response.content == body(
        {
            "non_field_errors": [
                "The fields board, position must make a unique set.",
                "Slug already published on this board.",
            ]
        }
    )


def test_non_editable_choices_column_is_a_read_only_choice_field():
    fields = make(M.MSStatus, fields=["state", "previous"])().fields
    state, previous = fields["state"], fields["previous"]
    assert type(state) is serializers.ChoiceField
    assert state.read_only is True
    assert state.choices == {"red": "Red", "green": "Green"}
    assert previous.allow_null is True
    # Output shows the stored value; input ignores the read-only fields.
    instance = M.MSStatus(state="green", previous=None)
    assert make(M.MSStatus, fields=["state", "previous"])(instance).data == {
        "state": "green",
        "previous": None,
    }


def test_to_many_relation_declared_with_default_none_is_refused():
    class TaggedSerializer(serializers.ModelSerializer):
        tags = serializers.PrimaryKeyRelatedField(
            many=True, queryset=M.MSTag.objects.all(), default=None
        )

        class Meta:
            model = M.MSBook
            fields = ["title", "tags"]

    message = (
        "The field 'tags' on serializer 'TaggedSerializer' is a ManyToMany field and cannot "
        "have a default value of None."
    )
    serializer = TaggedSerializer(data={"title": "x"})
    with pytest.raises(ValueError) as first:
        serializer.get_fields()
    assert str(first.value) == message
    with pytest.raises(ValueError) as second:
        serializer.is_valid(raise_exception=True)
    assert str(second.value) == message


@pytest.mark.skipif(
    any(find_spec(name) for name in ("psycopg", "psycopg2")),
    reason="a PostgreSQL driver is installed: django.contrib.postgres is imported for real",
)
def test_without_a_postgresql_driver_nothing_of_django_contrib_postgres_is_loaded():
    # Trying the import anyway would load half of django.contrib.postgres before failing.
    out = run_python(
        """
        import sys, django
        from django.conf import settings
        settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"])
        django.setup()
        from restframe import compat, serializers
        assert compat.postgres_fields is None and serializers.postgres_fields is None
        print(sorted(name for name in sys.modules if name.startswith("django.contrib.postgres")))
        """
    )
    assert out.strip() == "[]"
