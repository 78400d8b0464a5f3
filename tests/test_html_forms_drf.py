"""HTML output that DRF projects see byte for byte: the form template packs, the values of
date-time inputs, the admin value filters, ``AdminRenderer``'s rows and error pages, and the
browsable API's extra-actions menu, OPTIONS button, raw-data form and CSRF settings block."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.shortcuts import render
from django.test import override_settings
from django.urls import include, path

from restframe import permissions, serializers, status, viewsets
from restframe.decorators import action
from restframe.relations import Hyperlink
from restframe.renderers import AdminRenderer, BrowsableAPIRenderer, HTMLFormRenderer
from restframe.request import Request
from restframe.response import Response
from restframe.routers import SimpleRouter
from restframe.templatetags import restframe as tags
from restframe.test import APIRequestFactory
from restframe.views import APIView

HTML = {"HTTP_ACCEPT": "text/html"}
factory = APIRequestFactory()


def packed(html: str) -> str:
    return "".join(html.split())


# --- date-time inputs ------------------------------------------------------------------------


def datetime_input(value, **field_kwargs) -> str:
    class When(serializers.Serializer):
        at = serializers.DateTimeField(**field_kwargs)

    serializer = When(data={"at": value})
    serializer.is_valid()
    html = HTMLFormRenderer().render_field(serializer["at"], {})
    return html[html.index("<input") : html.index(">", html.index("<input")) + 1]


@override_settings(TIME_ZONE="America/Chicago")
def test_datetime_local_value_is_the_wall_clock_time_to_the_millisecond():
    moment = datetime.datetime(2024, 12, 24, 0, 55, 30, 345678)
    expected = '<input name="at" class="form-control" type="datetime-local" value="{}">'
    assert datetime_input(moment) == expected.format("2024-12-24T00:55:30.345")
    # format=None: the field's output is the datetime itself.
    assert datetime_input(moment, format=None) == expected.format("2024-12-24T00:55:30.345")
    # A custom format is read back with that format (it has no seconds).
    assert datetime_input(moment, format="%a %d %b %Y, %I:%M%p") == expected.format(
        "2024-12-24T00:55:00.000"
    )
    tokyo = moment.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert datetime_input(tokyo) == expected.format("2024-12-23T09:55:30.345")
    # Empty and rejected values are shown as they are.
    assert datetime_input("") == expected.format("")
    assert datetime_input(None) == expected.format("")
    assert datetime_input("garbage") == expected.format("garbage")


@override_settings(REST_FRAMEWORK={"DATETIME_FORMAT": "%d/%m/%Y %H:%M"})
def test_datetime_local_value_reads_the_setting_format():
    moment = datetime.datetime(2024, 12, 24, 0, 55, tzinfo=datetime.UTC)
    assert datetime_input(moment).endswith('value="2024-12-24T00:55:00.000">')


# --- the vertical pack -----------------------------------------------------------------------


def test_vertical_checkbox_and_nested_fieldsets_are_drf_markup():
    class Inner(serializers.Serializer):
        text = serializers.CharField()

    class Middle(serializers.Serializer):
        inner = Inner(allow_null=True)
        text = serializers.CharField()

    class Outer(serializers.Serializer):
        flag = serializers.BooleanField()
        middle = Middle()

    serializer = Outer(data={"flag": True, "middle": {"inner": None, "text": "t"}})
    assert serializer.is_valid()
    renderer = HTMLFormRenderer()
    assert packed(renderer.render_field(serializer["flag"], {})) == (
        '<divclass="form-group"><divclass="checkbox"><label>'
        '<inputtype="checkbox"name="flag"value="true"checked>Flag</label></div></div>'
    )
    assert packed(renderer.render_field(serializer["middle"], {})) == (
        "<fieldset><legend>Middle</legend>"
        "<fieldset><legend>Inner</legend>"
        '<divclass="form-group"><label>Text</label>'
        '<inputname="middle.inner.text"class="form-control"type="text"value=""></div>'
        "</fieldset>"
        '<divclass="form-group"><label>Text</label>'
        '<inputname="middle.text"class="form-control"type="text"value="t"></div>'
        "</fieldset>"
    )


# --- value filters ---------------------------------------------------------------------------


def test_format_value_as_drf_writes_it():
    assert tags.format_value(Hyperlink("http://x.org/a/", "Name <b>")) == (
        "<a href=http://x.org/a/>Name &lt;b&gt;</a>"
    )
    # A URL that cannot be an unquoted attribute value is quoted.
    assert tags.format_value(Hyperlink("/a b/", "x")) == '<a href="/a b/">x</a>'
    assert tags.format_value(["a", True]) == "\n a, <code>true</code>\n"
    assert tags.format_value([]) == "\n\n"
    assert packed(tags.format_value({"k": None})) == (
        '<tableclass="tabletable-striped"><tbody><tr><th>k</th><td><code>null</code></td></tr>'
        "</tbody></table>"
    )
    assert packed(tags.format_value([["x"]])) == (
        '<tableclass="tabletable-striped"><tbody><tr><th>0</th><td>x</td></tr></tbody></table>'
    )


def test_urls_smart_urlquote_refuses_are_left_as_text(monkeypatch):
    assert tags.smart_urlquote_wrapper("http://x.org/") == "http://x.org/"

    def refuse(url):
        raise ValueError("Invalid IPv6 URL")

    monkeypatch.setattr(tags, "smart_urlquote", refuse)
    assert tags.smart_urlquote_wrapper("http://x.org/") is None
    assert tags.urlize("see http://x.org/") == "see http://x.org/"


# --- AdminRenderer ---------------------------------------------------------------------------


class Item(serializers.Serializer):
    name = serializers.CharField()

    def validate_name(self, value):
        raise serializers.ValidationError("never valid")


class ItemView(APIView):
    renderer_classes = [AdminRenderer]
    serializer_class = Item

    def get(self, request):
        return Response([{"id": 1, "name": "shown-on-get"}])

    def post(self, request):
        serializer = Item(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class PostOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method == "POST"


class SecretView(APIView):
    renderer_classes = [AdminRenderer]
    permission_classes = [PostOnly]

    def get(self, request):
        return Response({"secret": "not-for-you"})

    def post(self, request):
        raise serializers.ValidationError("rejected")


def test_admin_error_page_shows_the_form_over_what_get_shows():
    response = ItemView.as_view()(factory.post("/", {"name": "x"}))
    response.render()
    body = response.content.decode()
    assert response.status_code == 400
    assert "never valid" in body  # in the error form
    assert "<td>shown-on-get</td>" in body


def test_admin_error_page_without_get_permission_shows_only_the_errors():
    response = SecretView.as_view()(factory.post("/"))
    response.render()
    body = response.content.decode()
    assert response.status_code == 400
    assert "not-for-you" not in body
    assert "<tr><th>Non_field_errors</th><td>\n rejected\n</td></tr>" in body


class LinkedView(APIView):
    lookup_field = "pk"

    def reverse_action(self, url_name, args=None, kwargs=None):
        return f"/{url_name}/{kwargs['pk']}/"


def test_admin_rows_link_to_their_detail_page():
    renderer = AdminRenderer()
    request = factory.get("/")
    context = {"view": LinkedView(), "request": Request(request), "response": Response()}
    rows = [{"pk": 1}, {"pk": 2, "url": "/own/"}, {}]
    result = renderer.get_context(rows, None, context)
    assert result["results"] == [{"pk": 1, "url": "/detail/1/"}, {"pk": 2, "url": "/own/"}, {}]
    assert result["columns"] == result["details"] == ["pk"]
    assert renderer.get_result_url({"pk": 3}, APIView()) is None


# --- the browsable API -----------------------------------------------------------------------


class OwnerOnly(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        raise AssertionError("OPTIONS must not check object permissions")


class Thing:
    name = "thing"


class ThingSerializer(serializers.Serializer):
    name = serializers.CharField()
    secret = serializers.HiddenField(default="h")


class ThingViewSet(viewsets.ViewSet):
    permission_classes = [OwnerOnly]
    renderer_classes = [BrowsableAPIRenderer]

    def list(self, request):
        return Response([])

    @action(detail=False, name="Recent things")
    def recent(self, request):
        return Response([])

    @action(detail=True)
    def peek(self, request, pk=None):
        return Response(ThingSerializer(Thing()).data)


class AdminThingViewSet(viewsets.ViewSet):
    renderer_classes = [AdminRenderer]

    def list(self, request):
        return Response([])

    def destroy(self, request, pk=None):
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("things", ThingViewSet, basename="thing")
router.register("admin-things", AdminThingViewSet, basename="admin-thing")
urlpatterns = [path("", include(router.urls))]


@pytest.mark.urls(__name__)
def test_extra_actions_menu_and_options_button(client):
    body = client.get("/things/", **HTML).content.decode()
    assert '<summary id="extra-actions-menu">Extra Actions</summary>' in body
    assert '<li><a href="http://testserver/things/recent/">Recent things</a></li>' in body
    response = client.get("/things/1/peek/", **HTML)
    assert response.status_code == 200
    assert 'data-method="OPTIONS"' in response.content.decode()


@pytest.mark.urls(__name__)
def test_admin_delete_redirects_to_the_list(client):
    response = client.delete("/admin-things/1/", **HTML)
    assert response.status_code == 303
    assert response["Location"] == "/admin-things/"
    assert response.content == b""


class ThingView(APIView):
    def get_serializer(self, **kwargs):
        return ThingSerializer(**kwargs)

    def post(self, request):
        return Response()


class ThingsView(ThingView):
    def get_serializer(self, **kwargs):
        return ThingSerializer(many=True, **kwargs)


def test_raw_data_form_starts_with_the_empty_body_without_hidden_fields():
    renderer = BrowsableAPIRenderer()
    request = Request(factory.get("/"))
    for view_class, content in (
        (ThingView, '{\n    "name": ""\n}'),
        (ThingsView, '[\n    {\n        "name": ""\n    }\n]'),
    ):
        view = view_class()
        view.request = request
        view.args, view.kwargs = (), {}
        view.headers = {}
        view.format_kwarg = None
        form = renderer.get_raw_data_form({}, view, "POST", request)
        assert form["_content"].initial == content
        assert form["_content_type"].initial == "application/json"
    assert renderer.render_form_for_serializer(ThingSerializer(many=True, data=[])) is None


def test_base_template_carries_the_csrf_settings_as_json():
    page = render(None, "restframe/base.html", {"request": True, "csrf_token": "T"})
    assert '"csrfHeaderName": "X-CSRFToken",\n  "csrfToken": "T"' in page.content.decode()
    page = render(None, "restframe/base.html")
    assert '"csrfToken": ""' in page.content.decode()


def test_an_optional_radio_fields_empty_choice_is_translated():
    from django.utils import translation

    class Pick(serializers.Serializer):
        size = serializers.ChoiceField(
            choices=["s", "m"], allow_null=True, style={"base_template": "radio.html"}
        )

    with translation.override("de"):
        html = HTMLFormRenderer().render(Pick().data)
    assert '<input type="radio" name="size" value="" checked> Keine</label>' in html
    with translation.override("en"):
        html = HTMLFormRenderer().render(Pick().data)
    assert '<input type="radio" name="size" value="" checked> None</label>' in html
