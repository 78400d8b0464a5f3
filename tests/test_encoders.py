"""restframe.utils.encoders: the values DRF's JSON encoder produces, for json and orjson alike."""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import decimal
import ipaddress
import json
import uuid
import zoneinfo

import orjson
import pytest
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe.exceptions import ErrorDetail
from restframe.utils.encoders import JSONEncoder, orjson_default

drf_encoders = pytest.importorskip("rest_framework.utils.encoders")

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.UTC


class _Mapping(collections.abc.Mapping):
    def __getitem__(self, key):
        return {"a": 1}[key]

    def __iter__(self):
        return iter(["a"])

    def __len__(self):
        return 1


class _WithToList:
    def tolist(self):
        return [1, 2]


class _IterableOnly:
    def __iter__(self):
        return iter([3, 4])


class _BadGetItem:
    def __getitem__(self, key):
        raise KeyError(key)


@dataclasses.dataclass
class _Point:
    x: int = 1


# (value, the JSON text DRF's encoder gives inside a list, or the exception type it raises)
CASES = [
    (datetime.datetime(2020, 1, 2, 3, 4, 5), '["2020-01-02T03:04:05"]'),
    (datetime.datetime(2020, 1, 2, 3, 4, 5, 123456), '["2020-01-02T03:04:05.123456"]'),
    (datetime.datetime(2020, 1, 2, 3, 4, 5, 120, tzinfo=UTC), '["2020-01-02T03:04:05.000120Z"]'),
    (datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=PARIS), '["2020-01-02T03:04:05+01:00"]'),
    (datetime.date(2020, 1, 2), '["2020-01-02"]'),
    (datetime.time(1, 2, 3), '["01:02:03"]'),
    (datetime.time(1, 2, 3, 456789), '["01:02:03.456789"]'),
    (datetime.time(1, 2, tzinfo=UTC), ValueError),
    (datetime.timedelta(days=1, seconds=3, microseconds=5), '["86403.000005"]'),
    (datetime.timedelta(microseconds=-1), '["-1e-06"]'),
    (decimal.Decimal("1.10"), "[1.1]"),
    (decimal.Decimal("1e30"), "[1e+30]"),
    (uuid.UUID("12345678-1234-5678-1234-567812345678"), '["12345678-1234-5678-1234-567812345678"]'),
    (gettext_lazy("Not found."), '["Not found."]'),
    (b"bytes", '["bytes"]'),
    (b"\xff", UnicodeDecodeError),
    (bytearray(b"ab"), TypeError),
    (memoryview(b"ab"), "[[97,98]]"),
    ({3, 4} - {4}, "[[3]]"),
    (frozenset([5]), "[[5]]"),
    (ipaddress.ip_address("10.0.0.1"), '["10.0.0.1"]'),
    (ipaddress.ip_address("::1"), '["::1"]'),
    (ipaddress.ip_network("10.0.0.0/30"), '["10.0.0.0/30"]'),
    (ipaddress.ip_interface("10.0.0.1/24"), '["10.0.0.1/24"]'),
    (_Mapping(), '[{"a":1}]'),
    (_WithToList(), "[[1,2]]"),
    (_IterableOnly(), "[[3,4]]"),
    (_BadGetItem(), TypeError),
    (_Point(), TypeError),
    (object(), TypeError),
]


def _dumps(value, encoder):
    return json.dumps([value], cls=encoder, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(("value", "expected"), CASES, ids=lambda v: type(v).__name__)
def test_json_encoder_output(value, expected):
    if isinstance(expected, type):
        with pytest.raises(expected):
            _dumps(value, JSONEncoder)
    else:
        assert _dumps(value, JSONEncoder) == expected


@pytest.mark.parametrize(("value", "expected"), CASES, ids=lambda v: type(v).__name__)
def test_same_as_drf_encoder(value, expected):
    try:
        theirs = _dumps(value, drf_encoders.JSONEncoder)
    except Exception as exc:
        with pytest.raises(type(exc)):
            _dumps(value, JSONEncoder)
    else:
        assert _dumps(value, JSONEncoder) == theirs


@pytest.mark.parametrize(("value", "expected"), CASES, ids=lambda v: type(v).__name__)
def test_orjson_default_gives_the_same_values(value, expected):
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    if isinstance(expected, type):
        with pytest.raises(TypeError):  # orjson wraps the hook's error in JSONEncodeError
            orjson.dumps([value], default=orjson_default, option=option)
    else:
        assert orjson.dumps([value], default=orjson_default, option=option) == expected.encode()


def test_unsupported_type_message_names_the_type():
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        JSONEncoder().default(object())
    with pytest.raises(TypeError, match="Object of type _Point is not JSON serializable"):
        orjson_default(_Point())


def test_generators_are_written_as_arrays():
    assert _dumps((i * 2 for i in range(3)), JSONEncoder) == "[[0,2,4]]"
    assert orjson.dumps((i for i in range(2)), default=orjson_default) == b"[0,1]"


def test_float_subclass_is_a_plain_float_for_orjson():
    class Meters(float):
        pass

    assert orjson.dumps({"m": Meters(1.5)}, default=orjson_default) == b'{"m":1.5}'


def test_error_detail_is_written_as_its_text():
    assert _dumps(ErrorDetail("Bad.", code="invalid"), JSONEncoder) == '["Bad."]'


@pytest.mark.django_db
def test_queryset_becomes_an_array_of_its_rows():
    User.objects.create(username="a")
    User.objects.create(username="b")
    queryset = User.objects.order_by("username").values_list("username", flat=True)
    assert _dumps(queryset, JSONEncoder) == '[["a","b"]]'
    assert _dumps(User.objects.none(), JSONEncoder) == "[[]]"


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
        st.dates(),
        st.times(),
        st.timedeltas(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.uuids(),
    )
)
def test_property_same_values_as_drf(value):
    theirs = drf_encoders.JSONEncoder().default(value)
    assert JSONEncoder().default(value) == theirs
    assert orjson_default(value) == theirs
