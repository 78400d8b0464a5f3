"""Filter backends: narrowing and ordering a list view's queryset from query parameters.

A generic view passes its queryset through each class of ``filter_backends`` in turn
(``filter_queryset(request, queryset, view)``). ``SearchFilter`` answers ``?search=`` over the
view's ``search_fields``; ``OrderingFilter`` answers ``?ordering=`` over the fields a view allows,
silently ignoring any other, so a client cannot sort on (and so probe) a hidden column.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from functools import reduce
from typing import Any

from asgiref.sync import sync_to_async
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.template import loader
from django.utils.encoding import force_str
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from restframe.fields import CharField
from restframe.settings import FromSettings
from restframe.utils.urls import replace_query_param

__all__ = [
    "BaseFilterBackend",
    "OrderingFilter",
    "SearchFilter",
    "UnaccentedSearchFilter",
    "search_smart_split",
]

_QUOTE_CHARS = ('"', "'")


def search_smart_split(search_terms: str) -> list[str]:
    """Split a search string into terms: on whitespace, then on commas, except that a quoted
    phrase (``"apple pie"``) is one term, unquoted. Commas around a chunk are dropped first,
    so ``,,"a, b"`` is the one term ``a, b``; a chunk whose quotes do not close at its end
    (``"a, b",c``) is split on its commas like any other."""
    terms: list[str] = []
    for chunk in smart_split(search_terms):
        chunk = chunk.strip(",")
        if chunk[:1] in _QUOTE_CHARS and chunk[0] == chunk[-1]:
            terms.append(unescape_string_literal(chunk))
        else:
            terms.extend(term.strip() for term in chunk.split(",") if term)
    return terms


@functools.cache
def _search_field() -> CharField:
    """The search value is validated as a ``CharField`` (DRF does the same), so the NUL check
    and its message are the fields' own. Made once: an unbound field keeps no request state."""
    return CharField(trim_whitespace=False, allow_blank=True)


def _query_parameter(name: str, description: Any) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": force_str(description),
        "schema": {"type": "string"},
    }


class BaseFilterBackend:
    """What a filter backend implements."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        """Return the filtered queryset."""
        raise NotImplementedError(".filter_queryset() must be overridden.")

    async def afilter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        """``filter_queryset`` for async views (restframe beyond DRF).

        By default the sync method runs in a thread, since a custom backend may query the
        database. The built-in backends only build lazy querysets and answer inline, unless a
        subclass overrides their ``filter_queryset``.
        """
        if type(self).filter_queryset in _INLINE_FILTERS:
            return self.filter_queryset(request, queryset, view)
        return await sync_to_async(self.filter_queryset)(request, queryset, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The OpenAPI query parameters this backend reads."""
        return []


class SearchFilter(BaseFilterBackend):
    """``?search=term1 term2``: every term must match at least one of ``search_fields``.

    A field name's prefix picks the lookup: ``^`` starts with, ``=`` exact, ``@`` full-text
    (PostgreSQL), ``$`` regex; otherwise ``icontains`` (or the lookup the name ends with).
    Search over a to-many relation keeps each row once, with an ``EXISTS`` subquery.
    """

    search_param: Any = FromSettings("SEARCH_PARAM")
    template = "restframe/filters/search.html"
    lookup_prefixes: dict[str, str] = {
        "^": "istartswith",
        "=": "iexact",
        "@": "search",
        "$": "iregex",
    }
    default_lookup = "icontains"
    search_title = _("Search")
    search_description = _("A search term.")

    def get_search_fields(self, view: Any, request: Any) -> Sequence[str] | None:
        """The view's ``search_fields``; override to vary them per request."""
        return getattr(view, "search_fields", None)

    def get_search_terms(self, request: Any) -> list[str]:
        """The terms of the search parameter; a NUL character is a 400, as in DRF."""
        value = request.query_params.get(self.search_param, "")
        return search_smart_split(_search_field().run_validation(value))

    def construct_search(self, field_name: str, queryset: Any) -> str:
        """The ORM lookup for one entry of ``search_fields``."""
        lookup = self.lookup_prefixes.get(field_name[:1])
        if lookup:
            return f"{field_name[1:]}{LOOKUP_SEP}{lookup}"
        if LOOKUP_SEP in field_name and self._names_lookup(field_name, queryset):
            return field_name
        return f"{field_name}{LOOKUP_SEP}{self.default_lookup}"

    @staticmethod
    def _names_lookup(field_name: str, queryset: Any) -> bool:
        """Whether ``field_name`` already says its lookup (``name__exact``,
        ``author__name__startswith``): a part that is no field but a lookup of the last field
        before it. A transform (``text__lower``) is not a lookup, so the default is added."""
        opts = queryset.model._meta
        field: Any = None
        for part in field_name.split(LOOKUP_SEP):
            try:
                current = opts.get_field(opts.pk.name if part == "pk" else part)
            except FieldDoesNotExist:
                if field is not None and field.get_lookup(part):
                    return True
                continue
            field = current
            if hasattr(field, "path_infos"):
                opts = field.path_infos[-1].to_opts
        return False

    def must_call_distinct(self, queryset: Any, search_fields: Sequence[str]) -> bool:
        """Whether a search field crosses a to-many relation (rows could repeat)."""
        for search_field in search_fields:
            opts = queryset.model._meta
            if search_field[:1] in self.lookup_prefixes:
                search_field = search_field[1:]
            # An annotation is one value per row: no duplicates from it.
            if isinstance(queryset, models.QuerySet) and search_field in queryset.query.annotations:
                continue
            for part in search_field.split(LOOKUP_SEP):
                field = opts.pk if part == "pk" else opts.get_field(part)
                if not hasattr(field, "path_infos"):
                    # A plain field (the rest is a lookup or transform).
                    break
                path_infos = field.path_infos
                opts = path_infos[-1].to_opts
                if any(path.m2m for path in path_infos):
                    return True
        return False

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        search_fields = self.get_search_fields(view, request)
        search_terms = self.get_search_terms(request)
        if not search_fields or not search_terms:
            return queryset
        orm_lookups = [self.construct_search(str(field), queryset) for field in search_fields]
        conditions = [
            reduce(operator.or_, (self._term_condition(lookup, term) for lookup in orm_lookups))
            for term in search_terms
        ]
        base = queryset
        queryset = queryset.filter(reduce(operator.and_, conditions))
        if self.must_call_distinct(queryset, search_fields):
            # Filtering through an EXISTS subquery keeps each row once, and unlike
            # ``distinct()`` leaves the view free to order or annotate the result.
            matching = queryset.filter(pk=models.OuterRef("pk"))
            queryset = base.filter(models.Exists(matching))
        return queryset

    @staticmethod
    def _term_condition(orm_lookup: str, term: str) -> models.Q:
        if orm_lookup.endswith("regex") and not _is_valid_regex(term):
            # A search box is not a place for regex errors: a term that is not a valid
            # pattern matches nothing through this field (SQLite would fail the query).
            return models.Q(pk__in=[])
        return models.Q(**{orm_lookup: term})

    def to_html(self, request: Any, queryset: Any, view: Any) -> str:
        """The search box of the browsable API; empty when the view searches nothing."""
        if not getattr(view, "search_fields", None):
            return ""
        context = {
            "param": self.search_param,
            "term": request.query_params.get(self.search_param, ""),
        }
        return loader.get_template(self.template).render(context)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [_query_parameter(self.search_param, self.search_description)]


def _is_valid_regex(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


class UnaccentedSearchFilter(SearchFilter):
    """``SearchFilter`` ignoring accents, through PostgreSQL's ``unaccent`` extension
    (``django.contrib.postgres`` must be installed)."""

    lookup_prefixes = {
        "^": "unaccent__istartswith",
        "=": "unaccent__iexact",
        "@": "search",
        "$": "unaccent__iregex",
    }
    default_lookup = "unaccent__icontains"


class OrderingFilter(BaseFilterBackend):
    """``?ordering=name,-created``: sort by the fields the view allows.

    Allowed fields: the view's ``ordering_fields`` (``'__all__'`` for every model field and
    annotation), else the readable fields of its serializer. Unknown or disallowed terms are
    dropped without an error; with none left, the view's ``ordering`` applies.
    """

    ordering_param: Any = FromSettings("ORDERING_PARAM")
    ordering_fields: Any = None
    ordering_title = _("Ordering")
    ordering_description = _("Which field to use when ordering the results.")
    template = "restframe/filters/ordering.html"

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> Any:
        """The valid terms of the ordering parameter, else the view's default ordering."""
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            ordering = self.remove_invalid_fields(queryset, fields, view, request)
            if ordering:
                return ordering
        return self.get_default_ordering(view)

    def get_default_ordering(self, view: Any) -> Any:
        """The view's ``ordering`` (a string becomes a 1-tuple)."""
        ordering = getattr(view, "ordering", None)
        if isinstance(ordering, str):
            return (ordering,)
        return ordering

    def get_default_valid_fields(
        self, queryset: Any, view: Any, context: dict[str, Any] | None = None
    ) -> list[tuple[str, Any]]:
        """Without ``ordering_fields``: the serializer's readable fields that map to columns
        (not write-only, not ``source='*'``, not a model property)."""
        serializer_class = None
        if hasattr(view, "get_serializer_class"):
            try:
                serializer_class = view.get_serializer_class()
            except AssertionError:
                # The generic view's way of saying it has no serializer_class.
                serializer_class = None
        if serializer_class is None:
            raise ImproperlyConfigured(
                f"Cannot use {self.__class__.__name__} on a view which does not have either a "
                "'serializer_class', an overriding 'get_serializer_class' or 'ordering_fields' "
                "attribute."
            )
        model_class = queryset.model
        model_properties = {
            name
            for name in dir(model_class)
            if name != "pk" and isinstance(getattr(model_class, name, None), property)
        }
        fields = serializer_class(context=context or {}).fields
        return [
            ((field.source or field_name).replace(".", LOOKUP_SEP), field.label)
            for field_name, field in fields.items()
            if not getattr(field, "write_only", False)
            and field.source != "*"
            and field.source not in model_properties
        ]

    def get_valid_fields(
        self, queryset: Any, view: Any, context: dict[str, Any] | None = None
    ) -> list[tuple[str, Any]]:
        """``(field, label)`` pairs a client may order by."""
        valid_fields = getattr(view, "ordering_fields", self.ordering_fields)
        if valid_fields is None:
            return self.get_default_valid_fields(queryset, view, context or {})
        if valid_fields == "__all__":
            fields = [(field.name, field.verbose_name) for field in queryset.model._meta.fields]
            fields += [
                (name, name.title().split(LOOKUP_SEP)) for name in queryset.query.annotations
            ]
            return fields
        return [(item, item) if isinstance(item, str) else item for item in valid_fields]

    def remove_invalid_fields(
        self, queryset: Any, fields: Sequence[str], view: Any, request: Any
    ) -> list[str]:
        """``fields`` without the terms that are not allowed (a leading ``-`` is kept)."""
        valid = {item[0] for item in self.get_valid_fields(queryset, view, {"request": request})}
        return [term for term in fields if (term[1:] if term.startswith("-") else term) in valid]

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering)
        return queryset

    def get_template_context(self, request: Any, queryset: Any, view: Any) -> dict[str, Any]:
        current = self.get_ordering(request, queryset, view)
        context: dict[str, Any] = {
            "request": request,
            "current": current[0] if current else None,
            "param": self.ordering_param,
        }
        options = []
        for key, label in self.get_valid_fields(queryset, view, context):
            options.append((key, "{} - {}".format(label, _("ascending"))))
            options.append(("-" + key, "{} - {}".format(label, _("descending"))))
        context["options"] = options
        return context

    def to_html(self, request: Any, queryset: Any, view: Any) -> str:
        """The ordering menu of the browsable API."""
        context = self.get_template_context(request, queryset, view)
        # Each option's link keeps the request's other parameters (a search, a page size).
        path = request.get_full_path()
        context["choices"] = [
            {
                "key": key,
                "label": label,
                "url": replace_query_param(path, self.ordering_param, key),
                "active": key == context["current"],
            }
            for key, label in context["options"]
        ]
        return loader.get_template(self.template).render(context)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [_query_parameter(self.ordering_param, self.ordering_description)]


# ``filter_queryset`` implementations that do no I/O, so async views call them inline.
_INLINE_FILTERS = frozenset({SearchFilter.filter_queryset, OrderingFilter.filter_queryset})
