"""Field output, form input, copying, helpers, settings, and hostile input."""

import copy
import datetime
import decimal
import enum
import functools
import time
import uuid

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from restframe import fields
from restframe.exceptions import ErrorDetail, ValidationError
from restframe.utils import html, humanize_datetime


class _Root:
    parent = None
    partial = False
    _context: dict = {}
    instance = None


class _PartialRoot(_Root):
    partial = True


def bound(field, name="f", parent=None):
    field.bind(name, parent if parent is not None else _Root())
    return field


# --- representation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (fields.BooleanField(), "yes", True),
        (fields.BooleanField(), 5, True),
        (fields.BooleanField(), "", False),
        (fields.BooleanField(), [1], True),
        (fields.BooleanField(allow_null=True), "null", None),
        (fields.CharField(), 12, "12"),
        (fields.IntegerField(), "12", 12),
        (fields.BigIntegerField(), 10**20, 10**20),
        (fields.BigIntegerField(coerce_to_string=True), 10**20, "100000000000000000000"),
        (fields.BigIntegerField(coerce_to_string=True), None, ""),
        (fields.FloatField(), "1.5", 1.5),
        (fields.DecimalField(5, 2), decimal.Decimal("1.2"), "1.20"),
        (fields.DecimalField(5, 2), 3, "3.00"),
        (fields.DecimalField(5, 2), None, ""),
        (fields.DecimalField(5, 2, coerce_to_string=False), None, None),
        (fields.DecimalField(5, 2, coerce_to_string=False), "1.2", decimal.Decimal("1.20")),
        (fields.DecimalField(6, 3, normalize_output=True), decimal.Decimal("1.200"), "1.2"),
        (fields.DecimalField(6, 1, rounding=decimal.ROUND_UP), decimal.Decimal("1.21"), "1.3"),
        (fields.DecimalField(6, 1), decimal.Decimal("1.25"), "1.2"),
        (fields.DecimalField(None, None), decimal.Decimal("1.2100"), "1.2100"),
        (fields.DecimalField(6, 2, localize=True), decimal.Decimal("1.5"), "1.50"),
        (fields.DateTimeField(), datetime.datetime(2020, 1, 2, 3, 4, 5), "2020-01-02T03:04:05Z"),
        (
            fields.DateTimeField(),
            datetime.datetime(
                2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
            "2020-01-02T01:04:05Z",
        ),
        (
            fields.DateTimeField(default_timezone=datetime.timezone(datetime.timedelta(hours=-3))),
            datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
            "2020-01-01T21:00:00-03:00",
        ),
        (fields.DateTimeField(), None, None),
        (fields.DateTimeField(), "as is", "as is"),
        (fields.DateTimeField(format="%Y"), datetime.datetime(2020, 1, 2), "2020"),
        (
            fields.DateTimeField(format=None),
            datetime.datetime(2020, 1, 2),
            datetime.datetime(2020, 1, 2),
        ),
        (fields.DateField(), datetime.date(2020, 1, 2), "2020-01-02"),
        (fields.DateField(format="%d/%m"), datetime.date(2020, 1, 2), "02/01"),
        (fields.DateField(), None, None),
        (fields.TimeField(), datetime.time(1, 2, 3, 4), "01:02:03.000004"),
        (fields.TimeField(), "", None),
        (fields.TimeField(format="%H"), datetime.time(1, 2), "01"),
        (
            fields.DurationField(),
            datetime.timedelta(days=1, seconds=5, microseconds=3),
            "1 00:00:05.000003",
        ),
        (
            fields.DurationField(format="iso-8601"),
            datetime.timedelta(days=1, seconds=5),
            "P1DT00H00M05S",
        ),
        (fields.DurationField(format=None), datetime.timedelta(days=1), datetime.timedelta(days=1)),
        (fields.ChoiceField(choices=[1, "2"]), "1", 1),
        (fields.ChoiceField(choices=[1, "2"]), 3, 3),
        (fields.ChoiceField(choices=[1]), "", ""),
        (fields.ChoiceField(choices=[1]), None, None),
        (fields.MultipleChoiceField(choices=[1, "2"]), ["1", 2, 1, 3], [1, "2", 3]),
        (fields.UUIDField(), uuid.UUID(int=7), "00000000-0000-0000-0000-000000000007"),
        (fields.UUIDField(format="hex"), uuid.UUID(int=7), "00000000000000000000000000000007"),
        (fields.UUIDField(format="int"), uuid.UUID(int=7), 7),
        (
            fields.UUIDField(format="urn"),
            uuid.UUID(int=7),
            "urn:uuid:00000000-0000-0000-0000-000000000007",
        ),
        (fields.ListField(child=fields.IntegerField()), ["1", None, 2], [1, None, 2]),
        (fields.DictField(child=fields.IntegerField()), {1: "1", "b": None}, {"1": 1, "b": None}),
        (fields.JSONField(), {"a": 1}, {"a": 1}),
        (fields.JSONField(binary=True), {"a": [1]}, b'{"a": [1]}'),
        (fields.ReadOnlyField(), [1], [1]),
    ],
)
def test_to_representation(field, value, expected):
    result = field.to_representation(value)
    assert result == expected
    assert type(result) is type(expected)


def test_representation_settings(settings):
    value = decimal.Decimal("1.5")
    settings.REST_FRAMEWORK = {
        "COERCE_DECIMAL_TO_STRING": False,
        "DATETIME_FORMAT": "%Y-%m",
        "DATE_FORMAT": "%m/%Y",
        "TIME_FORMAT": "%H:%M",
        "DURATION_FORMAT": "iso-8601",
    }
    assert fields.DecimalField(5, 2).to_representation(value) == decimal.Decimal("1.50")
    assert fields.DateTimeField().to_representation(datetime.datetime(2020, 1, 2)) == "2020-01"
    assert fields.DateField().to_representation(datetime.date(2020, 1, 2)) == "01/2020"
    assert fields.TimeField().to_representation(datetime.time(3, 4, 5)) == "03:04"
    assert fields.DurationField().to_representation(datetime.timedelta(1)) == "P1DT00H00M00S"
    settings.REST_FRAMEWORK = {"DURATION_FORMAT": "bad"}
    with pytest.raises(ValueError, match="Unknown duration format provided, got 'bad'"):
        fields.DurationField().to_representation(datetime.timedelta(1))


def test_date_representation_refuses_datetimes():
    with pytest.raises(AssertionError, match="Expected a `date`, but got a `datetime`"):
        fields.DateField().to_representation(datetime.datetime(2020, 1, 1))
    with pytest.raises(AssertionError, match="Expected a `time`, but got a `datetime`"):
        fields.TimeField().to_representation(datetime.datetime(2020, 1, 1))


class _File:
    name = "media/a.txt"
    url = "/media/a.txt"


def test_file_representation(settings):
    assert bound(fields.FileField()).to_representation(_File()) == "/media/a.txt"
    assert bound(fields.FileField(use_url=False)).to_representation(_File()) == "media/a.txt"
    assert bound(fields.FileField()).to_representation(None) is None

    class Request:
        def build_absolute_uri(self, url):
            return "http://testserver" + url

    class Parent(_Root):
        _context = {"request": Request()}

    assert bound(fields.FileField(), parent=Parent()).to_representation(_File()) == (
        "http://testserver/media/a.txt"
    )
    settings.REST_FRAMEWORK = {"UPLOADED_FILES_USE_URL": False}
    assert bound(fields.FileField()).to_representation(_File()) == "media/a.txt"


def test_serializer_method_field():
    class Parent(_Root):
        def get_double(self, obj):
            return obj * 2

        def custom(self, obj):
            return -obj

    assert bound(fields.SerializerMethodField(), "double", Parent()).to_representation(3) == 6
    field = bound(fields.SerializerMethodField("custom"), "x", Parent())
    assert field.to_representation(3) == -3
    assert field.read_only and field.source == "*" and field.source_attrs == []


# --- getting attributes ---------------------------------------------------------------------


def test_get_attribute_paths_and_callables():
    class Obj:
        name = "n"

        def upper(self):
            return "N"

        def needs_arg(self, x):
            return x

    assert bound(fields.CharField(source="a.b")).get_attribute({"a": {"b": "x"}}) == "x"
    assert bound(fields.CharField(source="upper")).get_attribute(Obj()) == "N"
    method = bound(fields.CharField(source="needs_arg")).get_attribute(Obj())
    assert method.__func__ is Obj.needs_arg
    assert bound(fields.CharField(source="*")).get_attribute({"q": 1}) == {"q": 1}


def test_get_attribute_missing():
    with pytest.raises(KeyError) as info:
        bound(fields.CharField(), "title").get_attribute({})
    assert info.value.args[0] == (
        "Got KeyError when attempting to get a value for field `title` on serializer `_Root`.\n"
        "The serializer field might be named incorrectly and not match any attribute or key on "
        "the `dict` instance.\nOriginal exception text was: 'title'."
    )
    with pytest.raises(fields.SkipField):
        bound(fields.CharField(required=False)).get_attribute({})
    assert bound(fields.CharField(allow_null=True)).get_attribute({}) is None
    assert bound(fields.CharField(default="d")).get_attribute({}) == "d"


def test_get_attribute_errors_in_callables_and_builtins():
    def broken():
        return {}["k"]

    with pytest.raises(
        ValueError, match='Exception raised in callable attribute "x"; original exception was:'
    ):
        bound(fields.CharField(source="x")).get_attribute({"x": broken})
    with pytest.raises(fields.BuiltinSignatureError) as info:
        bound(fields.CharField(source="x"), "y").get_attribute({"x": len})
    assert str(info.value) == (
        "Field source for `_Root.y` maps to a built-in function type and is invalid. Define a "
        "property or method on the `dict` instance that wraps the call to the built-in function."
    )


def test_get_attribute_related_object_missing():
    from django.core.exceptions import ObjectDoesNotExist

    class Obj:
        @property
        def rel(self):
            raise ObjectDoesNotExist

    assert fields.get_attribute(Obj(), ["rel", "name"]) is None


def test_is_simple_callable():
    class Thing:
        def method(self):
            return 1

        def method_arg(self, x):
            return x

        @classmethod
        def cls_method(cls, y=1):
            return y

    assert fields.is_simple_callable(lambda: 1)
    assert fields.is_simple_callable(lambda a=1, *b, **c: 1)
    assert not fields.is_simple_callable(lambda a: 1)
    assert fields.is_simple_callable(Thing().method)
    assert not fields.is_simple_callable(Thing().method_arg)
    assert fields.is_simple_callable(Thing.cls_method)
    assert fields.is_simple_callable(functools.partial(lambda a: a, 1))
    assert not fields.is_simple_callable(Thing)
    assert not fields.is_simple_callable("text")
    with pytest.raises(fields.BuiltinSignatureError):
        fields.is_simple_callable(len)


# --- HTML form input ----------------------------------------------------------------------


def test_form_input_for_scalars():
    assert bound(fields.CharField()).get_value(QueryDict("")) is fields.empty
    assert bound(fields.BooleanField()).get_value(QueryDict("")) is False
    assert bound(fields.BooleanField(allow_null=True)).get_value(QueryDict("")) is None
    assert bound(fields.BooleanField(default=True)).get_value(QueryDict("")) is True
    assert (
        bound(fields.BooleanField(), parent=_PartialRoot()).get_value(QueryDict("")) is fields.empty
    )
    assert bound(fields.CharField(allow_null=True)).get_value(QueryDict("f=")) is None
    assert (
        bound(fields.CharField(allow_null=True, allow_blank=True)).get_value(QueryDict("f=")) == ""
    )
    assert bound(fields.IntegerField(required=False)).get_value(QueryDict("f=")) is fields.empty
    assert bound(fields.IntegerField()).get_value(QueryDict("f=")) == ""
    assert bound(fields.IntegerField()).get_value(QueryDict("f=1&f=2")) == "2"
    assert bound(fields.IntegerField()).get_value({"f": 3}) == 3


def test_form_input_for_lists():
    field = bound(fields.ListField(child=fields.IntegerField()))
    assert field.get_value(QueryDict("f=1&f=2")) == ["1", "2"]
    assert field.get_value(QueryDict("f[1]=b&f[0]=a&f[10]=c&g[0]=x")) == ["a", "b", "c"]
    assert field.get_value(QueryDict("g=1")) is fields.empty
    assert (
        bound(fields.ListField(), parent=_PartialRoot()).get_value(QueryDict("g=1")) is fields.empty
    )
    assert bound(fields.ListField(), parent=_PartialRoot()).get_value({}) is fields.empty
    nested = bound(fields.ListField()).get_value(QueryDict("f[0]a=1&f[0]b=2&f[1]a=3"))
    assert [dict(item) for item in nested] == [{"a": ["1"], "b": ["2"]}, {"a": ["3"]}]
    assert field.run_validation(QueryDict("[0]=1&[1]=2")) == [1, 2]
    assert field.run_validation(QueryDict("")) == []


def test_form_input_for_multiple_choice():
    field = bound(fields.MultipleChoiceField(choices=[1, 2]))
    assert field.get_value(QueryDict("f=1&f=2")) == ["1", "2"]
    assert field.get_value(QueryDict("")) == []
    assert (
        bound(fields.MultipleChoiceField(choices=[1]), parent=_PartialRoot()).get_value(
            QueryDict("")
        )
        is fields.empty
    )


def test_form_input_for_dicts():
    field = bound(fields.DictField(child=fields.IntegerField()))
    assert dict(field.get_value(QueryDict("f.a=1&f.b=2&f.b=3"))) == {"a": ["1"], "b": ["2", "3"]}
    assert field.get_value(QueryDict("f=1")) == {}
    assert field.get_value(QueryDict("g=1")) is fields.empty
    with pytest.raises(ValidationError) as info:
        field.run_validation(QueryDict("a=1&b=x"))
    assert info.value.detail == {"b": ["A valid integer is required."]}


def test_form_input_for_json():
    field = bound(fields.JSONField())
    value = field.get_value(QueryDict('f={"a":[1,2]}'))
    assert value == '{"a":[1,2]}' and value.is_json_string is True
    assert field.run_validation(value) == {"a": [1, 2]}
    with pytest.raises(ValidationError) as info:
        field.run_validation(field.get_value(QueryDict("f={bad")))
    assert info.value.detail == ["Value must be valid JSON."]


def test_html_helpers():
    assert html.is_html_input(QueryDict("")) and not html.is_html_input({})
    assert html.parse_html_list({"x": 1}) is None
    assert html.parse_html_list({"[0]": "a", "[2]": "c"}) == ["a", "c"]
    assert html.parse_html_list({"p[" + "9" * 5000 + "]": "a", "p[1]": "b"}, prefix="p") == ["b"]
    assert html.parse_html_list({"a.b[0]": 1, "aXb[1]": 2}, prefix="a.b") == [1]
    found = html.parse_html_dict(MultiValueDict({"p.a": ["1"], "pa": ["2"]}), prefix="p")
    assert dict(found) == {"a": ["1"]}
    assert html.parse_html_dict(MultiValueDict({}), prefix="p", default=None) is None
    assert isinstance(html.parse_html_dict(MultiValueDict({}), prefix="p"), MultiValueDict)


def test_humanize_datetime():
    assert humanize_datetime.datetime_formats(["iso-8601", "%d %B %Y %I:%M %p %z"]) == (
        "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z], "
        "DD [January-December] YYYY hh:mm [AM|PM] [+HHMM|-HHMM]"
    )
    assert humanize_datetime.date_formats(["iso-8601", "%y %a"]) == "YYYY-MM-DD, YY [Mon-Sun]"
    assert (
        humanize_datetime.time_formats(["iso-8601", "%H%M%S.%f"])
        == "hh:mm[:ss[.uuuuuu]], hhmmss.uuuuuu"
    )


# --- binding, copying and display -----------------------------------------------------------


def test_bind_sets_label_and_source():
    field = bound(fields.CharField(), "first_name")
    assert (field.label, field.source, field.source_attrs) == (
        "First name",
        "first_name",
        ["first_name"],
    )
    field = bound(fields.CharField(source="a.b.c", label="L"))
    assert (field.label, field.source_attrs) == ("L", ["a", "b", "c"])
    assert bound(fields.CharField()).root.__class__ is _Root
    assert fields.CharField().root is not None
    assert fields.CharField().context == {}


def test_deepcopy_gives_independent_unbound_fields():
    original = fields.CharField(max_length=3, default="x", label="L", style={"a": 1})
    twin = copy.deepcopy(original)
    assert repr(twin) == "CharField(default='x', label='L', max_length=3, style={'a': 1})"
    assert twin.field_name is None and twin.parent is None
    assert twin.validators == original.validators and twin.validators is not original.validators
    twin.validators.append(lambda v: None)
    twin.error_messages["blank"] = "changed"
    twin.style["a"] = 2
    assert len(original.validators) == 3
    assert str(original.error_messages["blank"]) == "This field may not be blank."
    assert original.style == {"a": 1}
    with pytest.raises(ValidationError) as info:
        twin.run_validation("abcd")
    assert info.value.get_codes() == ["max_length"]


def test_deepcopy_of_bound_field_is_unbound():
    field = bound(fields.CharField(), "some_name")
    twin = copy.deepcopy(field)
    assert (twin.label, twin.source, twin.field_name, twin.parent) == (None, None, None, None)
    assert not hasattr(twin, "source_attrs")
    twin.bind("other", _Root())
    assert (twin.label, twin.source) == ("Other", "other")
    method = bound(fields.SerializerMethodField(), "foo")
    assert copy.deepcopy(method).method_name is None


def test_deepcopy_copies_mutable_defaults_and_children():
    field = fields.ListField(child=fields.IntegerField(min_value=1), default=[1])
    twin = copy.deepcopy(field)
    assert twin.default == [1] and twin.default is not field.default
    assert twin.child is not field.child and twin.child.parent is twin
    assert twin.child.field_name == "" and field.child.parent is field
    with pytest.raises(ValidationError) as info:
        twin.run_validation([0])
    assert info.value.detail == {0: ["Ensure this value is greater than or equal to 1."]}
    choice = fields.MultipleChoiceField(choices=[1], default=[1])
    copied = copy.deepcopy(choice)
    assert copied.default_empty_html is copied.default


def test_deepcopy_rebuilds_custom_subclasses():
    class Counting(fields.CharField):
        built = 0

        def __init__(self, **kwargs):
            Counting.built += 1
            self.cache = {}
            super().__init__(**kwargs)

    field = Counting(max_length=2)
    twin = copy.deepcopy(field)
    assert Counting.built == 2 and twin.cache is not field.cache
    assert twin.max_length == 2


def test_field_repr():
    assert (
        repr(fields.CharField(max_length=3, required=False))
        == "CharField(max_length=3, required=False)"
    )
    assert repr(fields.ListField(child=fields.IntegerField(min_value=1))) == (
        "ListField(child=IntegerField(min_value=1))"
    )
    assert repr(fields.RegexField(r"^a$", max_length=2)) == "RegexField('^a$', max_length=2)"
    assert repr(fields.DecimalField(5, 2)) == "DecimalField(5, 2)"

    def pick():
        return 1

    assert repr(fields.ChoiceField(choices=[1], default=pick)) == (
        "ChoiceField(choices=[1], default=<function test_field_repr.<locals>.pick>)"
    )


def test_class_getitem():
    assert fields.CharField[str] is fields.CharField


def test_initials():
    assert fields.CharField().get_initial() == ""
    assert fields.BooleanField().get_initial() is False
    assert fields.BooleanField(allow_null=True).get_initial() is None
    assert fields.ListField().get_initial() == []
    assert fields.DictField().get_initial() == {}
    assert fields.IntegerField(initial=lambda: 4).get_initial() == 4
    assert fields.Field().get_initial() is None


# --- helpers ---------------------------------------------------------------------------------


def test_get_error_detail():
    error = DjangoValidationError(
        [
            DjangoValidationError("a %(x)s", params={"x": 1}),
            DjangoValidationError("b", code="bc"),
            "100%",
        ]
    )
    detail = fields.get_error_detail(error)
    assert detail == [
        ErrorDetail("a 1", "invalid"),
        ErrorDetail("b", "bc"),
        ErrorDetail("100%", "invalid"),
    ]
    assert [d.code for d in detail] == ["invalid", "bc", "invalid"]
    assert fields.get_error_detail(DjangoValidationError("m", code="cc"))[0].code == "cc"
    as_dict = fields.get_error_detail(
        DjangoValidationError(
            {"f": ["m"], "__all__": [DjangoValidationError("n %(v)s", code="c", params={"v": 2})]}
        )
    )
    assert as_dict == {"f": [ErrorDetail("m", "invalid")], "__all__": [ErrorDetail("n 2", "c")]}


def test_set_value():
    target = {"a": {"x": 1}}
    fields.set_value(target, ["a", "b"], 2)
    fields.set_value(target, ["c", "d"], 3)
    fields.set_value(target, [], {"e": 4})
    assert target == {"a": {"x": 1, "b": 2}, "c": {"d": 3}, "e": 4}


def test_choices_helpers_and_options():
    grouped = fields.to_choices_dict([1, (2, "b"), ("G", (3, (4, "d")))])
    assert grouped == {1: 1, 2: "b", "G": {3: 3, 4: "d"}}
    assert fields.flatten_choices_dict(grouped) == {1: 1, 2: "b", 3: 3, 4: "d"}
    field = fields.ChoiceField(choices=[1, ("G", [(2, "two"), (3, "three")]), 4], html_cutoff=2)
    options = [
        (
            getattr(o, "value", None),
            str(getattr(o, "display_text", getattr(o, "label", ""))),
            o.start_option_group,
            o.end_option_group,
        )
        for o in field.iter_options()
    ]
    assert options == [
        (1, "1", False, False),
        (None, "G", True, False),
        (2, "two", False, False),
        (None, "", False, True),
        ("n/a", "More than 2 items...", False, False),
    ]
    field.choices = ["x"]
    assert field.run_validation("x") == "x"
    assert field.grouped_choices == {"x": "x"}


def test_choice_enum_input():
    class Color(enum.Enum):
        RED = "r"

    class Size(enum.IntEnum):
        BIG = 2

    assert fields.ChoiceField(choices=[("r", "Red")]).run_validation(Color.RED) == "r"
    assert fields.ChoiceField(choices=[(2, "Two")]).run_validation(Size.BIG) == 2
    assert fields.ChoiceField(choices=[("r", "Red")]).to_representation(Color.RED) == "r"


def test_bigint_setting(settings):
    settings.REST_FRAMEWORK = {"COERCE_BIGINT_TO_STRING": True}
    from restframe.settings import api_settings

    if "COERCE_BIGINT_TO_STRING" not in api_settings.defaults:
        pytest.skip("COERCE_BIGINT_TO_STRING is not a known setting yet")
    assert fields.BigIntegerField().to_representation(5) == "5"


# --- hostile input -----------------------------------------------------------------------


def _all_fields():
    return [
        fields.BooleanField(),
        fields.BooleanField(allow_null=True),
        fields.CharField(max_length=5, min_length=1),
        fields.CharField(allow_blank=True, trim_whitespace=False),
        fields.EmailField(),
        fields.RegexField(r"^[a-z]+$"),
        fields.SlugField(),
        fields.SlugField(allow_unicode=True),
        fields.URLField(),
        fields.UUIDField(),
        fields.IPAddressField(),
        fields.IntegerField(max_value=10, min_value=-10),
        fields.BigIntegerField(),
        fields.FloatField(max_value=1e10),
        fields.DecimalField(5, 2, max_value=100),
        fields.DecimalField(None, 2),
        fields.DecimalField(None, None, allow_null=True),
        fields.DateTimeField(),
        fields.DateTimeField(input_formats=["%Y/%m/%d", "iso-8601"]),
        fields.DateField(),
        fields.TimeField(),
        fields.DurationField(),
        fields.ChoiceField(choices=[1, "a", ("G", [(2, "two")])]),
        fields.MultipleChoiceField(choices=[1, "a"]),
        fields.ListField(child=fields.IntegerField(), max_length=3),
        fields.ListField(child=fields.ListField(child=fields.CharField())),
        fields.DictField(child=fields.FloatField()),
        fields.HStoreField(),
        fields.JSONField(),
        fields.JSONField(binary=True),
        fields.FileField(),
        fields.HiddenField(default=1),
    ]


_FIELDS = _all_fields()

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from(
        ["", " ", "1.0", "1e5", "nan", "2020-01-02", "12:00", "a" * 2000, "\ud800", "\x00"]
    )
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@hsettings(max_examples=150, deadline=None)
@given(value=_json, index=st.integers(min_value=0, max_value=len(_FIELDS) - 1))
def test_any_json_value_validates_or_raises_validation_error(value, index):
    field = copy.deepcopy(_FIELDS[index])
    field.bind("f", _Root())
    try:
        field.run_validation(value)
    except (ValidationError, fields.SkipField):
        pass


@hsettings(max_examples=100, deadline=None)
@given(value=_json)
def test_every_field_survives_a_json_value(value):
    for template in _FIELDS:
        field = copy.deepcopy(template)
        field.bind("f", _Root())
        try:
            field.run_validation(value)
        except ValidationError as exc:
            assert exc.get_codes()
        except fields.SkipField:
            pass


@pytest.mark.parametrize(
    "value", ["a" * 10_000_000, "9" * 10_000_000, " " * 10_000_000, "[" * 10_000_000]
)
def test_ten_megabyte_strings_are_handled_quickly(value):
    started = time.perf_counter()
    for template in _FIELDS:
        field = copy.deepcopy(template)
        field.bind("f", _Root())
        try:
            field.run_validation(value)
        except (ValidationError, fields.SkipField):
            pass
    assert time.perf_counter() - started < 10


def test_huge_integers_never_crash():
    for template in _FIELDS:
        field = copy.deepcopy(template)
        field.bind("f", _Root())
        try:
            field.run_validation(10**5000)
        except (ValidationError, fields.SkipField):
            pass


def _deep(levels, container):
    root = node = container()
    for _ in range(levels):
        child = container()
        if isinstance(node, dict):
            node["k"] = child
        else:
            node.append(child)
        node = child
    return root


@pytest.mark.parametrize("container", [list, dict])
def test_deeply_nested_input_never_crashes(container):
    value = _deep(5000, container)
    for template in _FIELDS:
        field = copy.deepcopy(template)
        field.bind("f", _Root())
        try:
            field.run_validation(value)
        except (ValidationError, fields.SkipField):
            pass


def test_deeply_nested_input_messages():
    deep = _deep(5000, list)
    for field, message, code in [
        (fields.IntegerField(), "A valid integer is required.", "invalid"),
        (fields.DecimalField(5, 2), "String value too large.", "max_string_length"),
        (fields.CharField(), "Not a valid string.", "invalid"),
        (
            fields.ChoiceField(choices=[1]),
            '"<deeply nested list>" is not a valid choice.',
            "invalid_choice",
        ),
        (fields.JSONField(), "Value must be valid JSON.", "invalid"),
    ]:
        with pytest.raises(ValidationError) as info:
            field.run_validation(deep)
        assert info.value.detail == [ErrorDetail(message, code=code)]
