# A data version per organisation and app (core.versions): the summary's parts are kept under
# the versions of the apps they read. The old versions are dropped: the cache keys that used
# them are named differently now, so nothing kept under them is read again.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_summ20"),
        ("orgs", "0002_school_setup"),
    ]

    operations = [
        migrations.DeleteModel(name="DataVersion"),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("app", models.CharField(blank=True, max_length=50)),
                ("version", models.PositiveBigIntegerField(default=0)),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.organisation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("org", "app"), name="core_dataversion_one_per_app"
                    )
                ],
            },
        ),
    ]
