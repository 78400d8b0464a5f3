"""Models for the pagination and filter tests (restframe.pagination / restframe.filters)."""

from django.db import models

__all__ = ["PageEvent", "PageItem", "PageTag"]


class PageTag(models.Model):
    label = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class PageItem(models.Model):
    """``created`` is the cursor paginator's default ordering field; ``password`` is a column
    no serializer shows, which ordering must not reach."""

    name = models.CharField(max_length=40)
    created = models.IntegerField(default=0)
    password = models.CharField(max_length=40, default="secret")
    tags = models.ManyToManyField(PageTag, related_name="items", blank=True)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class PageEvent(models.Model):
    """Cursor positions on a date-time field."""

    created = models.DateTimeField()

    class Meta:
        app_label = "tests"
        ordering = ["id"]
