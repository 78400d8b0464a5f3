"""Generic views: ``GenericAPIView`` and the concrete list / detail views built from the mixins.

``GenericAPIView`` knows where a view's objects come from (``queryset``, ``lookup_field``), how
they are narrowed (``filter_backends``), paged (``pagination_class``) and turned into data
(``serializer_class``); the mixins in ``restframe.mixins`` supply the actions. The concrete views
only bind HTTP methods to those actions, as in DRF.

restframe also runs them natively under ``async def`` handlers: ``aget_object``,
``afilter_queryset``, ``apaginate_queryset`` and ``get_apaginated_response`` here and the
``a``-prefixed actions of the mixins (adrf's names) keep every database query off the event
loop while giving the same errors, bodies and headers as the sync path.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

from asgiref.sync import sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models.query import QuerySet
from django.http import Http404
from django.shortcuts import aget_object_or_404 as _aget_object_or_404
from django.shortcuts import get_object_or_404 as _get_object_or_404

from restframe import mixins, views
from restframe.exceptions import ValidationError
from restframe.mixins import _async_twin, _owner
from restframe.settings import FromSettings

__all__ = [
    "CreateAPIView",
    "DestroyAPIView",
    "GenericAPIView",
    "ListAPIView",
    "ListCreateAPIView",
    "RetrieveAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveUpdateDestroyAPIView",
    "UpdateAPIView",
    "aget_object_or_404",
    "get_object_or_404",
]

# A look-up value the column cannot hold (``/snippets/abc/`` on an integer key, a malformed
# UUID, a number too big for the database) means "no such object", never a server error.
_BAD_LOOKUP_VALUE = (TypeError, ValueError, OverflowError, DjangoValidationError)


def _from_query(exc: ValidationError) -> None:
    """Mark a filter backend's ``ValidationError`` as being about query parameters.

    Filter backends validate ``request.query_params`` (django-filter raises its form's errors,
    keyed by parameter name), so problem details name each one as a ``parameter`` rather than
    pointing into a request body. A backend that set ``location`` itself is left alone; DRF's
    bodies never show it.
    """
    if getattr(exc, "location", None) is None:
        exc.location = "query"


def get_object_or_404(queryset: Any, *filter_args: Any, **filter_kwargs: Any) -> Any:
    """Django's ``get_object_or_404``, with an unusable look-up value also answered by a 404."""
    try:
        return _get_object_or_404(queryset, *filter_args, **filter_kwargs)
    except _BAD_LOOKUP_VALUE as exc:
        raise Http404 from exc


async def aget_object_or_404(queryset: Any, *filter_args: Any, **filter_kwargs: Any) -> Any:
    """``get_object_or_404`` through Django's async ORM (restframe, beyond DRF)."""
    try:
        return await _aget_object_or_404(queryset, *filter_args, **filter_kwargs)
    except _BAD_LOOKUP_VALUE as exc:
        raise Http404 from exc


class _ConfigurationError(ImproperlyConfigured, AssertionError):
    """A generic view is missing what it needs (a developer error, answered by a 500).

    Also an ``AssertionError``, the type DRF raises here, so code written against DRF still
    catches it; raised explicitly so that ``python -O`` cannot skip the check.
    """


# (sync hook, its async twin). When a subclass overrides the sync hook but not the twin, the
# twin runs the override in a thread: a DRF-style ``perform_create`` keeps working when the
# view's handlers become ``async def``.
_ASYNC_TWINS = (
    ("get_object", "aget_object"),
    ("filter_queryset", "afilter_queryset"),
    ("paginate_queryset", "apaginate_queryset"),
    ("check_object_permissions", "acheck_object_permissions"),
    ("list", "alist"),
    ("create", "acreate"),
    ("perform_create", "perform_acreate"),
    ("retrieve", "aretrieve"),
    ("update", "aupdate"),
    ("perform_update", "perform_aupdate"),
    ("partial_update", "partial_aupdate"),
    ("destroy", "adestroy"),
    ("perform_destroy", "perform_adestroy"),
)


def _overridden_sync_twins(cls: type) -> frozenset[str]:
    """The async twins of ``cls`` that must defer to a sync hook overridden below them."""
    defer = set()
    mro = cls.__mro__
    for sync_name, async_name in _ASYNC_TWINS:
        sync_owner = _owner(cls, sync_name)
        async_owner = _owner(cls, async_name)
        if (
            sync_owner is not None
            and async_owner is not None
            and mro.index(sync_owner) < mro.index(async_owner)
            # ``async def list(...): return await self.alist(...)`` is not a sync hook.
            and not inspect.iscoroutinefunction(sync_owner.__dict__[sync_name])
        ):
            defer.add(async_name)
    return frozenset(defer)


class GenericAPIView(views.APIView):
    # The docstrings of the generic views are what OPTIONS and the browsable API show as the
    # description of a view used directly (``ListAPIView.as_view(queryset=...)``): DRF's text.
    """An APIView that works on a queryset through a serializer: the base of every generic view."""

    # Set these, or override ``get_queryset()`` / ``get_serializer_class()``.
    queryset: Any = None
    serializer_class: Any = None

    # The model field looked up for detail views, and the URL keyword argument holding its value
    # (defaults to ``lookup_field``).
    lookup_field: str = "pk"
    lookup_url_kwarg: str | None = None

    # Read from the settings when accessed, so ``override_settings`` reaches them.
    filter_backends: Any = FromSettings("DEFAULT_FILTER_BACKENDS")
    pagination_class: Any = FromSettings("DEFAULT_PAGINATION_CLASS")

    # Async twins that must run a sync override instead (see ``_ASYNC_TWINS``).
    _sync_twin_overrides: ClassVar[frozenset[str]] = frozenset()
    _paginator: Any  # made by the ``paginator`` property on first use

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._sync_twin_overrides = _overridden_sync_twins(cls)

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type[GenericAPIView]:
        """``ListAPIView[Book]`` is the class itself at runtime, for type-annotated projects
        (djangorestframework-stubs makes the generic views generic over the model)."""
        return cls

    def get_queryset(self) -> Any:
        """The objects this view works on; a ``QuerySet`` is re-cloned so no results are cached
        between requests."""
        if self.queryset is None:
            raise _ConfigurationError(
                f"'{self.__class__.__name__}' should either include a `queryset` attribute, "
                "or override the `get_queryset()` method."
            )
        queryset = self.queryset
        if isinstance(queryset, QuerySet):
            queryset = queryset.all()
        return queryset

    def _lookup_kwargs(self) -> dict[str, Any]:
        url_kwarg = self.lookup_url_kwarg or self.lookup_field
        try:
            value = self.kwargs[url_kwarg]
        except KeyError:
            raise _ConfigurationError(
                f"Expected view {self.__class__.__name__} to be called with a URL keyword "
                f'argument named "{url_kwarg}". Fix your URL conf, or set the `.lookup_field` '
                "attribute on the view correctly."
            ) from None
        return {self.lookup_field: value}

    def get_object(self) -> Any:
        """The object named by the URL, after filtering; 404 if absent, 403 if not permitted."""
        queryset = self.filter_queryset(self.get_queryset())
        obj = get_object_or_404(queryset, **self._lookup_kwargs())
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """An instance of the view's serializer, given the view's context unless one is passed."""
        serializer_class = self.get_serializer_class()
        kwargs.setdefault("context", self.get_serializer_context())
        return serializer_class(*args, **kwargs)

    def get_serializer_class(self) -> Any:
        if self.serializer_class is None:
            raise _ConfigurationError(
                f"'{self.__class__.__name__}' should either include a `serializer_class` "
                "attribute, or override the `get_serializer_class()` method."
            )
        return self.serializer_class

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request, "format": self.format_kwarg, "view": self}

    def filter_queryset(self, queryset: Any) -> Any:
        """Narrow ``queryset`` through each of the view's filter backends, in order."""
        try:
            for backend in list(self.filter_backends):
                queryset = backend().filter_queryset(self.request, queryset, self)
        except ValidationError as exc:
            _from_query(exc)
            raise
        return queryset

    @property
    def paginator(self) -> Any:
        """The view's paginator instance, or ``None`` when pagination is off (made once)."""
        try:
            return self._paginator
        except AttributeError:
            pagination_class = self.pagination_class
            self._paginator = None if pagination_class is None else pagination_class()
            return self._paginator

    def paginate_queryset(self, queryset: Any) -> Any:
        """One page of ``queryset``, or ``None`` when pagination is off."""
        paginator = self.paginator
        if paginator is None:
            return None
        return paginator.paginate_queryset(queryset, self.request, view=self)

    def get_paginated_response(self, data: Any) -> Any:
        paginator = self.paginator
        if paginator is None:
            raise AssertionError()
        return paginator.get_paginated_response(data)

    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """As ``APIView.options``; on an async view it runs in a thread, because describing a
        ``PUT`` looks the object up (``SimpleMetadata`` calls ``get_object``)."""
        if self.view_is_async:
            return sync_to_async(super().options)(request, *args, **kwargs)
        return super().options(request, *args, **kwargs)

    # --- async twins (restframe, adrf's names) ---

    async def aget_object(self) -> Any:
        """``get_object`` through the async ORM: same 404s, same object permissions."""
        if "aget_object" in self._sync_twin_overrides:
            return await sync_to_async(self.get_object)()
        queryset = await self.afilter_queryset(self.get_queryset())
        lookup = self._lookup_kwargs()
        if isinstance(queryset, QuerySet):
            obj = await aget_object_or_404(queryset, **lookup)
        else:  # a list, or anything Django's async shortcut cannot take
            obj = await sync_to_async(get_object_or_404)(queryset, **lookup)
        if "acheck_object_permissions" in self._sync_twin_overrides:
            await sync_to_async(self.check_object_permissions)(self.request, obj)
        else:
            await self.acheck_object_permissions(self.request, obj)
        return obj

    async def afilter_queryset(self, queryset: Any) -> Any:
        """``filter_queryset`` for async views.

        A backend's ``afilter_queryset(request, queryset, view)`` is awaited when it has one;
        otherwise its ``filter_queryset`` runs in a thread, since it may query the database
        (django-filter validates model choices that way).
        """
        if "afilter_queryset" in self._sync_twin_overrides:
            return await sync_to_async(self.filter_queryset)(queryset)
        try:
            for backend in list(self.filter_backends):
                instance = backend()
                afilter = _async_twin(instance, "filter_queryset", "afilter_queryset")
                if afilter is not None:
                    queryset = await afilter(self.request, queryset, self)
                else:
                    queryset = await sync_to_async(instance.filter_queryset)(
                        self.request, queryset, self
                    )
        except ValidationError as exc:
            _from_query(exc)
            raise
        return queryset

    async def apaginate_queryset(self, queryset: Any) -> Any:
        """``paginate_queryset`` for async views: the paginator's ``apaginate_queryset`` when
        it has one, else its sync method in a thread (it counts and slices in the database)."""
        if "apaginate_queryset" in self._sync_twin_overrides:
            return await sync_to_async(self.paginate_queryset)(queryset)
        paginator = self.paginator
        if paginator is None:
            return None
        apaginate = _async_twin(paginator, "paginate_queryset", "apaginate_queryset")
        if apaginate is not None:
            return await apaginate(queryset, self.request, view=self)
        return await sync_to_async(paginator.paginate_queryset)(queryset, self.request, view=self)

    async def get_apaginated_response(self, data: Any) -> Any:
        """``get_paginated_response`` for async views (the paginator's async twin if any)."""
        paginator = self.paginator
        if paginator is not None and type(self).get_paginated_response is (
            GenericAPIView.get_paginated_response
        ):
            aget = _async_twin(paginator, "get_paginated_response", "aget_paginated_response")
            if aget is not None:
                return await aget(data)
        return self.get_paginated_response(data)


# --- concrete views: HTTP methods bound to the mixins' actions ---


class CreateAPIView(mixins.CreateModelMixin, GenericAPIView):
    """POST creates one object."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.create(request, *args, **kwargs)


class ListAPIView(mixins.ListModelMixin, GenericAPIView):
    """GET lists the queryset, paginated and filtered."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.list(request, *args, **kwargs)


class RetrieveAPIView(mixins.RetrieveModelMixin, GenericAPIView):
    """GET shows one object."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)


class DestroyAPIView(mixins.DestroyModelMixin, GenericAPIView):
    """DELETE removes one object."""

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)


class UpdateAPIView(mixins.UpdateModelMixin, GenericAPIView):
    """PUT replaces one object; PATCH changes part of it."""

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)


class ListCreateAPIView(mixins.ListModelMixin, mixins.CreateModelMixin, GenericAPIView):
    """GET lists the queryset; POST adds to it."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.list(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.create(request, *args, **kwargs)


class RetrieveUpdateAPIView(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, GenericAPIView):
    """GET shows one object; PUT and PATCH change it."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)


class RetrieveDestroyAPIView(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, GenericAPIView):
    """GET shows one object; DELETE removes it."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)


class RetrieveUpdateDestroyAPIView(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    GenericAPIView,
):
    """GET shows one object; PUT and PATCH change it; DELETE removes it."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.retrieve(request, *args, **kwargs)

    def put(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.update(request, *args, **kwargs)

    def patch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.partial_update(request, *args, **kwargs)

    def delete(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self.destroy(request, *args, **kwargs)
