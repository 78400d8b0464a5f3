"""Permissions: built-ins, ``&``/``|``/``~`` truth tables (sync and async), Django model and object
permissions (the 404-vs-403 rule), and which async twins answer without a thread hop.

Permission classes only read ``request.user`` and ``request.method``; unit tests hand them Django
requests. The view-level behaviour (``message``/``code``, 401 vs 403) is in
the HTTP tests at the end of this module.
"""

from __future__ import annotations

import base64
import itertools
from typing import Any

import pytest
from asgiref.sync import sync_to_async as real_sync_to_async
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe import permissions
from restframe.exceptions import MethodNotAllowed
from restframe.permissions import (
    AND,
    NOT,
    OR,
    SAFE_METHODS,
    AllowAny,
    BasePermission,
    DjangoModelPermissions,
    DjangoModelPermissionsOrAnonReadOnly,
    DjangoObjectPermissions,
    IsAdminUser,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
    OperandHolder,
    SingleOperandHolder,
)
from tests.models_auth import OBJECT_BACKENDS, OBJECT_GRANTS, PermissionTarget

factory = RequestFactory()


class FakeUser:
    def __init__(self, authenticated: bool = True, staff: bool = False) -> None:
        self.is_authenticated = authenticated
        self.is_staff = staff


def make_request(method: str = "GET", user: Any = None) -> Any:
    request = factory.generic(method, "/")
    request.user = user if user is not None else AnonymousUser()
    return request


class View:
    pass


@pytest.fixture
def no_thread_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("unexpected sync_to_async")

    monkeypatch.setattr(permissions, "sync_to_async", refuse)


@pytest.fixture
def thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def record(func: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(func, "__name__", repr(func)))
        return real_sync_to_async(func, *args, **kwargs)

    monkeypatch.setattr(permissions, "sync_to_async", record)
    return calls


def test_safe_methods() -> None:
    assert SAFE_METHODS == ("GET", "HEAD", "OPTIONS")


# --- built-ins ----------------------------------------------------------------------------

ANON = AnonymousUser()
USER = FakeUser()
STAFF = FakeUser(staff=True)
ANON_STAFF = FakeUser(authenticated=False, staff=True)


@pytest.mark.parametrize(
    ("permission", "method", "user", "expected"),
    [
        (AllowAny, "POST", ANON, True),
        (AllowAny, "DELETE", USER, True),
        (IsAuthenticated, "GET", ANON, False),
        (IsAuthenticated, "GET", USER, True),
        (IsAdminUser, "GET", USER, False),
        (IsAdminUser, "GET", STAFF, True),
        (IsAdminUser, "GET", ANON_STAFF, True),  # DRF looks at is_staff only
        (IsAdminUser, "GET", ANON, False),
        (IsAuthenticatedOrReadOnly, "GET", ANON, True),
        (IsAuthenticatedOrReadOnly, "HEAD", ANON, True),
        (IsAuthenticatedOrReadOnly, "OPTIONS", ANON, True),
        (IsAuthenticatedOrReadOnly, "POST", ANON, False),
        (IsAuthenticatedOrReadOnly, "PUT", ANON, False),
        (IsAuthenticatedOrReadOnly, "PATCH", ANON, False),
        (IsAuthenticatedOrReadOnly, "DELETE", ANON, False),
        (IsAuthenticatedOrReadOnly, "DELETE", USER, True),
    ],
)
async def test_builtins(
    permission: type[BasePermission], method: str, user: Any, expected: bool, no_thread_hop: None
) -> None:
    request = make_request(method, user)
    assert permission().has_permission(request, View()) is expected
    assert await permission().ahas_permission(request, View()) is expected
    assert permission().has_object_permission(request, View(), object()) is True
    assert await permission().ahas_object_permission(request, View(), object()) is True


def test_user_none_is_refused() -> None:
    request = make_request()
    request.user = None
    assert IsAuthenticated().has_permission(request, View()) is False
    assert IsAdminUser().has_permission(request, View()) is False
    assert IsAuthenticatedOrReadOnly().has_permission(make_request("GET"), View()) is True


def test_message_and_code_default_to_none() -> None:
    class Custom(BasePermission):
        message = "Only owners."
        code = "not_owner"

    assert (BasePermission.message, BasePermission.code) == (None, None)
    assert (Custom().message, Custom().code) == ("Only owners.", "not_owner")


# --- composition --------------------------------------------------------------------------


def perm(has: bool, has_obj: bool) -> type[BasePermission]:
    class Fixed(BasePermission):
        io_free = True

        def has_permission(self, request: Any, view: Any) -> bool:
            return has

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            return has_obj

    Fixed.__name__ = f"P{int(has)}{int(has_obj)}"
    return Fixed


BOOL_PAIRS = list(itertools.product([False, True], repeat=2))


@pytest.mark.parametrize(("a", "b"), list(itertools.product(BOOL_PAIRS, repeat=2)))
async def test_and_or_truth_tables(
    a: tuple[bool, bool], b: tuple[bool, bool], no_thread_hop: None
) -> None:
    request = make_request()
    obj = object()
    pa, pb = perm(*a), perm(*b)
    both = (pa & pb)()
    either = (pa | pb)()
    assert isinstance(both, AND) and isinstance(either, OR)
    assert both.has_permission(request, View()) is (a[0] and b[0])
    assert both.has_object_permission(request, View(), obj) is (a[1] and b[1])
    assert either.has_permission(request, View()) is (a[0] or b[0])
    # OR counts an operand for an object only if it also grants the request.
    expected_obj = (a[0] and a[1]) or (b[0] and b[1])
    assert either.has_object_permission(request, View(), obj) is expected_obj
    assert await both.ahas_permission(request, View()) is (a[0] and b[0])
    assert await both.ahas_object_permission(request, View(), obj) is (a[1] and b[1])
    assert await either.ahas_permission(request, View()) is (a[0] or b[0])
    assert await either.ahas_object_permission(request, View(), obj) is expected_obj


@pytest.mark.parametrize("a", BOOL_PAIRS)
async def test_not_truth_table(a: tuple[bool, bool], no_thread_hop: None) -> None:
    request = make_request()
    inverted = (~perm(*a))()
    assert isinstance(inverted, NOT)
    assert inverted.has_permission(request, View()) is (not a[0])
    assert inverted.has_object_permission(request, View(), object()) is (not a[1])
    assert await inverted.ahas_permission(request, View()) is (not a[0])
    assert await inverted.ahas_object_permission(request, View(), object()) is (not a[1])


def test_or_with_admin_does_not_leak_object_access() -> None:
    """``IsAdminUser | IsOwner``: a non-admin must not pass on IsAdminUser's object default."""

    class IsOwner(BasePermission):
        io_free = True

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            return bool(obj == "mine")

    combined = (IsAdminUser | IsOwner)()
    request = make_request("PUT", USER)
    assert combined.has_permission(request, View()) is True
    assert combined.has_object_permission(request, View(), "theirs") is False
    assert combined.has_object_permission(request, View(), "mine") is True


def test_holders() -> None:
    holder = IsAuthenticated & IsAdminUser
    assert isinstance(holder, OperandHolder)
    assert holder == (IsAuthenticated & IsAdminUser)
    assert hash(holder) == hash(IsAuthenticated & IsAdminUser)
    assert holder != (IsAuthenticated | IsAdminUser)
    assert holder != (IsAdminUser & IsAuthenticated)
    assert isinstance(~IsAuthenticated, SingleOperandHolder)
    nested = (IsAuthenticated | ~IsAdminUser) & AllowAny
    instance = nested()
    assert isinstance(instance, AND) and isinstance(instance.op1, OR)
    assert isinstance(instance.op1.op2, NOT) and isinstance(instance.op1.op2.op1, IsAdminUser)
    assert {holder: 1}[IsAuthenticated & IsAdminUser] == 1


Expr = Any  # ("leaf", (hp, hop)) | ("and"|"or", e1, e2) | ("not", e)

leaves = st.tuples(st.booleans(), st.booleans()).map(lambda pair: ("leaf", pair))
expressions = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.tuples(st.sampled_from(["and", "or"]), children, children),
        st.tuples(st.just("not"), children),
    ),
    max_leaves=8,
)


def build(expr: Expr) -> Any:
    kind = expr[0]
    if kind == "leaf":
        return perm(*expr[1])
    if kind == "not":
        return ~build(expr[1])
    left, right = build(expr[1]), build(expr[2])
    return left & right if kind == "and" else left | right


def ref_has(expr: Expr) -> bool:
    kind = expr[0]
    if kind == "leaf":
        return bool(expr[1][0])
    if kind == "not":
        return not ref_has(expr[1])
    if kind == "and":
        return ref_has(expr[1]) and ref_has(expr[2])
    return ref_has(expr[1]) or ref_has(expr[2])


def ref_has_obj(expr: Expr) -> bool:
    kind = expr[0]
    if kind == "leaf":
        return bool(expr[1][1])
    if kind == "not":
        return not ref_has_obj(expr[1])
    if kind == "and":
        return ref_has_obj(expr[1]) and ref_has_obj(expr[2])
    return (ref_has(expr[1]) and ref_has_obj(expr[1])) or (
        ref_has(expr[2]) and ref_has_obj(expr[2])
    )


@settings(max_examples=150, deadline=None)
@given(expressions)
async def test_composed_expressions_match_the_reference(expr: Expr) -> None:
    instance = build(expr)()
    request = make_request()
    obj = object()
    assert bool(instance.has_permission(request, View())) is ref_has(expr)
    assert bool(instance.has_object_permission(request, View(), obj)) is ref_has_obj(expr)
    assert await instance.ahas_permission(request, View()) is ref_has(expr)
    assert await instance.ahas_object_permission(request, View(), obj) is ref_has_obj(expr)


async def test_composition_of_io_free_builtins_stays_inline(no_thread_hop: None) -> None:
    composed = ((IsAuthenticated & ~IsAdminUser) | IsAuthenticatedOrReadOnly)()
    assert await composed.ahas_permission(make_request("POST", USER), View()) is True
    assert await composed.ahas_permission(make_request("POST", ANON), View()) is False
    assert await composed.ahas_object_permission(make_request("POST", USER), View(), 1) is True


# --- async defaults -------------------------------------------------------------------------


async def test_custom_permission_runs_in_a_thread(thread_hops: list[str]) -> None:
    class QueriesSomething(IsAuthenticated):
        def has_permission(self, request: Any, view: Any) -> bool:
            return request.method == "GET"

    assert await QueriesSomething().ahas_permission(make_request("GET"), View()) is True
    assert await QueriesSomething().ahas_permission(make_request("POST"), View()) is False
    # has_object_permission was not overridden: still BasePermission's inline answer.
    assert await QueriesSomething().ahas_object_permission(make_request(), View(), 1) is True
    assert thread_hops == ["has_permission", "has_permission"]


async def test_custom_permission_may_declare_itself_io_free(thread_hops: list[str]) -> None:
    class HeaderCheck(BasePermission):
        io_free = True

        def has_permission(self, request: Any, view: Any) -> bool:
            return "HTTP_X_KEY" in request.META

    assert await HeaderCheck().ahas_permission(make_request(), View()) is False
    assert thread_hops == []


async def test_composition_with_a_duck_typed_operand(thread_hops: list[str]) -> None:
    """An operand without async twins (not a BasePermission) is asked in a thread."""

    class Duck:
        def has_permission(self, request: Any, view: Any) -> bool:
            return True

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            return False

    combined = AND(IsAuthenticated(), Duck())
    assert await combined.ahas_permission(make_request(user=USER), View()) is True
    assert await combined.ahas_object_permission(make_request(user=USER), View(), 1) is False
    assert thread_hops == ["has_permission", "has_object_permission"]


async def test_model_permissions_run_in_a_thread(thread_hops: list[str]) -> None:
    class HasAll(FakeUser):
        def has_perms(self, perms: list[str], obj: Any = None) -> bool:
            return True

    class ListView(View):
        queryset = PermissionTarget.objects.all()

    request = make_request("POST", HasAll())
    assert await DjangoModelPermissions().ahas_permission(request, ListView()) is True
    assert thread_hops == ["has_permission"]


# --- Django model permissions ---------------------------------------------------------------


class TargetView(View):
    queryset = PermissionTarget.objects.all()


def grant(user: Any, *codenames: str) -> Any:
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    # Permissions are cached on the instance: fetch a fresh one.
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "codename"),
    [
        ("POST", "add_permissiontarget"),
        ("PUT", "change_permissiontarget"),
        ("PATCH", "change_permissiontarget"),
        ("DELETE", "delete_permissiontarget"),
    ],
)
def test_model_permissions_per_method(django_user_model: Any, method: str, codename: str) -> None:
    user = django_user_model.objects.create_user("u", password="pw")
    assert (
        DjangoModelPermissions().has_permission(make_request(method, user), TargetView()) is False
    )
    user = grant(user, codename)
    assert DjangoModelPermissions().has_permission(make_request(method, user), TargetView()) is True


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_model_permissions_reads(django_user_model: Any, method: str) -> None:
    user = django_user_model.objects.create_user("u", password="pw")
    assert DjangoModelPermissions().has_permission(make_request(method, user), TargetView()) is True
    anon = make_request(method)
    assert DjangoModelPermissions().has_permission(anon, TargetView()) is False
    assert DjangoModelPermissionsOrAnonReadOnly().has_permission(anon, TargetView()) is True


@pytest.mark.django_db
def test_anon_read_only_still_needs_perms_to_write() -> None:
    request = make_request("POST")
    assert DjangoModelPermissionsOrAnonReadOnly().has_permission(request, TargetView()) is False


@pytest.mark.django_db
def test_unknown_method_is_not_allowed(django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("u", password="pw")
    with pytest.raises(MethodNotAllowed) as info:
        DjangoModelPermissions().has_permission(make_request("TRACE", user), TargetView())
    assert info.value.detail == 'Method "TRACE" not allowed.'
    assert info.value.status_code == 405


@pytest.mark.django_db
def test_get_queryset_wins_over_queryset(django_user_model: Any) -> None:
    seen: list[str] = []

    class Dynamic(View):
        queryset = None

        def get_queryset(self) -> Any:
            seen.append("get_queryset")
            return PermissionTarget.objects.all()

    user = grant(django_user_model.objects.create_user("u", password="pw"), "add_permissiontarget")
    assert DjangoModelPermissions().has_permission(make_request("POST", user), Dynamic()) is True
    assert seen == ["get_queryset"]


def test_model_permissions_misconfigured_views() -> None:
    class NoQueryset(View):
        pass

    class NoneQueryset(View):
        def get_queryset(self) -> Any:
            return None

    request = make_request("GET", USER)
    with pytest.raises(ImproperlyConfigured) as info:
        DjangoModelPermissions().has_permission(request, NoQueryset())
    assert str(info.value) == (
        "Cannot apply DjangoModelPermissions on a view that does not set "
        "`.queryset` or have a `.get_queryset()` method."
    )
    with pytest.raises(
        ImproperlyConfigured, match=r"^NoneQueryset\.get_queryset\(\) returned None$"
    ):
        DjangoModelPermissions().has_permission(request, NoneQueryset())


def test_ignore_model_permissions_flag() -> None:
    class Root(View):
        _ignore_model_permissions = True

    assert DjangoModelPermissions().has_permission(make_request("POST", USER), Root()) is True
    assert DjangoModelPermissions().has_permission(make_request("POST"), Root()) is False


def test_required_permission_names() -> None:
    names = DjangoModelPermissions().get_required_permissions("PATCH", PermissionTarget)
    assert names == ["tests.change_permissiontarget"]
    assert DjangoObjectPermissions().get_required_object_permissions("GET", PermissionTarget) == []


# --- Django object permissions --------------------------------------------------------------


class ViewRequired(DjangoObjectPermissions):
    perms_map = {**DjangoObjectPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


@pytest.mark.django_db
@override_settings(AUTHENTICATION_BACKENDS=OBJECT_BACKENDS)
@pytest.mark.parametrize(
    ("method", "granted", "outcome"),
    [
        ("GET", [], "404"),
        ("GET", ["view"], True),
        ("PUT", [], "404"),  # cannot even read it: do not reveal it exists
        ("PUT", ["view"], False),  # can read, cannot write: 403
        ("PUT", ["view", "change"], True),
        ("DELETE", ["view"], False),
        ("DELETE", [], "404"),
        ("DELETE", ["delete"], True),  # the write permission alone suffices
        ("DELETE", ["view", "delete"], True),
    ],
)
def test_object_permissions_404_vs_403(
    django_user_model: Any, method: str, granted: list[str], outcome: Any
) -> None:
    user = django_user_model.objects.create_user("u", password="pw")
    target = PermissionTarget.objects.create(name="t")
    OBJECT_GRANTS.clear()
    for action in granted:
        OBJECT_GRANTS[(user.pk, f"tests.{action}_permissiontarget", target.pk)] = True
    request = make_request(method, user)
    try:
        if outcome == "404":
            with pytest.raises(Http404):
                ViewRequired().has_object_permission(request, TargetView(), target)
        else:
            assert ViewRequired().has_object_permission(request, TargetView(), target) is outcome
    finally:
        OBJECT_GRANTS.clear()


# --- over HTTP: sync and async views ----------------------------------------------------------

FLAVOURS = ["sync", "async"]
http = pytest.mark.urls("tests.urls_policy")


@pytest.fixture
def send() -> Any:
    """``tests.urls_policy.send``, imported only by the HTTP tests (it loads the views)."""
    from tests.urls_policy import send

    return send


def basic(username: str, password: str = "pw") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def member(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("mia", password="pw")


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_permission_message_and_code(send: Any, member: Any, flavour: str) -> None:
    auth = basic("mia")
    # Authenticated but refused: the permission's own message, as a 403.
    response = await send(flavour, "post", "members/", {}, HTTP_AUTHORIZATION=auth)
    assert response.status_code == 403
    assert response.content == b'{"detail":"Members only."}'
    assert "WWW-Authenticate" not in response
    # The code travels too (visible in problem details).
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        response = await send(flavour, "post", "members/", {}, HTTP_AUTHORIZATION=auth)
    assert response.status_code == 403
    problem = response.json()
    assert (problem["detail"], problem["code"]) == ("Members only.", "members_only")
    response = await send(
        flavour, "post", "members/", {}, HTTP_AUTHORIZATION=auth, HTTP_X_MEMBER="yes"
    )
    assert (response.status_code, response.content) == (200, b'{"user":"mia"}')


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_unauthenticated_refusal_is_401(send: Any, flavour: str) -> None:
    """A refused anonymous request is asked to authenticate, whatever the permission says."""
    response = await send(flavour, "get", "members/")
    assert response.status_code == 401
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'
    assert response["WWW-Authenticate"] == 'Basic realm="api"'


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_composed_permission(
    send: Any, member: Any, django_user_model: Any, flavour: str
) -> None:
    """``IsAdminUser | ~IsAuthenticatedOrReadOnly``: admins, or anonymous writes (odd, but a
    composition whose every branch is observable)."""
    await django_user_model.objects.acreate_user("root", password="pw", is_staff=True)
    ok = b'{"user":null}'
    response = await send(flavour, "post", "admin-or-readonly/", {})
    assert (response.status_code, response.content) == (200, ok)
    response = await send(flavour, "get", "admin-or-readonly/")
    assert response.status_code == 401
    response = await send(flavour, "get", "admin-or-readonly/", HTTP_AUTHORIZATION=basic("mia"))
    assert response.status_code == 403
    assert response.content == b'{"detail":"You do not have permission to perform this action."}'
    response = await send(flavour, "get", "admin-or-readonly/", HTTP_AUTHORIZATION=basic("root"))
    assert (response.status_code, response.content) == (200, b'{"user":"root"}')


@http
@pytest.mark.django_db(transaction=True)
@override_settings(AUTHENTICATION_BACKENDS=OBJECT_BACKENDS)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_object_permissions_404_vs_403(send: Any, member: Any, flavour: str) -> None:
    target = await PermissionTarget.objects.acreate(name="t")
    # DjangoObjectPermissions checks the model-level permission first (has_permission).
    change = await Permission.objects.aget(codename="change_permissiontarget")
    await member.user_permissions.aadd(change)
    url = f"object/{target.pk}/"
    auth = basic("mia")
    OBJECT_GRANTS.clear()
    try:
        response = await send(flavour, "put", url, {}, HTTP_AUTHORIZATION=auth)
        assert (response.status_code, response.content) == (404, b'{"detail":"Not found."}')
        OBJECT_GRANTS[(member.pk, "tests.view_permissiontarget", target.pk)] = True
        response = await send(flavour, "put", url, {}, HTTP_AUTHORIZATION=auth)
        assert response.status_code == 403
        assert response.content == (
            b'{"detail":"You do not have permission to perform this action."}'
        )
        OBJECT_GRANTS[(member.pk, "tests.change_permissiontarget", target.pk)] = True
        response = await send(flavour, "put", url, {}, HTTP_AUTHORIZATION=auth)
        assert (response.status_code, response.content) == (200, f'{{"id":{target.pk}}}'.encode())
    finally:
        OBJECT_GRANTS.clear()
