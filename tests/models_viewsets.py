"""Models for the viewsets and routers tests."""

from django.db import models

__all__ = ["ViewSetNote"]


class ViewSetNote(models.Model):
    title = models.CharField(max_length=20)
    body = models.CharField(max_length=50, blank=True, default="")

    class Meta:
        app_label = "tests"
        ordering = ["id"]
