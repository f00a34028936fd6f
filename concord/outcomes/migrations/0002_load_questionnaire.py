"""Load the bundled outcome questionnaire (version 1)."""

from django.db import migrations

from concord.outcomes.questionnaires import BUNDLED, read_questionnaire, store_questionnaire


def load_questionnaires(apps, schema_editor):
    questionnaires = apps.get_model("outcomes", "Questionnaire")
    questions = apps.get_model("outcomes", "QuestionnaireQuestion")
    for path in BUNDLED:
        store_questionnaire(read_questionnaire(path), questionnaires, questions)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(load_questionnaires, migrations.RunPython.noop)]
