"""Field input validation: every message and code a client can see (DRF 3.18's exact texts)."""

import datetime
import decimal
import uuid
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from restframe import fields
from restframe.exceptions import ErrorDetail, ValidationError


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


def errors_of(field, value):
    with pytest.raises(ValidationError) as info:
        field.run_validation(value)
    return info.value.detail, info.value.get_codes()


DT_ISO = "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]"

INVALID = [
    # (field factory, input, messages, codes)
    (lambda: fields.BooleanField(), "maybe", ["Must be a valid boolean."], ["invalid"]),
    (lambda: fields.BooleanField(), [1], ["Must be a valid boolean."], ["invalid"]),
    (lambda: fields.BooleanField(), "null", ["Must be a valid boolean."], ["invalid"]),
    (lambda: fields.CharField(), True, ["Not a valid string."], ["invalid"]),
    (lambda: fields.CharField(), {"a": 1}, ["Not a valid string."], ["invalid"]),
    (lambda: fields.CharField(), "", ["This field may not be blank."], ["blank"]),
    (lambda: fields.CharField(), " \t\n", ["This field may not be blank."], ["blank"]),
    (lambda: fields.CharField(allow_null=True), "", ["This field may not be blank."], ["blank"]),
    (
        lambda: fields.CharField(max_length=3),
        "abcd",
        ["Ensure this field has no more than 3 characters."],
        ["max_length"],
    ),
    (
        lambda: fields.CharField(min_length=3),
        "ab",
        ["Ensure this field has at least 3 characters."],
        ["min_length"],
    ),
    (
        lambda: fields.CharField(),
        "a\x00b",
        ["Null characters are not allowed."],
        ["null_characters_not_allowed"],
    ),
    (
        lambda: fields.CharField(),
        "a\ud83db",
        ["Surrogate characters are not allowed: U+D83D."],
        ["surrogate_characters_not_allowed"],
    ),
    (
        lambda: fields.CharField(max_length=2),
        "a\x00b",
        ["Ensure this field has no more than 2 characters.", "Null characters are not allowed."],
        ["max_length", "null_characters_not_allowed"],
    ),
    (lambda: fields.EmailField(), "bad@", ["Enter a valid email address."], ["invalid"]),
    (lambda: fields.URLField(), "example.com", ["Enter a valid URL."], ["invalid"]),
    (
        lambda: fields.RegexField(r"^a+$"),
        "b",
        ["This value does not match the required pattern."],
        ["invalid"],
    ),
    (
        lambda: fields.SlugField(),
        "ünï",
        ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'],
        ["invalid"],
    ),
    (
        lambda: fields.SlugField(allow_unicode=True),
        "a b",
        ['Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'],
        ["invalid"],
    ),
    (lambda: fields.UUIDField(), "nope", ["Must be a valid UUID."], ["invalid"]),
    (lambda: fields.UUIDField(), 1.5, ["Must be a valid UUID."], ["invalid"]),
    (lambda: fields.UUIDField(), -1, ["Must be a valid UUID."], ["invalid"]),
    (
        lambda: fields.IPAddressField(),
        "1.2.3",
        ["Enter a valid IPv4 or IPv6 address."],
        ["invalid"],
    ),
    (lambda: fields.IPAddressField(), ":::", ["Enter a valid IPv4 or IPv6 address."], ["invalid"]),
    (
        lambda: fields.IPAddressField(protocol="IPv4"),
        "::1",
        ["Enter a valid IPv4 address."],
        ["invalid"],
    ),
    (lambda: fields.IntegerField(), "1.5", ["A valid integer is required."], ["invalid"]),
    (lambda: fields.IntegerField(), True, ["A valid integer is required."], ["invalid"]),
    (lambda: fields.IntegerField(), 1e20, ["A valid integer is required."], ["invalid"]),
    (lambda: fields.IntegerField(), [], ["A valid integer is required."], ["invalid"]),
    (lambda: fields.IntegerField(), "1" * 1001, ["String value too large."], ["max_string_length"]),
    (lambda: fields.IntegerField(), "9" * 5000, ["String value too large."], ["max_string_length"]),
    (lambda: fields.IntegerField(), 10**5000, ["A valid integer is required."], ["invalid"]),
    (
        lambda: fields.IntegerField(max_value=10),
        11,
        ["Ensure this value is less than or equal to 10."],
        ["max_value"],
    ),
    (
        lambda: fields.IntegerField(min_value=-3),
        "-4",
        ["Ensure this value is greater than or equal to -3."],
        ["min_value"],
    ),
    (lambda: fields.BigIntegerField(), "x", ["A valid biginteger is required."], ["invalid"]),
    (lambda: fields.FloatField(), "nan", ["A valid number is required."], ["invalid"]),
    (lambda: fields.FloatField(), "-Infinity", ["A valid number is required."], ["invalid"]),
    (lambda: fields.FloatField(), float("inf"), ["A valid number is required."], ["invalid"]),
    (lambda: fields.FloatField(), {}, ["A valid number is required."], ["invalid"]),
    (
        lambda: fields.FloatField(),
        10**400,
        ["Integer value too large to convert to float"],
        ["overflow"],
    ),
    (lambda: fields.FloatField(), "1" * 1001, ["String value too large."], ["max_string_length"]),
    (
        lambda: fields.FloatField(max_value=1.5),
        2,
        ["Ensure this value is less than or equal to 1.5."],
        ["max_value"],
    ),
    (lambda: fields.DecimalField(5, 2), "NaN", ["A valid number is required."], ["invalid"]),
    (lambda: fields.DecimalField(5, 2), "sNaN", ["A valid number is required."], ["invalid"]),
    (lambda: fields.DecimalField(5, 2), "Infinity", ["A valid number is required."], ["invalid"]),
    (lambda: fields.DecimalField(5, 2), "1,5", ["A valid number is required."], ["invalid"]),
    (
        lambda: fields.DecimalField(5, 2),
        "1" * 1001,
        ["String value too large."],
        ["max_string_length"],
    ),
    (
        lambda: fields.DecimalField(5, 2),
        10**5000,
        ["String value too large."],
        ["max_string_length"],
    ),
    (
        lambda: fields.DecimalField(5, 2),
        "1234.56",
        ["Ensure that there are no more than 5 digits in total."],
        ["max_digits"],
    ),
    (
        lambda: fields.DecimalField(5, 2),
        "12.345",
        ["Ensure that there are no more than 2 decimal places."],
        ["max_decimal_places"],
    ),
    (
        lambda: fields.DecimalField(5, 2),
        "1000",
        ["Ensure that there are no more than 3 digits before the decimal point."],
        ["max_whole_digits"],
    ),
    (
        lambda: fields.DecimalField(5, 2, max_value=100),
        "100.01",
        ["Ensure this value is less than or equal to 100."],
        ["max_value"],
    ),
    (
        lambda: fields.DecimalField(None, 2),
        "1e50",
        ["A valid number is required."],
        ["invalid"],
    ),
    (
        lambda: fields.DateTimeField(),
        "2020-13-01T00:00",
        [f"Datetime has wrong format. Use one of these formats instead: {DT_ISO}."],
        ["invalid"],
    ),
    (
        lambda: fields.DateTimeField(),
        datetime.date(2020, 1, 1),
        ["Expected a datetime but got a date."],
        ["date"],
    ),
    (
        lambda: fields.DateTimeField(input_formats=["%Y/%m/%d %H:%M", "iso-8601"]),
        "x",
        [
            "Datetime has wrong format. Use one of these formats instead: "
            f"YYYY/MM/DD hh:mm, {DT_ISO}."
        ],
        ["invalid"],
    ),
    (
        lambda: fields.DateTimeField(default_timezone=zoneinfo.ZoneInfo("America/New_York")),
        "9999-12-31T23:00:00",
        ["Datetime value out of range."],
        ["overflow"],
    ),
    (
        lambda: fields.DateTimeField(),
        "0001-01-01T00:00:00+05:00",
        ["Datetime value out of range."],
        ["overflow"],
    ),
    (
        lambda: fields.DateField(),
        "2020-02-30",
        ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
        ["invalid"],
    ),
    (
        lambda: fields.DateField(),
        datetime.datetime(2020, 1, 1),
        ["Expected a date but got a datetime."],
        ["datetime"],
    ),
    (
        lambda: fields.DateField(input_formats=["%d %b %Y", "%A"]),
        "x",
        [
            "Date has wrong format. Use one of these formats instead: "
            "DD [Jan-Dec] YYYY, [Monday-Sunday]."
        ],
        ["invalid"],
    ),
    (
        lambda: fields.TimeField(),
        "25:00",
        ["Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."],
        ["invalid"],
    ),
    (
        lambda: fields.TimeField(input_formats=["%I:%M %p"]),
        "x",
        ["Time has wrong format. Use one of these formats instead: hh:mm [AM|PM]."],
        ["invalid"],
    ),
    (
        lambda: fields.DurationField(),
        "nope",
        [
            "Duration has wrong format. Use one of these formats instead: "
            "[DD] [HH:[MM:]]ss[.uuuuuu]."
        ],
        ["invalid"],
    ),
    (
        lambda: fields.DurationField(),
        "1000000000 00:00:00",
        ["The number of days must be between -999999999 and 999999999."],
        ["overflow"],
    ),
    (
        lambda: fields.DurationField(max_value=datetime.timedelta(days=1)),
        "2 00:00:00",
        ["Ensure this value is less than or equal to 1 day, 0:00:00."],
        ["max_value"],
    ),
    (
        lambda: fields.ChoiceField(choices=["a", "b"]),
        "c",
        ['"c" is not a valid choice.'],
        ["invalid_choice"],
    ),
    (
        lambda: fields.ChoiceField(choices=["a"]),
        "",
        ['"" is not a valid choice.'],
        ["invalid_choice"],
    ),
    (
        lambda: fields.ChoiceField(choices=[("G", [(1, "One")])]),
        "G",
        ['"G" is not a valid choice.'],
        ["invalid_choice"],
    ),
    (
        lambda: fields.MultipleChoiceField(choices=[1, 2]),
        "1",
        ['Expected a list of items but got type "str".'],
        ["not_a_list"],
    ),
    (
        lambda: fields.MultipleChoiceField(choices=[1, 2]),
        [1, 3],
        ['"3" is not a valid choice.'],
        ["invalid_choice"],
    ),
    (
        lambda: fields.MultipleChoiceField(choices=[1], allow_empty=False),
        [],
        ["This selection may not be empty."],
        ["empty"],
    ),
    (
        lambda: fields.ListField(),
        "abc",
        ['Expected a list of items but got type "str".'],
        ["not_a_list"],
    ),
    (
        lambda: fields.ListField(),
        {"a": 1},
        ['Expected a list of items but got type "dict".'],
        ["not_a_list"],
    ),
    (
        lambda: fields.ListField(),
        5,
        ['Expected a list of items but got type "int".'],
        ["not_a_list"],
    ),
    (lambda: fields.ListField(allow_empty=False), [], ["This list may not be empty."], ["empty"]),
    (
        lambda: fields.ListField(min_length=2),
        [1],
        ["Ensure this field has at least 2 elements."],
        ["min_length"],
    ),
    (
        lambda: fields.ListField(max_length=1),
        [1, 2],
        ["Ensure this field has no more than 1 elements."],
        ["max_length"],
    ),
    (
        lambda: fields.DictField(),
        [],
        ['Expected a dictionary of items but got type "list".'],
        ["not_a_dict"],
    ),
    (
        lambda: fields.DictField(allow_empty=False),
        {},
        ["This dictionary may not be empty."],
        ["empty"],
    ),
    (lambda: fields.JSONField(), {"a": float("nan")}, ["Value must be valid JSON."], ["invalid"]),
    (
        lambda: fields.JSONField(),
        datetime.date(2020, 1, 1),
        ["Value must be valid JSON."],
        ["invalid"],
    ),
    (lambda: fields.JSONField(binary=True), "[1, 2", ["Value must be valid JSON."], ["invalid"]),
    (lambda: fields.JSONField(binary=True), "NaN", ["Value must be valid JSON."], ["invalid"]),
    (
        lambda: fields.FileField(),
        "x",
        ["The submitted data was not a file. Check the encoding type on the form."],
        ["invalid"],
    ),
    (
        lambda: fields.FileField(),
        SimpleUploadedFile("a.txt", b""),
        ["The submitted file is empty."],
        ["empty"],
    ),
    (
        lambda: fields.FileField(),
        type("Upload", (), {"name": "", "size": 1})(),
        ["No filename could be determined."],
        ["no_name"],
    ),
    (
        lambda: fields.FileField(max_length=3),
        SimpleUploadedFile("abcd.txt", b"x"),
        ["Ensure this filename has at most 3 characters (it has 8)."],
        ["max_length"],
    ),
]


def _case_id(value):
    if isinstance(value, int) and value.bit_length() > 10000:
        return "huge-int"
    return None


@pytest.mark.parametrize(("make", "value", "messages", "codes"), INVALID, ids=_case_id)
def test_invalid_input_messages_and_codes(make, value, messages, codes):
    detail, got_codes = errors_of(bound(make()), value)
    assert detail == messages
    assert got_codes == codes
    assert all(isinstance(item, ErrorDetail) for item in detail)


VALID = [
    (lambda: fields.BooleanField(), "TRUE", True),
    (lambda: fields.BooleanField(), "off", False),
    (lambda: fields.BooleanField(), 0.0, False),
    (lambda: fields.BooleanField(), 1, True),
    (lambda: fields.BooleanField(allow_null=True), "null", None),
    (lambda: fields.BooleanField(allow_null=True), "", None),
    (lambda: fields.CharField(), "  ab  ", "ab"),
    (lambda: fields.CharField(), 12, "12"),
    (lambda: fields.CharField(), 1.5, "1.5"),
    (lambda: fields.CharField(trim_whitespace=False), "  ab ", "  ab "),
    (lambda: fields.CharField(trim_whitespace=False), "  ", "  "),
    (lambda: fields.CharField(allow_blank=True), "  ", ""),
    (lambda: fields.SlugField(allow_unicode=True), "ünï-1", "ünï-1"),
    (lambda: fields.EmailField(), "x@example.com", "x@example.com"),
    (
        lambda: fields.UUIDField(),
        "12345678123456781234567812345678",
        uuid.UUID(int=0x12345678123456781234567812345678),
    ),
    (lambda: fields.UUIDField(), 5, uuid.UUID(int=5)),
    (lambda: fields.IPAddressField(), "::ffff:10.0.0.1", "10.0.0.1"),
    (lambda: fields.IPAddressField(protocol="IPv6"), "::ffff:10.0.0.1", "::ffff:10.0.0.1"),
    (lambda: fields.IPAddressField(), "2001:DB8::1", "2001:db8::1"),
    (lambda: fields.IntegerField(), "1.0", 1),
    (lambda: fields.IntegerField(), " 7 ", 7),
    (lambda: fields.IntegerField(), 1.0, 1),
    (lambda: fields.FloatField(), "1e3", 1000.0),
    (lambda: fields.FloatField(), True, 1.0),
    (lambda: fields.DecimalField(5, 2), "1.5", decimal.Decimal("1.50")),
    (lambda: fields.DecimalField(5, 2), 2, decimal.Decimal("2.00")),
    (lambda: fields.DecimalField(5, 2, allow_null=True), "  ", None),
    (lambda: fields.DecimalField(None, None), "1e3", decimal.Decimal("1e3")),
    (lambda: fields.DecimalField(6, 2, localize=True), "1.5", decimal.Decimal("1.50")),
    (lambda: fields.DateField(), "2020-01-02", datetime.date(2020, 1, 2)),
    (lambda: fields.DateField(input_formats=["%d.%m.%Y"]), "02.01.2020", datetime.date(2020, 1, 2)),
    (lambda: fields.TimeField(), "03:04:05.5", datetime.time(3, 4, 5, 500000)),
    (lambda: fields.DurationField(), "1 02:03:04", datetime.timedelta(days=1, seconds=7384)),
    (lambda: fields.DurationField(), "P3D", datetime.timedelta(days=3)),
    (lambda: fields.ChoiceField(choices=[1, ("b", "Bee")]), "1", 1),
    (lambda: fields.ChoiceField(choices=[("G", [(3, "three")])]), 3, 3),
    (lambda: fields.ChoiceField(choices=["a"], allow_blank=True), "", ""),
    (lambda: fields.MultipleChoiceField(choices=[1, 2]), ["1", 1, 2, "2"], [1, 2]),
    (lambda: fields.ListField(child=fields.IntegerField()), ["1", 2], [1, 2]),
    (lambda: fields.ListField(), (1, "a"), [1, "a"]),
    (lambda: fields.DictField(child=fields.IntegerField()), {1: "2"}, {"1": 2}),
    (lambda: fields.HStoreField(), {"a": None, "b": ""}, {"a": None, "b": ""}),
    (lambda: fields.JSONField(), {"a": [1, None, "x"]}, {"a": [1, None, "x"]}),
    (lambda: fields.JSONField(binary=True), b'{"a": 1}', {"a": 1}),
    (
        lambda: fields.JSONField(binary=True),
        "123456789012345678901234567890",
        123456789012345678901234567890,
    ),
]


@pytest.mark.parametrize(("make", "value", "expected"), VALID)
def test_valid_input(make, value, expected):
    result = bound(make()).run_validation(value)
    assert result == expected
    assert type(result) is type(expected)


def test_datetime_aware_and_naive(settings):
    aware = fields.DateTimeField().run_validation("2020-01-02T03:04:05+02:00")
    assert aware == datetime.datetime(2020, 1, 2, 1, 4, 5, tzinfo=datetime.UTC)
    assert aware.tzinfo == zoneinfo.ZoneInfo("UTC")
    settings.USE_TZ = False
    naive = fields.DateTimeField().run_validation("2020-01-02T03:04:05+02:00")
    assert naive == datetime.datetime(2020, 1, 2, 1, 4, 5)
    assert naive.tzinfo is None
    assert fields.DateTimeField().run_validation("2020-01-02T03:04") == datetime.datetime(
        2020, 1, 2, 3, 4
    )


def test_datetime_input_formats_setting(settings):
    settings.REST_FRAMEWORK = {"DATETIME_INPUT_FORMATS": ["%d/%m/%Y %H:%M"]}
    field = fields.DateTimeField()
    assert field.run_validation("02/01/2020 03:04") == datetime.datetime(
        2020, 1, 2, 3, 4, tzinfo=datetime.UTC
    )
    detail, _ = errors_of(field, "2020-01-02")
    assert detail == [
        "Datetime has wrong format. Use one of these formats instead: DD/MM/YYYY hh:mm."
    ]


def test_date_and_time_input_format_settings(settings):
    settings.REST_FRAMEWORK = {"DATE_INPUT_FORMATS": ["%d.%m.%Y"], "TIME_INPUT_FORMATS": ["%H.%M"]}
    assert fields.DateField().run_validation("02.01.2020") == datetime.date(2020, 1, 2)
    assert fields.TimeField().run_validation("03.04") == datetime.time(3, 4)
    assert errors_of(fields.DateField(), "2020-01-02")[0] == [
        "Date has wrong format. Use one of these formats instead: DD.MM.YYYY."
    ]


# --- empty, null, required, defaults -----------------------------------------------------------


def test_required_and_null():
    assert errors_of(bound(fields.IntegerField()), fields.empty) == (
        ["This field is required."],
        ["required"],
    )
    assert errors_of(bound(fields.IntegerField()), None) == (
        ["This field may not be null."],
        ["null"],
    )
    assert errors_of(bound(fields.FileField()), fields.empty) == (
        ["No file was submitted."],
        ["required"],
    )
    assert bound(fields.IntegerField(allow_null=True)).run_validation(None) is None


def test_defaults_and_skip():
    with pytest.raises(fields.SkipField):
        bound(fields.IntegerField(required=False)).run_validation(fields.empty)
    assert bound(fields.IntegerField(default=3)).run_validation(fields.empty) == 3
    assert bound(fields.IntegerField(default=lambda: 4)).run_validation(fields.empty) == 4

    class WithContext:
        requires_context = True

        def __call__(self, field):
            return field.field_name

    assert bound(fields.CharField(default=WithContext()), "name").run_validation() == "name"
    with pytest.raises(fields.SkipField):
        bound(fields.IntegerField(default=3), parent=_PartialRoot()).run_validation(fields.empty)
    with pytest.raises(fields.SkipField):
        bound(fields.IntegerField(), parent=_PartialRoot()).run_validation(fields.empty)


def test_read_only_returns_default_or_skips():
    assert bound(fields.CharField(read_only=True, default="z")).run_validation("in") == "z"
    with pytest.raises(fields.SkipField):
        bound(fields.ReadOnlyField()).run_validation("in")


def test_source_star_null_is_validated():
    class Whole(fields.Field):
        def to_internal_value(self, data):
            return {"seen": data}

    assert bound(Whole(source="*", allow_null=True)).run_validation(None) == {"seen": None}


def test_hidden_field_uses_default_only():
    field = bound(fields.HiddenField(default=3))
    assert field.get_value({"f": 1}) is fields.empty
    assert field.run_validation(field.get_value({"f": 1})) == 3
    assert field.write_only is True


def test_create_only_default():
    class Parent(_Root):
        instance = None

    field = bound(fields.CharField(default=fields.CreateOnlyDefault("new")), parent=Parent())
    assert field.run_validation() == "new"
    updating = Parent()
    updating.instance = object()
    field = bound(fields.CharField(default=fields.CreateOnlyDefault(lambda: "x")), parent=updating)
    with pytest.raises(fields.SkipField):
        field.run_validation()
    assert repr(fields.CreateOnlyDefault(5)) == "CreateOnlyDefault(5)"


def test_current_user_default():
    class Request:
        user = "alice"

    class Parent(_Root):
        _context = {"request": Request()}

    field = bound(fields.CharField(default=fields.CurrentUserDefault()), parent=Parent())
    assert field.run_validation() == "alice"
    assert repr(fields.CurrentUserDefault()) == "CurrentUserDefault()"


# --- child errors ---------------------------------------------------------------------------


def test_list_child_errors_keyed_by_index_of_failing_items_only():
    field = bound(fields.ListField(child=fields.CharField()), "tags")
    detail, codes = errors_of(field, ["a", 1, [], "", "b"])
    assert detail == {2: ["Not a valid string."], 3: ["This field may not be blank."]}
    assert codes == {2: ["invalid"], 3: ["blank"]}


def test_nested_list_errors():
    field = fields.ListField(child=fields.ListField(child=fields.BooleanField()))
    detail, _ = errors_of(field, [[True], [True, "x"], "y"])
    assert detail == {
        1: {1: ["Must be a valid boolean."]},
        2: ['Expected a list of items but got type "str".'],
    }


def test_dict_child_errors_keyed_by_str_key():
    field = fields.DictField(child=fields.IntegerField())
    detail, codes = errors_of(field, {1: "x", "b": 2, "c": None})
    assert detail == {"1": ["A valid integer is required."], "c": ["This field may not be null."]}
    assert codes == {"1": ["invalid"], "c": ["null"]}


def test_child_django_validation_error_becomes_detail():
    from django.core.exceptions import ValidationError as DjangoValidationError

    def no_x(value):
        if value == "x":
            raise DjangoValidationError("no %(v)s", code="no_x", params={"v": value})

    field = fields.ListField(child=fields.CharField(validators=[no_x]))
    assert errors_of(field, ["a", "x"]) == ({1: ["no x"]}, {1: ["no_x"]})
    field = fields.DictField(child=fields.CharField(validators=[no_x]))
    assert errors_of(field, {"k": "x"}) == ({"k": ["no x"]}, {"k": ["no_x"]})


# --- validators --------------------------------------------------------------------------------


def test_validators_collect_all_messages():
    from django.core.exceptions import ValidationError as DjangoValidationError

    def even(value):
        if value % 2:
            raise ValidationError("Must be even.", code="even")

    def small(value):
        if value > 5:
            raise DjangoValidationError("Too big: %(v)s", params={"v": value})

    field = fields.IntegerField(validators=[even, small])
    assert errors_of(field, 7) == (["Must be even.", "Too big: 7"], ["even", "invalid"])


def test_dict_shaped_validator_error_is_raised_as_is():
    def boom(value):
        raise ValidationError({"other": ["bad"]})

    field = fields.IntegerField(validators=[boom])
    assert errors_of(field, 1) == ({"other": ["bad"]}, {"other": ["invalid"]})


def test_validator_with_context():
    class Checker:
        requires_context = True

        def __call__(self, value, field):
            raise ValidationError(f"{field.field_name}={value}")

    assert errors_of(bound(fields.IntegerField(validators=[Checker()]), "n"), 3)[0] == ["n=3"]


def test_custom_error_messages():
    field = fields.IntegerField(
        max_value=3, error_messages={"invalid": "Nope.", "max_value": "<= {max_value}!"}
    )
    assert errors_of(field, "x") == (["Nope."], ["invalid"])
    assert errors_of(field, 4) == (["<= 3!"], ["max_value"])
    assert errors_of(field, None) == (["This field may not be null."], ["null"])


def test_fail_with_unknown_key_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured) as info:
        fields.CharField().fail("nope")
    assert str(info.value) == (
        "ValidationError raised by `CharField`, but error key `nope` does not exist in the "
        "`error_messages` dictionary."
    )


def test_error_messages_merge_along_mro_and_instances_are_independent():
    class MyField(fields.CharField):
        default_error_messages = {"invalid": "Mine.", "extra": "Extra {x}."}

    one, two = MyField(), MyField(error_messages={"blank": "Empty!"})
    assert one.error_messages["invalid"] == "Mine."
    assert str(one.error_messages["required"]) == "This field is required."
    assert str(one.error_messages["blank"]) == "This field may not be blank."
    assert two.error_messages["blank"] == "Empty!"
    one.error_messages["invalid"] = "Changed."
    assert MyField().error_messages["invalid"] == "Mine."
    with pytest.raises(ValidationError) as info:
        one.fail("extra", x=1)
    assert info.value.detail == [ErrorDetail("Extra 1.", code="extra")]


def test_messages_follow_active_language():
    from django.utils import translation

    field = fields.CharField(max_length=1)
    with translation.override("fr"):
        french = errors_of(field, "ab")[0]
        required = errors_of(fields.IntegerField(), fields.empty)[0]
    assert errors_of(field, "ab")[0] == ["Ensure this field has no more than 1 characters."]
    # Whatever the catalogue holds, the French run resolved the message in French context.
    assert isinstance(french[0], ErrorDetail) and french[0].code == "max_length"
    assert required[0].code == "required"


# --- declaration errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: fields.CharField(read_only=True, write_only=True),
            "May not set both `read_only` and `write_only`",
        ),
        (
            lambda: fields.CharField(read_only=True, required=True),
            "May not set both `read_only` and `required`",
        ),
        (
            lambda: fields.CharField(required=True, default="x"),
            "May not set both `required` and `default`",
        ),
        (lambda: fields.Field(read_only=True), "Field(read_only=True) should be ReadOnlyField"),
        (lambda: fields.HiddenField(), "default is a required argument."),
        (lambda: fields.ListField(child=fields.CharField), "`child` has not been instantiated."),
        (
            lambda: fields.ListField(child=fields.CharField(source="x")),
            "The `source` argument is not meaningful when applied to a `child=` field. "
            "Remove `source=` from the field declaration.",
        ),
        (
            lambda: fields.HStoreField(child=fields.IntegerField()),
            "The `child` argument must be an instance of `CharField`, as the hstore extension "
            "stores values as strings.",
        ),
        (
            lambda: bound(fields.CharField(source="f"), "f"),
            "It is redundant to specify `source='f'` on field 'CharField' in serializer "
            "'_Root', because it is the same as the field name. Remove the `source` keyword "
            "argument.",
        ),
    ],
)
def test_declaration_errors(make, message):
    with pytest.raises(AssertionError) as info:
        make()
    assert str(info.value) == message


def test_bad_format_arguments():
    with pytest.raises(ValueError, match='Must be one of "hex_verbose", "hex", "int", "urn"'):
        fields.UUIDField(format="bad")
    with pytest.raises(ValueError, match="Unknown duration format provided, got 'bad'"):
        fields.DurationField(format="bad")
    with pytest.raises(TypeError, match="duration format must be either str or `None`, not int"):
        fields.DurationField(format=3)
    with pytest.raises(AssertionError, match="Invalid rounding option bad"):
        fields.DecimalField(5, 2, rounding="bad")
    with pytest.warns(UserWarning, match="max_value should be an integer or Decimal instance."):
        fields.DecimalField(5, 2, max_value=1.5)


def test_not_implemented_messages():
    field = bound(fields.Field(), "x")
    with pytest.raises(NotImplementedError) as info:
        field.to_internal_value(1)
    assert str(info.value) == (
        "Field.to_internal_value() must be implemented for field x. If you do not need to "
        "support write operations you probably want to subclass `ReadOnlyField` instead."
    )
    with pytest.raises(
        NotImplementedError, match=r"^Field.to_representation\(\) must be implemented for field x.$"
    ):
        field.to_representation(1)


def test_image_field_reports_django_image_error():
    from django.core.exceptions import ValidationError as DjangoValidationError

    from restframe.fields import get_error_detail

    with pytest.raises(DjangoValidationError) as info:
        fields.ImageField().run_validation(SimpleUploadedFile("a.png", b"not an image"))
    assert get_error_detail(info.value) == [
        ErrorDetail(
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image.",
            code="invalid_image",
        )
    ]


def test_image_field_accepts_an_image():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue())
    assert fields.ImageField().run_validation(upload) is upload


def test_a_time_the_zone_calls_ambiguous_is_refused(monkeypatch):
    """``DateTimeField`` asks ``restframe.utils.timezone`` whether a naive input made aware is
    valid; one it calls ambiguous is refused rather than silently given one of two instants."""
    import datetime
    import zoneinfo

    from django.test import override_settings

    from restframe import serializers
    from restframe.utils import timezone as tz_utils

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    skipped = datetime.datetime(2026, 3, 29, 2, 30, tzinfo=berlin)  # clocks jump 02:00 -> 03:00
    assert not tz_utils.datetime_exists(skipped)
    assert tz_utils.datetime_exists(datetime.datetime(2026, 3, 29, 3, 30, tzinfo=berlin))
    assert tz_utils.valid_datetime(datetime.datetime(2026, 7, 1, 12, 0, tzinfo=berlin))
    assert not tz_utils.valid_datetime(datetime.datetime(2026, 7, 1, 12, 0))  # naive

    class Meeting(serializers.Serializer):
        at = serializers.DateTimeField()

    with override_settings(USE_TZ=True, TIME_ZONE="Europe/Berlin"):
        assert Meeting(data={"at": "2026-07-01T12:00:00"}).is_valid()
        monkeypatch.setattr(tz_utils, "datetime_ambiguous", lambda value: True)
        meeting = Meeting(data={"at": "2026-07-01T12:00:00"})
        assert not meeting.is_valid()
        assert meeting.errors == {"at": ['Invalid datetime for the timezone "Europe/Berlin".']}
        assert meeting.errors["at"][0].code == "make_aware"
