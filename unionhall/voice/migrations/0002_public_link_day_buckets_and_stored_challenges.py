import datetime

import django.db.models.deletion
from django.db import migrations, models


def forget_hourly_buckets(apps, schema_editor):
    # Rate-limit buckets are short-lived counts; those that kept an hour are dropped.
    apps.get_model("voice", "PublicRateBucket").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_school_setup"),
        ("voice", "0001_suggestion_box"),
    ]

    operations = [
        migrations.RunPython(forget_hourly_buckets, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="publicratebucket", name="voice_rate_bucket_once"),
        migrations.RemoveField(model_name="publicratebucket", name="hour"),
        migrations.AddField(
            model_name="publicratebucket",
            name="day",
            field=models.DateField(default=datetime.date(2026, 1, 1)),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="publicratebucket",
            constraint=models.UniqueConstraint(
                fields=("org", "address_hash", "day"), name="voice_rate_bucket_once_a_day"
            ),
        ),
        migrations.AlterField(
            model_name="voicesettings",
            name="public_per_hour",
            field=models.PositiveSmallIntegerField(
                default=5, verbose_name="public submissions per day from one address"
            ),
        ),
        migrations.CreateModel(
            name="PublicChallenge",
            fields=[
                ("key", models.CharField(max_length=43, primary_key=True, serialize=False)),
                ("answer", models.PositiveSmallIntegerField()),
                ("expires_at", models.DateTimeField(db_index=True)),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.organisation",
                    ),
                ),
            ],
        ),
    ]
