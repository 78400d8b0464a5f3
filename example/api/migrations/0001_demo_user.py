"""Creates the ``demo``/``demo`` user the curl commands of ``manage.py demo_help`` log in with."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations

USERNAME = "demo"


def create_demo_user(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.get_or_create(username=USERNAME, defaults={"password": make_password("demo")})


def delete_demo_user(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.filter(username=USERNAME).delete()


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(create_demo_user, delete_demo_user)]
