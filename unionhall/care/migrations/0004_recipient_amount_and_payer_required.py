from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("care", "0003_fill_recipient_amount_and_payer")]

    operations = [
        migrations.AlterField(
            model_name="carerecipient",
            name="amount",
            field=models.DecimalField(
                decimal_places=2, max_digits=12, verbose_name="amount received"
            ),
        ),
        migrations.AlterField(
            model_name="carerecipient",
            name="payer",
            field=models.CharField(
                choices=[
                    ("union", "Union funds"),
                    ("administration", "School administration budget"),
                ],
                max_length=15,
                verbose_name="paid by",
            ),
        ),
        migrations.AddConstraint(
            model_name="carerecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="care_recipient_amount_positive"
            ),
        ),
    ]
