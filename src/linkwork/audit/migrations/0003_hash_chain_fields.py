import django.utils.timezone
from django.db import migrations, models

from linkwork.audit.db_triggers import install, remove


class Migration(migrations.Migration):
    """Fields for the hash chain. The append-only triggers are off from here until 0005:
    0004 writes the chain onto existing entries, and SQLite rebuilds the table (dropping
    its triggers) to add a unique column."""

    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(remove, install),
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.BigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
        ),
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["-seq"]}),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
    ]
