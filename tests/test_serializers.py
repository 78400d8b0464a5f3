"""Serializers: exact ``.errors`` structures, the validation/save contract and hostile input."""

from __future__ import annotations

import copy
import datetime
import math
import pickle
import time

import orjson
import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import override_settings

from restframe import fields, serializers
from restframe.exceptions import ErrorDetail, ValidationError
from restframe.utils.serializer_helpers import (
    BindingDict,
    BoundField,
    JSONBoundField,
    NestedBoundField,
    ReturnDict,
    ReturnList,
)


def codes(serializer):
    return ValidationError(serializer.errors).get_codes()


def render(errors):
    """What a client receives: the JSON body of the errors."""
    return orjson.loads(orjson.dumps(errors, option=orjson.OPT_NON_STR_KEYS))


class ItemSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=10)
    qty = serializers.IntegerField(min_value=0)


class OrderSerializer(serializers.Serializer):
    ref = serializers.CharField()
    customer = ItemSerializer()
    items = ItemSerializer(many=True)
    note = serializers.CharField(required=False)


VALID_ORDER = {
    "ref": "A1",
    "customer": {"name": "bob", "qty": 1},
    "items": [{"name": "x", "qty": 1}, {"name": "y", "qty": 2}],
}


# --- re-exports --------------------------------------------------------------------------------


def test_every_field_class_is_importable_from_serializers():
    for name in fields.__all__:
        assert getattr(serializers, name) is getattr(fields, name), name
    assert serializers.ValidationError is ValidationError
    assert serializers.empty is fields.empty
    assert serializers.SkipField is fields.SkipField
    assert serializers.ReturnDict is ReturnDict
    assert "NON_FIELD_ERRORS_KEY" not in serializers.__all__
    assert serializers.LIST_SERIALIZER_KWARGS_REMOVE == ("allow_empty", "min_length", "max_length")
    assert serializers.ALL_FIELDS == "__all__"


# --- basic validation --------------------------------------------------------------------------


def test_valid_data():
    serializer = ItemSerializer(data={"name": "pen", "qty": "3"})
    assert serializer.is_valid() is True
    assert serializer.validated_data == {"name": "pen", "qty": 3}
    assert serializer.errors == {}
    assert isinstance(serializer.errors, ReturnDict)
    assert serializer.data == {"name": "pen", "qty": 3}
    assert isinstance(serializer.data, ReturnDict)
    assert serializer.data.serializer is serializer


def test_field_errors_all_reported_with_codes():
    serializer = ItemSerializer(data={"name": "x" * 11, "qty": -1})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "name": ["Ensure this field has no more than 10 characters."],
        "qty": ["Ensure this value is greater than or equal to 0."],
    }
    assert codes(serializer) == {"name": ["max_length"], "qty": ["min_value"]}
    assert ValidationError(serializer.errors).get_full_details() == {
        "name": [
            {"message": "Ensure this field has no more than 10 characters.", "code": "max_length"}
        ],
        "qty": [
            {"message": "Ensure this value is greater than or equal to 0.", "code": "min_value"}
        ],
    }
    assert serializer.validated_data == {}
    assert serializer.errors.serializer is serializer
    assert type(serializer.errors["name"][0]) is ErrorDetail


def test_missing_and_null():
    serializer = ItemSerializer(data={"qty": None})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "name": ["This field is required."],
        "qty": ["This field may not be null."],
    }
    assert codes(serializer) == {"name": ["required"], "qty": ["null"]}


@pytest.mark.parametrize(
    ("data", "datatype"),
    [([], "list"), ("text", "str"), (1, "int"), (1.5, "float"), (True, "bool")],
)
def test_non_dict_input(data, datatype):
    serializer = ItemSerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "non_field_errors": [f"Invalid data. Expected a dictionary, but got {datatype}."]
    }
    assert codes(serializer) == {"non_field_errors": ["invalid"]}


def test_no_data_provided():
    serializer = ItemSerializer(data=None)
    assert serializer.is_valid() is False
    assert serializer.errors == {"non_field_errors": ["No data provided"]}
    assert codes(serializer) == {"non_field_errors": ["null"]}


@override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"})
def test_non_field_errors_key_setting():
    serializer = ItemSerializer(data=[])
    assert serializer.is_valid() is False
    assert serializer.errors == {"errors": ["Invalid data. Expected a dictionary, but got list."]}
    serializer = ItemSerializer(data=None)
    serializer.is_valid()
    assert serializer.errors == {"errors": ["No data provided"]}
    many = ItemSerializer(data={}, many=True)
    many.is_valid()
    assert many.errors == {"errors": ['Expected a list of items but got type "dict".']}


def test_raise_exception():
    serializer = ItemSerializer(data={"qty": "x"})
    with pytest.raises(ValidationError) as info:
        serializer.is_valid(raise_exception=True)
    assert info.value.detail == {
        "name": ["This field is required."],
        "qty": ["A valid integer is required."],
    }
    assert info.value.status_code == 400
    assert ItemSerializer(data={"name": "a", "qty": 1}).is_valid(raise_exception=True) is True


def test_is_valid_twice_keeps_first_result():
    data = {"name": "a", "qty": 1}
    serializer = ItemSerializer(data=data)
    assert serializer.is_valid() is True
    data["qty"] = "bad"
    assert serializer.is_valid() is True
    assert serializer.validated_data == {"name": "a", "qty": 1}


def test_access_order_is_enforced():
    serializer = ItemSerializer(data={"name": "a", "qty": 1})
    with pytest.raises(
        AssertionError, match=r"You must call `\.is_valid\(\)` before accessing `\.errors`\."
    ):
        serializer.errors
    with pytest.raises(
        AssertionError,
        match=r"You must call `\.is_valid\(\)` before accessing `\.validated_data`\.",
    ):
        serializer.validated_data
    with pytest.raises(AssertionError, match="must call `.is_valid\\(\\)` before attempting"):
        serializer.data
    with pytest.raises(AssertionError, match="You must call `.is_valid\\(\\)` before calling"):
        serializer.save()
    with pytest.raises(AssertionError, match="no `data=` keyword argument was passed"):
        ItemSerializer().is_valid()


def test_data_of_invalid_serializer_echoes_writable_input():
    serializer = ItemSerializer(data={"name": "a", "qty": "bad", "other": 1})
    serializer.is_valid()
    assert serializer.data == {"name": "a", "qty": "bad"}
    serializer = ItemSerializer(data=[1])
    serializer.is_valid()
    assert serializer.data == {}


def test_data_without_input_is_initial_values():
    assert ItemSerializer().data == {"name": "", "qty": None}


def test_data_of_instance():
    class Obj:
        name = "n"
        qty = 4

    assert ItemSerializer(Obj()).data == {"name": "n", "qty": 4}
    assert ItemSerializer({"name": "n", "qty": None}).data == {"name": "n", "qty": None}


# --- validate_<field>, validate(), validators -------------------------------------------------


class HookSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()

    def validate_start(self, value):
        if value == 13:
            raise serializers.ValidationError("Unlucky.", code="unlucky")
        if value == 14:
            raise DjangoValidationError("Django says %(v)s.", code="dj", params={"v": value})
        return value * 10

    def validate(self, attrs):
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError("start after end", code="order")
        if attrs["end"] == 99:
            raise serializers.ValidationError({"end": "Too big.", "start": ["Also."]})
        if attrs["end"] == 98:
            raise DjangoValidationError("Model says no.", code="model")
        return attrs


def test_validate_field_hook_transforms_value():
    serializer = HookSerializer(data={"start": 1, "end": 20})
    assert serializer.is_valid() is True
    assert serializer.validated_data == {"start": 10, "end": 20}


@pytest.mark.parametrize(
    ("data", "errors", "error_codes"),
    [
        ({"start": 13, "end": 1}, {"start": ["Unlucky."]}, {"start": ["unlucky"]}),
        ({"start": 14, "end": 1}, {"start": ["Django says 14."]}, {"start": ["dj"]}),
        (
            {"start": 5, "end": 1},
            {"non_field_errors": ["start after end"]},
            {"non_field_errors": ["order"]},
        ),
        (
            {"start": 1, "end": 99},
            {"end": ["Too big."], "start": ["Also."]},
            {"end": ["invalid"], "start": ["invalid"]},
        ),
        (
            {"start": 1, "end": 98},
            {"non_field_errors": ["Model says no."]},
            {"non_field_errors": ["model"]},
        ),
    ],
)
def test_hook_errors(data, errors, error_codes):
    serializer = HookSerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == errors
    assert codes(serializer) == error_codes


def test_validate_must_return_data():
    class S(serializers.Serializer):
        a = serializers.IntegerField()

        def validate(self, attrs):
            return None

    with pytest.raises(AssertionError, match="should return the validated data"):
        S(data={"a": 1}).is_valid()


def test_meta_validators_receive_read_only_defaults():
    seen = []

    def check(attrs):
        seen.append(dict(attrs))
        if attrs["a"] == 0:
            raise serializers.ValidationError("zero", code="zero")

    class S(serializers.Serializer):
        a = serializers.IntegerField()
        owner = serializers.HiddenField(default="me")
        flag = serializers.ReadOnlyField(default=True)

        class Meta:
            validators = [check]

    serializer = S(data={"a": 0})
    assert serializer.is_valid() is False
    assert serializer.errors == {"non_field_errors": ["zero"]}
    assert seen == [{"flag": True, "a": 0, "owner": "me"}]
    assert S(data={"a": 1}).is_valid() is True


def test_as_serializer_error_shapes():
    assert serializers.as_serializer_error(ValidationError("x")) == {"non_field_errors": ["x"]}
    assert serializers.as_serializer_error(ValidationError({"a": "x"})) == {"a": ["x"]}
    assert serializers.as_serializer_error(DjangoValidationError({"a": ["x"]})) == {"a": ["x"]}
    with override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "all"}):
        assert serializers.as_serializer_error(DjangoValidationError("y")) == {"all": ["y"]}


# --- nesting --------------------------------------------------------------------------------------


def test_nested_valid():
    serializer = OrderSerializer(data=VALID_ORDER)
    assert serializer.is_valid() is True, serializer.errors
    assert serializer.validated_data == {
        "ref": "A1",
        "customer": {"name": "bob", "qty": 1},
        "items": [{"name": "x", "qty": 1}, {"name": "y", "qty": 2}],
    }


def test_nested_errors_structure():
    data = {
        "ref": "A1",
        "customer": {"name": "bob", "qty": "many"},
        "items": [{"name": "x", "qty": 1}, {"qty": 2}, {"name": "z", "qty": "?"}],
    }
    serializer = OrderSerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "customer": {"qty": ["A valid integer is required."]},
        "items": {
            1: {"name": ["This field is required."]},
            2: {"qty": ["A valid integer is required."]},
        },
    }
    assert codes(serializer) == {
        "customer": {"qty": ["invalid"]},
        "items": {1: {"name": ["required"]}, 2: {"qty": ["invalid"]}},
    }
    assert render(serializer.errors) == {
        "customer": {"qty": ["A valid integer is required."]},
        "items": {
            "1": {"name": ["This field is required."]},
            "2": {"qty": ["A valid integer is required."]},
        },
    }


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"ref": "A", "items": []},
            {"customer": ["This field is required."]},
        ),
        (
            {"ref": "A", "customer": "bob", "items": []},
            {
                "customer": {
                    "non_field_errors": ["Invalid data. Expected a dictionary, but got str."]
                }
            },
        ),
        (
            {"ref": "A", "customer": [{"name": "b"}], "items": []},
            {
                "customer": {
                    "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
                }
            },
        ),
        (
            {"ref": "A", "customer": None, "items": []},
            {"customer": ["This field may not be null."]},
        ),
        (
            {"ref": "A", "customer": {"name": "b", "qty": 1}, "items": {"name": "x"}},
            {"items": {"non_field_errors": ['Expected a list of items but got type "dict".']}},
        ),
        (
            {"ref": "A", "customer": {"name": "b", "qty": 1}, "items": "xy"},
            {"items": {"non_field_errors": ['Expected a list of items but got type "str".']}},
        ),
        (
            {"ref": "A", "customer": {"name": "b", "qty": 1}, "items": [["x"], 3]},
            {
                "items": {
                    0: {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]},
                    1: {"non_field_errors": ["Invalid data. Expected a dictionary, but got int."]},
                }
            },
        ),
        (
            {"ref": {"a": 1}, "customer": {"name": ["b"], "qty": {}}, "items": []},
            {
                "ref": ["Not a valid string."],
                "customer": {
                    "name": ["Not a valid string."],
                    "qty": ["A valid integer is required."],
                },
            },
        ),
    ],
)
def test_wrong_container_types_at_every_level(data, errors):
    serializer = OrderSerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == errors


def test_nested_optional_and_nullable():
    class S(serializers.Serializer):
        child = ItemSerializer(required=False, allow_null=True)

    assert S(data={}).is_valid() is True
    serializer = S(data={"child": None})
    assert serializer.is_valid() is True
    assert serializer.validated_data == {"child": None}


def test_partial_update_skips_missing_nested_and_fields():
    serializer = OrderSerializer(data={"customer": {"qty": 5}}, partial=True)
    assert serializer.is_valid() is True, serializer.errors
    assert serializer.validated_data == {"customer": {"qty": 5}}


def test_source_dotted_and_star():
    class S(serializers.Serializer):
        city = serializers.CharField(source="address.city")
        extra = ItemSerializer(source="*")

    serializer = S(data={"city": "Paris", "extra": {"name": "n", "qty": 1}})
    assert serializer.is_valid() is True, serializer.errors
    assert serializer.validated_data == {"address": {"city": "Paris"}, "name": "n", "qty": 1}


# --- ListSerializer ----------------------------------------------------------------------------


def test_many_returns_list_serializer():
    serializer = ItemSerializer(many=True, data=[])
    assert isinstance(serializer, serializers.ListSerializer)
    assert isinstance(serializer.child, ItemSerializer)
    assert serializer.child.parent is serializer
    assert serializer.is_valid() is True
    assert serializer.validated_data == []
    assert serializer.errors == []
    assert isinstance(serializer.errors, ReturnList)


def test_many_item_errors_keyed_by_index_of_failing_items_only():
    data = [{"name": "a", "qty": 1}, {"name": "b", "qty": "x"}, {"name": "c", "qty": 2}, 5]
    serializer = ItemSerializer(data=data, many=True)
    assert serializer.is_valid() is False
    assert serializer.errors == {
        1: {"qty": ["A valid integer is required."]},
        3: {"non_field_errors": ["Invalid data. Expected a dictionary, but got int."]},
    }
    assert isinstance(serializer.errors, ReturnDict)
    assert codes(serializer) == {1: {"qty": ["invalid"]}, 3: {"non_field_errors": ["invalid"]}}
    assert serializer.validated_data == []


@pytest.mark.parametrize(
    ("kwargs", "data", "message", "code"),
    [
        ({}, {"a": 1}, 'Expected a list of items but got type "dict".', "not_a_list"),
        ({}, "abc", 'Expected a list of items but got type "str".', "not_a_list"),
        ({"allow_empty": False}, [], "This list may not be empty.", "empty"),
        (
            {"max_length": 1},
            [{"name": "a", "qty": 1}] * 2,
            "Ensure this field has no more than 1 elements.",
            "max_length",
        ),
        (
            {"min_length": 2},
            [{"name": "a", "qty": 1}],
            "Ensure this field has at least 2 elements.",
            "min_length",
        ),
    ],
)
def test_many_list_level_errors(kwargs, data, message, code):
    serializer = ItemSerializer(data=data, many=True, **kwargs)
    assert serializer.is_valid() is False
    assert serializer.errors == {"non_field_errors": [message]}
    assert codes(serializer) == {"non_field_errors": [code]}


def test_many_no_data():
    serializer = ItemSerializer(data=None, many=True)
    assert serializer.is_valid() is False
    assert serializer.errors == {"non_field_errors": ["No data provided"]}


def test_many_init_passes_list_kwargs_to_list_and_rest_to_child():
    serializer = ItemSerializer(many=True, allow_empty=False, max_length=3, required=False)
    assert serializer.allow_empty is False
    assert serializer.max_length == 3
    assert serializer.required is False
    assert serializer.child.required is False


def test_many_custom_list_serializer_class():
    class MyList(serializers.ListSerializer):
        pass

    class S(serializers.Serializer):
        a = serializers.IntegerField()

        class Meta:
            list_serializer_class = MyList

    assert type(S(many=True)) is MyList


def test_list_serializer_requires_instantiated_child():
    with pytest.raises(AssertionError, match="`child` is a required argument."):
        serializers.ListSerializer()
    with pytest.raises(AssertionError, match="`child` has not been instantiated."):
        serializers.ListSerializer(child=ItemSerializer)


def test_many_data_representation():
    serializer = ItemSerializer([{"name": "a", "qty": 1}, {"name": "b", "qty": 2}], many=True)
    assert serializer.data == [{"name": "a", "qty": 1}, {"name": "b", "qty": 2}]
    assert isinstance(serializer.data, ReturnList)


def test_list_errors_as_list_setting_is_deprecated_format():
    with override_settings(REST_FRAMEWORK={"LIST_SERIALIZER_ERRORS_AS_DICT": False}):
        serializer = ItemSerializer(data=[{"name": "a", "qty": 1}, {"qty": 1}], many=True)
        with pytest.warns(PendingDeprecationWarning):
            serializer.is_valid()
        assert serializer.errors == [{}, {"name": ["This field is required."]}]


# --- save / create / update ------------------------------------------------------------------


class Box:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


class BoxSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField(required=False)

    def create(self, validated_data):
        return Box(**validated_data)

    def update(self, instance, validated_data):
        instance.__dict__.update(validated_data)
        return instance


def test_save_creates_with_kwargs():
    serializer = BoxSerializer(data={"name": "b"})
    assert serializer.is_valid()
    box = serializer.save(owner="me")
    assert vars(box) == {"name": "b", "owner": "me"}
    assert serializer.instance is box
    assert serializer.data == {"name": "b"}


def test_save_updates_instance():
    box = Box(name="old", size=1)
    serializer = BoxSerializer(box, data={"name": "new"}, partial=True)
    assert serializer.is_valid()
    assert serializer.save() is box
    assert vars(box) == {"name": "new", "size": 1}


def test_save_contract_errors():
    serializer = BoxSerializer(data={})
    serializer.is_valid()
    with pytest.raises(
        AssertionError, match="You cannot call `.save\\(\\)` on a serializer with invalid data."
    ):
        serializer.save()

    serializer = BoxSerializer(data={"name": "b"})
    serializer.is_valid()
    with pytest.raises(AssertionError, match="'commit' is not a valid keyword argument"):
        serializer.save(commit=False)
    serializer.data
    with pytest.raises(
        AssertionError, match="You cannot call `.save\\(\\)` after accessing `serializer.data`."
    ):
        serializer.save()


def test_save_requires_create_update_to_return_instance():
    class S(serializers.Serializer):
        a = serializers.IntegerField()

        def create(self, validated_data):
            return None

        def update(self, instance, validated_data):
            return None

    serializer = S(data={"a": 1})
    serializer.is_valid()
    with pytest.raises(AssertionError, match="`create\\(\\)` did not return an object instance."):
        serializer.save()
    serializer = S(Box(), data={"a": 1})
    serializer.is_valid()
    with pytest.raises(AssertionError, match="`update\\(\\)` did not return an object instance."):
        serializer.save()


def test_base_create_update_not_implemented():
    serializer = ItemSerializer(data={"name": "a", "qty": 1})
    serializer.is_valid()
    with pytest.raises(NotImplementedError, match="`create\\(\\)` must be implemented."):
        serializer.save()


def test_many_save_creates_each_and_refuses_update():
    serializer = BoxSerializer(data=[{"name": "a"}, {"name": "b"}], many=True)
    assert serializer.is_valid()
    boxes = serializer.save(tag=1)
    assert [vars(box) for box in boxes] == [{"name": "a", "tag": 1}, {"name": "b", "tag": 1}]
    serializer = BoxSerializer([Box(name="a")], data=[{"name": "c"}], many=True)
    assert serializer.is_valid()
    with pytest.raises(NotImplementedError, match="do not support multiple update by default"):
        serializer.save()


# --- declared fields ---------------------------------------------------------------------------


def test_declared_fields_order_inheritance_and_removal():
    class A(serializers.Serializer):
        x = serializers.IntegerField()
        y = serializers.IntegerField()

    class B(A):
        z = serializers.IntegerField()
        x = None

    class C(B):
        y = serializers.CharField()

    assert list(A().fields) == ["x", "y"]
    assert list(B().fields) == ["y", "z"]
    assert list(C().fields) == ["y", "z"]
    assert isinstance(C().fields["y"], serializers.CharField)
    assert not hasattr(A, "x")


def test_fields_are_per_instance_copies():
    one, two = ItemSerializer(), ItemSerializer()
    assert one.fields["name"] is not two.fields["name"]
    assert one.fields["name"] is not ItemSerializer._declared_fields["name"]
    one.fields["name"].error_messages["required"] = "Changed."
    assert two.fields["name"].error_messages["required"] == "This field is required."
    assert isinstance(one.fields, BindingDict)
    assert one.fields["name"].parent is one
    assert one.fields["name"].field_name == "name"


def test_fields_added_or_removed_after_first_validation_are_honoured():
    serializer = ItemSerializer(data={"name": "a", "qty": 1, "extra": "e"})
    assert serializer.is_valid() is True
    serializer.fields["extra"] = serializers.IntegerField()
    del serializer.fields["qty"]
    # A fresh validation of the same instance sees the edited field set.
    del serializer._validated_data
    assert serializer.is_valid() is False
    assert serializer.errors == {"extra": ["A valid integer is required."]}


def test_bound_fields():
    class S(serializers.Serializer):
        name = serializers.CharField()
        child = ItemSerializer()
        blob = serializers.JSONField()

    serializer = S(data={"name": "", "child": {"name": "n"}, "blob": {"a": 1}})
    serializer.is_valid()
    bound = serializer["name"]
    assert type(bound) is BoundField
    assert bound.value == ""
    assert bound.errors == ["This field may not be blank."]
    assert bound.name == "name"
    nested = serializer["child"]
    assert type(nested) is NestedBoundField
    assert nested["qty"].errors == ["This field is required."]
    assert nested["name"].name == "child.name"
    assert type(serializer["blob"]) is JSONBoundField
    assert serializer["blob"].as_form_field().value == '{\n    "a": 1\n}'
    assert [b.name for b in serializer] == ["name", "child", "blob"]


def test_repr_is_declaration():
    assert repr(ItemSerializer()) == (
        "ItemSerializer():\n"
        "    name = CharField(max_length=10)\n"
        "    qty = IntegerField(min_value=0)"
    )


def test_deepcopy_and_pickle_of_results():
    serializer = ItemSerializer(data={"name": "a", "qty": 1})
    serializer.is_valid()
    copied = copy.deepcopy(ItemSerializer())
    assert list(copied.fields) == ["name", "qty"]
    assert pickle.loads(pickle.dumps(serializer.data)) == {"name": "a", "qty": 1}


# --- hostile input -----------------------------------------------------------------------------


class EveryDaySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=100, required=False)
    number = serializers.IntegerField(required=False)
    ratio = serializers.FloatField(required=False)
    amount = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    when = serializers.DateTimeField(required=False)
    day = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False)


@pytest.mark.parametrize("levels", [1_000, 5_000])
def test_deeply_nested_input_does_not_recurse(levels):
    deep_dict = {}
    node = deep_dict
    for _ in range(levels):
        node["k"] = {}
        node = node["k"]
    deep_list = []
    node_list = deep_list
    for _ in range(levels):
        node_list.append([])
        node_list = node_list[0]
    serializer = OrderSerializer(
        data={"ref": deep_dict, "customer": deep_list, "items": deep_dict, "note": deep_list}
    )
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "ref": ["Not a valid string."],
        "customer": {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]},
        "items": {"non_field_errors": ['Expected a list of items but got type "dict".']},
        "note": ["Not a valid string."],
    }
    many = OrderSerializer(data=[deep_list, deep_dict], many=True)
    assert many.is_valid() is False
    assert many.errors[0] == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }
    assert set(many.errors[1]) == {"ref", "customer", "items"}


def test_ten_megabyte_string():
    text = "x" * 10_000_000
    start = time.perf_counter()
    serializer = EveryDaySerializer(data={"text": text, "kind": text[:1000]})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "text": ["Ensure this field has no more than 100 characters."],
        "kind": [f'"{"x" * 1000}" is not a valid choice.'],
    }
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"number": int("9" * 4000) * 10**1000}, {"number": ["A valid integer is required."]}),
        ({"number": "9" * 5000}, {"number": ["String value too large."]}),
        ({"ratio": math.nan}, {"ratio": ["A valid number is required."]}),
        ({"ratio": math.inf}, {"ratio": ["A valid number is required."]}),
        ({"ratio": "Infinity"}, {"ratio": ["A valid number is required."]}),
        ({"amount": "NaN"}, {"amount": ["A valid number is required."]}),
        ({"amount": "-Infinity"}, {"amount": ["A valid number is required."]}),
        ({"amount": math.inf}, {"amount": ["A valid number is required."]}),
        ({"text": "a\ud800b"}, {"text": ["Surrogate characters are not allowed: U+D800."]}),
        ({"text": "a\x00b"}, {"text": ["Null characters are not allowed."]}),
        (
            {"when": "2024-13-45T99:00"},
            {
                "when": [
                    "Datetime has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                ]
            },
        ),
        (
            {"day": "yesterday"},
            {"day": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"day": datetime.datetime(2024, 1, 1, 10, tzinfo=datetime.UTC)},
            {"day": ["Expected a date but got a datetime."]},
        ),
        ({"kind": ["a"]}, {"kind": ["\"['a']\" is not a valid choice."]}),
    ],
)
def test_hostile_scalars(data, errors):
    serializer = EveryDaySerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == errors


def test_huge_integer_as_choice_is_a_validation_error():
    serializer = EveryDaySerializer(data={"kind": int("9" * 4000) * 10**1000})
    assert serializer.is_valid() is False
    assert list(serializer.errors) == ["kind"]
    assert codes(serializer) == {"kind": ["invalid_choice"]}


def test_many_scales_linearly():
    def run(count):
        data = [{"name": "n", "qty": "x"}] * count
        start = time.perf_counter()
        serializer = ItemSerializer(data=data, many=True)
        serializer.is_valid()
        ValidationError(serializer.errors)
        return time.perf_counter() - start

    run(100)
    small = min(run(1_000) for _ in range(3))
    large = min(run(10_000) for _ in range(3))
    # Ten times the items: well under twenty times the time (quadratic would be ~100x).
    assert large < small * 20


def test_unrelated_date_input_types():
    serializer = EveryDaySerializer(data={"when": datetime.date(2024, 1, 1), "day": 5})
    assert serializer.is_valid() is False
    assert codes(serializer) == {"when": ["date"], "day": ["invalid"]}


def test_context_and_partial_reach_nested_and_many_children():
    seen = []

    class Leaf(serializers.Serializer):
        qty = serializers.IntegerField()
        name = serializers.CharField()

        def validate_qty(self, value):
            seen.append(self.context["who"])
            return value

    class Root(serializers.Serializer):
        one = Leaf()
        many = Leaf(many=True)

    root = Root(data={"one": {"qty": 1}, "many": [{"qty": 2}]}, partial=True, context={"who": "me"})
    assert root.is_valid() is True, root.errors
    assert root.validated_data == {"one": {"qty": 1}, "many": [{"qty": 2}]}
    assert seen == ["me", "me"]
    many = Leaf(data=[{"qty": 3}], many=True, partial=True, context={"who": "you"})
    assert many.is_valid() is True
    assert seen[-1] == "you"
    # Each root instance has its own nested copies, bound to itself.
    other = Root()
    assert other.fields["many"] is not root.fields["many"]
    assert other.fields["many"].child.root is other


def test_html_form_input_nested_and_many():
    from django.http import QueryDict

    data = QueryDict(
        "ref=A&customer.name=bob&customer.qty=2&items[0]name=x&items[0]qty=1&items[1]qty=z"
    )
    serializer = OrderSerializer(data=data)
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "items": {1: {"name": ["This field is required."], "qty": ["A valid integer is required."]}}
    }
