"""Models for serializer and validator tests: uniqueness in its different shapes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

__all__ = [
    "BlankTogetherItem",
    "BlankUnlessSetItem",
    "ConditionalUniqueItem",
    "ConstraintMessageItem",
    "UniqueForDatePost",
    "UniqueItem",
    "UniqueTogetherItem",
]


class UniqueItem(models.Model):
    """A single ``unique=True`` column (``UniqueValidator``)."""

    code = models.CharField(max_length=20, unique=True)
    number = models.IntegerField(default=0)

    class Meta:
        app_label = "tests"


class UniqueTogetherItem(models.Model):
    """``(race, position)`` must be unique; ``position`` may be null (nulls are distinct)."""

    race = models.CharField(max_length=20)
    position = models.IntegerField(null=True)

    class Meta:
        app_label = "tests"
        unique_together = [("race", "position")]


class ConstraintMessageItem(models.Model):
    """A ``UniqueConstraint`` with its own violation message and code."""

    owner = models.CharField(max_length=20)
    slug = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "slug"],
                name="owner_slug_unique",
                violation_error_message="This owner already uses that slug.",
                violation_error_code="duplicate_slug",
            )
        ]


class ConditionalUniqueItem(models.Model):
    """Unique ``name`` among active rows only (a conditional ``UniqueConstraint``)."""

    name = models.CharField(max_length=20)
    active = models.BooleanField(default=True)

    class Meta:
        app_label = "tests"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(active=True), name="active_name_unique"
            )
        ]


class UniqueForDatePost(models.Model):
    """``slug`` unique per day, ``title`` per month, ``sub`` per year of ``published``."""

    slug = models.CharField(max_length=30)
    title = models.CharField(max_length=30)
    sub = models.CharField(max_length=30)
    published = models.DateField()

    class Meta:
        app_label = "tests"


class BlankTogetherItem(models.Model):
    """``(heat, lane)`` unique together, where ``heat`` is a text column that may be blank."""

    heat = models.CharField(max_length=20, blank=True)
    lane = models.IntegerField()

    class Meta:
        app_label = "tests"
        unique_together = [("heat", "lane")]


class BlankUnlessSetItem(models.Model):
    """``(group, label)`` unique only where ``label`` is not blank; blank labels may repeat."""

    group = models.IntegerField()
    label = models.CharField(max_length=20, blank=True)

    class Meta:
        app_label = "tests"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "label"], condition=~Q(label=""), name="group_label_when_set"
            )
        ]
