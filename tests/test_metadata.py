"""restframe.metadata (OPTIONS bodies) and restframe.utils.formatting (view names/descriptions)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe import exceptions, serializers
from restframe.metadata import BaseMetadata, SimpleMetadata
from restframe.response import Response
from restframe.test import APIRequestFactory
from restframe.utils import formatting
from restframe.views import APIView

drf_formatting = pytest.importorskip("rest_framework.utils.formatting")


# --- formatting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "trailing", "expected"),
    [
        ("UserView", "View", "User"),
        ("View", "View", "View"),
        ("User", "View", "User"),
        ("", "", ""),
    ],
)
def test_remove_trailing_string(content, trailing, expected):
    assert formatting.remove_trailing_string(content, trailing) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UserList", "User List"),
        ("HTMLPage", "Html Page"),
        ("APIRoot", "Api Root"),
        ("my_view_name", "My View Name"),
        ("getHTTPResponseCode", "Get Http Response Code"),
        ("A", "A"),
    ],
)
def test_camelcase_to_spaces(name, expected):
    assert formatting.camelcase_to_spaces(name) == expected
    assert drf_formatting.camelcase_to_spaces(name) == expected


def test_dedent_docstring():
    doc = """First line.

        Indented body
          deeper
        end
    """
    assert formatting.dedent(doc) == "First line.\n\nIndented body\n  deeper\nend"


def test_dedent_tabs():
    assert formatting.dedent("x\n\t\ta\n\t\t\tb") == "x\na\n\tb"


def test_markup_description_escapes_and_keeps_line_breaks(monkeypatch):
    # Without Markdown (optional; with it, DRF's Markdown rendering applies).
    monkeypatch.setattr("restframe.compat.apply_markdown", None)
    html = formatting.markup_description("a <b>&\nb")
    assert html == "<p>a &lt;b&gt;&amp;<br />b</p>"
    assert hasattr(html, "__html__")  # safe string: templates do not escape it twice


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAbB_ xX1\t\n")))
def test_property_formatting_same_as_drf(text):
    assert formatting.dedent(text) == drf_formatting.dedent(text)
    assert formatting.camelcase_to_spaces(text) == drf_formatting.camelcase_to_spaces(text)
    assert formatting.markup_description(text) == drf_formatting.markup_description(text)
    for trailing in ("View", "a", ""):
        assert formatting.remove_trailing_string(text, trailing) == (
            drf_formatting.remove_trailing_string(text, trailing)
        )


# --- metadata ------------------------------------------------------------------------------------


class WidgetDetailView(APIView):
    """Shows one <widget>.

    Details follow."""

    def get(self, request):
        return Response({})


def options(view_class, **initkwargs):
    response = view_class.as_view(**initkwargs)(APIRequestFactory().options("/w/"))
    response.render()
    return response


def test_options_body():
    response = options(WidgetDetailView)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == (
        b'{"name":"Widget Detail","description":"Shows one <widget>.\\n\\nDetails follow.",'
        b'"renders":["application/json","text/html"],'
        b'"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}'
    )


def test_base_metadata_must_be_overridden():
    with pytest.raises(NotImplementedError, match=r"\.determine_metadata\(\) must be overridden\."):
        BaseMetadata().determine_metadata(None, None)


class WidgetSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=10, help_text="Shown to users")
    size = serializers.IntegerField(min_value=1, required=False)
    kind = serializers.ChoiceField(choices=[("a", "Alpha"), ("b", "Beta")])
    created = serializers.DateTimeField(read_only=True)
    tags = serializers.ListField(child=serializers.CharField())
    secret = serializers.HiddenField(default="x")


class WidgetWriteView(APIView):
    denied_methods: tuple[str, ...] = ()

    def get_serializer(self):
        return WidgetSerializer()

    def check_permissions(self, request):
        if request.method in self.denied_methods:
            raise exceptions.PermissionDenied()

    def post(self, request):
        return Response({})

    def put(self, request):
        return Response({})


def test_actions_describe_serializer_fields():
    view = _view(WidgetWriteView)
    metadata = SimpleMetadata().determine_metadata(view.request, view)
    assert list(metadata["actions"]) == ["PUT", "POST"]
    fields = metadata["actions"]["POST"]
    assert fields == {
        "name": {
            "type": "string",
            "required": True,
            "read_only": False,
            "label": "Name",
            "help_text": "Shown to users",
            "max_length": 10,
        },
        "size": {
            "type": "integer",
            "required": False,
            "read_only": False,
            "label": "Size",
            "min_value": 1,
        },
        "kind": {
            "type": "choice",
            "required": True,
            "read_only": False,
            "label": "Kind",
            "choices": [
                {"value": "a", "display_name": "Alpha"},
                {"value": "b", "display_name": "Beta"},
            ],
        },
        "created": {"type": "datetime", "required": False, "read_only": True, "label": "Created"},
        "tags": {
            "type": "list",
            "required": True,
            "read_only": False,
            "label": "Tags",
            "child": {"type": "string", "required": True, "read_only": False},
        },
    }


def test_methods_the_user_may_not_call_are_left_out():
    view = _view(WidgetWriteView, denied_methods=("PUT",))
    request = view.request
    metadata = SimpleMetadata().determine_metadata(request, view)
    assert list(metadata["actions"]) == ["POST"]
    assert view.request is request  # restored after checking as another method


def test_no_actions_key_when_nothing_is_allowed():
    view = _view(WidgetWriteView, denied_methods=("PUT", "POST"))
    metadata = SimpleMetadata().determine_metadata(view.request, view)
    assert "actions" not in metadata


def _view(view_class, **attrs):
    """A view instance as dispatch leaves it (request set, policies ready)."""
    view = view_class(**attrs)
    http_request = APIRequestFactory().options("/")
    view.args, view.kwargs = (), {}
    view.request = view.initialize_request(http_request)
    view.headers = {}
    return view
