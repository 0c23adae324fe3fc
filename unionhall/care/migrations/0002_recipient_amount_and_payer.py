from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="carerecipient",
            name="amount",
            field=models.DecimalField(
                decimal_places=2, max_digits=12, null=True, verbose_name="amount received"
            ),
        ),
        migrations.AddField(
            model_name="carerecipient",
            name="payer",
            field=models.CharField(
                choices=[
                    ("union", "Union funds"),
                    ("administration", "School administration budget"),
                ],
                max_length=15,
                null=True,
                verbose_name="paid by",
            ),
        ),
    ]
