"""The alert rules' starting thresholds (docs/user-guide/oversight.md explains each);
system administrators tune them in the admin. The rules judge events from now on: the
trail written before Concord had them is not judged (it would raise old alerts by the
hundred on the day of the upgrade)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Max

DEFAULTS = [
    # kind, more than, window in minutes
    ("many_records", 20, 10),
    ("restricted_search", 0, 1440),
    ("colleague_record", 0, 1440),
    ("many_reveals", 10, 1440),
]


def add_defaults(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AlertRule = apps.get_model("oversight", "AlertRule")
    for kind, more_than, window_minutes in DEFAULTS:
        AlertRule.objects.get_or_create(
            kind=kind, defaults={"more_than": more_than, "window_minutes": window_minutes}
        )
    newest = apps.get_model("core", "AuditEvent").objects.aggregate(newest=Max("id"))["newest"]
    apps.get_model("oversight", "AlertScan").objects.get_or_create(
        id=1, defaults={"last_event_id": newest or 0}
    )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_alerts_and_break_glass")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
