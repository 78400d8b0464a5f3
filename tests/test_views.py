"""The view layer through HTTP: every error case, byte for byte, over the sync and async paths.

``sync`` runs sync views through Django's WSGI test handler; ``async`` runs ``async def`` views
through Django's ASGI handler (``AsyncAPIClient``), where they execute on the event loop.
"""

import base64
import json
import logging

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import got_request_exception
from django.db import connection

from restframe import exceptions
from restframe.response import Response
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from restframe.views import APIView

pytestmark = pytest.mark.urls("tests.urls_views")

MODES = ["sync", "async"]


def call(mode, method, path, **kwargs):
    """Send one request to ``/<mode>/<path>`` the way that mode's server would run it."""
    if mode == "sync":
        client = APIClient(raise_request_exception=False)
        return getattr(client, method)(f"/sync/{path}", **kwargs)
    client = AsyncAPIClient(raise_request_exception=False)
    return async_to_sync(getattr(client, method))(f"/async/{path}", **kwargs)


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"


@pytest.fixture
def signals():
    """Every ``got_request_exception`` sent while the test runs."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    got_request_exception.connect(receiver)
    yield received
    got_request_exception.disconnect(receiver)


# --- errors raised by handlers: status, headers, exact bytes -------------------------------

ERROR_CASES = [
    ("not-found", 404, b'{"detail":"Not found."}'),
    ("http404", 404, b'{"detail":"No Book matches the given query."}'),
    ("django-denied", 403, b'{"detail":"Nope."}'),
    ("denied", 403, b'{"detail":"You do not have permission to perform this action."}'),
    (
        "validation-dict",
        400,
        b'{"amount":["A valid integer is required."],'
        b'"description":["This field may not be blank."]}',
    ),
    ("validation-str", 400, b'["This field must be an integer value."]'),
    ("unavailable", 503, b'{"detail":"Service temporarily unavailable, try again later."}'),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("case", "status", "body"), ERROR_CASES)
def test_raised_errors_render_drf_bodies(mode, case, status, body):
    response = call(mode, "get", case)
    assert response.status_code == status
    assert response.content == body
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    # SessionAuthentication touched the session, so SessionMiddleware adds Cookie (as in DRF).
    assert response["Vary"] == "Accept, Cookie"


@pytest.mark.parametrize("mode", MODES)
def test_auth_failure_without_challenge_becomes_403(mode):
    # The default first authenticator (SessionAuthentication) has no WWW-Authenticate header.
    response = call(mode, "get", "auth-failed")
    assert response.status_code == 403
    assert response.content == b'{"detail":"Incorrect authentication credentials."}'
    assert "WWW-Authenticate" not in response


@pytest.mark.parametrize("mode", MODES)
def test_method_not_allowed_names_the_method_with_double_quotes(mode):
    response = call(mode, "delete", "echo")
    assert response.status_code == 405
    assert response.content == b'{"detail":"Method \\"DELETE\\" not allowed."}'
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


@pytest.mark.parametrize("mode", MODES)
def test_malformed_json_is_a_parse_error(mode):
    response = call(mode, "post", "echo", data=b'{"a": ', content_type="application/json")
    assert response.status_code == 400
    assert response.content == (
        b'{"detail":"JSON parse error - Expecting value: line 1 column 7 (char 6)"}'
    )


@pytest.mark.parametrize("mode", MODES)
def test_invalid_utf8_is_a_parse_error(mode):
    response = call(mode, "post", "echo", data=b'{"a": "\xff"}', content_type="application/json")
    assert response.status_code == 400
    assert json.loads(response.content)["detail"].startswith(
        "JSON parse error - 'utf-8' codec can't decode byte 0xff"
    )


@pytest.mark.parametrize("mode", MODES)
def test_unsupported_media_type_quotes_the_full_header(mode):
    response = call(mode, "post", "echo", data=b"a=b", content_type="text/plain; charset=utf-8")
    assert response.status_code == 415
    assert response.content == (
        b'{"detail":"Unsupported media type \\"text/plain; charset=utf-8\\" in request."}'
    )


@pytest.mark.parametrize("mode", MODES)
def test_unsatisfiable_accept_is_406_rendered_as_json(mode):
    response = call(mode, "get", "echo", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response.content == b'{"detail":"Could not satisfy the request Accept header."}'
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("mode", MODES)
def test_unknown_format_query_parameter_is_404(mode):
    response = call(mode, "get", "echo?format=xml")
    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'


@pytest.mark.parametrize("mode", MODES)
def test_json_success_and_echo(mode):
    response = call(mode, "post", "echo", data={"name": "é"}, format="json")
    assert response.status_code == 200
    assert response.content == '{"received":{"name":"é"}}'.encode()


# --- authentication, permissions, throttling -----------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_basic_auth_missing_credentials_is_401_with_challenge(mode):
    response = call(mode, "get", "basic")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
def test_basic_auth_checks_the_database_without_blocking_the_loop(mode):
    # The async path must run the (blocking) user lookup off the event loop, or Django raises
    # SynchronousOnlyOperation and the request would be a 500.
    User.objects.create_user("ada", password="lovelace")
    ok = call(mode, "get", "basic", HTTP_AUTHORIZATION=basic("ada", "lovelace"))
    assert (ok.status_code, ok.content) == (200, b'{"user":"ada"}')
    bad = call(mode, "get", "basic", HTTP_AUTHORIZATION=basic("ada", "wrong"))
    assert bad.status_code == 401
    assert bad.content == b'{"detail":"Invalid username/password."}'
    assert bad["WWW-Authenticate"] == 'Basic realm="api"'


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
def test_session_auth_unauthenticated_is_403(mode):
    response = call(mode, "get", "session")
    assert response.status_code == 403
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'
    assert "WWW-Authenticate" not in response


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
def test_permission_message_and_code_are_used(mode):
    User.objects.create_user("ada", password="lovelace")
    response = call(mode, "get", "members", HTTP_AUTHORIZATION=basic("ada", "lovelace"))
    assert response.status_code == 403
    assert response.content == b'{"detail":"Members only."}'


@pytest.mark.parametrize("mode", MODES)
def test_throttled_has_retry_after(mode):
    response = call(mode, "get", "throttled")
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert response.content == (
        b'{"detail":"Request was throttled. Expected available in 5 seconds."}'
    )


# --- server errors: reported once, nothing leaked ------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_handled_5xx_is_reported_once(mode, signals, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = call(mode, "get", "unavailable")
    assert response.status_code == 503
    # SPEC 0.3: only unhandled exceptions send got_request_exception (Django's test client
    # re-raises what it carries); the one ERROR record carries the traceback.
    assert signals == []
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None


@pytest.mark.parametrize("mode", MODES)
def test_handled_5xx_does_not_make_the_test_client_raise(mode):
    client = APIClient() if mode == "sync" else AsyncAPIClient()
    if mode == "sync":
        response = client.get("/sync/unavailable")
    else:
        response = async_to_sync(client.get)("/async/unavailable")
    assert response.status_code == 503


@pytest.mark.parametrize("mode", MODES)
def test_unhandled_error_is_reraised_to_django_and_reported_once(mode, signals):
    response = call(mode, "get", "crash")
    assert response.status_code == 500
    assert len(signals) == 1
    assert b"secret internals" not in response.content


@pytest.mark.parametrize("mode", MODES)
def test_unhandled_error_reaches_the_test_client(mode):
    client = APIClient() if mode == "sync" else AsyncAPIClient()
    with pytest.raises(ZeroDivisionError):
        if mode == "sync":
            client.get("/sync/crash")
        else:
            async_to_sync(client.get)("/async/crash")


# --- custom exception handlers -------------------------------------------------------------


def status_code_handler(exc, context):
    """The handler from DRF's documentation: add the status code to the body."""
    from restframe.views import exception_handler

    response = exception_handler(exc, context)
    if response is not None:
        response.data["status_code"] = response.status_code
    return response


def returns_garbage(exc, context):
    return {"not": "a response"}


@pytest.mark.parametrize("mode", MODES)
def test_custom_exception_handler_setting(mode, settings):
    settings.REST_FRAMEWORK = {"EXCEPTION_HANDLER": "tests.test_views.status_code_handler"}
    response = call(mode, "delete", "echo")
    assert response.status_code == 405
    assert response.content == (b'{"detail":"Method \\"DELETE\\" not allowed.","status_code":405}')


def raises_itself(exc, context):
    raise RuntimeError("handler bug: secret internals")


@pytest.mark.parametrize("handler", ["returns_garbage", "raises_itself"])
@pytest.mark.parametrize("mode", MODES)
def test_broken_exception_handler_fails_into_a_clean_500(mode, handler, settings, signals, caplog):
    settings.REST_FRAMEWORK = {"EXCEPTION_HANDLER": f"tests.test_views.{handler}"}
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = call(mode, "get", "not-found", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    body = json.loads(response.content)
    assert set(body) == {"detail", "error_id"}
    assert body["detail"] == "A server error occurred."
    assert len(signals) == 1
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].error_id == body["error_id"]
    assert records[0].exc_info is not None  # the failure is logged, never shown


@pytest.mark.parametrize("mode", MODES)
def test_unhandled_error_body_has_an_error_id_and_no_internals(mode, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = call(mode, "get", "crash", HTTP_ACCEPT="application/json")
    body = json.loads(response.content)
    assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
    assert b"secret" not in response.content
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.error_id == body["error_id"]
    assert body["error_id"] in record.getMessage()


def test_exception_handler_context():
    seen = {}

    def handler(exc, context):
        seen.update(context)
        return Response({"seen": True}, status=418)

    class View(APIView):
        def get(self, request, pk):
            raise exceptions.NotFound()

        def get_exception_handler(self):
            return handler

    request = APIRequestFactory().get("/thing/7")
    response = View.as_view()(request, pk=7)
    assert response.status_code == 418
    assert isinstance(seen["view"], View)
    assert seen["kwargs"] == {"pk": 7}
    assert seen["args"] == ()
    assert seen["request"].method == "GET"


# --- transactions --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_handled_error_rolls_back_atomic_requests(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    response = APIClient().post("/sync/create-then-fail", {}, format="json")
    assert response.status_code == 400
    assert not User.objects.filter(username="partial").exists()


# --- sync/async decided at class creation --------------------------------------------------


def test_mixing_sync_and_async_handlers_is_improperly_configured():
    with pytest.raises(ImproperlyConfigured, match="must either be all sync or all async"):

        class Mixed(APIView):
            def get(self, request):
                return Response({})

            async def post(self, request):
                return Response({})


def test_view_is_async_is_decided_per_class():
    class SyncView(APIView):
        def get(self, request):
            return Response({})

    class AsyncView(APIView):
        async def get(self, request):
            return Response({})

    assert SyncView.view_is_async is False
    assert AsyncView.view_is_async is True


@pytest.mark.parametrize("mode", MODES)
def test_options_describes_the_view(mode):
    response = call(mode, "options", "echo")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["renders"] == ["application/json", "text/html"]
    assert body["parses"] == [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ]


def test_returning_a_non_response_is_a_clear_error():
    class View(APIView):
        def get(self, request):
            return {"forgot": "Response"}

    with pytest.raises(TypeError, match="Expected a `Response`"):
        View.as_view()(APIRequestFactory().get("/"))


def test_policy_attributes_follow_override_settings(settings):
    class View(APIView):
        def get(self, request):
            return Response({"ok": True})

    settings.REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["restframe.renderers.JSONRenderer"]}
    response = View.as_view()(APIRequestFactory().get("/"))
    response.render()
    assert "Vary" not in response
    assert View.renderer_classes[0].__name__ == "JSONRenderer"
    assert len(View.renderer_classes) == 1


# --- @api_view -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_api_view_functions(mode):
    ok = call(mode, "get", "fn")
    assert ok.content == f'{{"fn":"{mode}"}}'.encode()
    assert ok["Allow"] == "GET, POST, OPTIONS"
    missing = call(mode, "post", "fn", data={}, format="json")
    assert (missing.status_code, missing.content) == (404, b'{"detail":"Not found."}')
    denied = call(mode, "put", "fn", data={}, format="json")
    assert denied.status_code == 405


def test_api_view_policy_decorators():
    response = APIClient().get("/sync/fn-basic")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


def test_api_view_without_method_list_is_a_clear_error():
    from restframe.decorators import api_view

    @api_view
    def view(request):
        return Response({})

    # As in DRF, the mistake shows when the view is called, as both error types DRF users catch.
    with pytest.raises(TypeError, match=r"missing list of allowed HTTP methods: use @api_view\(\)"):
        view(APIRequestFactory().get("/"))
    with pytest.raises(AssertionError):
        view(APIRequestFactory().get("/"))


@pytest.mark.parametrize("mode", MODES)
def test_problem_only_accept_gets_the_views_real_error_as_a_problem(mode):
    response = call(mode, "get", "not-found", HTTP_ACCEPT="application/problem+json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.content == (
        b'{"type":"about:blank","title":"Not Found","status":404,"detail":"Not found.",'
        b'"instance":"/%s/not-found","code":"not_found"}' % mode.encode()
    )


@pytest.mark.parametrize("mode", MODES)
def test_problem_only_accept_answers_the_same_when_repeated(mode):
    # The view's choice for this Accept is remembered after the first request: the success
    # stays the view's JSON, errors stay problems, and an Accept nothing fits stays a 406.
    problem = "application/problem+json"
    for _ in range(3):
        ok = call(mode, "post", "echo", data={"a": 1}, format="json", HTTP_ACCEPT=problem)
        assert (ok.status_code, ok["Content-Type"]) == (200, "application/json")
        assert ok.content == b'{"received":{"a":1}}'
        missing = call(mode, "get", "not-found", HTTP_ACCEPT=problem)
        assert (missing.status_code, missing["Content-Type"]) == (404, problem)
        refused = call(mode, "get", "echo", HTTP_ACCEPT="text/csv")
        assert refused.status_code == 406


@pytest.mark.parametrize("mode", MODES)
def test_problem_format_setting_for_validation_errors(mode, settings):
    settings.REST_FRAMEWORK = {"ERROR_FORMAT": "problem"}
    response = call(mode, "get", "validation-dict", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["errors"] == [
        {"pointer": "#/amount", "detail": "A valid integer is required.", "code": "invalid"},
        {"pointer": "#/description", "detail": "This field may not be blank.", "code": "invalid"},
    ]
    assert (body["detail"], body["code"], body["status"]) == ("Invalid input.", "invalid", 400)


@pytest.mark.parametrize("mode", MODES)
def test_problem_format_keeps_headers(mode, settings):
    settings.REST_FRAMEWORK = {"ERROR_FORMAT": "problem"}
    throttled = call(mode, "get", "throttled")
    assert throttled["Retry-After"] == "5"
    assert throttled["Content-Type"] == "application/problem+json"
    challenged = call(mode, "get", "basic")
    assert challenged["WWW-Authenticate"] == 'Basic realm="api"'
    assert json.loads(challenged.content)["code"] == "not_authenticated"


async def async_status_code_handler(exc, context):
    """restframe: an ``async def`` EXCEPTION_HANDLER (e.g. one that awaits a notifier)."""
    from restframe.views import exception_handler

    response = exception_handler(exc, context)
    if response is not None:
        response.data["handled_by"] = "async"
    return response


@pytest.mark.parametrize("mode", MODES)
def test_async_exception_handler(mode, settings):
    settings.REST_FRAMEWORK = {"EXCEPTION_HANDLER": "tests.test_views.async_status_code_handler"}
    response = call(mode, "get", "not-found")
    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found.","handled_by":"async"}'
    crash = call(mode, "get", "crash")
    assert crash.status_code == 500


# --- decided once per class, yet every override honoured (issue 11) -------------------------


class _Counting:
    """A project's own renderer: never shared between requests."""

    instances = 0

    def __init__(self):
        type(self).instances += 1


def test_builtin_stateless_policies_are_shared_and_custom_ones_are_not():
    from restframe.parsers import JSONParser
    from restframe.renderers import JSONRenderer

    class Shared(APIView):
        renderer_classes = [JSONRenderer]
        parser_classes = [JSONParser]

    class OwnParser(JSONParser):
        pass

    class Fresh(Shared):
        parser_classes = [OwnParser]

    assert Shared().get_parsers()[0] is Shared().get_parsers()[0]
    assert Shared().get_renderers()[0] is Shared().get_renderers()[0]
    assert Fresh().get_parsers()[0] is not Fresh().get_parsers()[0]
    # Each call returns its own list: a caller may edit it.
    first = Shared().get_parsers()
    first.append(object())
    assert len(Shared().get_parsers()) == 1


def test_cached_policies_follow_override_settings_after_first_use(settings):
    class View(APIView):
        def get(self, request):
            return Response({"ok": True})

    factory = APIRequestFactory()
    first = View.as_view()(factory.get("/", HTTP_ACCEPT="text/html"))
    assert first.status_code == 200  # the browsable API renderer is among the defaults
    settings.REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["restframe.renderers.JSONRenderer"]}
    second = View.as_view()(factory.get("/", HTTP_ACCEPT="text/html"))
    assert second.status_code == 406


def test_renderer_list_edited_in_place_is_noticed():
    from restframe.renderers import BrowsableAPIRenderer, JSONRenderer

    class View(APIView):
        renderer_classes = [JSONRenderer]

        def get(self, request):
            return Response({"ok": True})

    factory = APIRequestFactory()
    assert View.as_view()(factory.get("/", HTTP_ACCEPT="text/html")).status_code == 406
    View.renderer_classes.append(BrowsableAPIRenderer)
    assert View.as_view()(factory.get("/", HTTP_ACCEPT="text/html")).status_code == 200


def test_overridden_get_renderers_and_negotiator_are_honoured():
    from restframe.negotiation import DefaultContentNegotiation
    from restframe.renderers import JSONRenderer

    class Other(JSONRenderer):
        media_type = "application/vnd.other+json"
        format = "other"

    class ByHook(APIView):
        def get_renderers(self):
            return [Other()]

        def get(self, request):
            return Response({"ok": True})

    response = ByHook.as_view()(APIRequestFactory().get("/"))
    response.render()
    assert response["Content-Type"] == "application/vnd.other+json"

    seen = []

    class Negotiator(DefaultContentNegotiation):
        def select_renderer(self, request, renderers, format_suffix=None):
            seen.append(request.META.get("HTTP_ACCEPT"))
            return super().select_renderer(request, renderers, format_suffix)

    class ByClass(APIView):
        renderer_classes = [JSONRenderer]
        content_negotiation_class = Negotiator

        def get(self, request):
            return Response({"ok": True})

    for _ in range(2):
        assert ByClass.as_view()(APIRequestFactory().get("/")).status_code == 200
    assert len(seen) == 2


def test_negotiation_remembered_per_accept_value_gives_the_same_answers():
    from restframe.renderers import BrowsableAPIRenderer, JSONRenderer

    class View(APIView):
        renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

        def get(self, request):
            return Response({"ok": True})

    factory = APIRequestFactory()
    for _ in range(2):
        for accept, media_type, accepted in [
            ("application/json", "application/json", "application/json"),
            ("text/html", "text/html; charset=utf-8", "text/html"),
            ("*/*", "application/json", "application/json"),
            ("application/json; indent=2", "application/json", "application/json; indent=2"),
        ]:
            response = View.as_view()(factory.get("/", HTTP_ACCEPT=accept))
            response.render()
            assert response["Content-Type"] == media_type
            assert response.accepted_media_type == accepted
        response = View.as_view()(factory.get("/?format=json", HTTP_ACCEPT="text/html"))
        response.render()
        assert response["Content-Type"] == "application/json"
        assert View.as_view()(factory.get("/", HTTP_ACCEPT="image/png")).status_code == 406


# --- the straight dispatch path (issue 11): same steps, same hooks ---------------------------

# DRF's hooks the straight path runs inline in their stock form: overriding one (calling super)
# must still see it called on every request, sync and async.
_HOOKS = {
    "initialize_request": lambda view, *a: view.initialize_request(*a),
    "get_parsers": lambda view: view.get_parsers(),
    "get_authenticators": lambda view: view.get_authenticators(),
    "get_content_negotiator": lambda view: view.get_content_negotiator(),
    "get_parser_context": lambda view, *a: view.get_parser_context(*a),
    "initial": lambda view, *a, **k: view.initial(*a, **k),
    "get_format_suffix": lambda view, **k: view.get_format_suffix(**k),
    "perform_content_negotiation": lambda view, *a, **k: view.perform_content_negotiation(*a, **k),
    "get_renderers": lambda view: view.get_renderers(),
    "determine_version": lambda view, *a, **k: view.determine_version(*a, **k),
    "perform_authentication": lambda view, *a: view.perform_authentication(*a),
    "check_permissions": lambda view, *a: view.check_permissions(*a),
    "get_permissions": lambda view: view.get_permissions(),
    "check_throttles": lambda view, *a: view.check_throttles(*a),
    "get_throttles": lambda view: view.get_throttles(),
}


async def _awaited(coroutine):
    return await coroutine


def _recording_view(hook, is_async):
    from restframe.permissions import IsAuthenticated

    calls = []
    base = _HOOKS[hook]

    def override(self, *args, **kwargs):
        calls.append(hook)
        return getattr(super(type(self), self), hook)(*args, **kwargs)

    async def get_async(self, request):
        return Response({"ok": True})

    def get_sync(self, request):
        return Response({"ok": True})

    namespace = {hook: override, "get": get_async if is_async else get_sync}
    if hook in ("check_permissions", "get_permissions"):
        namespace["permission_classes"] = [IsAuthenticated]
    view = type("Recorded", (APIView,), namespace)
    assert base  # every listed hook is a real DRF hook name
    return view, calls


@pytest.mark.parametrize("hook", sorted(_HOOKS))
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_an_overridden_hook_is_called_on_every_request(hook, is_async):
    view, calls = _recording_view(hook, is_async)
    assert view._straight is False
    func = view.as_view()
    for _ in range(2):
        request = APIRequestFactory().get("/", HTTP_ACCEPT="application/json")
        response = func(request)
        if is_async:
            response = async_to_sync(_awaited)(response)
        response.render()
        assert response.status_code in (200, 403)
    assert calls.count(hook) >= 2


def test_stock_views_take_the_straight_path():
    from restframe.generics import ListAPIView

    class Plain(APIView):
        pass

    class AsyncPlain(APIView):
        async def get(self, request):
            return Response({})

    assert Plain._straight and AsyncPlain._astraight
    assert ListAPIView._straight  # generic views override none of the inlined hooks


def test_class_attributes_reassigned_after_first_use_are_noticed():
    from restframe.permissions import IsAuthenticated

    class View(APIView):
        def get(self, request):
            return Response({"ok": True})

    factory = APIRequestFactory()
    assert View.as_view()(factory.get("/")).status_code == 200
    View.permission_classes = [IsAuthenticated]
    assert View.as_view()(factory.get("/")).status_code == 403
    View.permission_classes = []
    View.authentication_classes = []
    assert View.as_view()(factory.get("/")).status_code == 200


def test_routes_of_one_class_keep_their_own_initkwargs():
    from restframe.permissions import IsAuthenticated
    from restframe.renderers import JSONRenderer

    class View(APIView):
        renderer_classes = [JSONRenderer]

        def get(self, request):
            return Response({"ok": True})

    open_route = View.as_view()
    closed_route = View.as_view(permission_classes=[IsAuthenticated])
    factory = APIRequestFactory()
    for _ in range(3):
        assert open_route(factory.get("/")).status_code == 200
        assert closed_route(factory.get("/")).status_code == 403


def test_a_patched_allow_any_is_honoured(monkeypatch):
    from restframe.permissions import AllowAny

    class View(APIView):
        permission_classes = [AllowAny]

        def get(self, request):
            return Response({"ok": True})

    factory = APIRequestFactory()
    assert View.as_view()(factory.get("/")).status_code == 200
    monkeypatch.setattr(AllowAny, "has_permission", lambda self, request, view: False)
    assert View.as_view()(factory.get("/")).status_code == 403


def test_versioning_and_format_suffix_on_the_straight_path():
    from restframe.renderers import BrowsableAPIRenderer, JSONRenderer
    from restframe.versioning import QueryParameterVersioning

    seen = []

    class View(APIView):
        renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
        versioning_class = QueryParameterVersioning

        def get(self, request, format=None):
            seen.append((request.version, request.accepted_renderer.format, self.format_kwarg))
            return Response({"ok": True})

    func = View.as_view()
    factory = APIRequestFactory()
    func(factory.get("/?version=2", HTTP_ACCEPT="text/html, */*"), format="json")
    func(factory.get("/", HTTP_ACCEPT="text/html, */*"))
    assert seen == [("2", "json", "json"), (None, "api", None)]


def test_head_and_unknown_methods_on_the_straight_path():
    class View(APIView):
        http_method_names = ["get", "head", "options"]

        def get(self, request):
            return Response({"ok": True})

        def post(self, request):  # not among http_method_names: 405
            return Response({"posted": True})

    factory = APIRequestFactory()
    func = View.as_view()
    assert func(factory.head("/")).status_code == 200
    response = func(factory.post("/", {}, format="json"))
    response.render()
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert json.loads(response.content) == {"detail": 'Method "POST" not allowed.'}
