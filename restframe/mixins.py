"""The actions of the generic views: list, create, retrieve, update and destroy.

Each mixin is meant to sit on a ``GenericAPIView`` (or a generic viewset), whose hooks it calls:
``get_queryset``, ``get_object``, ``get_serializer``, ``paginate_queryset``. The ``perform_*``
methods are the places to override to save with extra data or to add side effects.

restframe adds an async twin of every action and ``perform_*`` hook, under adrf's names
(``alist``, ``acreate``/``perform_acreate``, ``aretrieve``, ``aupdate``/``partial_aupdate``/
``perform_aupdate``, ``adestroy``/``perform_adestroy``), for views whose handlers are
``async def``. They answer exactly as the sync actions do; a sync hook overridden in a subclass
still runs (in a thread) when its twin is not overridden too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async

from restframe import status
from restframe.response import Response
from restframe.settings import api_settings

__all__ = [
    "CreateModelMixin",
    "DestroyModelMixin",
    "ListModelMixin",
    "RetrieveModelMixin",
    "UpdateModelMixin",
]

if TYPE_CHECKING:
    # The mixins run on a GenericAPIView; say so to the type checker only.
    from restframe.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


def _defers(view: Any, async_name: str) -> bool:
    """Whether ``view``'s class overrides the sync twin of ``async_name`` (see generics)."""
    return async_name in getattr(type(view), "_sync_twin_overrides", ())


def _owner(cls: type, name: str) -> type | None:
    """The class in ``cls``'s MRO that defines ``name``."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass
    return None


_USABLE_TWINS: dict[tuple[type, str], bool] = {}


def _twin_is_usable(cls: type, sync_name: str, async_name: str) -> bool:
    """Whether ``cls`` has ``async_name`` and no override of ``sync_name`` below it.

    A policy or serializer subclass that overrides only DRF's sync method (a
    ``PageNumberPagination`` with its own ``paginate_queryset``) must not be bypassed by the
    async twin it inherits. Decided once per class.
    """
    key = (cls, async_name)
    usable = _USABLE_TWINS.get(key)
    if usable is None:
        async_owner = _owner(cls, async_name)
        sync_owner = _owner(cls, sync_name)
        mro = cls.__mro__
        usable = async_owner is not None and (
            sync_owner is None or mro.index(async_owner) <= mro.index(sync_owner)
        )
        _USABLE_TWINS[key] = usable
    return usable


def _async_twin(obj: Any, sync_name: str, async_name: str) -> Any:
    """``obj``'s bound async twin of ``sync_name``, or ``None`` when the sync one must run."""
    if _twin_is_usable(type(obj), sync_name, async_name):
        return getattr(obj, async_name)
    return None


async def _ais_valid(serializer: Any) -> None:
    """Validate off the event loop (validators may query the database), raising a 400."""
    ais_valid = _async_twin(serializer, "is_valid", "ais_valid")
    if ais_valid is not None:
        await ais_valid(raise_exception=True)
    else:
        await sync_to_async(serializer.is_valid)(raise_exception=True)


async def _asave(serializer: Any, **kwargs: Any) -> Any:
    asave = _async_twin(serializer, "save", "asave")
    if asave is not None:
        return await asave(**kwargs)
    return await sync_to_async(serializer.save)(**kwargs)


def _serializer_data(serializer: Any) -> Any:
    return serializer.data


async def _adata(serializer: Any) -> Any:
    """``serializer.data`` off the event loop: rendering may evaluate querysets and relations.

    A serializer's own ``adata`` is used when it has one, as adrf's awaitable property or as a
    coroutine method. (``Serializer`` overrides ``data`` below the class that defines
    ``adata``, and ``adata`` reads ``data``: no sync-override check here.)
    """
    if getattr(type(serializer), "adata", None) is None:
        return await sync_to_async(_serializer_data)(serializer)
    adata = serializer.adata
    if callable(adata):
        adata = adata()
    return await adata


def _clear_prefetch_cache(instance: Any) -> None:
    # Prefetched relations were read before the update and may now be stale; dropping them
    # makes ``serializer.data`` re-read them.
    if getattr(instance, "_prefetched_objects_cache", None):
        instance._prefetched_objects_cache = {}


class CreateModelMixin(_ViewBase):
    """Create a model instance: ``201 Created`` with its data and, if it has a URL, ``Location``."""

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = serializer.data
        headers = self.get_success_headers(data)
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def perform_create(self, serializer: Any) -> None:
        serializer.save()

    def get_success_headers(self, data: Any) -> dict[str, str]:
        """``Location`` from the data's ``URL_FIELD_NAME`` member, when there is one."""
        try:
            return {"Location": str(data[api_settings.URL_FIELD_NAME])}
        except (TypeError, KeyError):
            return {}

    async def acreate(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "acreate"):
            response: Response = await sync_to_async(self.create)(request, *args, **kwargs)
            return response
        serializer = self.get_serializer(data=request.data)
        await _ais_valid(serializer)
        await self.perform_acreate(serializer)
        data = await _adata(serializer)
        headers = self.get_success_headers(data)
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    async def perform_acreate(self, serializer: Any) -> None:
        if _defers(self, "perform_acreate"):
            await sync_to_async(self.perform_create)(serializer)
        else:
            await _asave(serializer)


class ListModelMixin(_ViewBase):
    """List a queryset, one page of it when the view paginates."""

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            serializer = self.get_serializer(page, many=True)
            response: Response = self.get_paginated_response(serializer.data)
            return response
        serializer = self.get_serializer(queryset, many=True)
        return Response(serializer.data)

    async def alist(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "alist"):
            response: Response = await sync_to_async(self.list)(request, *args, **kwargs)
            return response
        view: Any = self
        queryset = await view.afilter_queryset(view.get_queryset())
        page = await view.apaginate_queryset(queryset)
        if page is not None:
            serializer = view.get_serializer(page, many=True)
            paginated: Response = await view.get_apaginated_response(await _adata(serializer))
            return paginated
        serializer = view.get_serializer(queryset, many=True)
        return Response(await _adata(serializer))


class RetrieveModelMixin(_ViewBase):
    """Show one object, found by the view's look-up field."""

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data)

    async def aretrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "aretrieve"):
            response: Response = await sync_to_async(self.retrieve)(request, *args, **kwargs)
            return response
        instance = await self.aget_object()
        serializer = self.get_serializer(instance)
        return Response(await _adata(serializer))


class UpdateModelMixin(_ViewBase):
    """Update a model instance: ``PUT`` replaces, ``PATCH`` (``partial_update``) merges."""

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        _clear_prefetch_cache(instance)
        return Response(serializer.data)

    def perform_update(self, serializer: Any) -> None:
        serializer.save()

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    async def aupdate(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "aupdate"):
            response: Response = await sync_to_async(self.update)(request, *args, **kwargs)
            return response
        partial = kwargs.pop("partial", False)
        instance = await self.aget_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        await _ais_valid(serializer)
        await self.perform_aupdate(serializer)
        _clear_prefetch_cache(instance)
        return Response(await _adata(serializer))

    async def perform_aupdate(self, serializer: Any) -> None:
        if _defers(self, "perform_aupdate"):
            await sync_to_async(self.perform_update)(serializer)
        else:
            await _asave(serializer)

    async def partial_aupdate(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "partial_aupdate"):
            response: Response = await sync_to_async(self.partial_update)(request, *args, **kwargs)
            return response
        kwargs["partial"] = True
        return await self.aupdate(request, *args, **kwargs)


class DestroyModelMixin(_ViewBase):
    """Delete a model instance: ``204 No Content``."""

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance: Any) -> None:
        instance.delete()

    async def adestroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        if _defers(self, "adestroy"):
            response: Response = await sync_to_async(self.destroy)(request, *args, **kwargs)
            return response
        instance = await self.aget_object()
        await self.perform_adestroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    async def perform_adestroy(self, instance: Any) -> None:
        if _defers(self, "perform_adestroy"):
            await sync_to_async(self.perform_destroy)(instance)
        else:
            await instance.adelete()
