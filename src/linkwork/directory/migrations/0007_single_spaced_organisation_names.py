"""Organisation names saved before they were single-spaced: made so, so that a name typed
with other spacing finds them."""

from django.db import migrations


def single_space(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    for organisation in Organisation.objects.only("pk", "name", "alternate_name").iterator():
        name = " ".join(organisation.name.split())
        alternate = " ".join(organisation.alternate_name.split())
        if (name, alternate) != (organisation.name, organisation.alternate_name):
            Organisation.objects.filter(pk=organisation.pk).update(
                name=name, alternate_name=alternate
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_service_keepers_and_suggestions")]

    operations = [migrations.RunPython(single_space, migrations.RunPython.noop)]
