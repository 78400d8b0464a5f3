"""What an ``OPTIONS`` request answers: a description of the view.

``APIView.options`` asks the view's ``metadata_class`` (``DEFAULT_METADATA_CLASS``, by default
``SimpleMetadata``) for a dict: the view's name and description, the media types it renders and
parses, and — for views that expose a serializer — the fields each write method accepts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.encoding import force_str

from restframe import exceptions, serializers
from restframe import fields as rf_fields
from restframe.request import clone_request

__all__ = ["BaseMetadata", "ClassLookupDict", "SimpleMetadata"]


class BaseMetadata:
    """Interface of a metadata class; set ``DEFAULT_METADATA_CLASS`` to your subclass."""

    def determine_metadata(self, request: Any, view: Any) -> Any:
        raise NotImplementedError(".determine_metadata() must be overridden.")


# Field type names shown to clients; a field takes the label of the nearest class in its MRO.
_FIELD_LABELS: dict[type, str] = {
    rf_fields.Field: "field",
    rf_fields.BooleanField: "boolean",
    rf_fields.CharField: "string",
    rf_fields.UUIDField: "string",
    rf_fields.URLField: "url",
    rf_fields.EmailField: "email",
    rf_fields.RegexField: "regex",
    rf_fields.SlugField: "slug",
    rf_fields.IntegerField: "integer",
    rf_fields.FloatField: "float",
    rf_fields.DecimalField: "decimal",
    rf_fields.DateField: "date",
    rf_fields.DateTimeField: "datetime",
    rf_fields.TimeField: "time",
    rf_fields.DurationField: "duration",
    rf_fields.ChoiceField: "choice",
    rf_fields.MultipleChoiceField: "multiple choice",
    rf_fields.FileField: "file upload",
    rf_fields.ImageField: "image upload",
    rf_fields.ListField: "list",
    rf_fields.DictField: "nested object",
    serializers.Serializer: "nested object",
}

_FIELD_ATTRS = (
    "read_only",
    "label",
    "help_text",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "max_digits",
    "decimal_places",
)

# Relational fields list their choices only on demand (a choices list could be a whole table).
_RELATED_FIELD_NAMES = frozenset({"RelatedField", "ManyRelatedField"})


class ClassLookupDict:
    """A mapping keyed by class, looked up with an instance: the nearest class in its MRO wins.

    ``SimpleMetadata.label_lookup`` is one, so a project can name its own field types
    (``label_lookup[MyField] = "money"``) as it does with DRF. An object with a ``_proxy_class``
    is looked up as that class. No match raises ``KeyError``.
    """

    def __init__(self, mapping: dict[type, Any]) -> None:
        self.mapping = mapping

    def __getitem__(self, key: Any) -> Any:
        base_class = getattr(key, "_proxy_class", None) or type(key)
        for klass in base_class.__mro__:
            if klass in self.mapping:
                return self.mapping[klass]
        raise KeyError(f"Class {base_class.__name__} not found in lookup.")

    def __setitem__(self, key: type, value: Any) -> None:
        self.mapping[key] = value


def _is_related_field(field: Any) -> bool:
    # Relations are out of restframe's scope; a project's own relational fields are recognised
    # by DRF's class names anywhere in their MRO.
    return any(klass.__name__ in _RELATED_FIELD_NAMES for klass in type(field).__mro__)


class SimpleMetadata(BaseMetadata):
    """The view's name, description, renderers and parsers, and the fields ``POST``/``PUT`` take."""

    label_lookup = ClassLookupDict(dict(_FIELD_LABELS))

    def determine_metadata(self, request: Any, view: Any) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
        if hasattr(view, "get_serializer"):
            actions = self.determine_actions(request, view)
            if actions:
                metadata["actions"] = actions
        return metadata

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        """The fields of each write method the user may call (checked as that method)."""
        actions: dict[str, Any] = {}
        allowed = set(getattr(view, "allowed_methods", ()))
        for method in ("PUT", "POST"):
            if method not in allowed:
                continue
            view.request = clone_request(request, method)
            try:
                if hasattr(view, "check_permissions"):
                    view.check_permissions(view.request)
                if method == "PUT" and hasattr(view, "get_object"):
                    view.get_object()
            except (exceptions.APIException, PermissionDenied, Http404):
                # Not allowed (or no object): the method is simply not described.
                pass
            else:
                actions[method] = self.get_serializer_info(view.get_serializer())
            finally:
                view.request = request
        return actions

    def get_serializer_info(self, serializer: Any) -> dict[str, Any]:
        """Field name → field description; a list serializer describes its child."""
        if hasattr(serializer, "child"):
            serializer = serializer.child
        return {
            name: self.get_field_info(field)
            for name, field in serializer.fields.items()
            if not isinstance(field, rf_fields.HiddenField)
        }

    def _field_label(self, field: Any) -> str:
        try:
            label: str = self.label_lookup[field]
        except KeyError:
            # Not a field at all (DRF fails with KeyError here): described generically.
            return "field"
        return label

    def get_field_info(self, field: Any) -> dict[str, Any]:
        """Type, requiredness, limits, children and choices of one field."""
        info: dict[str, Any] = {
            "type": self._field_label(field),
            "required": getattr(field, "required", False),
        }
        for attr in _FIELD_ATTRS:
            value = getattr(field, attr, None)
            if value is not None and value != "":
                info[attr] = force_str(value, strings_only=True)

        if getattr(field, "child", None):
            info["child"] = self.get_field_info(field.child)
        elif getattr(field, "fields", None):
            info["children"] = self.get_serializer_info(field)

        if not info.get("read_only") and not _is_related_field(field) and hasattr(field, "choices"):
            info["choices"] = [
                {"value": value, "display_name": force_str(name, strings_only=True)}
                for value, name in field.choices.items()
            ]
        return info
