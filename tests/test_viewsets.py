"""Viewsets: ``as_view(actions)``, what a handler sees of its route, ``@action`` and its
mapping, ``reverse_action`` and the extra-action URL map. Expectations observed from DRF 3.18."""

import asyncio

import pytest
from django.core.exceptions import ImproperlyConfigured

from restframe import viewsets
from restframe.decorators import MethodMapper, action
from restframe.permissions import BasePermission
from restframe.response import Response
from restframe.test import APIClient, APIRequestFactory

factory = APIRequestFactory()


class Echo(viewsets.ViewSet):
    """Echo docs."""

    def list(self, request):
        return Response(
            {
                "action": self.action,
                "detail": self.detail,
                "basename": self.basename,
                "suffix": self.suffix,
                "name": self.name,
                "view_name": self.get_view_name(),
                "action_map": self.action_map,
            }
        )

    def options(self, request, *args, **kwargs):
        return Response({"action": self.action})

    @action(detail=False, methods=["get"], suffix="Extra")
    def extra(self, request):
        return Response({"view_name": self.get_view_name()})


# --- as_view -----------------------------------------------------------------------------


@pytest.mark.parametrize("actions", [None, {}])
def test_as_view_requires_actions(actions):
    with pytest.raises(TypeError) as info:
        Echo.as_view(actions)
    assert str(info.value) == (
        "The `actions` argument must be provided when calling `.as_view()` on a ViewSet. "
        "For example `.as_view({'get': 'list'})`"
    )


@pytest.mark.parametrize(
    ("initkwargs", "message"),
    [
        (
            {"get": 1},
            "You tried to pass in the get method name as a keyword argument to Echo(). "
            "Don't do that.",
        ),
        ({"foo": 1}, "Echo() received an invalid keyword 'foo'"),
        (
            {"name": "a", "suffix": "b"},
            "Echo() received both `name` and `suffix`, which are mutually exclusive arguments.",
        ),
    ],
)
def test_as_view_refuses_bad_initkwargs(initkwargs, message):
    with pytest.raises(TypeError) as info:
        Echo.as_view({"get": "list"}, **initkwargs)
    assert str(info.value) == message


def test_view_function_carries_its_route():
    view = Echo.as_view({"get": "list"}, basename="echo")
    assert view.cls is Echo
    assert view.initkwargs == {"basename": "echo"}
    assert view.actions == {"get": "list"}
    assert view.__name__ == "Echo"
    assert view.__doc__ == "Echo docs."
    assert view.csrf_exempt is True
    assert not asyncio.iscoroutinefunction(view)


def test_handler_sees_its_route():
    view = Echo.as_view({"get": "list"}, basename="echo", detail=False, suffix="List")
    response = view(factory.get("/"))
    assert response.status_code == 200
    assert response.data == {
        "action": "list",
        "detail": False,
        "basename": "echo",
        "suffix": "List",
        "name": None,
        "view_name": "Echo List",
        # HEAD answers like GET.
        "action_map": {"get": "list", "head": "list"},
    }
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_route_attributes_default_to_none():
    class Named(viewsets.ViewSet):
        name = "Class name"

        def list(self, request):
            return Response({"name": self.name, "view_name": self.get_view_name()})

    # As in DRF: a route's name comes from its initkwargs only.
    response = Named.as_view({"get": "list"})(factory.get("/"))
    assert response.data == {"name": None, "view_name": "Named"}
    response = Named.as_view({"get": "list"}, name="Given")(factory.get("/"))
    assert response.data == {"name": "Given", "view_name": "Given"}


def test_action_is_metadata_for_options_and_none_when_unmapped():
    seen = []

    class Recorder(viewsets.ViewSet):
        def initial(self, request, *args, **kwargs):
            seen.append((request.method, self.action))
            super().initial(request, *args, **kwargs)

        def list(self, request):
            return Response()

    view = Recorder.as_view({"get": "list"})
    assert view(factory.put("/")).status_code == 405
    assert view(factory.options("/")).status_code == 200
    assert view(factory.get("/")).status_code == 200
    assert seen == [("PUT", None), ("OPTIONS", "metadata"), ("GET", "list")]
    # A viewset's own ``options`` sees "metadata" too, mapped or not.
    assert Echo.as_view({"get": "list"})(factory.options("/")).data == {"action": "metadata"}
    mapped = Echo.as_view({"get": "list", "options": "list"})(factory.options("/"))
    assert mapped.data["action"] == "metadata"


def test_permissions_see_the_action_on_the_straight_path():
    # Stock viewsets dispatch without calling ``initialize_request``: the route records the
    # action itself, and policies (not only hooks) must see the same values as in DRF.
    seen = []

    class Recording(BasePermission):
        def has_permission(self, request, view):
            seen.append((request.method, view.action))
            return True

    class Plain(viewsets.ViewSet):
        permission_classes = [Recording]

        def list(self, request):
            return Response({"action": self.action})

        async def retrieve(self, request, pk=None):
            return Response({"action": self.action})

    assert Plain._straight and Plain._astraight
    listing = Plain.as_view({"get": "list"})
    for method in ("put", "options", "get", "head"):
        listing(getattr(factory, method)("/"))
    detail = Plain.as_view({"get": "retrieve"})
    response = asyncio.run(detail(factory.get("/1/"), pk="1"))
    assert response.data == {"action": "retrieve"}
    assert seen == [
        ("PUT", None),
        ("OPTIONS", "metadata"),
        ("GET", "list"),
        ("HEAD", "list"),
        ("GET", "retrieve"),
    ]
    put = listing(factory.put("/"))
    put.render()
    assert (put.status_code, put["Allow"]) == (405, "GET, HEAD, OPTIONS")


def test_an_overridden_initialize_request_still_records_the_action():
    class Custom(viewsets.ViewSet):
        def initialize_request(self, request, *args, **kwargs):
            api_request = super().initialize_request(request, *args, **kwargs)
            api_request.seen_action = self.action
            return api_request

        def list(self, request):
            return Response({"seen": request.seen_action})

    assert Custom._straight is False
    assert Custom.as_view({"get": "list"})(factory.get("/")).data == {"seen": "list"}


def test_an_override_beneath_the_viewset_mixin_is_still_called():
    from restframe.views import APIView

    seen = []

    class Base(APIView):
        def initialize_request(self, request, *args, **kwargs):
            seen.append(request.method)
            return super().initialize_request(request, *args, **kwargs)

    class Mixed(viewsets.ViewSetMixin, Base):
        def list(self, request):
            return Response({"action": self.action})

    assert Mixed._straight is False
    assert Mixed.as_view({"get": "list"})(factory.get("/")).data == {"action": "list"}
    assert seen == ["GET"]


def test_unmapped_method_is_405_with_route_allow():
    view = Echo.as_view({"post": "list"})
    response = view(factory.head("/"))
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    response.render()
    assert response.content == b'{"detail":"Method \\"HEAD\\" not allowed."}'


def test_allow_header_is_per_route():
    class Both(viewsets.ViewSet):
        def list(self, request):
            return Response()

        def destroy(self, request, pk=None):
            return Response()

    listing = Both.as_view({"get": "list"})
    detail = Both.as_view({"delete": "destroy"})
    for _ in range(2):
        assert listing(factory.get("/"))["Allow"] == "GET, HEAD, OPTIONS"
        assert detail(factory.get("/"))["Allow"] == "DELETE, OPTIONS"


def test_extra_action_view_name_uses_suffix():
    view = Echo.as_view({"get": "extra"}, **Echo.extra.kwargs, detail=False)
    assert view(factory.get("/")).data == {"view_name": "Echo Extra"}


def test_get_extra_actions_sorted_by_name():
    class Many(Echo):
        @action(detail=True)
        def b_act(self, request, pk=None):
            return Response()

        @action(detail=False)
        def a_act(self, request):
            return Response()

    assert [a.__name__ for a in Many.get_extra_actions()] == ["a_act", "b_act", "extra"]
    assert viewsets.ViewSet.get_extra_actions() == []


def test_an_action_wrapped_without_functools_wraps_is_refused():
    def undecorated(func):
        def wrapper(self, request, *args, **kwargs):
            return func(self, request, *args, **kwargs)

        return wrapper

    class Wrapped(viewsets.ViewSet):
        @action(detail=False)
        @undecorated
        def export(self, request):
            return Response()

    # The route would be built for ``wrapper``, not ``export``: said when the actions are read
    # (routers read them), in DRF's words, as an AssertionError like DRF's.
    with pytest.raises(ImproperlyConfigured) as info:
        Wrapped.get_extra_actions()
    assert isinstance(info.value, AssertionError)
    assert str(info.value) == (
        "Expected function (`wrapper`) to match its attribute name (`export`). If using a "
        "decorator, ensure the inner function is decorated with `functools.wraps`, or that "
        "`wrapper.__name__` is otherwise set to `export`."
    )


def test_mixing_sync_and_async_actions_on_one_route_is_refused():
    class Mixed(viewsets.ViewSet):
        def list(self, request):
            return Response()

        async def create(self, request):
            return Response()

    with pytest.raises(ImproperlyConfigured, match="must either be all sync or all async"):
        Mixed.as_view({"get": "list", "post": "create"})
    # Each route decides for itself.
    assert not asyncio.iscoroutinefunction(Mixed.as_view({"get": "list"}))
    assert asyncio.iscoroutinefunction(Mixed.as_view({"post": "create"}))


def test_viewset_classes():
    assert viewsets.ModelViewSet.__mro__[1:6] == (
        viewsets.mixins.CreateModelMixin,
        viewsets.mixins.RetrieveModelMixin,
        viewsets.mixins.UpdateModelMixin,
        viewsets.mixins.DestroyModelMixin,
        viewsets.mixins.ListModelMixin,
    )
    assert issubclass(viewsets.ReadOnlyModelViewSet, viewsets.GenericViewSet)
    assert not hasattr(viewsets.ReadOnlyModelViewSet, "create")
    assert issubclass(viewsets.GenericViewSet, viewsets.generics.GenericAPIView)


# --- @action -----------------------------------------------------------------------------


def test_action_requires_detail():
    with pytest.raises(AssertionError) as info:
        action()(lambda self, request: None)
    assert str(info.value) == "@action() missing required argument: 'detail'"


def test_action_name_and_suffix_are_exclusive():
    with pytest.raises(TypeError) as info:
        action(detail=True, name="x", suffix="y")
    assert str(info.value) == "`name` and `suffix` are mutually exclusive arguments."


def test_action_attributes():
    def set_password(self, request):
        """Doc string here.

        more."""

    decorated = action(detail=True, methods=["GET", "post"], url_path="x", foo=1)(set_password)
    assert decorated is set_password
    assert isinstance(decorated.mapping, MethodMapper)
    assert decorated.mapping == {"get": "set_password", "post": "set_password"}
    assert decorated.mapping.action is set_password
    assert decorated.detail is True
    assert decorated.url_path == "x"
    assert decorated.url_name == "set-password"
    assert decorated.kwargs == {
        "foo": 1,
        "name": "Set password",
        "description": "Doc string here.\n\n        more.",
    }


def test_action_defaults_and_description_from_docstring():
    def recent(self, request):
        pass

    decorated = action(detail=False, suffix="Sfx", description="ignored")(recent)
    assert decorated.mapping == {"get": "recent"}
    assert decorated.url_path == "recent"
    assert decorated.kwargs == {"suffix": "Sfx", "description": None}


def test_mapping_adds_methods():
    def thing(self, request):
        pass

    def thing_delete(self, request):
        pass

    decorated = action(detail=True)(thing)
    assert decorated.mapping.delete(thing_delete) is thing_delete
    assert decorated.mapping == {"get": "thing", "delete": "thing_delete"}

    def other(self, request):
        pass

    with pytest.raises(AssertionError) as info:
        decorated.mapping.get(other)
    assert str(info.value) == "Method 'get' has already been mapped to '.thing'."

    def thing(self, request):  # noqa: F811 (the mistake under test)
        pass

    with pytest.raises(AssertionError) as info:
        decorated.mapping.post(thing)
    assert str(info.value) == (
        "Method mapping does not behave like the property decorator. You cannot use the same "
        "method name for each mapping declaration."
    )


# --- through a router, over HTTP ---------------------------------------------------------


@pytest.mark.urls("tests.urls_viewsets")
def test_extra_actions_see_their_route():
    client = APIClient()
    response = client.get("/sync/notes/recent/")
    assert response.status_code == 200
    assert response.content == (
        b'{"action":"recent","detail":false,"basename":"viewsetnote","suffix":null,'
        b'"name":"Recent","view_name":"Recent","kwargs":{},"method":"GET"}'
    )
    assert response["Allow"] == "GET, DELETE, HEAD, OPTIONS"
    response = client.delete("/sync/notes/recent/")
    assert response.json()["action"] == "clear_recent"
    assert response.json()["view_name"] == "Recent"
    assert client.put("/sync/notes/recent/").status_code == 405


@pytest.mark.urls("tests.urls_viewsets")
def test_reverse_action_and_extra_action_url_map():
    response = APIClient().get("/sync/notes/links/")
    assert response.content == (
        b'{"detail":"http://testserver/sync/notes/7/",'
        b'"list":"http://testserver/sync/notes/recent/",'
        b'"extra":{"Links":"http://testserver/sync/notes/links/",'
        b'"Recent":"http://testserver/sync/notes/recent/"}}'
    )


@pytest.mark.urls("tests.urls_viewsets")
def test_extra_action_url_map_keeps_the_format_suffix():
    response = APIClient().get("/sync/notes/links.json")
    assert response.json()["extra"] == {
        "Links": "http://testserver/sync/notes/links.json",
        "Recent": "http://testserver/sync/notes/recent.json",
    }


def test_extra_action_url_map_is_empty_outside_a_router():
    view = Echo()
    view.request = None
    assert view.get_extra_action_url_map() == {}


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_viewsets")
def test_action_initkwargs_apply_to_that_route_only():
    client = APIClient()
    response = client.get("/sync/notes/1/private/")
    assert response.status_code == 403
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'
    assert client.get("/sync/notes/").status_code == 200


@pytest.mark.urls("tests.urls_viewsets")
def test_unhandled_error_in_an_action_is_a_bare_500():
    response = APIClient(raise_request_exception=False).get("/sync/echo/boom/")
    assert response.status_code == 500
    assert b"secret detail" not in response.content


@pytest.mark.urls("tests.urls_viewsets")
def test_action_with_its_own_renderer():
    # The tutorial's ``highlight`` action: ``renderer_classes`` given to @action.
    response = APIClient().get("/sync/echo/5/highlight/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == b"<b>5</b>"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    response = APIClient().get("/sync/echo/5/")
    assert response["Content-Type"] == "application/json"
