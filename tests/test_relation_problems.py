"""Relation errors as RFC 9457 problem details: each one points at the member it is about."""

from __future__ import annotations

import orjson
import pytest

from restframe import serializers
from restframe.response import Response
from restframe.test import APIRequestFactory
from restframe.views import APIView
from tests.models_relations import RelSource, RelTarget

pytestmark = pytest.mark.django_db


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RelSource
        fields = ["name", "target", "targets"]


class Sources(APIView):
    def post(self, request):
        serializer = SourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data, status=201)


def post(body, accept):
    request = APIRequestFactory().post("/sources/", body, format="json", HTTP_ACCEPT=accept)
    return Sources.as_view()(request).render()


def test_relation_errors_point_at_their_members():
    target = RelTarget.objects.create(name="a")
    body = {"name": "x", "target": [target.pk], "targets": [target.pk, 999]}

    drf = post(body, "application/json")
    problem = post(body, "application/problem+json")

    assert drf.status_code == problem.status_code == 400
    assert drf.content == (
        b'{"target":["Incorrect type. Expected pk value, received list."],'
        b'"targets":["Invalid pk \\"999\\" - object does not exist."]}'
    )
    assert problem["Content-Type"] == "application/problem+json"
    assert orjson.loads(problem.content)["errors"] == [
        {
            "pointer": "#/target",
            "detail": "Incorrect type. Expected pk value, received list.",
            "code": "incorrect_type",
        },
        {
            "pointer": "#/targets/1",
            "detail": 'Invalid pk "999" - object does not exist.',
            "code": "does_not_exist",
        },
    ]
    assert not RelSource.objects.exists()


@pytest.mark.parametrize(
    ("targets", "index", "message", "code"),
    [
        ([999], 0, 'Invalid pk \\"999\\" - object does not exist.', "does_not_exist"),
        (["first", "first", 7], 2, 'Invalid pk \\"7\\" - object does not exist.', "does_not_exist"),
        (
            ["first", "first", {"id": 1}],
            2,
            "Incorrect type. Expected pk value, received dict.",
            "incorrect_type",
        ),
    ],
)
def test_a_many_relation_error_points_at_the_item_while_the_body_stays_flat(
    targets, index, message, code
):
    target = RelTarget.objects.create(name="a")
    targets = [target.pk if t == "first" else t for t in targets]
    body = {"name": "x", "target": target.pk, "targets": targets}

    drf = post(body, "application/json")
    problem = post(body, "application/problem+json")

    # DRF's flat list: the first failing item's message, with no index in it.
    assert drf.status_code == 400
    assert drf.content == b'{"targets":["' + message.encode() + b'"]}'
    assert orjson.loads(problem.content)["errors"] == [
        {
            "pointer": f"#/targets/{index}",
            "detail": orjson.loads(drf.content)["targets"][0],
            "code": code,
        }
    ]
    assert not RelSource.objects.exists()


def test_a_shared_child_message_is_not_marked():
    """The child's own error objects are left as they were: the mark goes on copies."""
    from restframe.exceptions import ErrorDetail, ValidationError
    from restframe.relations import ManyRelatedField, RelatedField

    shared = ErrorDetail("nope", "bad")

    class Refusing(RelatedField):
        def to_internal_value(self, data):
            raise ValidationError([shared])

    field = ManyRelatedField(child_relation=Refusing(read_only=False, queryset=RelTarget.objects))
    with pytest.raises(ValidationError) as caught:
        field.to_internal_value([1, 2])
    assert caught.value.detail == [ErrorDetail("nope", "bad")]
    assert caught.value.detail[0].item == 0
    assert shared.item is None
