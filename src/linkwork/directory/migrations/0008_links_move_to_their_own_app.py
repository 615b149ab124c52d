"""Links (Link, LinkEvent and their history) move to the links app (decision 44): directory
stops holding their state. No table changes: links' first migration takes them over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_single_spaced_organisation_names"),
    ]

    operations = [
        # The tables stay where they are, under the same names; only the state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="link",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="link",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="link",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="link",
                    name="service",
                ),
                migrations.RemoveField(
                    model_name="linkevent",
                    name="link",
                ),
                migrations.RemoveField(
                    model_name="linkevent",
                    name="by",
                ),
                migrations.DeleteModel(
                    name="HistoricalLink",
                ),
                migrations.DeleteModel(
                    name="Link",
                ),
                migrations.DeleteModel(
                    name="LinkEvent",
                ),
            ],
            database_operations=[],
        ),
    ]
