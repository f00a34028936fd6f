"""The alert rules' starting thresholds (docs/user-guide explains each); system
administrators tune them in the admin."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

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


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_alerts_and_break_glass")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
