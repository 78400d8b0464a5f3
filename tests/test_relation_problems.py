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
            "pointer": "#/targets",
            "detail": 'Invalid pk "999" - object does not exist.',
            "code": "does_not_exist",
        },
    ]
    assert not RelSource.objects.exists()
