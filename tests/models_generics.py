"""Models for the generics tests (restframe.generics / restframe.mixins)."""

import uuid

from django.db import models

__all__ = ["GenericNote", "GenericSnippet", "GenericToken"]


class GenericSnippet(models.Model):
    title = models.CharField(max_length=20)
    owner = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class GenericNote(models.Model):
    """A child row, so prefetch caching on update can be observed."""

    snippet = models.ForeignKey(GenericSnippet, related_name="notes", on_delete=models.CASCADE)
    text = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class GenericToken(models.Model):
    """Looked up by a UUID, so a malformed one can be requested."""

    key = models.UUIDField(default=uuid.uuid4, unique=True)
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"
        ordering = ["id"]
