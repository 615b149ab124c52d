from django.db import migrations, models

from linkwork.audit.db_triggers import install, remove


class Migration(migrations.Migration):
    """Every entry now has its number: require it, unique, and put the append-only
    triggers back (0003 took them off)."""

    dependencies = [("audit", "0004_chain_existing_entries")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True),
        ),
        migrations.RunPython(install, remove),
    ]
