"""Models for the schema tests."""

from django.db import models

__all__ = ["SchemaItem"]


class SchemaItem(models.Model):
    name = models.CharField(max_length=50, help_text="What the item is called.")
    price = models.DecimalField(max_digits=6, decimal_places=2)
    kind = models.CharField(max_length=1, choices=[("a", "Apple"), ("b", "Book")], default="a")
    in_stock = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tests"
        ordering = ["id"]
