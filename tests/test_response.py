"""restframe.response.Response: Content-Type, body, headers and pickling as DRF's Response."""

from __future__ import annotations

import pickle

import pytest
from django.template.response import ContentNotRenderedError

from restframe.renderers import (
    BaseRenderer,
    BrowsableAPIRenderer,
    JSONRenderer,
    StaticHTMLRenderer,
)
from restframe.response import Response, has_header
from restframe.test import APIRequestFactory
from restframe.views import APIView

drf_response = pytest.importorskip("rest_framework.response")
drf_renderers = pytest.importorskip("rest_framework.renderers")


def rendered(response, renderer, media_type=None, context=None):
    response.accepted_renderer = renderer
    response.accepted_media_type = media_type or renderer.media_type
    response.renderer_context = {} if context is None else context
    response.render()
    return response


class PlainRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "txt"
    charset = "latin-1"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return str(data)


class NoCharsetTextRenderer(BaseRenderer):
    media_type = "text/plain"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return "text"


CASES = [
    ({"detail": "Not found."}, 404, None, None),
    (["x"], 400, {"WWW-Authenticate": 'Basic realm="api"'}, None),
    (None, 204, None, None),
    ("", 200, None, None),
    ({"a": 1}, 201, {"Location": "/a/1"}, "application/vnd.api+json"),
]


@pytest.mark.parametrize(("data", "status", "headers", "content_type"), CASES)
def test_json_response_matches_drf(data, status, headers, content_type):
    ours = rendered(
        Response(data, status=status, headers=headers, content_type=content_type), JSONRenderer()
    )
    theirs = rendered(
        drf_response.Response(data, status=status, headers=headers, content_type=content_type),
        drf_renderers.JSONRenderer(),
    )
    assert ours.status_code == theirs.status_code == status
    assert list(ours.items()) == list(theirs.items())
    assert ours.content == theirs.content


def test_content_type_of_json_has_no_charset():
    response = rendered(Response({"a": 1}), JSONRenderer())
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"a":1}'


def test_content_type_of_html_renderers_has_charset():
    response = rendered(Response("<b>x</b>"), StaticHTMLRenderer())
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == b"<b>x</b>"


def test_text_is_encoded_with_the_renderer_charset():
    response = rendered(Response("é"), PlainRenderer())
    assert response["Content-Type"] == "text/plain; charset=latin-1"
    assert response.content == b"\xe9"


def test_empty_body_has_no_content_type():
    response = rendered(Response(status=204), JSONRenderer())
    assert response.content == b""
    assert "Content-Type" not in response


def test_explicit_content_type_wins():
    response = rendered(Response({"a": 1}, content_type="application/problem+json"), JSONRenderer())
    assert response["Content-Type"] == "application/problem+json"


def test_unrendered_response_has_django_default_content_type_and_headers():
    response = Response({"a": 1}, status=201, headers={"X-A": "1"})
    assert list(response.items()) == [("Content-Type", "text/html; charset=utf-8"), ("X-A", "1")]
    assert response.data == {"a": 1}
    assert response.exception is False
    assert response.template_name is None


def test_status_text():
    assert Response(status=201).status_text == "Created"
    assert Response(status=418).status_text == "I'm a Teapot"
    assert Response(status=599).status_text == ""
    assert Response().status_code == 200


def test_invalid_status_is_refused_as_by_django():
    with pytest.raises(ValueError):
        Response(status=600)
    with pytest.raises(TypeError):
        Response(status="abc")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("accepted_renderer", ".accepted_renderer not set on Response"),
        ("accepted_media_type", ".accepted_media_type not set on Response"),
        ("renderer_context", ".renderer_context not set on Response"),
    ],
)
def test_rendering_without_negotiation_state_is_a_clear_error(missing, message):
    response = Response({"a": 1})
    state = {
        "accepted_renderer": JSONRenderer(),
        "accepted_media_type": "application/json",
        "renderer_context": {},
    }
    del state[missing]
    for name, value in state.items():
        setattr(response, name, value)
    with pytest.raises(AssertionError, match=message):
        response.render()


def test_text_from_a_renderer_without_charset_is_an_error():
    with pytest.raises(AssertionError, match="did not specify a charset"):
        rendered(Response("x"), NoCharsetTextRenderer())


def test_serializer_instance_as_data_is_a_clear_error():
    from restframe import serializers

    class NameSerializer(serializers.Serializer):
        name = serializers.CharField()

    with pytest.raises(AssertionError, match="Serializer instance"):
        Response(NameSerializer(data={"name": "x"}))


def test_renderer_context_gets_the_response():
    context = {}
    response = rendered(Response({"a": 1}), JSONRenderer(), context=context)
    assert context["response"] is response


def test_pickling_drops_rendering_state():
    response = rendered(Response({"a": 1}, status=201), JSONRenderer())
    response.request = object()
    copy = pickle.loads(pickle.dumps(response))
    assert copy.content == b'{"a":1}'
    assert copy.status_code == 201
    assert copy["Content-Type"] == "application/json"
    assert copy.data == {"a": 1}
    for name in ("accepted_renderer", "renderer_context", "request", "template_name"):
        assert name not in copy.__dict__
    assert copy.accepted_media_type == "application/json"


def test_pickling_unrendered_response_fails_as_in_django():
    with pytest.raises(ContentNotRenderedError):
        pickle.dumps(Response({"a": 1}))


def test_post_render_callbacks_run():
    seen = []
    response = Response({"a": 1})
    response.add_post_render_callback(lambda r: seen.append(r.content))
    rendered(response, JSONRenderer())
    assert seen == [b'{"a":1}']


def test_a_post_render_callback_may_replace_the_response():
    response = Response({"a": 1})
    replacement = Response({"b": 2})
    response.add_post_render_callback(lambda r: replacement)
    response.add_post_render_callback(lambda r: None)  # keeps what the last one returned
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {}
    assert response.render() is replacement
    assert response.is_rendered and response.content == b'{"a":1}'


def test_a_subclass_content_setter_sees_the_rendered_body():
    class Audited(Response):
        seen: list[bytes] = []

        @Response.content.setter
        def content(self, value):
            self.seen.append(value)
            Response.content.fset(self, value.upper())

    response = rendered(Audited({"a": "x"}), JSONRenderer())
    assert Audited.seen == [b'{"a":"x"}']
    assert response.content == b'{"A":"X"}' and response.is_rendered


def test_text_reads_the_rendered_body():
    response = rendered(Response({"name": "é"}), JSONRenderer())
    assert response.text == '{"name":"é"}'


def test_render_is_idempotent():
    response = rendered(Response({"a": 1}), JSONRenderer())
    response.data = {"b": 2}
    response.render()
    assert response.content == b'{"a":1}'


class EchoView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def get(self, request):
        return Response({"ok": True}, headers={"X-Trace": "t"})


def test_through_a_view():
    response = EchoView.as_view()(APIRequestFactory().get("/"))
    response.render()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Trace"] == "t"
    assert response["Vary"] == "Accept"
    assert response.content == b'{"ok":true}'


@pytest.mark.parametrize(
    "value",
    ["application/json", "GET, HEAD, OPTIONS", "text/plain; charset=latin-1 \u00e9", "\u20ac"],
)
def test_put_header_stores_what_django_would(value):
    from django.http import HttpResponse

    from restframe.response import put_header

    for _ in range(2):  # the second time, from the pairs already found storable
        ours, django = Response(), HttpResponse()
        put_header(ours, "X-Thing", value)
        django["X-Thing"] = value
        assert ours["x-thing"] == django["X-Thing"]
        assert list(ours.items())[-1] == list(django.items())[-1]


@pytest.mark.parametrize("value", ["a\nb", "a\rb"])
def test_put_header_refuses_line_breaks_as_django_does(value):
    from django.http import BadHeaderError

    from restframe.response import put_header

    for _ in range(2):
        with pytest.raises(BadHeaderError):
            put_header(Response(), "X-Thing", value)


def test_has_header_answers_as_the_response_does():
    response = Response({"a": 1})
    response["Vary"] = "Cookie"
    assert has_header(response, "vary") and has_header(response, "VARY")
    assert not has_header(response, "ETag")

    class EveryHeader(Response):
        def has_header(self, header):
            return True

    assert has_header(EveryHeader(), "ETag")  # an override is asked, not bypassed
