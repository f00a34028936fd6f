"""Each contact's UK local day, stored beside its moment so that reports filter contacts by
day with an index (issue 14). Existing contacts get theirs in one UPDATE."""

from django.db import migrations, models
from django.db.models.functions import TruncDate


def fill_local_days(apps, schema_editor):
    contact = apps.get_model("cases", "Contact")
    # TruncDate works in the current time zone, UK local time (settings.TIME_ZONE).
    contact.objects.update(occurred_on=TruncDate("occurred_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_support_offers_and_idva_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="occurred_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(fill_local_days, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="contact",
            name="occurred_on",
            field=models.DateField(editable=False),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["case", "occurred_on", "occurred_at"],
                name="cases_conta_case_id_b0c0d8_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["out_of_hours", "occurred_on", "id"],
                name="cases_conta_out_of__f27429_idx",
            ),
        ),
    ]
