"""Models for the ModelSerializer tests: every model field type, relations and uniqueness."""

from __future__ import annotations

import datetime
import json
import os

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q

__all__ = [
    "MSAbstract",
    "MSAllTypes",
    "MSAuthor",
    "MSBook",
    "MSChildTag",
    "MSChoices",
    "MSConstraint",
    "MSDefaults",
    "MSEntry",
    "MSMembership",
    "MSNote",
    "MSProfile",
    "MSPost",
    "MSStatus",
    "MSTag",
    "MSTagProxy",
    "MSTeam",
    "MSValidated",
]

COLOR_CHOICES = [("red", "Red"), ("green", "Green")]


class MSAllTypes(models.Model):
    """One column of each model field type the default mapping knows."""

    big = models.BigIntegerField()
    boolean = models.BooleanField()
    char = models.CharField(max_length=100)
    date = models.DateField()
    datetime = models.DateTimeField()
    decimal = models.DecimalField(max_digits=5, decimal_places=2)
    duration = models.DurationField()
    email = models.EmailField()
    file = models.FileField(upload_to="ms")
    file_path = models.FilePathField(path=os.path.dirname(__file__))
    float = models.FloatField()
    integer = models.IntegerField()
    ip = models.GenericIPAddressField()
    json = models.JSONField()
    positive = models.PositiveIntegerField()
    positive_small = models.PositiveSmallIntegerField()
    positive_big = models.PositiveBigIntegerField()
    slug = models.SlugField()
    small = models.SmallIntegerField()
    text = models.TextField()
    time = models.TimeField()
    url = models.URLField()
    uuid = models.UUIDField()
    binary = models.BinaryField()

    class Meta:
        app_label = "tests"


class MSChoices(models.Model):
    color = models.CharField(max_length=10, choices=COLOR_CHOICES, blank=True)
    number = models.IntegerField(choices=[(1, "One"), (2, "Two")], null=True)
    text = models.TextField(choices=COLOR_CHOICES)

    class Meta:
        app_label = "tests"


class MSStatus(models.Model):
    """A status the application sets (not editable) but clients still read as a choice."""

    state = models.CharField(max_length=10, choices=COLOR_CHOICES, default="red", editable=False)
    previous = models.CharField(max_length=10, choices=COLOR_CHOICES, null=True, editable=False)

    class Meta:
        app_label = "tests"


def _today() -> datetime.date:
    return datetime.date(2020, 1, 1)


class MSDefaults(models.Model):
    """Optional columns: defaults, blank, null, help text, verbose names, not editable."""

    title = models.CharField(max_length=100, blank=True, help_text="The title.")
    subtitle = models.CharField("sub title", max_length=50, null=True, default="x", db_column="sub")
    count = models.IntegerField(default=0, verbose_name="number of things")
    day = models.DateField(default=_today)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    hidden = models.IntegerField(editable=False, default=1)
    data = models.JSONField(null=True, blank=True)

    class Meta:
        app_label = "tests"
        verbose_name = "defaults thing"

    @property
    def shout(self) -> str:
        return self.title.upper()

    def describe(self) -> str:
        return f"{self.title}!"


class MSValidated(models.Model):
    """Model validators that ModelSerializer turns into field arguments."""

    score = models.IntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    ratio = models.DecimalField(max_digits=4, decimal_places=1, validators=[MaxValueValidator(100)])
    name = models.CharField(
        max_length=20, validators=[MinLengthValidator(3), RegexValidator(r"^[a-z]+$")]
    )
    body = models.TextField(validators=[MaxLengthValidator(500)])
    code = models.CharField(max_length=10, unique=True)

    class Meta:
        app_label = "tests"


class MSAbstract(models.Model):
    name = models.CharField(max_length=10)

    class Meta:
        app_label = "tests"
        abstract = True


class MSAuthor(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        app_label = "tests"

    def __str__(self) -> str:
        return self.name


class MSTag(models.Model):
    label = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"

    def __str__(self) -> str:
        return self.label


class MSBook(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(MSAuthor, on_delete=models.CASCADE, related_name="books")
    editor = models.ForeignKey(
        MSAuthor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited",
        to_field="name",
        verbose_name="the editor",
        help_text="Who edited it.",
    )
    tags = models.ManyToManyField(MSTag, related_name="books")
    extra_tags = models.ManyToManyField(MSTag, blank=True, related_name="+")

    class Meta:
        app_label = "tests"


class MSProfile(models.Model):
    author = models.OneToOneField(MSAuthor, on_delete=models.CASCADE, primary_key=True)
    bio = models.TextField(blank=True)

    class Meta:
        app_label = "tests"


class MSTeam(models.Model):
    name = models.CharField(max_length=20)
    members = models.ManyToManyField(MSAuthor, through="MSMembership", related_name="teams")

    class Meta:
        app_label = "tests"


class MSMembership(models.Model):
    team = models.ForeignKey(MSTeam, on_delete=models.CASCADE)
    author = models.ForeignKey(MSAuthor, on_delete=models.CASCADE)

    class Meta:
        app_label = "tests"
        unique_together = [("team", "author")]


class MSEntry(models.Model):
    """``unique_together`` and a conditional ``UniqueConstraint`` with its own message."""

    board = models.CharField(max_length=20)
    position = models.IntegerField()
    slug = models.CharField(max_length=20)
    published = models.BooleanField(default=False)

    class Meta:
        app_label = "tests"
        unique_together = [("board", "position")]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "slug"],
                condition=Q(published=True),
                name="ms_entry_published_slug",
                violation_error_message="Slug already published on this board.",
                violation_error_code="slug_taken",
            )
        ]


class MSConstraint(models.Model):
    """A plain ``UniqueConstraint`` (default message) and one on a defaulted field."""

    owner = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, default="a")

    class Meta:
        app_label = "tests"
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="ms_owner_code"),
            models.UniqueConstraint(fields=["owner", "kind"], name="ms_owner_kind"),
        ]


class MSPost(models.Model):
    title = models.CharField(max_length=50, unique_for_date="published")
    slug = models.CharField(max_length=50, unique_for_year="published")
    published = models.DateField()

    class Meta:
        app_label = "tests"


class MSNote(models.Model):
    """Notes with a JSON encoder on the column and a model-level ``TypeError`` trap."""

    text = models.CharField(max_length=20)
    meta = models.JSONField(encoder=json.JSONEncoder, default=dict)
    author = models.ForeignKey(MSAuthor, on_delete=models.CASCADE, null=True)

    class Meta:
        app_label = "tests"


class MSChildTag(MSTag):
    """Multi-table inheritance: the primary key is the parent link."""

    colour = models.CharField(max_length=10, blank=True)

    class Meta:
        app_label = "tests"


class MSTagProxy(MSTag):
    class Meta:
        app_label = "tests"
        proxy = True
