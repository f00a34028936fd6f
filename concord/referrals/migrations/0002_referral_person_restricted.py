from django.db import migrations, models


def restricted_when_referred(apps, schema_editor):
    """Referrals already made about restricted people: their receivers' view narrows too."""
    Referral = apps.get_model("referrals", "Referral")
    Referral.objects.filter(case__person__is_restricted=True).update(person_restricted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="person_restricted",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(restricted_when_referred, migrations.RunPython.noop),
    ]
