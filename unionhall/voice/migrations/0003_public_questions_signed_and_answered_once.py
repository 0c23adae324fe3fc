"""The public link's question travels in the page as a signed token; only the ids of questions
answered are stored (to refuse a replay), no longer every question shown. A page open during the
upgrade holds an old key: its visitor is asked the new question shown with the refusal."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_school_setup"),
        ("voice", "0002_public_link_day_buckets_and_stored_challenges"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpentChallenge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("challenge_id", models.CharField(max_length=32)),
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
        migrations.DeleteModel(
            name="PublicChallenge",
        ),
        migrations.AddConstraint(
            model_name="spentchallenge",
            constraint=models.UniqueConstraint(
                fields=("org", "challenge_id"), name="voice_challenge_answered_once"
            ),
        ),
    ]
