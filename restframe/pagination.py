"""Pagination: splitting a list view's results into pages, with links to the neighbouring pages.

Three styles, as in DRF: page numbers (``?page=3``), limit/offset (``?limit=10&offset=30``) and
opaque cursors (``?cursor=...``, stable under inserts, for large or live tables). A paginator
instance lives for one request: ``paginate_queryset`` reads the query parameters and the data,
``get_paginated_response`` wraps the serialized page. Bad input is a 404 (``NotFound``) or
falls back to the default, never a server error.

Beyond DRF, each paginator has ``apaginate_queryset``, which reads the database with Django's
async ORM and answers exactly as ``paginate_queryset`` does.
"""

from __future__ import annotations

from base64 import b64decode, b64encode
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple
from urllib import parse

from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage, UnorderedObjectListWarning
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from django.template import loader
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from restframe.exceptions import NotFound
from restframe.response import Response
from restframe.settings import FromSettings
from restframe.utils.urls import remove_query_param, replace_query_param

__all__ = [
    "PAGE_BREAK",
    "BasePagination",
    "Cursor",
    "CursorPagination",
    "DjangoPaginator",
    "InvalidPage",
    "LimitOffsetPagination",
    "PageLink",
    "PageNumberPagination",
    "UnorderedObjectListWarning",
]

# The largest row count or offset a database takes in LIMIT/OFFSET (a signed 64-bit integer).
# A slice reaching past it is left open-ended: same rows, no overflow error from the database.
_SQL_MAX = 2**63 - 1


def _positive_int(integer_string: Any, strict: bool = False, cutoff: int | None = None) -> int:
    """Parse a query parameter as a non-negative int (positive when ``strict``), capped at
    ``cutoff``. Raises ``ValueError`` (or ``TypeError``) for anything else."""
    value = int(integer_string)
    if value < 0 or (strict and value == 0):
        raise ValueError(integer_string)
    if cutoff:
        return min(value, cutoff)
    return value


def _divide_with_ceil(a: int, b: int) -> int:
    """``a / b`` rounded up, in integers."""
    quotient, remainder = divmod(a, b)
    return quotient + 1 if remainder else quotient


def _get_displayed_page_numbers(current: int, final: int) -> list[int | None]:
    """The page numbers a page control shows, ``None`` marking a gap.

    Always the first and last page and the current one with its neighbours; near either end a
    few more, so the control keeps a steady width (``[1, None, 4, 5, 6, None, 10]``).
    """
    if final <= 5:
        return list(range(1, final + 1))
    shown = {1, current - 1, current, current + 1, final}
    if current <= 4:
        shown.update((2, 3))
    if current > final - 4:
        shown.update((final - 2, final - 1))
    numbers = sorted(number for number in shown if 1 <= number <= final)
    displayed: list[int | None] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            displayed.append(None)
        displayed.append(number)
        previous = number
    return displayed


class PageLink(NamedTuple):
    """One entry of a page control: a numbered link or a gap (``is_break``)."""

    url: str | None
    number: int | None
    is_active: bool
    is_break: bool


PAGE_BREAK = PageLink(url=None, number=None, is_active=False, is_break=True)


def _get_page_links(
    page_numbers: Sequence[int | None], current: int, url_func: Callable[[int], str]
) -> list[PageLink]:
    """Turn displayed page numbers into ``PageLink``s, ``None`` into ``PAGE_BREAK``."""
    links = []
    for number in page_numbers:
        if number is None:
            links.append(PAGE_BREAK)
        else:
            links.append(PageLink(url_func(number), number, number == current, False))
    return links


def _reverse_ordering(ordering_tuple: Sequence[str]) -> tuple[str, ...]:
    """Flip each term's direction: ``('-created', 'id')`` → ``('created', '-id')``."""
    return tuple(term[1:] if term.startswith("-") else "-" + term for term in ordering_tuple)


def _slice_stop(start: int, size: int) -> int | None:
    stop = start + size
    return stop if stop <= _SQL_MAX else None


async def _alist(items: Any) -> list[Any]:
    """Evaluate a queryset with the async ORM; anything else is already in memory."""
    if isinstance(items, QuerySet):
        return [item async for item in items]
    return list(items)


async def _acount(items: Any) -> int:
    if isinstance(items, QuerySet):
        return await items.acount()
    try:
        return int(items.count())
    except (AttributeError, TypeError):
        return len(items)


class BasePagination:
    """The interface generic views use: paginate, then wrap the serialized page."""

    display_page_controls = False

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        """The items of the requested page, or ``None`` when pagination is off."""
        raise NotImplementedError("paginate_queryset() must be implemented.")

    async def apaginate_queryset(
        self, queryset: Any, request: Any, view: Any = None
    ) -> list[Any] | None:
        """``paginate_queryset`` for async views; the built-in paginators use the async ORM.

        This default runs the sync method in a thread, for custom paginators.
        """
        return await sync_to_async(self.paginate_queryset)(queryset, request, view)

    def _sync_overridden(self, owner: type, name: str = "paginate_queryset") -> bool:
        """Whether a subclass replaced ``owner``'s sync method: then the async twin must run
        that code (in a thread) rather than ``owner``'s async re-implementation."""
        return getattr(type(self), name) is not getattr(owner, name)

    def get_paginated_response(self, data: Any) -> Response:
        raise NotImplementedError("get_paginated_response() must be implemented.")

    def get_paginated_response_schema(self, schema: Any) -> Any:
        """The OpenAPI schema of the paginated body, given the schema of the results."""
        return schema

    def to_html(self) -> str:
        """HTML page controls for the browsable API: ``template`` rendered with
        ``get_html_context()`` (the built-in paginators set both)."""
        template_name = getattr(self, "template", None)
        if template_name is None:
            raise NotImplementedError("to_html() must be implemented to display page controls.")
        return loader.get_template(template_name).render(self.get_html_context())

    def get_html_context(self) -> dict[str, Any]:
        """The context of ``template``."""
        raise NotImplementedError("get_html_context() must be implemented.")

    def get_results(self, data: Any) -> Any:
        """The results list out of a paginated body."""
        return data["results"]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The OpenAPI query parameters this paginator reads."""
        return []


def _query_parameter(name: str, description: Any, type_: str) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": force_str(description),
        "schema": {"type": type_},
    }


def _nullable_uri(example: str) -> dict[str, Any]:
    return {"type": "string", "nullable": True, "format": "uri", "example": example}


class PageNumberPagination(BasePagination):
    """``?page=N`` (and optionally ``?page_size=M``) over Django's ``Paginator``.

    Body: ``{"count", "next", "previous", "results"}``. Costs one COUNT and one SELECT.
    """

    # The default page size; ``None`` turns pagination off.
    page_size: Any = FromSettings("PAGE_SIZE")
    django_paginator_class: Any = DjangoPaginator
    page_query_param = "page"
    page_query_description = _("A page number within the paginated result set.")
    # Set to a name (e.g. ``"page_size"``) to let the client choose the page size.
    page_size_query_param: str | None = None
    page_size_query_description = _("Number of results to return per page.")
    max_page_size: int | None = None
    last_page_strings: Sequence[str] = ("last",)
    template: str | None = "restframe/pagination/numbers.html"
    # May use ``{page_number}`` and ``{message}`` (Django's reason).
    invalid_page_message = _("Invalid page.")

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        paginator = self._paginator(queryset, request)
        if paginator is None:
            return None
        self._open_page(paginator, request)
        return list(self.page)

    async def apaginate_queryset(
        self, queryset: Any, request: Any, view: Any = None
    ) -> list[Any] | None:
        if self._sync_overridden(PageNumberPagination):
            return await super().apaginate_queryset(queryset, request, view)
        paginator = self._paginator(queryset, request)
        if paginator is None:
            return None
        if not isinstance(getattr(type(paginator), "count", None), cached_property):
            # A paginator class that counts its own way: let it, off the event loop.
            return await super().apaginate_queryset(queryset, request, view)
        # Django's Paginator counts lazily through a cached property: fill it in beforehand so
        # that opening the page does no sync I/O.
        paginator.__dict__["count"] = await _acount(queryset)
        page = self._open_page(paginator, request)
        page.object_list = await _alist(page.object_list)
        return list(page)

    def _paginator(self, queryset: Any, request: Any) -> Any:
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        return self.django_paginator_class(queryset, page_size)

    def _open_page(self, paginator: Any, request: Any) -> Any:
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            message = force_str(self.invalid_page_message).format(
                page_number=page_number, message=str(exc)
            )
            raise NotFound(message) from exc
        if paginator.num_pages > 1 and self.template is not None:
            # The browsable API shows page controls only when there is somewhere to go.
            self.display_page_controls = True
        self.request = request
        return self.page

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        """The requested page: the query parameter, 1 when absent, the last page for ``last``."""
        page_number = request.query_params.get(self.page_query_param) or 1
        if page_number in self.last_page_strings:
            page_number = paginator.num_pages
        return page_number

    def get_page_size(self, request: Any) -> int | None:
        """The client's page size when allowed and valid (capped), else ``page_size``."""
        if self.page_size_query_param:
            try:
                return _positive_int(
                    request.query_params[self.page_size_query_param],
                    strict=True,
                    cutoff=self.max_page_size,
                )
            except (KeyError, ValueError):
                pass
        return self.page_size

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        base = "http://api.example.org/accounts/?" + self.page_query_param
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": _nullable_uri(base + "=4"),
                "previous": _nullable_uri(base + "=2"),
                "results": schema,
            },
        }

    def get_next_link(self) -> str | None:
        if not self.page.has_next():
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page.next_page_number())

    def get_previous_link(self) -> str | None:
        if not self.page.has_previous():
            return None
        url = self.request.build_absolute_uri()
        page_number = self.page.previous_page_number()
        if page_number == 1:
            # Page 1 is the URL without the parameter: one canonical link for the first page.
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, page_number)

    def get_html_context(self) -> dict[str, Any]:
        base_url = self.request.build_absolute_uri()

        def page_number_to_url(page_number: int) -> str:
            if page_number == 1:
                return remove_query_param(base_url, self.page_query_param)
            return replace_query_param(base_url, self.page_query_param, page_number)

        current = self.page.number
        final = self.page.paginator.num_pages
        page_numbers = _get_displayed_page_numbers(current, final)
        return {
            "previous_url": self.get_previous_link(),
            "next_url": self.get_next_link(),
            "page_links": _get_page_links(page_numbers, current, page_number_to_url),
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [
            _query_parameter(self.page_query_param, self.page_query_description, "integer")
        ]
        if self.page_size_query_param is not None:
            parameters.append(
                _query_parameter(
                    self.page_size_query_param, self.page_size_query_description, "integer"
                )
            )
        return parameters


class LimitOffsetPagination(BasePagination):
    """``?limit=N&offset=M``, like SQL. Body as ``PageNumberPagination``'s.

    Costs one COUNT and, unless the offset is past the end, one SELECT.
    """

    default_limit: Any = FromSettings("PAGE_SIZE")
    limit_query_param = "limit"
    limit_query_description = _("Number of results to return per page.")
    offset_query_param = "offset"
    offset_query_description = _("The initial index from which to return the results.")
    max_limit: int | None = None
    template: str | None = "restframe/pagination/numbers.html"

    # Set by ``paginate_queryset`` for the link methods.
    request: Any
    limit: Any
    offset: int
    count: int

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        if not self._start(request):
            return None
        self.count = self.get_count(queryset)
        window = self._window(queryset)
        return [] if window is None else list(window)

    async def apaginate_queryset(
        self, queryset: Any, request: Any, view: Any = None
    ) -> list[Any] | None:
        if self._sync_overridden(LimitOffsetPagination):
            return await super().apaginate_queryset(queryset, request, view)
        if not self._start(request):
            return None
        self.count = await self.aget_count(queryset)
        window = self._window(queryset)
        return [] if window is None else await _alist(window)

    def _start(self, request: Any) -> bool:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return False
        self.offset = self.get_offset(request)
        return True

    def _window(self, queryset: Any) -> Any:
        """The slice to read, or ``None`` when it is surely empty (no SELECT then)."""
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return None
        return queryset[self.offset : _slice_stop(self.offset, self.limit)]

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        base = "http://api.example.org/accounts/?"
        offset, limit = self.offset_query_param, self.limit_query_param
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": _nullable_uri(f"{base}{offset}=400&{limit}=100"),
                "previous": _nullable_uri(f"{base}{offset}=200&{limit}=100"),
                "results": schema,
            },
        }

    def get_limit(self, request: Any) -> int | None:
        """The client's limit when positive (capped at ``max_limit``), else ``default_limit``."""
        if self.limit_query_param:
            try:
                return _positive_int(
                    request.query_params[self.limit_query_param], strict=True, cutoff=self.max_limit
                )
            except (KeyError, ValueError):
                pass
        return self.default_limit

    def get_offset(self, request: Any) -> int:
        """The client's offset when a non-negative integer, else 0."""
        try:
            return _positive_int(request.query_params[self.offset_query_param])
        except (KeyError, ValueError):
            return 0

    def get_count(self, queryset: Any) -> int:
        """The number of items: ``count()`` for a queryset, ``len()`` for a list."""
        try:
            return int(queryset.count())
        except (AttributeError, TypeError):
            return len(queryset)

    async def aget_count(self, queryset: Any) -> int:
        """``get_count`` through the async ORM (a subclass's own ``get_count`` in a thread)."""
        if self._sync_overridden(LimitOffsetPagination, "get_count"):
            return await sync_to_async(self.get_count)(queryset)
        return await _acount(queryset)

    def get_next_link(self) -> str | None:
        if self.offset + self.limit >= self.count:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_previous_link(self) -> str | None:
        if self.offset <= 0:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.limit)
        if self.offset - self.limit <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, self.offset - self.limit)

    def get_html_context(self) -> dict[str, Any]:
        base_url = self.request.build_absolute_uri()
        if self.limit:
            current = _divide_with_ceil(self.offset, self.limit) + 1
            # The pages before the current one may be shorter than ``limit`` when the offset
            # is not a multiple of it; count them and the ones after separately.
            final = _divide_with_ceil(self.count - self.offset, self.limit) + _divide_with_ceil(
                self.offset, self.limit
            )
            final = max(final, 1)
        else:
            current = final = 1
        current = min(current, final)

        def page_number_to_url(page_number: int) -> str:
            if page_number == 1:
                return remove_query_param(base_url, self.offset_query_param)
            offset = self.offset + (page_number - current) * self.limit
            return replace_query_param(base_url, self.offset_query_param, offset)

        page_numbers = _get_displayed_page_numbers(current, final)
        return {
            "previous_url": self.get_previous_link(),
            "next_url": self.get_next_link(),
            "page_links": _get_page_links(page_numbers, current, page_number_to_url),
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            _query_parameter(self.limit_query_param, self.limit_query_description, "integer"),
            _query_parameter(self.offset_query_param, self.offset_query_description, "integer"),
        ]


class Cursor(NamedTuple):
    """Where a cursor page starts: after ``position`` (a value of the first ordering field),
    skipping ``offset`` items, reading backwards when ``reverse``."""

    offset: int
    reverse: bool
    position: str | None


class CursorPagination(BasePagination):
    """Opaque ``?cursor=`` links over a fixed, unique-ish ordering (default ``-created``).

    Pages stay stable while rows are inserted and cost one SELECT, no COUNT; the client can
    only step to the next or previous page. Body: ``{"next", "previous", "results"}``.
    """

    cursor_query_param = "cursor"
    cursor_query_description = _("The pagination cursor value.")
    page_size: Any = FromSettings("PAGE_SIZE")
    invalid_cursor_message = _("Invalid cursor")
    ordering: Any = "-created"
    template: str | None = "restframe/pagination/previous_and_next.html"
    page_size_query_param: str | None = None
    page_size_query_description = _("Number of results to return per page.")
    max_page_size: int | None = None
    # The largest offset a cursor may carry: a forged cursor cannot ask for a huge OFFSET scan.
    offset_cutoff = 1000

    # Set by ``paginate_queryset`` for the link methods.
    request: Any
    base_url: str
    cursor: Any
    page: list[Any]
    has_next: bool
    has_previous: bool
    next_position: Any
    previous_position: Any

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        window = self._window(queryset, request, view)
        if window is None:
            return None
        return self._finish(list(window))

    async def apaginate_queryset(
        self, queryset: Any, request: Any, view: Any = None
    ) -> list[Any] | None:
        if self._sync_overridden(CursorPagination):
            return await super().apaginate_queryset(queryset, request, view)
        window = self._window(queryset, request, view)
        if window is None:
            return None
        return self._finish(await _alist(window))

    def _window(self, queryset: Any, request: Any, view: Any) -> Any:
        """The ordered, filtered slice to read: the page plus one item, to tell if more follow."""
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        if self.cursor is None:
            offset, reverse, current_position = 0, False, None
        else:
            offset, reverse, current_position = self.cursor
        ordering = _reverse_ordering(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        if current_position is not None:
            first = self.ordering[0]
            # Reading backwards over a descending field (or forwards over an ascending one)
            # means values below the position; otherwise above it.
            comparison = "__lt" if reverse != first.startswith("-") else "__gt"
            queryset = self._after_position(
                queryset, first.lstrip("-") + comparison, current_position
            )
        self._offset, self._reverse, self._current_position = offset, reverse, current_position
        return queryset[offset : _slice_stop(offset, self.page_size + 1)]

    def _after_position(self, queryset: Any, lookup: str, position: str) -> Any:
        # A position that is not a value of the field (a forged cursor) is an invalid cursor,
        # not a server error. Django checks the value when the filter is built.
        if "\x00" in position:
            raise NotFound(self.invalid_cursor_message)
        try:
            return queryset.filter(**{lookup: position})
        except (TypeError, ValueError, DjangoValidationError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc

    def _finish(self, results: list[Any]) -> list[Any]:
        offset, reverse, current_position = self._offset, self._reverse, self._current_position
        page = results[: self.page_size]
        if len(results) > len(page):
            has_following = True
            following_position = self._get_position_from_instance(results[-1], self.ordering)
        else:
            has_following, following_position = False, None
        came_from_elsewhere = current_position is not None or offset > 0
        if reverse:
            # The rows were read backwards: show them in the ordering's direction.
            page.reverse()
            self.has_next, self.has_previous = came_from_elsewhere, has_following
            if self.has_next:
                self.next_position = current_position
            if self.has_previous:
                self.previous_position = following_position
        else:
            self.has_next, self.has_previous = has_following, came_from_elsewhere
            if self.has_next:
                self.next_position = following_position
            if self.has_previous:
                self.previous_position = current_position
        self.page = page
        if (self.has_previous or self.has_next) and self.template is not None:
            self.display_page_controls = True
        return page

    def get_page_size(self, request: Any) -> int | None:
        """The client's page size when allowed and valid (capped), else ``page_size``."""
        if self.page_size_query_param:
            try:
                return _positive_int(
                    request.query_params[self.page_size_query_param],
                    strict=True,
                    cutoff=self.max_page_size,
                )
            except (KeyError, ValueError):
                pass
        return self.page_size

    def _marker(self, items: Sequence[Any], compare: Any) -> tuple[bool, int, str | None]:
        """Walk ``items`` while they share the position of the item after them.

        Returns whether a distinct position was found, how many items were passed (the
        cursor's offset) and that position: a cursor "after it, skipping the passed items".
        """
        offset = 0
        for item in items:
            position = self._get_position_from_instance(item, self.ordering)
            if position != compare:
                return True, offset, position
            offset += 1
        return False, offset, None

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if self.page and self.cursor and self.cursor.reverse and self.cursor.offset:
            # Turning round from a backwards page that was offset: the cursor's position is not
            # next to this page's end, so measure from the last item itself.
            compare = self._get_position_from_instance(self.page[-1], self.ordering)
        else:
            compare = self.next_position
        found, offset, position = self._marker(self.page[::-1], compare)
        if self.page and not found:
            # Every item on the page shares one position.
            if not self.has_previous:
                offset, position = self.page_size, None
            elif self.cursor.reverse:
                # Turning round here may skip a few items ahead, as in DRF.
                offset, position = 0, self.previous_position
            else:
                offset, position = self.cursor.offset + self.page_size, self.previous_position
        if not self.page:
            position = self.next_position
        return self.encode_cursor(Cursor(offset=offset, reverse=False, position=position))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if self.page and self.cursor and not self.cursor.reverse and self.cursor.offset:
            compare = self._get_position_from_instance(self.page[0], self.ordering)
        else:
            compare = self.previous_position
        found, offset, position = self._marker(self.page, compare)
        if self.page and not found:
            if not self.has_next:
                offset, position = self.page_size, None
            elif self.cursor.reverse:
                offset, position = self.cursor.offset + self.page_size, self.next_position
            else:
                offset, position = 0, self.next_position
        if not self.page:
            position = self.previous_position
        return self.encode_cursor(Cursor(offset=offset, reverse=True, position=position))

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        """The ordering: an ordering filter's (first backend with ``get_ordering``), else ours.

        Raises ``AssertionError`` (a programming error, as in DRF) for a missing ordering, a
        ``__`` lookup or a value that is not a string, list or tuple.
        """
        ordering_filters = [
            backend
            for backend in getattr(view, "filter_backends", None) or ()
            if hasattr(backend, "get_ordering")
        ]
        ordering: Any = None
        if ordering_filters:
            ordering = ordering_filters[0]().get_ordering(request, queryset, view)
        if not ordering:
            ordering = self.ordering
            if ordering is None:
                raise AssertionError(
                    "Using cursor pagination, but no ordering attribute was declared on the "
                    "pagination class."
                )
        if not isinstance(ordering, (str, list, tuple)):
            raise AssertionError(
                f"Invalid ordering. Expected string or tuple, but got {type(ordering).__name__}"
            )
        # Only the first field gives positions; a lookup there cannot be read off an item.
        first = ordering if isinstance(ordering, str) else (ordering[0] if ordering else "")
        if "__" in first:
            raise AssertionError(
                "Cursor pagination does not support double underscore lookups for orderings. "
                "Orderings should be an unchanging, unique or nearly-unique field on the model, "
                'such as "-created" or "pk".'
            )
        if isinstance(ordering, str):
            return (ordering,)
        return tuple(ordering)

    def decode_cursor(self, request: Any) -> Cursor | None:
        """The request's cursor, ``None`` when absent; ``NotFound`` when it cannot be read."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            querystring = b64decode(encoded.encode("ascii")).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True)
            offset = _positive_int(tokens.get("o", ["0"])[0], cutoff=self.offset_cutoff)
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            position = tokens.get("p", [None])[0]
        except (TypeError, ValueError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        return Cursor(offset=offset, reverse=reverse, position=position)

    def encode_cursor(self, cursor: Cursor) -> str:
        """The page URL for ``cursor``: base64 of ``o=<offset>&r=1&p=<position>`` (each only
        when set), in the ``cursor`` parameter of the current URL."""
        tokens: dict[str, str] = {}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        querystring = parse.urlencode(tokens, doseq=True)
        encoded = b64encode(querystring.encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def _get_position_from_instance(self, instance: Any, ordering: Sequence[str]) -> str:
        field_name = ordering[0].lstrip("-")
        if isinstance(instance, dict):
            value = instance[field_name]
        else:
            value = getattr(instance, field_name)
        return str(value)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: Any) -> dict[str, Any]:
        base = "http://api.example.org/accounts/?" + self.cursor_query_param
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                # DRF's example carries a stray double quote; kept for identical schemas.
                "next": _nullable_uri(base + '=cD00ODY%3D"'),
                "previous": _nullable_uri(base + "=cj0xJnA9NDg3"),
                "results": schema,
            },
        }

    def get_html_context(self) -> dict[str, Any]:
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [
            _query_parameter(self.cursor_query_param, self.cursor_query_description, "string")
        ]
        if self.page_size_query_param is not None:
            parameters.append(
                _query_parameter(
                    self.page_size_query_param, self.page_size_query_description, "integer"
                )
            )
        return parameters
