"""Authors and novels for the router demo, with two to start from."""

import datetime

from django.db import migrations, models


def add_examples(apps, schema_editor):
    Author = apps.get_model("api", "Author")
    Novel = apps.get_model("api", "Novel")
    ursula = Author.objects.create(name="Ursula K. Le Guin")
    Novel.objects.create(
        title="The Dispossessed",
        author=ursula,
        isbn="9780061054884",
        published=datetime.date(1974, 5, 1),
    )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_demo_user")]

    operations = [
        migrations.CreateModel(
            name="Author",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="Novel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("isbn", models.CharField(max_length=13, unique=True, verbose_name="ISBN")),
                ("published", models.DateField()),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="novels", to="api.author"
                    ),
                ),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.AddConstraint(
            model_name="novel",
            constraint=models.UniqueConstraint(
                fields=("author", "title"),
                name="one_title_per_author",
                violation_error_message="This author already has a novel with this title.",
            ),
        ),
        migrations.RunPython(add_examples, migrations.RunPython.noop),
    ]
