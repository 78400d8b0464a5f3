"""Model-backed resources for the router demo (``/api/models/``): authors and their novels.

The constraints are there to be broken: a unique name, a unique ISBN and one title per author
(a ``UniqueConstraint`` with its own message) each turn into DRF's 400 with the field's message.
"""

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Novel(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, related_name="novels", on_delete=models.CASCADE)
    isbn = models.CharField("ISBN", max_length=13, unique=True)
    published = models.DateField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "title"],
                name="one_title_per_author",
                violation_error_message="This author already has a novel with this title.",
            )
        ]

    def __str__(self):
        return self.title
