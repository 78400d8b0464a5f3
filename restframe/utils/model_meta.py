"""What a model is made of, in the shape ``ModelSerializer`` needs: plain fields, the primary
key, and forward and reverse relations.

Reading ``Model._meta`` is slow compared with a dict look-up and the answer only changes when
the app registry changes, so the result is cached per model and revalidated against Django's
own cached field lists (which Django rebuilds whenever a model is registered).
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["FieldInfo", "RelationInfo", "get_field_info", "is_abstract_model"]


class FieldInfo(NamedTuple):
    pk: Any
    fields: dict[str, Any]
    forward_relations: dict[str, RelationInfo]
    reverse_relations: dict[str, RelationInfo]
    fields_and_pk: dict[str, Any]
    relations: dict[str, RelationInfo]


class RelationInfo(NamedTuple):
    model_field: Any
    related_model: Any
    to_many: bool
    to_field: str | None
    has_through_model: bool
    reverse: bool


_cache: dict[Any, tuple[Any, Any, FieldInfo]] = {}


def get_field_info(model: Any) -> FieldInfo:
    """The fields and relations of ``model`` (a model class or instance), keyed by name.

    Concrete fields and relations are those of the concrete model, so proxies see their
    parent's columns; relations hidden with ``related_name='+'`` are left out.
    """
    opts = model._meta.concrete_model._meta
    key = opts.concrete_model
    # Both lists are rebuilt by Django when the registry changes: identity means "unchanged".
    own_fields = opts.fields
    related_objects = opts.related_objects
    cached = _cache.get(key)
    if cached is not None and cached[0] is own_fields and cached[1] is related_objects:
        return cached[2]
    info = _build_field_info(opts)
    _cache[key] = (own_fields, related_objects, info)
    return info


def _build_field_info(opts: Any) -> FieldInfo:
    pk = _get_pk(opts)
    fields = {
        field.name: field for field in opts.fields if field.serialize and not field.remote_field
    }
    forward = _forward_relations(opts)
    reverse = _reverse_relations(opts)
    fields_and_pk = {"pk": pk, pk.name: pk, **fields}
    return FieldInfo(pk, fields, forward, reverse, fields_and_pk, {**forward, **reverse})


def _get_pk(opts: Any) -> Any:
    """The primary key, following multi-table inheritance links up to the root."""
    pk = opts.pk
    while pk.remote_field and pk.remote_field.parent_link:
        pk = pk.remote_field.model._meta.pk
    return pk


def _get_to_field(field: Any) -> str | None:
    to_fields = getattr(field, "to_fields", None)
    return to_fields[0] if to_fields else None


def _forward_relations(opts: Any) -> dict[str, RelationInfo]:
    relations = {}
    for field in opts.fields:
        if field.serialize and field.remote_field:
            relations[field.name] = RelationInfo(
                model_field=field,
                related_model=field.remote_field.model,
                to_many=False,
                to_field=_get_to_field(field),
                has_through_model=False,
                reverse=False,
            )
    for field in opts.many_to_many:
        if field.serialize:
            relations[field.name] = RelationInfo(
                model_field=field,
                related_model=field.remote_field.model,
                to_many=True,
                to_field=None,
                has_through_model=not field.remote_field.through._meta.auto_created,
                reverse=False,
            )
    return relations


def _reverse_relations(opts: Any) -> dict[str, RelationInfo]:
    relations = {}
    all_related = [rel for rel in opts.related_objects if not rel.field.remote_field.hidden]
    for relation in all_related:
        if relation.field.many_to_many:
            continue
        relations[relation.get_accessor_name()] = RelationInfo(
            model_field=None,
            related_model=relation.related_model,
            to_many=relation.field.remote_field.multiple,
            to_field=_get_to_field(relation.field),
            has_through_model=False,
            reverse=True,
        )
    for relation in all_related:
        if not relation.field.many_to_many:
            continue
        through = getattr(relation.field.remote_field, "through", None)
        relations[relation.get_accessor_name()] = RelationInfo(
            model_field=None,
            related_model=relation.related_model,
            to_many=True,
            to_field=None,
            has_through_model=through is not None and not through._meta.auto_created,
            reverse=True,
        )
    return relations


def is_abstract_model(model: Any) -> bool:
    """Whether ``model`` is an abstract model class (which has no table to serialize)."""
    meta = getattr(model, "_meta", None)
    return bool(getattr(meta, "abstract", False))
