"""The content types of the moved models follow them to the links app, so the permissions
and admin history that point at them keep pointing right. (The audit log names models by
label and is never rewritten: audit/models.py maps the old labels.)"""

from django.db import migrations

MODELS = ("link", "linkevent", "historicallink")


def _move(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=to_label, model=model).exists():
            continue  # already there (made by a migrate that ran before this one)
        ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def forwards(apps, schema_editor):
    _move(apps, "directory", "links")


def backwards(apps, schema_editor):
    _move(apps, "links", "directory")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("links", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
