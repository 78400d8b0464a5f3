"""Models for the exception-handler tests: protected deletes, model validation, atomic writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

__all__ = ["Author", "Book", "Gadget", "Loan", "Member"]


class Author(models.Model):
    """Referenced by ``Book`` (``PROTECT``) and ``Loan`` (``RESTRICT``)."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "tests"


class Book(models.Model):
    """Deleting its author raises ``ProtectedError``."""

    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="books")

    class Meta:
        app_label = "tests"


class Loan(models.Model):
    """Deleting its author raises ``RestrictedError``."""

    author = models.ForeignKey(Author, on_delete=models.RESTRICT, related_name="loans")

    class Meta:
        app_label = "tests"


class Gadget(models.Model):
    """``full_clean()`` reports field errors and a model-wide (``__all__``) error."""

    name = models.CharField(max_length=5)
    size = models.PositiveIntegerField()

    class Meta:
        app_label = "tests"

    def clean(self) -> None:
        if self.name == "giant" and self.size < 100:
            raise ValidationError("A giant gadget must be at least 100 big.", code="too_small")


class Member(models.Model):
    """A unique ``email``: two concurrent sign-ups race past ``UniqueValidator``; ``nickname``
    may not be NULL (an integrity error that is not a duplicate)."""

    email = models.CharField(max_length=100, unique=True)
    nickname = models.CharField(max_length=100, null=False, default="")

    class Meta:
        app_label = "tests"
