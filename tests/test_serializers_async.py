"""Async serializer methods (restframe, beyond DRF; adrf's names): ``ais_valid``, ``adata``,
``ato_representation``, ``asave``, ``acreate``, ``aupdate``.

Each gives exactly what its sync twin gives. Coroutines are driven with ``async_to_sync`` so
the database work they hand to Django's thread-sensitive worker runs on the test's own
connection (inside its transaction), as it does under an ASGI server's request thread.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from restframe import serializers
from restframe.exceptions import ValidationError
from restframe.test import APIClient, AsyncAPIClient
from tests import models_model_serializer as M

pytestmark = [pytest.mark.urls("tests.urls_model_serializer"), pytest.mark.django_db]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = M.MSTag
        fields = "__all__"


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = M.MSBook
        fields = ["id", "title", "author", "tags"]


def run(coroutine_function: Any, *args: Any, **kwargs: Any) -> Any:
    return async_to_sync(coroutine_function)(*args, **kwargs)


def data_of(serializer: Any) -> Any:
    """``await serializer.adata``, from sync test code."""

    async def read() -> Any:
        return await serializer.adata

    return run(read)


def test_ais_valid_matches_is_valid():
    data = {"label": "x" * 30}
    sync, other = TagSerializer(data=data), TagSerializer(data=data)
    assert sync.is_valid() is False
    assert run(other.ais_valid) is False
    assert (
        other.errors
        == sync.errors
        == {"label": ["Ensure this field has no more than 20 characters."]}
    )
    with pytest.raises(ValidationError) as info:
        run(TagSerializer(data=data).ais_valid, raise_exception=True)
    assert info.value.detail == sync.errors
    assert info.value.get_codes() == {"label": ["max_length"]}


def test_adata_and_ato_representation():
    tag = M.MSTag.objects.create(label="x")
    serializer = TagSerializer(tag)
    assert data_of(serializer) == {"id": tag.pk, "label": "x"}
    assert run(serializer.ato_representation, tag) == {"id": tag.pk, "label": "x"}
    many = TagSerializer(M.MSTag.objects.all(), many=True)
    assert data_of(many) == [{"id": tag.pk, "label": "x"}]


def test_asave_creates_and_updates():
    author = M.MSAuthor.objects.create(name="ann")
    tag = M.MSTag.objects.create(label="x")
    serializer = BookSerializer(data={"title": "a", "author": author.pk, "tags": [tag.pk]})
    assert run(serializer.ais_valid)
    book = run(serializer.asave)
    assert isinstance(book, M.MSBook)
    assert list(book.tags.all()) == [tag]
    serializer = BookSerializer(book, data={"title": "b"}, partial=True)
    assert run(serializer.ais_valid)
    assert run(serializer.asave, title="c") is book
    assert M.MSBook.objects.get().title == "c"
    assert data_of(serializer) == {
        "id": book.pk,
        "title": "c",
        "author": author.pk,
        "tags": [tag.pk],
    }


def test_asave_checks_as_save_does():
    serializer = TagSerializer(data={"label": "x"})
    with pytest.raises(AssertionError) as info:
        run(serializer.asave)
    assert str(info.value) == "You must call `.is_valid()` before calling `.save()`."
    invalid = TagSerializer(data={})
    run(invalid.ais_valid)
    with pytest.raises(AssertionError) as info:
        run(invalid.asave)
    assert str(info.value) == "You cannot call `.save()` on a serializer with invalid data."
    run(serializer.ais_valid)
    with pytest.raises(AssertionError):
        run(serializer.asave, commit=False)


def test_async_overrides_are_used():
    calls = []

    class Custom(TagSerializer):
        async def acreate(self, validated_data):
            calls.append("acreate")
            return await M.MSTag.objects.acreate(**validated_data)

        def update(self, instance, validated_data):
            calls.append("update")
            return super().update(instance, validated_data)

    serializer = Custom(data={"label": "x"})
    run(serializer.ais_valid, raise_exception=True)
    tag = run(serializer.asave)
    serializer = Custom(tag, data={"label": "y"})
    run(serializer.ais_valid, raise_exception=True)
    run(serializer.asave)
    # ``aupdate`` was not overridden: the default runs the (overridden) sync ``update``.
    assert calls == ["acreate", "update"]
    assert M.MSTag.objects.get().label == "y"


def test_many_asave_creates_each_item():
    serializer = TagSerializer(data=[{"label": "a"}, {"label": "b"}], many=True)
    assert run(serializer.ais_valid)
    created = run(serializer.asave)
    assert [tag.label for tag in created] == ["a", "b"]
    assert data_of(serializer) == [
        {"id": created[0].pk, "label": "a"},
        {"id": created[1].pk, "label": "b"},
    ]


def test_async_view_answers_as_sync_view():
    author = M.MSAuthor.objects.create(name="ann")
    tag = M.MSTag.objects.create(label="x")
    payload = json.dumps({"title": "x", "author": author.pk, "tags": [tag.pk]})
    sync = APIClient().post("/sync/books/", payload, content_type="application/json")
    client = AsyncAPIClient()
    response = run(client.post, "/async/books/", payload, content_type="application/json")
    assert response.status_code == sync.status_code == 201
    assert json.loads(response.content) == {**json.loads(sync.content), "id": 2}
    bad = json.dumps({"title": "x", "author": 999, "tags": []})
    sync = APIClient().post("/sync/books/", bad, content_type="application/json")
    response = run(client.post, "/async/books/", bad, content_type="application/json")
    assert response.status_code == sync.status_code == 400
    assert (
        response.content
        == sync.content
        == (
            b'{"author":["Invalid pk \\"999\\" - object does not exist."],'
            b'"tags":["This list may not be empty."]}'
        )
    )
