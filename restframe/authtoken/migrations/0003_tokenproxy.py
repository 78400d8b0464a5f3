from __future__ import annotations

from django.db import migrations

from restframe.authtoken.migrations import app_label


class Migration(migrations.Migration):
    dependencies = [(app_label(), "0002_auto_20160226_1747")]

    operations = [
        migrations.CreateModel(
            name="TokenProxy",
            fields=[],
            options={"verbose_name": "token", "proxy": True, "indexes": [], "constraints": []},
            bases=(f"{app_label()}.token",),
        ),
    ]
