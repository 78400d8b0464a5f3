"""Models for the relations tests (``tests/test_relations.py``)."""

from __future__ import annotations

import uuid

from django.db import models


class RelTarget(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        app_label = "tests"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Target {self.name}"

    @property
    def first_source(self) -> RelSource | None:
        """The earliest source pointing here (a relation reached through a property)."""
        return self.sources.order_by("pk").first()


class RelSource(models.Model):
    name = models.CharField(max_length=50)
    target = models.ForeignKey(
        RelTarget, null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    targets = models.ManyToManyField(RelTarget, related_name="many_sources", blank=True)

    class Meta:
        app_label = "tests"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Source {self.name}"


class RelUUIDTarget(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=50)

    class Meta:
        app_label = "tests"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"UUID target {self.name}"
