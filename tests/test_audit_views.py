"""Audit of the exception and view layer against DRF 3.18: the cases the other suites missed.

Each test pins what a DRF project sees after switching (status, headers, exact bytes, or the
public API's return values).
"""

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.urls import path

from restframe import exceptions, permissions
from restframe.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
    throttle_scope,
)
from restframe.response import Response
from restframe.settings import APISettings
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from restframe.throttling import ScopedRateThrottle
from restframe.views import APIView, exception_handler

pytestmark = pytest.mark.urls("tests.test_audit_views")

LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"
DENIED = b'{"detail":"You do not have permission to perform this action."}'


class MembersSync(APIView):
    authentication_classes = []
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


class MembersAsync(APIView):
    authentication_classes = []
    permission_classes = [permissions.IsAuthenticated]

    async def get(self, request):
        return Response({"ok": True})


@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.IsAuthenticated])
async def members_fn(request):
    return Response({"ok": True})


class Busy(exceptions.APIException):
    status_code = 503
    default_detail = {"reason": "busy", "retry": ["later"]}
    default_code = "audit_busy"


class BusyList(exceptions.APIException):
    status_code = 503
    default_detail = ["busy", "later"]
    default_code = "audit_busy_list"


class BusyView(APIView):
    def get(self, request):
        raise Busy()


class BusyListView(APIView):
    def get(self, request):
        raise BusyList()


urlpatterns = [
    path("members-sync", MembersSync.as_view()),
    path("members-async", MembersAsync.as_view()),
    path("members-fn", members_fn),
    path("busy", BusyView.as_view()),
    path("busy-list", BusyListView.as_view()),
]


def get(mode, url, **kwargs):
    if mode == "sync":
        return APIClient(raise_request_exception=False).get(url, **kwargs)
    client = AsyncAPIClient(raise_request_exception=False)
    return async_to_sync(client.get)(url, **kwargs)


# --- exceptions --------------------------------------------------------------------------------


def test_structured_default_detail_keeps_its_shape_over_http():
    response = APIClient().get("/busy")
    assert response.status_code == 503
    assert response.content == b'{"reason":"busy","retry":["later"]}'
    response = APIClient().get("/busy-list")
    assert response.content == b'["busy","later"]'


def test_structured_default_detail_codes():
    assert Busy().get_codes() == {"reason": "audit_busy", "retry": ["audit_busy"]}
    assert BusyList().get_full_details() == [
        {"message": "busy", "code": "audit_busy_list"},
        {"message": "later", "code": "audit_busy_list"},
    ]


def test_only_throttled_carries_a_wait_and_no_exception_starts_with_a_challenge():
    assert not hasattr(exceptions.NotFound(), "wait")
    assert not hasattr(exceptions.APIException(), "wait")
    assert not hasattr(exceptions.NotAuthenticated(), "auth_header")
    assert exceptions.Throttled().wait is None
    assert exceptions.Throttled(1.5).wait == 2


def test_exception_handler_accepts_a_none_context():
    response = exception_handler(exceptions.Throttled(2.5), None)
    assert response.status_code == 429
    assert response["Retry-After"] == "3"
    assert response.data == {"detail": "Request was throttled. Expected available in 3 seconds."}


# --- views -------------------------------------------------------------------------------------


def test_as_view_opts_out_of_login_required():
    assert MembersSync.as_view().login_required is False
    assert members_fn.login_required is False


@pytest.mark.parametrize(
    ("mode", "url"),
    [("sync", "/members-sync"), ("async", "/members-async"), ("async", "/members-fn")],
)
def test_login_required_middleware_leaves_api_views_to_their_permissions(mode, url, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_REQUIRED]
    response = get(mode, url)
    assert response.status_code == 403
    assert response.content == DENIED
    assert response["Content-Type"] == "application/json"


def stamped_handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        response["X-Handled-By"] = "stamped"
    return response


def test_injected_settings_keep_the_projects_policies(settings):
    settings.REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": ["restframe.permissions.IsAuthenticated"],
    }

    class View(APIView):
        settings = APISettings({"EXCEPTION_HANDLER": stamped_handler})

        def get(self, request):
            return Response({"ok": True})

    response = View.as_view()(APIRequestFactory().get("/"))
    response.render()
    assert response.status_code == 403
    assert response.content == DENIED
    assert response["X-Handled-By"] == "stamped"


def test_a_removed_key_in_the_project_settings_is_a_loud_error(settings):
    """Unlike DRF (which silently ignores it), a removed key in the project's settings fails
    on first use, naming the key, so a stale setting is never mistaken for a working one."""
    settings.REST_FRAMEWORK = {"PAGINATE_BY": 10}
    with pytest.raises(RuntimeError, match="The 'PAGINATE_BY' setting has been removed"):
        APIClient().get("/members-sync")


def test_overridden_allowed_methods_reach_the_allow_header():
    class Narrow(APIView):
        def get(self, request):
            return Response({})

        def post(self, request):
            return Response({})

        def _allowed_methods(self):
            return ["GET", "OPTIONS"]

    response = Narrow.as_view()(APIRequestFactory().get("/"))
    assert response["Allow"] == "GET, OPTIONS"


def test_allowed_methods_computed_per_request_are_not_cached():
    class PerRequest(APIView):
        def get(self, request):
            return Response({})

        def delete(self, request):
            return Response({})

        @property
        def allowed_methods(self):
            if self.request.query_params.get("readonly"):
                return ["GET", "HEAD", "OPTIONS"]
            return ["GET", "DELETE", "HEAD", "OPTIONS"]

    view = PerRequest.as_view()
    factory = APIRequestFactory()
    assert view(factory.get("/?readonly=1"))["Allow"] == "GET, HEAD, OPTIONS"
    assert view(factory.get("/"))["Allow"] == "GET, DELETE, HEAD, OPTIONS"


def test_custom_vary_default_header_is_normalised():
    class Varies(APIView):
        @property
        def default_response_headers(self):
            return {"Allow": "GET", "Vary": "Accept,Accept-Language"}

        def get(self, request):
            return Response({})

    response = Varies.as_view()(APIRequestFactory().get("/"))
    assert response["Vary"] == "Accept, Accept-Language"


def test_returning_a_non_response_is_also_an_assertion_error():
    class View(APIView):
        def get(self, request):
            return None

    with pytest.raises(AssertionError, match="Expected a `Response`"):
        View.as_view()(APIRequestFactory().get("/"))


# --- @api_view and the policy decorators --------------------------------------------------------


def test_api_view_rejects_a_bare_string():
    with pytest.raises(AssertionError) as info:

        @api_view("GET")
        def view(request):
            return Response({})

    assert str(info.value) == "@api_view expected a list of strings, received str"


def test_api_view_without_a_list_is_an_assertion_error_too():
    @api_view
    def view(request):
        return Response({})

    with pytest.raises(AssertionError, match="missing list of allowed HTTP methods"):
        view(None)


def test_policy_decorator_above_api_view_is_an_error():
    with pytest.raises(TypeError) as info:

        @permission_classes([permissions.IsAuthenticated])
        @api_view(["GET"])
        def view(request):
            return Response({})

    assert str(info.value) == (
        "@permission_classes must come after (below) the @api_view decorator. "
        "The correct order is:\n\n"
        "    @api_view(['GET'])\n"
        "    @permission_classes(...)\n"
        "    def my_view(request):\n"
        "        ...\n\n"
        "See https://www.django-rest-framework.org/api-guide/views/#api-policy-decorators"
    )


def test_throttle_scope_decorator(settings):
    settings.REST_FRAMEWORK = {"DEFAULT_THROTTLE_RATES": {"audit-burst": "1/min"}}
    cache.clear()

    @api_view(["GET"])
    @throttle_classes([ScopedRateThrottle])
    @throttle_scope("audit-burst")
    def view(request):
        return Response({"ok": True})

    assert view.cls.throttle_scope == "audit-burst"
    factory = APIRequestFactory()
    first = view(factory.get("/"))
    second = view(factory.get("/"))
    second.render()
    cache.clear()
    assert first.status_code == 200
    assert second.status_code == 429
    assert second["Retry-After"] == "60"
    assert second.content == (
        b'{"detail":"Request was throttled. Expected available in 60 seconds."}'
    )


def test_api_view_has_no_throttle_scope_by_default():
    @api_view(["GET"])
    def view(request):
        return Response({})

    assert view.cls.throttle_scope is None
