"""restframe.renderers: DRF's bytes from JSONRenderer, safe HTML from the HTML renderers."""

from __future__ import annotations

import datetime
import decimal
import json
import math
import uuid

import pytest
from django.test import RequestFactory, override_settings
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe.exceptions import ErrorDetail
from restframe.renderers import (
    BaseRenderer,
    BrowsableAPIRenderer,
    JSONRenderer,
    MultiPartRenderer,
    StaticHTMLRenderer,
    TemplateHTMLRenderer,
)
from restframe.response import Response
from restframe.test import APIRequestFactory
from restframe.utils.encoders import JSONEncoder
from restframe.utils.serializer_helpers import ReturnDict, ReturnList
from restframe.views import APIView

drf_renderers = pytest.importorskip("rest_framework.renderers")


def drf_json(*, unicode=True, compact=True, strict=True):
    """DRF's renderer with the given settings (DRF reads them at import, so set them here)."""
    renderer = drf_renderers.JSONRenderer()
    renderer.ensure_ascii = not unicode
    renderer.compact = compact
    renderer.strict = strict
    return renderer


def outcome(render, *args):
    """Bytes, or the exception type: both renderers must agree on failures too."""
    try:
        return render(*args)
    except Exception as exc:
        return type(exc)


# --- hypothesis: nested JSON-like data ------------------------------------------------------

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(["\u2028", "\u2029", "\x00", "\x1f", "\x7f", '"', "\\", "/", "é", "😀"]),
    max_size=12,
)
floats = st.floats() | st.sampled_from(
    [1e-5, 1.5e-7, 1e16, 1e22, 0.0001, -0.0, 5e-324, 1e308, 1e-4, 123456789.125]
)
ints = st.integers() | st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**30, -(10**40)])
leaves = st.one_of(
    st.none(),
    st.booleans(),
    ints,
    floats,
    texts,
    st.builds(ErrorDetail, texts, st.sampled_from(["invalid", "required", None])),
    st.builds(gettext_lazy, texts),
    st.decimals(places=3, allow_nan=False),
    st.uuids(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(datetime.UTC))),
    st.dates(),
    st.times(),
    st.timedeltas(),
)
keys = st.one_of(texts, texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
json_like = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.lists(children, max_size=3).map(ReturnList),
        st.dictionaries(keys, children, max_size=4),
        st.dictionaries(texts, children, max_size=3).map(ReturnDict),
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(json_like)
def test_property_default_settings_byte_identical_to_drf(data):
    assert outcome(JSONRenderer().render, data) == outcome(drf_json().render, data)


@settings(max_examples=100, deadline=None)
@given(json_like, st.booleans(), st.booleans(), st.booleans())
def test_property_every_setting_byte_identical_to_drf(data, unicode, compact, strict):
    rest = {"UNICODE_JSON": unicode, "COMPACT_JSON": compact, "STRICT_JSON": strict}
    with override_settings(REST_FRAMEWORK=rest):
        ours = outcome(JSONRenderer().render, data)
    theirs = outcome(drf_json(unicode=unicode, compact=compact, strict=strict).render, data)
    assert ours == theirs


@settings(max_examples=100, deadline=None)
@given(json_like, st.sampled_from(["2", "4", "0", "9", "-1", "x", ""]))
def test_property_indent_byte_identical_to_drf(data, indent):
    media_type = f"application/json; indent={indent}"
    ours = outcome(JSONRenderer().render, data, media_type, {})
    assert ours == outcome(drf_json().render, data, media_type, {})


@settings(max_examples=200, deadline=None)
@given(st.lists(floats, max_size=8))
def test_property_floats_byte_identical_to_drf(values):
    for data in (values, {"v": values}, values[:1]):
        assert outcome(JSONRenderer().render, data) == outcome(drf_json().render, data)


# --- JSONRenderer: pinned bytes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"detail": "Not found."}, b'{"detail":"Not found."}'),
        ([ErrorDetail("Bad.", "invalid")], b'["Bad."]'),
        ({"a": "é", "b": None}, b'{"a":"\xc3\xa9","b":null}'),
        ({"s": "a\u2028b\u2029c"}, b'{"s":"a\\u2028b\\u2029c"}'),
        ({"f": [1e-7, 1.5e-5, 1e16, 0.5]}, b'{"f":[1e-07,1.5e-05,1e+16,0.5]}'),
        ({"n": 2**64}, b'{"n":18446744073709551616}'),
        ({1: "int key", None: "none key"}, b'{"1":"int key","null":"none key"}'),
        ({"d": decimal.Decimal("2.50")}, b'{"d":2.5}'),
        ({"u": uuid.UUID(int=1)}, b'{"u":"00000000-0000-0000-0000-000000000001"}'),
        (
            {"t": datetime.datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)},
            b'{"t":"2024-05-06T07:08:09.000010Z"}',
        ),
        ({"msg": "may not be null."}, b'{"msg":"may not be null."}'),
        ("", b'""'),
        (0, b"0"),
        ([], b"[]"),
        (None, b""),
    ],
)
def test_json_bytes(data, expected):
    assert JSONRenderer().render(data) == expected


def test_nan_is_refused_by_default_and_written_when_not_strict():
    with pytest.raises(ValueError, match="Out of range float values"):
        JSONRenderer().render({"x": [None, math.nan]})
    with pytest.raises(ValueError):
        JSONRenderer().render({"x": decimal.Decimal("Infinity")})
    with override_settings(REST_FRAMEWORK={"STRICT_JSON": False}):
        assert JSONRenderer().render([math.nan, -math.inf, None]) == b"[NaN,-Infinity,null]"


def test_generator_is_consumed_once_even_when_the_standard_library_renders():
    # 1e-7 forces the standard library; the generator must still be seen with its items.
    data = {"g": (n for n in [1, 2]), "f": 1e-7}
    assert JSONRenderer().render(data) == b'{"g":[1,2],"f":1e-07}'


def test_lone_surrogates_are_escaped_where_drf_fails():
    # A client can send "\ud800" in valid JSON; DRF's renderer then fails with a 500 when the
    # data is echoed. restframe writes the same JSON value back as an escape.
    data = {"s": "a\ud800b", "t": ["\udfff"]}
    assert outcome(drf_json().render, data) is UnicodeEncodeError
    assert JSONRenderer().render(data) == b'{"s":"a\\ud800b","t":["\\udfff"]}'
    assert json.loads(JSONRenderer().render(data)) == data


@override_settings(REST_FRAMEWORK={"UNICODE_JSON": False})
def test_unicode_json_false_escapes():
    assert JSONRenderer().render({"a": "é😀"}) == b'{"a":"\\u00e9\\ud83d\\ude00"}'


@override_settings(REST_FRAMEWORK={"COMPACT_JSON": False})
def test_compact_json_false_adds_spaces():
    assert JSONRenderer().render({"a": [1, 2]}) == b'{"a": [1, 2]}'


def test_settings_are_read_at_render_time():
    renderer = JSONRenderer()  # created before the override
    with override_settings(REST_FRAMEWORK={"COMPACT_JSON": False}):
        assert renderer.render({"a": 1}) == b'{"a": 1}'
    assert renderer.render({"a": 1}) == b'{"a":1}'


def test_subclass_and_instance_attributes_override_settings():
    class AsciiRenderer(JSONRenderer):
        ensure_ascii = True

    assert AsciiRenderer().render(["é"]) == b'["\\u00e9"]'
    renderer = JSONRenderer()
    renderer.compact = False
    assert renderer.render({"a": 1}) == b'{"a": 1}'


def test_custom_encoder_class_is_used():
    class SetEncoder(JSONEncoder):
        def default(self, o):
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    class SetRenderer(JSONRenderer):
        encoder_class = SetEncoder

    assert SetRenderer().render({"s": {3, 1, 2}}) == b'{"s":[1,2,3]}'


@pytest.mark.parametrize(
    ("accepted", "context", "expected"),
    [
        ("application/json", {}, None),
        ("application/json; indent=4", {}, 4),
        ("application/json; indent=40", {}, 8),
        ("application/json; indent=0", {}, None),
        ("application/json; indent=-2", {}, None),
        ("application/json; indent=x", {"indent": 2}, 2),
        ("application/json; indent=3", {"indent": 2}, 3),
        ("application/json", {"indent": 2}, 2),
        (None, {"indent": 0}, 0),
    ],
)
def test_get_indent(accepted, context, expected):
    assert JSONRenderer().get_indent(accepted, context) == expected
    assert drf_json().get_indent(accepted, context) == expected


def test_indented_output():
    out = JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert out == b'{\n  "a": [\n    1\n  ]\n}'


def test_renderer_declarations():
    assert (JSONRenderer.media_type, JSONRenderer.format, JSONRenderer.charset) == (
        "application/json",
        "json",
        None,
    )
    assert (BaseRenderer.charset, BaseRenderer.render_style) == ("utf-8", "text")
    assert (BrowsableAPIRenderer.media_type, BrowsableAPIRenderer.format) == ("text/html", "api")
    assert (TemplateHTMLRenderer.format, StaticHTMLRenderer.format) == ("html", "html")
    with pytest.raises(NotImplementedError, match=r"requires \.render\(\) to be implemented"):
        BaseRenderer().render({})


# --- MultiPartRenderer ------------------------------------------------------------------------


def test_multipart_matches_drf():
    data = {"a": "1", "b": ["x", "y"]}
    assert MultiPartRenderer().render(data) == drf_renderers.MultiPartRenderer().render(data)
    assert MultiPartRenderer.media_type == "multipart/form-data; boundary=BoUnDaRyStRiNg"


def test_multipart_refuses_nested_dicts():
    with pytest.raises(AssertionError, match="Test data contained a dictionary value for key 'a'"):
        MultiPartRenderer().render({"a": {"b": 1}})


# --- TemplateHTMLRenderer / StaticHTMLRenderer ------------------------------------------------

LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "page.html": "<p>{{ name }}</p>",
                        "404.html": "missing: {{ detail }} ({{ status_code }})",
                        "api_exception.html": "error {{ status_code }}",
                    },
                )
            ]
        },
    }
]


def html_context(status=200, exception=False, template_name=None, view=None):
    response = Response(status=status, exception=exception, template_name=template_name)
    request = RequestFactory().get("/")
    return {"view": view or object(), "request": request, "response": response}


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_template_renderer_escapes_data():
    out = TemplateHTMLRenderer().render(
        {"name": "<script>alert(1)</script>"}, "text/html", html_context(template_name="page.html")
    )
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_template_name_from_renderer_then_view():
    class PageView:
        template_name = "page.html"

    assert TemplateHTMLRenderer().render({"name": "v"}, None, html_context(view=PageView())) == (
        "<p>v</p>"
    )
    renderer = TemplateHTMLRenderer()
    renderer.template_name = "page.html"
    assert renderer.render({"name": "r"}, None, html_context()) == "<p>r</p>"


def test_template_renderer_without_template_name_is_improperly_configured():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="no `template_name` attribute"):
        TemplateHTMLRenderer().render({}, None, html_context())


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_exception_templates_by_status_then_generic():
    out = TemplateHTMLRenderer().render(
        {"detail": "<b>x</b>"}, None, html_context(404, exception=True)
    )
    assert out == "missing: &lt;b&gt;x&lt;/b&gt; (404)"
    out = TemplateHTMLRenderer().render({"detail": "x"}, None, html_context(403, exception=True))
    assert out == "error 403"
    # A list body (ValidationError) has no key for status_code; it still renders.
    out = TemplateHTMLRenderer().render(["x"], None, html_context(400, exception=True))
    assert out == "error 400"


@pytest.mark.parametrize("renderer_class", [TemplateHTMLRenderer, StaticHTMLRenderer])
@pytest.mark.parametrize(
    ("status", "expected"), [(404, "404 Not Found"), (418, "418 I'M A Teapot")]
)
def test_exception_template_fallback_matches_drf(renderer_class, status, expected):
    from rest_framework.response import Response as DRFResponse

    ours = renderer_class().render({"detail": "x"}, None, html_context(status, exception=True))
    assert ours == expected
    context = html_context(status, exception=True)
    context["response"] = DRFResponse(status=status, exception=True)
    drf_class = getattr(drf_renderers, renderer_class.__name__)
    assert drf_class().render({"detail": "x"}, None, context) == expected


def test_static_renderer_returns_the_data_unchanged():
    assert StaticHTMLRenderer().render("<b>hi</b>", None, html_context()) == "<b>hi</b>"
    assert StaticHTMLRenderer().render("<b>hi</b>") == "<b>hi</b>"


# --- BrowsableAPIRenderer, through a view ----------------------------------------------------


class WidgetListView(APIView):
    """Lists <widgets>.

    Second line."""

    def get(self, request):
        return Response({"name": "<script>alert('x')</script>", "n": None}, headers={"X-Id": "7"})

    def post(self, request):
        from restframe.exceptions import ValidationError

        raise ValidationError({"name": ["<img src=x onerror=alert(1)>"]})

    def delete(self, request):
        return Response(status=204)


def browse(method):
    request = getattr(APIRequestFactory(), method)("/widgets/?q=<x>", HTTP_ACCEPT="text/html")
    response = WidgetListView.as_view()(request)
    response.render()
    return response


def test_browsable_page_is_escaped_html(monkeypatch):
    # Without Markdown (optional): the description is escaped text (test_markdown_descriptions
    # covers the Markdown rendering, which, as in DRF, passes a docstring's HTML through).
    monkeypatch.setattr("restframe.compat.apply_markdown", None)
    response = browse("get")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Vary"] == "Accept"
    body = response.content.decode()
    assert "<script>alert" not in body
    # The page's own form script, and its CSRF settings as JSON data (DRF's drf_csrf block).
    assert body.count("<script") == 2
    assert '<script type="application/json" id="drf_csrf">' in body
    assert "<h1>Widget List</h1>" in body
    assert "<p>Lists &lt;widgets&gt;.<br /><br />Second line.</p>" in body
    assert "<b>HTTP 200 OK</b>" in body
    assert '<b>Content-Type:</b> <span class="lit">application/json</span>\n' in body
    assert '<b>X-Id:</b> <span class="lit">7</span>\n' in body
    assert (
        "{\n    &quot;name&quot;: &quot;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;,\n"
        "    &quot;n&quot;: null\n}" in body
    )
    assert "<b>GET</b> /widgets/?q=%3Cx%3E</pre>" in body
    # An APIView without a serializer: as in DRF, an empty raw-data form and no HTML form.
    assert 'class="html-form"' not in body
    assert 'rows="10"></textarea>' in body


def test_browsable_page_for_an_error():
    response = browse("post")
    assert response.status_code == 400
    body = response.content.decode()
    assert "<img" not in body
    assert "<b>HTTP 400 Bad Request</b>" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_browsable_page_for_204_is_sent_as_200_showing_204():
    response = browse("delete")
    assert response.status_code == 200
    assert "<b>HTTP 204 No Content</b>" in response.content.decode()


def test_json_client_of_the_same_view_gets_drf_bytes():
    response = WidgetListView.as_view()(APIRequestFactory().get("/widgets/"))
    response.render()
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"name":"<script>alert(\'x\')</script>","n":null}'
