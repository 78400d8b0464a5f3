from __future__ import annotations

from django.db import migrations

from restframe.authtoken.migrations import app_label


class Migration(migrations.Migration):
    dependencies = [(app_label(), "0003_tokenproxy")]

    operations = [
        migrations.AlterModelOptions(
            name="tokenproxy",
            options={"verbose_name": "Token", "verbose_name_plural": "Tokens"},
        ),
    ]
