"""Permissions: may this (authenticated or anonymous) request do this, to this object?

A permission answers ``has_permission(request, view)`` before the handler runs and
``has_object_permission(request, view, obj)`` when a view checks a single object. ``False`` makes
the view raise ``NotAuthenticated`` or ``PermissionDenied``; the permission's ``message`` and
``code`` attributes, when set, become that error's detail and code.

Permission *classes* combine with ``&``, ``|`` and ``~`` into new permission classes, as in DRF
(``permission_classes = [IsAuthenticated & (IsAdminUser | ReadOnly)]``).

Async views call ``ahas_permission`` / ``ahas_object_permission``. Their default runs the sync
method in a worker thread, because a permission may query the database. Built-ins that only
look at the request (``AllowAny``, ``IsAuthenticated``, ``IsAdminUser``,
``IsAuthenticatedOrReadOnly``) and compositions of them answer inline, without a thread hop. A
subclass that overrides a sync method is assumed to do I/O again unless it sets
``io_free = True`` in its own body.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

from restframe import exceptions

if TYPE_CHECKING:
    from restframe.request import Request

__all__ = [
    "AND",
    "NOT",
    "OR",
    "SAFE_METHODS",
    "AllowAny",
    "BasePermission",
    "BasePermissionMetaclass",
    "DjangoModelPermissions",
    "DjangoModelPermissionsOrAnonReadOnly",
    "DjangoObjectPermissions",
    "IsAdminUser",
    "IsAuthenticated",
    "IsAuthenticatedOrReadOnly",
    "OperandHolder",
    "OperationHolderMixin",
    "SingleOperandHolder",
]

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

View = Any


async def _ahas_permission(permission: Any, request: Request, view: View) -> bool:
    """Ask ``permission`` asynchronously, whether or not it has the async twin."""
    twin = getattr(permission, "ahas_permission", None)
    if twin is not None:
        return bool(await twin(request, view))
    return bool(await sync_to_async(permission.has_permission)(request, view))


async def _ahas_object_permission(permission: Any, request: Request, view: View, obj: Any) -> bool:
    twin = getattr(permission, "ahas_object_permission", None)
    if twin is not None:
        return bool(await twin(request, view, obj))
    return bool(await sync_to_async(permission.has_object_permission)(request, view, obj))


class OperationHolderMixin:
    """``&``, ``|`` and ``~`` on permission classes (and on compositions of them)."""

    def __and__(self, other: Any) -> OperandHolder:
        return OperandHolder(AND, self, other)

    def __or__(self, other: Any) -> OperandHolder:
        return OperandHolder(OR, self, other)

    def __rand__(self, other: Any) -> OperandHolder:
        return OperandHolder(AND, other, self)

    def __ror__(self, other: Any) -> OperandHolder:
        return OperandHolder(OR, other, self)

    def __invert__(self) -> SingleOperandHolder:
        return SingleOperandHolder(NOT, self)


class SingleOperandHolder(OperationHolderMixin):
    """``~Perm``: a class-like factory that builds ``NOT(Perm())`` when the view instantiates it."""

    def __init__(self, operator_class: type[NOT], op1_class: Any) -> None:
        self.operator_class = operator_class
        self.op1_class = op1_class

    def __call__(self, *args: Any, **kwargs: Any) -> NOT:
        return self.operator_class(self.op1_class(*args, **kwargs))


class OperandHolder(OperationHolderMixin):
    """``A & B`` / ``A | B``: builds ``AND(A(), B())`` / ``OR(A(), B())`` when instantiated."""

    def __init__(self, operator_class: type[AND | OR], op1_class: Any, op2_class: Any) -> None:
        self.operator_class = operator_class
        self.op1_class = op1_class
        self.op2_class = op2_class

    def __call__(self, *args: Any, **kwargs: Any) -> AND | OR:
        return self.operator_class(self.op1_class(*args, **kwargs), self.op2_class(*args, **kwargs))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OperandHolder)
            and self.operator_class == other.operator_class
            and self.op1_class == other.op1_class
            and self.op2_class == other.op2_class
        )

    def __hash__(self) -> int:
        return hash((self.operator_class, self.op1_class, self.op2_class))


class AND:
    """Both operands must allow; object checks need both too."""

    def __init__(self, op1: Any, op2: Any) -> None:
        self.op1 = op1
        self.op2 = op2

    def has_permission(self, request: Request, view: View) -> bool:
        return bool(
            self.op1.has_permission(request, view) and self.op2.has_permission(request, view)
        )

    def has_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        return bool(
            self.op1.has_object_permission(request, view, obj)
            and self.op2.has_object_permission(request, view, obj)
        )

    async def ahas_permission(self, request: Request, view: View) -> bool:
        return await _ahas_permission(self.op1, request, view) and await _ahas_permission(
            self.op2, request, view
        )

    async def ahas_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        return await _ahas_object_permission(
            self.op1, request, view, obj
        ) and await _ahas_object_permission(self.op2, request, view, obj)


class OR:
    """Either operand may allow.

    For an object, an operand counts only if it allows *both* the request and the object, so
    ``IsAdminUser | IsOwner`` cannot let a non-admin through on ``IsAdminUser``'s default
    object answer (``True``).
    """

    def __init__(self, op1: Any, op2: Any) -> None:
        self.op1 = op1
        self.op2 = op2

    def has_permission(self, request: Request, view: View) -> bool:
        return bool(
            self.op1.has_permission(request, view) or self.op2.has_permission(request, view)
        )

    def has_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        return bool(
            (
                self.op1.has_permission(request, view)
                and self.op1.has_object_permission(request, view, obj)
            )
            or (
                self.op2.has_permission(request, view)
                and self.op2.has_object_permission(request, view, obj)
            )
        )

    async def ahas_permission(self, request: Request, view: View) -> bool:
        return await _ahas_permission(self.op1, request, view) or await _ahas_permission(
            self.op2, request, view
        )

    async def ahas_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        for op in (self.op1, self.op2):
            if await _ahas_permission(op, request, view) and await _ahas_object_permission(
                op, request, view, obj
            ):
                return True
        return False


class NOT:
    """The operand's answer, inverted (for the request and for objects)."""

    def __init__(self, op1: Any) -> None:
        self.op1 = op1

    def has_permission(self, request: Request, view: View) -> bool:
        return not self.op1.has_permission(request, view)

    def has_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        return not self.op1.has_object_permission(request, view, obj)

    async def ahas_permission(self, request: Request, view: View) -> bool:
        return not await _ahas_permission(self.op1, request, view)

    async def ahas_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        return not await _ahas_object_permission(self.op1, request, view, obj)


class BasePermissionMetaclass(OperationHolderMixin, type):  # type: ignore[misc]
    """Lets permission *classes* (not instances) be combined with ``&``, ``|`` and ``~``."""


class BasePermission(metaclass=BasePermissionMetaclass):
    """Base class of permissions; both checks allow by default.

    ``message`` and ``code`` (when not ``None``) replace the detail and code of the error the
    view raises on refusal.
    """

    message: Any = None
    code: str | None = None

    #: Whether ``has_permission`` does no I/O, so the async twin may call it inline.
    io_free_has_permission: bool = True
    #: Whether ``has_object_permission`` does no I/O.
    io_free_has_object_permission: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A class that writes its own check is presumed to do I/O unless it says otherwise:
        # blocking the event loop is worse than one thread hop.
        own = cls.__dict__
        declared = own.get("io_free")
        if "has_permission" in own and "io_free_has_permission" not in own:
            cls.io_free_has_permission = bool(declared)
        if "has_object_permission" in own and "io_free_has_object_permission" not in own:
            cls.io_free_has_object_permission = bool(declared)

    def has_permission(self, request: Request, view: View) -> bool:
        """Whether the request may proceed to the handler at all."""
        return True

    def has_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        """Whether the request may act on ``obj``."""
        return True

    async def ahas_permission(self, request: Request, view: View) -> bool:
        """Async twin of ``has_permission``: inline when it does no I/O, else in a thread."""
        if self.io_free_has_permission:
            return self.has_permission(request, view)
        return await sync_to_async(self.has_permission)(request, view)

    async def ahas_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        """Async twin of ``has_object_permission``."""
        if self.io_free_has_object_permission:
            return self.has_object_permission(request, view, obj)
        return await sync_to_async(self.has_object_permission)(request, view, obj)


class AllowAny(BasePermission):
    """Everyone may proceed; states the intent explicitly (an empty list does the same)."""

    io_free = True

    def has_permission(self, request: Request, view: View) -> bool:
        return True


class IsAuthenticated(BasePermission):
    """Only authenticated users."""

    io_free = True

    def has_permission(self, request: Request, view: View) -> bool:
        user = request.user
        return bool(user and user.is_authenticated)


class IsAdminUser(BasePermission):
    """Only staff users (``is_staff``)."""

    io_free = True

    def has_permission(self, request: Request, view: View) -> bool:
        user = request.user
        return bool(user and user.is_staff)


class IsAuthenticatedOrReadOnly(BasePermission):
    """Anyone may read (safe methods); only authenticated users may write."""

    io_free = True

    def has_permission(self, request: Request, view: View) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated)


class _ViewMisconfigured(ImproperlyConfigured, AssertionError):
    """The view gives model permissions no queryset. DRF asserts, so this is an
    ``AssertionError`` too: code that catches either keeps working."""


_MODEL_PERMS: dict[str, list[str]] = {
    "GET": [],
    "OPTIONS": [],
    "HEAD": [],
    "POST": ["%(app_label)s.add_%(model_name)s"],
    "PUT": ["%(app_label)s.change_%(model_name)s"],
    "PATCH": ["%(app_label)s.change_%(model_name)s"],
    "DELETE": ["%(app_label)s.delete_%(model_name)s"],
}


def _required_perms(
    perms_map: Mapping[str, Sequence[str]], method: str, model_cls: type[models.Model]
) -> list[str]:
    """Permission names ``method`` needs on ``model_cls``; unknown methods are not allowed."""
    try:
        templates = perms_map[method]
    except KeyError:
        raise exceptions.MethodNotAllowed(method)
    names = {"app_label": model_cls._meta.app_label, "model_name": model_cls._meta.model_name}
    return [template % names for template in templates]


class DjangoModelPermissions(BasePermission):
    """``django.contrib.auth`` model permissions: add/change/delete per HTTP method.

    The model comes from the view's ``get_queryset()`` or ``queryset``. Reads need only an
    authenticated user (override ``perms_map`` to require ``view_*``).
    """

    perms_map: dict[str, list[str]] = {method: list(p) for method, p in _MODEL_PERMS.items()}
    authenticated_users_only = True

    def get_required_permissions(self, method: str, model_cls: type[models.Model]) -> list[str]:
        """Permission codes the user needs for ``method``; ``MethodNotAllowed`` if unknown."""
        return _required_perms(self.perms_map, method, model_cls)

    def _queryset(self, view: View) -> Any:
        get_queryset: Callable[[], Any] | None = getattr(view, "get_queryset", None)
        if get_queryset is not None:
            queryset = get_queryset()
            if queryset is None:
                raise _ViewMisconfigured(f"{view.__class__.__name__}.get_queryset() returned None")
            return queryset
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            raise _ViewMisconfigured(
                f"Cannot apply {self.__class__.__name__} on a view that does not set "
                "`.queryset` or have a `.get_queryset()` method."
            )
        return queryset

    def has_permission(self, request: Request, view: View) -> bool:
        user = request.user
        if not user or (not user.is_authenticated and self.authenticated_users_only):
            return False
        # Views such as an API root opt out of model permissions.
        if getattr(view, "_ignore_model_permissions", False):
            return True
        queryset = self._queryset(view)
        perms = self.get_required_permissions(request.method, queryset.model)
        return bool(user.has_perms(perms))


class DjangoModelPermissionsOrAnonReadOnly(DjangoModelPermissions):
    """As ``DjangoModelPermissions``, but anonymous users may read."""

    authenticated_users_only = False


class DjangoObjectPermissions(DjangoModelPermissions):
    """Per-object permissions through an object-aware backend (e.g. django-guardian).

    A user who may not even read the object gets 404, so the API does not reveal that it
    exists; one who may read but not write it gets 403.
    """

    perms_map: dict[str, list[str]] = {method: list(p) for method, p in _MODEL_PERMS.items()}

    def get_required_object_permissions(
        self, method: str, model_cls: type[models.Model]
    ) -> list[str]:
        """Object permission codes the user needs for ``method``."""
        return _required_perms(self.perms_map, method, model_cls)

    def has_object_permission(self, request: Request, view: View, obj: Any) -> bool:
        model_cls = self._queryset(view).model
        user = request.user
        method: str = request.method
        if user.has_perms(self.get_required_object_permissions(method, model_cls), obj):
            return True
        if method in SAFE_METHODS:
            # The read check itself failed: hide the object.
            raise Http404
        if not user.has_perms(self.get_required_object_permissions("GET", model_cls), obj):
            raise Http404
        return False
