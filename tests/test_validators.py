"""Uniqueness and character validators against real models: DRF's messages, codes and shapes."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.test import override_settings

from restframe import serializers
from restframe.exceptions import ValidationError
from restframe.validators import (
    ProhibitSurrogateCharactersValidator,
    UniqueForDateValidator,
    UniqueForMonthValidator,
    UniqueForYearValidator,
    UniqueTogetherValidator,
    UniqueValidator,
    qs_exists,
    qs_filter,
)
from tests.models_validators import (
    BlankTogetherItem,
    BlankUnlessSetItem,
    ConditionalUniqueItem,
    ConstraintMessageItem,
    UniqueForDatePost,
    UniqueItem,
    UniqueTogetherItem,
)

pytestmark = pytest.mark.django_db


# --- query helpers ---------------------------------------------------------------------------


def test_qs_filter_bad_lookup_value_gives_empty_queryset():
    UniqueItem.objects.create(code="a")
    assert list(qs_filter(UniqueItem.objects.all(), pk="not-a-number")) == []
    assert qs_filter(UniqueItem.objects.all(), code="a").count() == 1


def test_qs_exists_bad_value_is_false():
    UniqueItem.objects.create(code="a")
    assert qs_exists(UniqueItem.objects.filter(code="a")) is True
    assert qs_exists(UniqueItem.objects.filter(code="b")) is False


# --- UniqueValidator ---------------------------------------------------------------------------


class UniqueItemSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=20, validators=[UniqueValidator(queryset=UniqueItem.objects.all())]
    )


class RenamedUniqueSerializer(serializers.Serializer):
    identifier = serializers.CharField(
        source="code",
        validators=[UniqueValidator(queryset=UniqueItem.objects.all(), message="Taken.")],
    )


class UniqueNumberSerializer(serializers.Serializer):
    number = serializers.CharField(validators=[UniqueValidator(queryset=UniqueItem.objects.all())])


def test_unique_validator_rejects_existing_value():
    UniqueItem.objects.create(code="taken")
    serializer = UniqueItemSerializer(data={"code": "taken"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"code": ["This field must be unique."]}
    assert ValidationError(serializer.errors).get_codes() == {"code": ["unique"]}


def test_unique_validator_accepts_new_value():
    UniqueItem.objects.create(code="taken")
    serializer = UniqueItemSerializer(data={"code": "free"})
    assert serializer.is_valid() is True
    assert serializer.validated_data == {"code": "free"}


def test_unique_validator_excludes_the_instance_being_updated():
    item = UniqueItem.objects.create(code="mine")
    UniqueItem.objects.create(code="other")
    assert UniqueItemSerializer(item, data={"code": "mine"}).is_valid() is True
    serializer = UniqueItemSerializer(item, data={"code": "other"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"code": ["This field must be unique."]}


def test_unique_validator_uses_source_and_custom_message():
    UniqueItem.objects.create(code="x")
    serializer = RenamedUniqueSerializer(data={"identifier": "x"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"identifier": ["Taken."]}


def test_unique_validator_bad_lookup_value_is_not_a_clash():
    # "abc" cannot be compared with an integer column: no crash, no uniqueness error.
    UniqueItem.objects.create(code="x", number=1)
    serializer = UniqueNumberSerializer(data={"number": "abc"})
    assert serializer.is_valid() is True


def test_unique_validator_lookup_option():
    UniqueItem.objects.create(code="ABC")
    validator = UniqueValidator(queryset=UniqueItem.objects.all(), lookup="iexact")

    class S(serializers.Serializer):
        code = serializers.CharField(validators=[validator])

    serializer = S(data={"code": "abc"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"code": ["This field must be unique."]}


def test_unique_validator_multiple_update_without_per_item_instance_is_refused():
    items = [UniqueItem.objects.create(code="a")]
    serializer = UniqueItemSerializer(items, data=[{"code": "b"}], many=True)
    with pytest.raises(RuntimeError, match="cannot determine the current instance"):
        serializer.is_valid()


def test_unique_validator_repr_and_eq():
    queryset = UniqueItem.objects.all()
    assert UniqueValidator(queryset) == UniqueValidator(queryset)
    assert UniqueValidator(queryset) != UniqueValidator(queryset, lookup="iexact")
    assert repr(UniqueValidator(UniqueItem.objects)) == (
        "<UniqueValidator(queryset=UniqueItem.objects.all())>"
    )


# --- UniqueTogetherValidator ------------------------------------------------------------------


class RaceSerializer(serializers.Serializer):
    race = serializers.CharField()
    position = serializers.IntegerField(allow_null=True)

    class Meta:
        validators = [
            UniqueTogetherValidator(
                queryset=UniqueTogetherItem.objects.all(), fields=["race", "position"]
            )
        ]


def test_unique_together_clash_is_a_non_field_error():
    UniqueTogetherItem.objects.create(race="r", position=1)
    serializer = RaceSerializer(data={"race": "r", "position": 1})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "non_field_errors": ["The fields race, position must make a unique set."]
    }
    assert ValidationError(serializer.errors).get_codes() == {"non_field_errors": ["unique"]}


@override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"})
def test_unique_together_error_uses_non_field_errors_key_setting():
    UniqueTogetherItem.objects.create(race="r", position=1)
    serializer = RaceSerializer(data={"race": "r", "position": 1})
    assert serializer.is_valid() is False
    assert serializer.errors == {"errors": ["The fields race, position must make a unique set."]}


def test_unique_together_different_values_pass():
    UniqueTogetherItem.objects.create(race="r", position=1)
    assert RaceSerializer(data={"race": "r", "position": 2}).is_valid() is True


def test_unique_together_null_values_are_distinct():
    UniqueTogetherItem.objects.create(race="r", position=None)
    assert RaceSerializer(data={"race": "r", "position": None}).is_valid() is True


def test_unique_together_nulls_not_distinct():
    UniqueTogetherItem.objects.create(race="r", position=None)

    class S(serializers.Serializer):
        race = serializers.CharField()
        position = serializers.IntegerField(allow_null=True)

        class Meta:
            validators = [
                UniqueTogetherValidator(
                    queryset=UniqueTogetherItem.objects.all(),
                    fields=["race", "position"],
                    nulls_distinct=False,
                )
            ]

    serializer = S(data={"race": "r", "position": None})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "non_field_errors": ["The fields race, position must make a unique set."]
    }


def test_unique_together_fields_are_required_on_create():
    class S(serializers.Serializer):
        race = serializers.CharField(required=False)
        position = serializers.IntegerField(required=False)

        class Meta:
            validators = [
                UniqueTogetherValidator(
                    queryset=UniqueTogetherItem.objects.all(), fields=["race", "position"]
                )
            ]

    serializer = S(data={"race": "r"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"position": ["This field is required."]}
    assert ValidationError(serializer.errors).get_codes() == {"position": ["required"]}


def test_unique_together_update_fills_missing_values_from_instance():
    UniqueTogetherItem.objects.create(race="r", position=1)
    mine = UniqueTogetherItem.objects.create(race="s", position=1)
    # Partial update changing only the race to clash with ("r", 1).
    serializer = RaceSerializer(mine, data={"race": "r"}, partial=True)
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "non_field_errors": ["The fields race, position must make a unique set."]
    }
    # Unchanged values never clash with the instance itself.
    assert RaceSerializer(mine, data={"race": "s", "position": 1}).is_valid() is True


def test_unique_together_custom_message_and_code_from_constraint():
    constraint = ConstraintMessageItem._meta.constraints[0]
    ConstraintMessageItem.objects.create(owner="o", slug="s")

    class S(serializers.Serializer):
        owner = serializers.CharField()
        slug = serializers.CharField()

        class Meta:
            validators = [
                UniqueTogetherValidator(
                    queryset=ConstraintMessageItem.objects.all(),
                    fields=["owner", "slug"],
                    message=constraint.violation_error_message,
                    code=constraint.violation_error_code,
                )
            ]

    serializer = S(data={"owner": "o", "slug": "s"})
    assert serializer.is_valid() is False
    assert serializer.errors == {"non_field_errors": ["This owner already uses that slug."]}
    assert ValidationError(serializer.errors).get_codes() == {
        "non_field_errors": ["duplicate_slug"]
    }


def test_unique_together_with_condition():
    ConditionalUniqueItem.objects.create(name="n", active=True)
    ConditionalUniqueItem.objects.create(name="m", active=False)

    class S(serializers.Serializer):
        name = serializers.CharField()
        active = serializers.BooleanField()

        class Meta:
            validators = [
                UniqueTogetherValidator(
                    queryset=ConditionalUniqueItem.objects.all(),
                    fields=["name"],
                    condition_fields=["active"],
                    condition=Q(active=True),
                )
            ]

    clash = S(data={"name": "n", "active": True})
    assert clash.is_valid() is False
    assert clash.errors == {"non_field_errors": ["The fields name must make a unique set."]}
    # An inactive row is outside the constraint; so is a clash with an inactive row.
    assert S(data={"name": "n", "active": False}).is_valid() is True
    assert S(data={"name": "m", "active": True}).is_valid() is True


def test_unique_together_repr_and_eq():
    queryset = UniqueTogetherItem.objects.all()
    one = UniqueTogetherValidator(queryset, fields=["race", "position"])
    assert one == UniqueTogetherValidator(queryset, fields=["race", "position"])
    assert one != UniqueTogetherValidator(queryset, fields=["race", "position"], code="x")
    text = repr(UniqueTogetherValidator(UniqueTogetherItem.objects, fields=("race", "position")))
    assert text == (
        "<UniqueTogetherValidator(queryset=UniqueTogetherItem.objects.all(), "
        "fields=('race', 'position'))>"
    )


# --- UniqueFor{Date,Month,Year}Validator -----------------------------------------------------


def _post_serializer(validator_class, field):
    class S(serializers.Serializer):
        slug = serializers.CharField()
        title = serializers.CharField()
        sub = serializers.CharField()
        published = serializers.DateField()

        class Meta:
            validators = [
                validator_class(
                    queryset=UniqueForDatePost.objects.all(), field=field, date_field="published"
                )
            ]

    return S


@pytest.mark.parametrize(
    ("validator_class", "field", "clash_date", "free_date", "message"),
    [
        (
            UniqueForDateValidator,
            "slug",
            "2024-03-05",
            "2024-03-06",
            'This field must be unique for the "published" date.',
        ),
        (
            UniqueForMonthValidator,
            "title",
            "2023-03-20",
            "2024-04-05",
            'This field must be unique for the "published" month.',
        ),
        (
            UniqueForYearValidator,
            "sub",
            "2024-12-31",
            "2025-03-05",
            'This field must be unique for the "published" year.',
        ),
    ],
)
def test_unique_for_period(validator_class, field, clash_date, free_date, message):
    UniqueForDatePost.objects.create(
        slug="s", title="t", sub="u", published=datetime.date(2024, 3, 5)
    )
    serializer_class = _post_serializer(validator_class, field)
    data = {"slug": "s", "title": "t", "sub": "u"}
    clash = serializer_class(data={**data, "published": clash_date})
    assert clash.is_valid() is False
    assert clash.errors == {field: [message]}
    assert ValidationError(clash.errors).get_codes() == {field: ["unique"]}
    assert serializer_class(data={**data, "published": free_date}).is_valid() is True


def test_unique_for_date_requires_both_fields():
    class S(serializers.Serializer):
        slug = serializers.CharField(required=False)
        published = serializers.DateField(required=False)

        class Meta:
            validators = [
                UniqueForDateValidator(
                    queryset=UniqueForDatePost.objects.all(), field="slug", date_field="published"
                )
            ]

    serializer = S(data={})
    assert serializer.is_valid() is False
    assert serializer.errors == {
        "slug": ["This field is required."],
        "published": ["This field is required."],
    }


def test_unique_for_date_excludes_instance_on_update():
    post = UniqueForDatePost.objects.create(
        slug="s", title="t", sub="u", published=datetime.date(2024, 3, 5)
    )
    serializer_class = _post_serializer(UniqueForDateValidator, "slug")
    data = {"slug": "s", "title": "t", "sub": "u", "published": "2024-03-05"}
    assert serializer_class(post, data=data).is_valid() is True


def test_unique_for_repr():
    validator = UniqueForDateValidator(UniqueForDatePost.objects, "slug", "published")
    assert repr(validator) == (
        "<UniqueForDateValidator(queryset=UniqueForDatePost.objects.all(), "
        "field='slug', date_field='published')>"
    )


# --- ProhibitSurrogateCharactersValidator -----------------------------------------------------


def test_surrogate_validator_message_and_code():
    validator = ProhibitSurrogateCharactersValidator()
    with pytest.raises(ValidationError) as info:
        validator("ok\ud83d then")
    assert info.value.detail == ["Surrogate characters are not allowed: U+D83D."]
    assert info.value.get_codes() == ["surrogate_characters_not_allowed"]


def test_surrogate_validator_reports_first_surrogate_and_accepts_real_astral_chars():
    validator = ProhibitSurrogateCharactersValidator()
    validator("emoji \U0001f600 is fine")
    with pytest.raises(ValidationError) as info:
        validator("a\udfff b \ud800")
    assert info.value.detail == ["Surrogate characters are not allowed: U+DFFF."]


def test_surrogate_validator_is_fast_on_10mb():
    import time

    validator = ProhibitSurrogateCharactersValidator()
    text = "x" * 10_000_000
    start = time.perf_counter()
    validator(text)
    with pytest.raises(ValidationError):
        validator(text + "\udc00")
    assert time.perf_counter() - start < 1.0


def test_surrogate_validator_eq():
    assert ProhibitSurrogateCharactersValidator() == ProhibitSurrogateCharactersValidator()


class BlankTogetherSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlankTogetherItem
        fields = ["heat", "lane"]


class BlankUnlessSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlankUnlessSetItem
        fields = ["group", "label"]


def test_blank_text_field_of_unique_together_defaults_to_empty_string():
    # Django stores an omitted blank text column as "", so the serializer does not demand it.
    field = BlankTogetherSerializer().fields["heat"]
    assert field.required is False
    assert field.default == ""
    serializer = BlankTogetherSerializer(data={"lane": 3})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"heat": "", "lane": 3}
    item = serializer.save()
    assert (item.heat, item.lane) == ("", 3)


def test_omitted_blank_field_still_checked_for_uniqueness():
    BlankTogetherItem.objects.create(heat="", lane=3)
    clash = BlankTogetherSerializer(data={"lane": 3})
    assert clash.is_valid() is False
    assert clash.errors == {"non_field_errors": ["The fields heat, lane must make a unique set."]}
    assert ValidationError(clash.errors).get_codes() == {"non_field_errors": ["unique"]}
    assert BlankTogetherSerializer(data={"lane": 4}).is_valid() is True


def test_blank_field_of_conditional_constraint_is_optional_and_may_repeat():
    BlankUnlessSetItem.objects.create(group=1, label="")
    for data in ({"group": 1}, {"group": 1, "label": ""}):
        serializer = BlankUnlessSetSerializer(data=data)
        assert serializer.is_valid(), serializer.errors
        serializer.save()
    assert BlankUnlessSetItem.objects.filter(group=1, label="").count() == 3
    BlankUnlessSetItem.objects.create(group=1, label="vip")
    clash = BlankUnlessSetSerializer(data={"group": 1, "label": "vip"})
    assert clash.is_valid() is False
    assert clash.errors == {"non_field_errors": ["The fields group, label must make a unique set."]}
