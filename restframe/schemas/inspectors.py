"""The per-view half of schema generation: ``ViewInspector`` is what a view's ``schema``
attribute holds, and ``DefaultSchema`` picks ``DEFAULT_SCHEMA_CLASS`` when a view sets none.

Kept light (settings only) so that ``restframe.views`` can import it.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from django.utils.encoding import smart_str

from restframe.settings import api_settings
from restframe.utils import formatting

__all__ = ["DefaultSchema", "ViewInspector"]


class ViewInspector:
    """Describes one view to a schema generator; a descriptor bound to the view that owns it."""

    header_regex = re.compile(r"^[a-zA-Z][0-9A-Za-z_]*:")

    def __init__(self) -> None:
        # A schema assigned on a view instance (``view.schema = ...``) wins for that instance.
        self.instance_schemas: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._view: Any = None

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is not None and instance in self.instance_schemas:
            return self.instance_schemas[instance]
        self.view = instance
        return self

    def __set__(self, instance: Any, other: Any) -> None:
        self.instance_schemas[instance] = other
        if other is not None:
            other.view = instance

    @property
    def view(self) -> Any:
        """The view instance being described (set when read through a view instance)."""
        if self._view is None:
            # Read ``schema`` from a view instance, not from the view class.
            raise AttributeError(
                "Schema generation needs a view instance: read `schema` from a view "
                "instance, not from the view class."
            )
        return self._view

    @view.setter
    def view(self, value: Any) -> None:
        self._view = value

    @view.deleter
    def view(self) -> None:
        self._view = None

    def get_description(self, path: str, method: str) -> str:
        """The docstring of the method or action, else the view's, each read by sections.

        A docstring may hold ``get:`` / ``post:`` / ``<action>:`` sections; text before the
        first section is the fallback. A method's docstring is read for the HTTP method's
        section, the view's for the action's. Methods restframe itself defines never count:
        their docstrings describe restframe, not the project's API (DRF's have none).
        """
        view = self.view
        method_name = getattr(view, "action", None) or method.lower()
        handler = getattr(view, method_name, None)
        doc = getattr(handler, "__doc__", None)
        module = getattr(handler, "__module__", "") or ""
        if doc and not module.startswith("restframe."):
            dedented = formatting.dedent(smart_str(doc))
            return self._get_description_section(view, method.lower(), dedented)
        description = view.get_view_description()
        return self._get_description_section(view, method_name, description)

    def _get_description_section(self, view: Any, header: str, description: str) -> str:
        sections = {"": ""}
        current = ""
        for line in description.splitlines():
            if self.header_regex.match(line):
                current, _sep, lead = line.partition(":")
                sections[current] = lead.strip()
            else:
                sections[current] += "\n" + line
        coerce = api_settings.SCHEMA_COERCE_METHOD_NAMES
        if header in sections:
            return sections[header].strip()
        if header in coerce and coerce[header] in sections:
            return sections[coerce[header]].strip()
        return sections[""].strip()


class DefaultSchema(ViewInspector):
    """Gives each view an instance of ``DEFAULT_SCHEMA_CLASS`` (``AutoSchema`` when unset)."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is not None and instance in self.instance_schemas:
            # Assigned on this view instance (``view.schema = ...``, as drf-spectacular's
            # generator does for ``@extend_schema``): that one wins.
            return self.instance_schemas[instance]
        schema_class = api_settings.DEFAULT_SCHEMA_CLASS
        if schema_class is None:
            from restframe.schemas.openapi import AutoSchema

            schema_class = AutoSchema
        if not (isinstance(schema_class, type) and issubclass(schema_class, ViewInspector)):
            raise TypeError(
                "DEFAULT_SCHEMA_CLASS must be a subclass of "
                "restframe.schemas.inspectors.ViewInspector."
            )
        inspector = schema_class()
        inspector.view = instance
        return inspector
