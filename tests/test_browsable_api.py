"""The browsable API through HTTP: pages, HTML forms built from the serializer, CSRF, login and
logout links, errors shown next to fields, garbage posted by a form, and ``AdminRenderer``."""

import re

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template, engines

from restframe import serializers
from restframe.renderers import HTMLFormRenderer
from restframe.test import APIClient
from tests.interpreter import run_python
from tests.models_viewsets import ViewSetNote

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_browsable")]

HTML = {"HTTP_ACCEPT": "text/html"}


def inputs(html):
    """``{name: value}`` of the text inputs in ``html``."""
    return dict(re.findall(r'<input name="([^"]+)"[^>]*? value="([^"]*)"', html))


def form(html, form_id):
    start = html.index(f'id="{form_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def client():
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture
def user_client(client):
    client.force_login(User.objects.create_user("ann", password="pw"))
    token = client.get("/notes/", **HTML).cookies["csrftoken"].value
    client.token = token
    return client


def test_anonymous_list_page_has_no_forms_and_a_login_link(client):
    ViewSetNote.objects.create(title="first", body="b")
    response = client.get("/notes/", **HTML)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "<li><a href='/api-auth/login/?next=/notes/'>Log in</a></li>" in body
    assert "<h1>Note List</h1>" in body
    assert '<ul class="breadcrumb"><li><a href="/">Api Root</a></li>' in body
    assert "<b>HTTP 200 OK</b>" in body
    assert '<b>Allow:</b> <span class="lit">GET, POST, HEAD, OPTIONS</span>' in body
    assert "&quot;title&quot;: &quot;first&quot;" in body
    # IsAuthenticatedOrReadOnly: no POST form, raw or HTML, for an anonymous user.
    assert 'id="post-object-form"' not in body
    forms = re.findall(r"<form [^>]*>", body.split("</header>", 1)[1])
    assert forms == [
        '<form class="format-links" method="get" action="/notes/">',
        '<form class="button-form" action="/notes/" method="post" data-method="OPTIONS">',
    ]
    # The JSON client of the same URL gets DRF's bytes, untouched.
    json_response = client.get("/notes/")
    assert json_response["Content-Type"] == "application/json"
    assert json_response.content == b'[{"id":1,"title":"first","body":"b"}]'


def test_logged_in_list_page_has_the_post_forms_with_csrf_and_a_logout_form(user_client):
    body = user_client.get("/notes/", **HTML).content.decode()
    post = form(body, "post-object-form")
    assert (
        '<form action="/notes/" class="html-form" method="POST" '
        'enctype="multipart/form-data" novalidate>'
    ) in post
    token_inputs = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', post)
    assert len(token_inputs) == 2  # the HTML form and the raw-data form
    assert inputs(post) == {"title": "", "body": ""}
    # DRF's horizontal pack: a label column and a control column, no ids.
    assert '<label class="col-sm-2 control-label">Title</label>' in post
    assert 'name="id"' not in post  # read-only fields are not in the form
    assert (
        '<textarea class="form-control" name="_content" id="id__content_applicationjson" rows="10">'
        "{\n    &quot;title&quot;: &quot;&quot;,\n    &quot;body&quot;: &quot;&quot;\n}</textarea>"
    ) in post
    assert '<option value="application/json" selected>application/json</option>' in post
    assert (
        '<span class="user">ann</span>'
        '<form id="logoutForm" method="post" action="/api-auth/logout/?next=/notes/">'
    ) in body
    assert "Log in</a>" not in body


def test_invalid_form_post_shows_the_field_error_and_keeps_the_values(user_client):
    response = user_client.post(
        "/notes/",
        {"title": "x" * 21, "body": "kept", "csrfmiddlewaretoken": user_client.token},
        **HTML,
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    post = form(response.content.decode(), "post-object-form")
    assert inputs(post) == {"title": "x" * 21, "body": "kept"}
    assert (
        '<div class="form-group has-error">\n<label class="col-sm-2 control-label">'
        "Title</label>\n"
        '<div class="col-sm-10"><input name="title" class="form-control" '
        f'type="text" value="{"x" * 21}">\n'
        '<span class="help-block">Ensure this field has no more than 20 characters.</span></div>\n'
    ) in post
    assert post.count('class="help-block"') == 1
    assert ViewSetNote.objects.count() == 0


def test_valid_form_post_creates_and_shows_the_object(user_client):
    response = user_client.post(
        "/notes/", {"title": "new", "body": "", "csrfmiddlewaretoken": user_client.token}, **HTML
    )
    assert response.status_code == 201
    body = response.content.decode()
    assert "<b>HTTP 201 Created</b>" in body
    assert "{\n    &quot;id&quot;: 1,\n    &quot;title&quot;: &quot;new&quot;," in body
    # As in DRF, the form shows the object just created.
    assert inputs(form(body, "post-object-form")) == {"title": "new", "body": ""}
    assert ViewSetNote.objects.get().title == "new"


def test_form_post_without_the_csrf_token_is_refused_as_drf_does(user_client):
    response = user_client.post("/notes/", {"title": "new"}, **HTML)
    assert response.status_code == 403
    body = response.content.decode()
    assert "&quot;detail&quot;: &quot;CSRF Failed: CSRF token missing.&quot;" in body
    # A 403 page shows no edit forms.
    assert 'id="post-object-form"' not in body
    assert ViewSetNote.objects.count() == 0


def test_detail_page_has_put_patch_delete_forms_with_the_objects_values(user_client):
    note = ViewSetNote.objects.create(title="one", body="two")
    body = user_client.get(f"/notes/{note.pk}/", **HTML).content.decode()
    put = form(body, "put-object-form")
    assert 'method="POST" enctype="multipart/form-data" data-method="PUT" novalidate>' in put
    assert inputs(put) == {"title": "one", "body": "two"}
    assert '<button class="primary" type="submit" data-method="PATCH">PATCH</button>' in put
    assert (
        'data-method="DELETE" data-confirm="Are you sure you want to delete this Note Instance?">'
    ) in body
    assert "<h1>Note Instance</h1>" in body


def test_invalid_put_shows_the_error_in_the_put_form(user_client):
    note = ViewSetNote.objects.create(title="one", body="two")
    response = user_client.put(
        f"/notes/{note.pk}/",
        {"title": "", "body": "b"},
        HTTP_X_CSRFTOKEN=user_client.token,
        **HTML,
    )
    assert response.status_code == 400
    put = form(response.content.decode(), "put-object-form")
    assert inputs(put) == {"title": "", "body": "b"}
    assert '<span class="help-block">This field may not be blank.</span>' in put


def test_204_page_is_sent_as_200(user_client):
    note = ViewSetNote.objects.create(title="one")
    response = user_client.delete(f"/notes/{note.pk}/", HTTP_X_CSRFTOKEN=user_client.token, **HTML)
    assert response.status_code == 200
    assert "<b>HTTP 204 No Content</b>" in response.content.decode()


@pytest.mark.parametrize(
    ("content_type", "payload", "status", "shown"),
    [
        ("application/json", b'{"title": ', 400, "JSON parse error"),
        ("multipart/form-data; boundary=zz", b"--zz\r\ngarbage", 400, "This field is required."),
        ("multipart/form-data", b"no boundary", 400, "Multipart form parse error"),
        ("text/x-garbage", b"\xff\xfe", 415, "Unsupported media type"),
        ("application/x-www-form-urlencoded", b"title=%ff%fe&body=\x00", 400, "title"),
        ("application/json", b'{"title": ["a", {"b": 1}], "body": 7}', 400, "Not a valid string."),
        ("application/json", b'["not", "an", "object"]', 400, "Invalid data. Expected a dict"),
        ("application/json", b'{"title": "a\\u0000b"}', 400, "Null characters are not allowed."),
    ],
)
def test_garbage_posted_by_a_browser_gets_a_4xx_page(
    user_client, content_type, payload, status, shown
):
    response = user_client.generic(
        "POST", "/notes/", payload, content_type, HTTP_X_CSRFTOKEN=user_client.token, **HTML
    )
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert shown in response.content.decode()
    assert ViewSetNote.objects.count() == 0


def test_garbage_in_the_browsable_format_query_params(user_client):
    response = user_client.get("/notes/?format=api&page=%ff&ordering=<x>", **HTML)
    assert response.status_code == 200
    response = user_client.get("/notes/?format=nope", **HTML)
    assert response.status_code == 404


# --- the HTML form renderer and the template tags ------------------------------------------


class StyledSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=5, style={"placeholder": "Nm", "autofocus": True})
    n = serializers.IntegerField(required=False, help_text="a number")
    ok = serializers.BooleanField()
    color = serializers.ChoiceField(choices=[("r", "Red"), ("g", "Green")])
    note = serializers.CharField(
        style={"base_template": "textarea.html", "rows": 3}, allow_blank=True
    )
    pw = serializers.CharField(style={"input_type": "password", "hide_label": True})
    tags = serializers.MultipleChoiceField(choices=["a", "b"], required=False)
    secret = serializers.HiddenField(default="s")
    ro = serializers.CharField(read_only=True, default="z")


def test_html_form_renderer_honours_each_style_option():
    serializer = StyledSerializer(
        data={"name": "toolong", "n": "x", "ok": "true", "color": "g", "note": "", "pw": "p"}
    )
    serializer.is_valid()
    html = HTMLFormRenderer().render(serializer.data)
    # DRF's vertical pack, tag for tag: plain labels, no ids, errors and help as help-blocks.
    assert (
        '<div class="form-group has-error">\n<label>Name</label>\n'
        '<input name="name" class="form-control" type="text" placeholder="Nm" '
        'value="toolong" autofocus>\n'
        '<span class="help-block">Ensure this field has no more than 5 characters.</span>\n'
        "</div>"
    ) in html
    assert (
        'type="number" value="x">\n<span class="help-block">A valid integer is required.'
        '</span><span class="help-block">a number</span>'
    ) in html
    assert (
        '<div class="checkbox"><label><input type="checkbox" name="ok" value="true" checked> Ok'
        "</label></div>"
    ) in html
    assert '<select class="form-control" name="color">' in html
    assert '<option value="g" selected>Green</option>' in html
    assert '<option value="r">Red</option>' in html
    assert "<label>Note</label>" in html
    assert '<textarea name="note" class="form-control" rows="3"></textarea>' in html
    # hide_label keeps the label for screen readers only.
    assert '<label class="sr-only">Pw</label>' in html
    assert '<input name="pw" class="form-control" type="password" value="p">' in html
    assert '<select multiple class="form-control" name="tags">' in html
    assert 'name="secret"' not in html and 'name="ro"' not in html
    assert " id=" not in html and " for=" not in html
    assert html.count('class="form-group has-error"') == 2


def test_template_packs_and_both_library_names():
    for library in ("restframe", "rest_framework"):
        template = engines["django"].from_string(
            f"{{% load {library} %}}{{% render_form serializer template_pack='restframe/inline' %}}"
        )
        html = template.render({"serializer": StyledSerializer()})
        assert '<label class="sr-only">Name</label>' in html
        # The inline pack shows a text area as a one-line input, and no messages.
        assert '<input name="note" type="text" class="form-control">' in html
        assert "help-block" not in html


def test_horizontal_pack_puts_each_control_in_a_column():
    serializer = StyledSerializer(data={"name": "x", "ok": False, "color": "r", "pw": "p"})
    serializer.is_valid()
    html = HTMLFormRenderer().render(
        serializer.data, None, {"style": {"template_pack": "restframe/horizontal"}}
    )
    assert (
        '<div class="form-group horizontal-checkbox">\n'
        '<label class="col-sm-2 control-label">Ok</label>\n'
        '<div class="col-sm-10"><input type="checkbox" name="ok" value="true">\n</div>\n</div>'
    ) in html
    assert '<label class="col-sm-2 control-label sr-only">Pw</label>' in html
    assert '<div class="col-sm-10"><select class="form-control" name="color">' in html


def test_filters_and_login_tags_without_the_login_urls(rf, settings):
    settings.ROOT_URLCONF = "tests.urls_viewsets"
    request = rf.get("/x/?page=2&a=1")
    html = Template(
        "{% load restframe %}[{% optional_login request %}]"
        "{% add_query_param request 'page' 3 %}|{{ none|as_string }}"
        "|{{ values|as_list_of_strings }}"
        "|{{ mapping|items }}|{{ link|urlize }}|{{ long|break_long_headers }}"
        "|{% optional_logout request user %}"
    ).render(
        Context(
            {
                "request": request,
                "none": None,
                "values": [1, None],
                "mapping": {"k": "v"},
                "link": '"http://x.org/a/"',
                "long": ",".join(["abcdefghij"] * 20),
                "user": "ann",
            }
        )
    )
    parts = html.split("|")
    assert parts[0] == "[]/x/?a=1&amp;page=3"  # DRF sorts the parameters
    assert parts[1] == ""
    assert parts[2] == "[&#x27;1&#x27;, &#x27;&#x27;]"
    assert parts[3] == "dict_items([(&#x27;k&#x27;, &#x27;v&#x27;)])"
    assert parts[4] == '&quot;<a href="http://x.org/a/" rel="nofollow">http://x.org/a/</a>&quot;'
    assert parts[5].count("<br>") == 19
    assert parts[6] == '<li class="navbar-text">ann</li>'


def test_format_value_and_add_class():
    html = Template(
        "{% load restframe %}{{ a|format_value }}|{{ b|format_value }}|{{ c|format_value }}"
        "|{{ d|format_value }}|{{ e|format_value }}|{{ snippet|add_class:'wide' }}"
    ).render(
        Context(
            {
                "a": None,
                "b": True,
                "c": "https://x.org/",
                "d": "a@b.org",
                "e": [1, 2],
                "snippet": '<input class="form-control">',
            }
        )
    )
    assert html.split("|") == [
        "<code>null</code>",
        "<code>true</code>",
        '<a href="https://x.org/">https://x.org/</a>',
        '<a href="mailto:a@b.org">a@b.org</a>',
        "\n 1, 2\n",
        '<input class="form-control wide">',
    ]


# --- AdminRenderer -------------------------------------------------------------------------


def test_admin_list_and_detail_pages(user_client):
    note = ViewSetNote.objects.create(title="one", body="two")
    body = user_client.get("/admin/notes/", **HTML).content.decode()
    assert "<th>Id</th><th>Title</th><th>Body</th><th></th>" in body
    assert "<td>1</td><td>one</td><td>two</td>" in body
    assert 'id="create-object-form"' in body
    detail = user_client.get(f"/admin/notes/{note.pk}/", **HTML).content.decode()
    assert "<tr><th>Title</th><td>one</td></tr>" in detail
    assert inputs(form(detail, "edit-object-form")) == {"title": "one", "body": "two"}


def test_admin_create_and_errors_show_the_form(user_client):
    response = user_client.post(
        "/admin/notes/", {"title": "new", "csrfmiddlewaretoken": user_client.token}, **HTML
    )
    # No ``url`` field, so no Location header: the created object's page, as in DRF.
    assert response.status_code == 201
    assert "<tr><th>Title</th><td>new</td></tr>" in response.content.decode()
    response = user_client.post(
        "/admin/notes/", {"title": "", "csrfmiddlewaretoken": user_client.token}, **HTML
    )
    assert response.status_code == 400
    errors = form(response.content.decode(), "error-form")
    assert '<span class="help-block">This field may not be blank.</span>' in errors


def test_openapi_renderers_live_in_restframe_renderers():
    from restframe import renderers
    from restframe.schemas import renderers as schema_renderers

    assert schema_renderers.OpenAPIRenderer is renderers.OpenAPIRenderer
    assert schema_renderers.JSONOpenAPIRenderer is renderers.JSONOpenAPIRenderer
    assert {"OpenAPIRenderer", "JSONOpenAPIRenderer", "HTMLFormRenderer", "AdminRenderer"} <= set(
        renderers.__all__
    )


class Inner(serializers.Serializer):
    a = serializers.IntegerField()


class EveryKindSerializer(serializers.Serializer):
    inner = Inner()
    inners = Inner(many=True)
    items = serializers.ListField(child=serializers.IntegerField())
    mapping = serializers.DictField()
    blob = serializers.JSONField()
    when = serializers.DateTimeField()
    day = serializers.DateField()
    mail = serializers.EmailField()
    upload = serializers.FileField()
    radio = serializers.ChoiceField(choices=["x", "y"], style={"base_template": "radio.html"})
    boxes = serializers.MultipleChoiceField(
        choices=["x", "y"], style={"base_template": "checkbox_multiple.html"}
    )


def test_every_field_kind_renders_in_every_pack():
    serializer = EveryKindSerializer(
        data={
            "inner": {"a": "no"},
            "items": ["z"],
            "mapping": "no",
            "blob": {"k": [1]},
            "when": "garbage",
            "day": "2020-01-02",
            "mail": "nope",
            "radio": "y",
            "boxes": ["x"],
        }
    )
    assert not serializer.is_valid()
    legends = {
        "vertical": "<fieldset>\n<legend>Inner</legend>",
        "horizontal": (
            '<fieldset>\n<div class="form-group" style="border-bottom: 1px solid #e5e5e5">'
            '<legend class="control-label col-sm-2" style="border-bottom: 0">Inner</legend></div>'
        ),
        "inline": "",  # the inline pack shows nested fields without a fieldset
    }
    for pack, legend in legends.items():
        html = HTMLFormRenderer().render(
            serializer.data, None, {"style": {"template_pack": f"restframe/{pack}"}}
        )
        assert legend in html
        assert ("<fieldset>" in html) is (pack != "inline")
        assert '<input name="inner.a" class="form-control" type="number" value="no">' in html
        assert html.count("Lists are not currently supported in HTML input.") == 2
        assert "Dictionaries are not currently supported in HTML input." in html
        blob = (
            '<input name="blob" type="text" class="form-control" value="{\n    '
            if pack == "inline"
            else '<textarea name="blob" class="form-control">{\n    '
        )
        assert blob in html
        assert 'type="datetime-local" value="garbage">' in html
        assert 'type="date" value="2020-01-02">' in html
        assert 'name="mail" class="form-control" type="email" value="nope">' in html
        # As in DRF, a file input has no form-control class.
        assert '<input name="upload" type="file" value="">' in html
        assert '<input type="radio" name="radio" value="y" checked> y</label>' in html
        assert '<input type="checkbox" name="boxes" value="x" checked> x</label>' in html
        assert ("help-block" in html) is (pack != "inline")


def test_related_fields_render_as_selects(db):
    from tests.models_relations import RelTarget

    class SourceSerializer(serializers.Serializer):
        target = serializers.PrimaryKeyRelatedField(queryset=RelTarget.objects.order_by("pk"))
        targets = serializers.PrimaryKeyRelatedField(
            queryset=RelTarget.objects.order_by("pk"), many=True
        )

    first, second = RelTarget.objects.create(name="a"), RelTarget.objects.create(name="b")
    serializer = SourceSerializer(data={"target": second.pk, "targets": [first.pk]})
    serializer.is_valid()
    html = HTMLFormRenderer().render(serializer.data)
    single, multiple = html.split("<select multiple", 1)
    assert f'<option value="{second.pk}" selected>Target b</option>' in single
    assert f'<option value="{first.pk}">Target a</option>' in single
    assert multiple.startswith(' class="form-control" name="targets">')
    assert f'<option value="{first.pk}" selected>Target a</option>' in multiple
    assert f'<option value="{second.pk}">Target b</option>' in multiple


def test_pages_run_the_queries_drf_runs(user_client, django_assert_num_queries):
    # DRF 3.18 runs as many on an equivalent viewset (measured): session + user, then the view's;
    # the forms reuse the response's serializer and instance.
    note = ViewSetNote.objects.create(title="one")
    with django_assert_num_queries(3):
        user_client.get("/notes/", **HTML)
    with django_assert_num_queries(3):
        user_client.get(f"/notes/{note.pk}/", **HTML)
    with django_assert_num_queries(2):
        user_client.post("/notes/", {"title": "", "csrfmiddlewaretoken": user_client.token}, **HTML)


def test_garbage_values_for_related_and_multiple_fields_render_with_errors(db):
    from tests.models_relations import RelTarget

    class SourceSerializer(serializers.Serializer):
        target = serializers.PrimaryKeyRelatedField(queryset=RelTarget.objects.all())
        targets = serializers.PrimaryKeyRelatedField(queryset=RelTarget.objects.all(), many=True)
        tags = serializers.MultipleChoiceField(choices=["a"])

    serializer = SourceSerializer(data={"target": {"x": [1]}, "targets": 5, "tags": "a"})
    assert not serializer.is_valid()
    html = HTMLFormRenderer().render(serializer.data)
    assert html.count('<span class="help-block">') == 3
    assert "Incorrect type. Expected pk value, received dict." in html
    assert "Expected a list of items but got type &quot;int&quot;." in html


DRF_PROJECT = """
import restframe
restframe.install_as_rest_framework()
from django.conf import settings
settings.configure(
    SECRET_KEY="x",
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [TEMPLATES],
        "APP_DIRS": True,
    }],
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
)
import django
django.setup()
from django.test import RequestFactory
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

class View(APIView):
    def get(self, request):
        return Response({"a": 1})

urlpatterns = [
    path("x/", View.as_view()),
    path("api-auth/", include("rest_framework.urls", namespace="rest_framework")),
]
response = View.as_view()(RequestFactory().get("/x/", HTTP_ACCEPT="text/html"))
print(response.rendered_content.decode())
"""


def test_a_drf_projects_api_html_override_works_under_the_alias(tmp_path):
    """DRF projects brand the page with ``rest_framework/api.html`` extending
    ``rest_framework/base.html`` and load ``{% load rest_framework %}``."""
    override = tmp_path / "rest_framework" / "api.html"
    override.parent.mkdir()
    override.write_text(
        '{% extends "rest_framework/base.html" %}{% load rest_framework %}'
        "{% block branding %}<b>Acme API</b>{% endblock %}"
        "{% block userlinks %}{% optional_login request %}{% endblock %}"
    )
    script = f"TEMPLATES = {str(tmp_path)!r}\n" + DRF_PROJECT
    out = run_python(script)
    assert '<div class="brand"><b>Acme API</b></div>' in out
    assert "<li><a href='/api-auth/login/?next=/x/'>Log in</a></li>" in out
    assert "{\n    &quot;a&quot;: 1\n}" in out


def test_list_page_shows_the_filters_and_the_page_links(client):
    ViewSetNote.objects.create(title="a")
    ViewSetNote.objects.create(title="b")
    body = client.get("/searchable/?search=<x>&ordering=title", **HTML).content.decode()
    assert 'id="post-object-form"' not in body
    # Nothing matched, and the search box still shows the (escaped) term.
    assert 'name="search" value="&lt;x&gt;" aria-label="Search">' in body
    assert '<div class="page-links">' not in body
    body = client.get("/searchable/?ordering=title", **HTML).content.decode()
    filters = body[body.index('<section class="filters">') :]
    assert '<input type="search" class="form-control" name="search" value=""' in filters
    assert 'class="list-group-item active" aria-current="true">&#10003; title - ascending</a>' in (
        filters
    )
    assert '<div class="page-links">' in body
    assert 'href="http://testserver/searchable/?ordering=title&amp;page=2"' in body
    one_page = client.get("/notes/", **HTML).content.decode()
    assert '<div class="page-links">' not in one_page and "filters" not in one_page


@pytest.mark.urls("tests.urls_viewsets")
@pytest.mark.django_db(transaction=True)
def test_async_viewset_pages_have_their_forms():
    from asgiref.sync import async_to_sync

    from restframe.test import AsyncAPIClient

    note = ViewSetNote.objects.create(title="first", body="b")
    client = AsyncAPIClient()
    response = async_to_sync(client.get)(f"/async/notes/{note.pk}/", **HTML)
    assert response.status_code == 200
    body = response.content.decode()
    assert inputs(form(body, "put-object-form")) == {"title": "first", "body": "b"}
    response = async_to_sync(client.post)("/async/notes/", {"title": "x" * 21}, **HTML)
    assert response.status_code == 400
    post = form(response.content.decode(), "post-object-form")
    assert "Ensure this field has no more than 20 characters." in post


def test_admin_invalid_put_shows_the_object_and_the_form_with_errors(user_client):
    note = ViewSetNote.objects.create(title="one", body="two")
    response = user_client.put(
        f"/admin/notes/{note.pk}/",
        {"title": "", "body": "b"},
        HTTP_X_CSRFTOKEN=user_client.token,
        **HTML,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<tr><th>Title</th><td>one</td></tr>" in body
    errors = form(body, "error-form")
    assert errors.startswith('id="error-form"><h2>Edit</h2>')
    assert inputs(errors) == {"title": "", "body": "b"}
    assert '<span class="help-block">This field may not be blank.</span>' in errors


def test_values_as_drf_shows_them_in_form_inputs(settings):
    import datetime

    settings.TIME_ZONE = "America/Chicago"

    class ValuesSerializer(serializers.Serializer):
        when = serializers.DateTimeField()
        price = serializers.DecimalField(max_digits=5, decimal_places=2)
        blob = serializers.JSONField()
        ratio = serializers.FloatField(allow_null=True)
        kind = serializers.ChoiceField(choices=["a"], allow_null=True)

    instance = {
        "when": datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        "price": "1.50",
        "blob": {"b": 1, "a": [1]},
        "ratio": None,
        "kind": None,
    }
    html = HTMLFormRenderer().render(ValuesSerializer(instance).data)
    assert 'type="datetime-local" value="2020-01-01T21:04:05.000">' in html
    assert 'name="price" class="form-control" type="text" value="1.50">' in html
    assert (
        '<textarea name="blob" class="form-control">{\n    &quot;a&quot;: [\n'
        "        1\n    ],\n    &quot;b&quot;: 1\n}</textarea>"
    ) in html
    assert 'name="ratio" class="form-control" type="number" value="">' in html
    assert '<option value="" selected>--------</option>\n<option value="a">a</option>' in html
