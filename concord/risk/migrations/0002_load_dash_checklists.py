"""Load the bundled checklists: SafeLives DASH RIC (24 questions) and ACPO DASH 2009 (27)."""

from django.db import migrations

from concord.risk.instruments import BUNDLED, read_instrument, store_instrument


def load_checklists(apps, schema_editor):
    instruments = apps.get_model("risk", "Instrument")
    questions = apps.get_model("risk", "Question")
    for path in BUNDLED:
        store_instrument(read_instrument(path), instruments, questions)


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_instruments_assessments_incidents")]

    operations = [migrations.RunPython(load_checklists, migrations.RunPython.noop)]
