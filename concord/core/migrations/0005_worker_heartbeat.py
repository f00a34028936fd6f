from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_form_submission"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "worker_id",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                ("last_seen", models.DateTimeField(db_index=True)),
            ],
        ),
    ]
