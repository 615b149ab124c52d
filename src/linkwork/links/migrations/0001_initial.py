"""Links take over the models directory held (decision 44): the same tables, now in this
app's state."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("casework", "0005_person_belongs_to_an_hscp"),
        ("directory", "0008_links_move_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables directory made (directory_link, directory_linkevent and
        # directory_historicallink) with their rows: only the state is new.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalLink",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "need",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("money_benefits", "Money and benefits"),
                                    ("debt", "Debt"),
                                    ("housing", "Housing"),
                                    ("food", "Food"),
                                    ("fuel", "Fuel and energy"),
                                    ("employment", "Employment and volunteering"),
                                    ("learning_skills", "Learning and skills"),
                                    ("digital", "Digital inclusion"),
                                    ("social_isolation", "Social isolation and loneliness"),
                                    ("mental_wellbeing", "Mental wellbeing"),
                                    ("bereavement", "Bereavement and loss"),
                                    ("relationships", "Relationships and family"),
                                    ("parenting", "Parenting and childcare"),
                                    ("carers", "Caring responsibilities"),
                                    ("physical_activity", "Physical activity"),
                                    ("healthy_eating", "Healthy eating and weight"),
                                    (
                                        "long_term_condition",
                                        "Living with a long-term condition or pain",
                                    ),
                                    ("alcohol_drugs", "Alcohol and drugs"),
                                    ("abuse_safety", "Abuse and personal safety"),
                                    ("trauma", "Trauma"),
                                    ("legal_immigration", "Legal and immigration"),
                                    ("transport", "Transport and access"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("signposted", "Signposted"),
                                    ("draft", "Draft"),
                                    ("sent", "Sent"),
                                    ("acknowledged", "Acknowledged"),
                                    ("accepted", "Accepted"),
                                    ("declined", "Declined"),
                                    ("first_attended", "First attended"),
                                    ("finished", "Finished"),
                                    ("stopped", "Stopped"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=16,
                            ),
                        ),
                        ("consent_to_share", models.BooleanField(default=False)),
                        ("shares_contact_details", models.BooleanField(default=False)),
                        ("shares_reason", models.BooleanField(default=False)),
                        ("shares_safety_flags", models.BooleanField(default=False)),
                        (
                            "reason",
                            models.TextField(
                                blank=True, help_text="A short reason, in the person's words."
                            ),
                        ),
                        ("shared_name", models.CharField(blank=True, max_length=200)),
                        ("shared_phone", models.CharField(blank=True, max_length=30)),
                        ("shared_email", models.EmailField(blank=True, max_length=254)),
                        (
                            "shared_contact_preferences",
                            models.CharField(blank=True, max_length=300),
                        ),
                        ("shared_safety_flags", models.JSONField(blank=True, default=list)),
                        (
                            "decline_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("not_eligible", "Not eligible"),
                                    ("no_capacity", "No capacity"),
                                    ("could_not_contact", "Could not contact the person"),
                                    ("person_declined", "The person declined"),
                                    ("other", "Other"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("responded_at", models.DateTimeField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="casework.case",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="directory.organisation",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical link",
                        "verbose_name_plural": "historical links",
                        "db_table": "directory_historicallink",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Link",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "need",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("money_benefits", "Money and benefits"),
                                    ("debt", "Debt"),
                                    ("housing", "Housing"),
                                    ("food", "Food"),
                                    ("fuel", "Fuel and energy"),
                                    ("employment", "Employment and volunteering"),
                                    ("learning_skills", "Learning and skills"),
                                    ("digital", "Digital inclusion"),
                                    ("social_isolation", "Social isolation and loneliness"),
                                    ("mental_wellbeing", "Mental wellbeing"),
                                    ("bereavement", "Bereavement and loss"),
                                    ("relationships", "Relationships and family"),
                                    ("parenting", "Parenting and childcare"),
                                    ("carers", "Caring responsibilities"),
                                    ("physical_activity", "Physical activity"),
                                    ("healthy_eating", "Healthy eating and weight"),
                                    (
                                        "long_term_condition",
                                        "Living with a long-term condition or pain",
                                    ),
                                    ("alcohol_drugs", "Alcohol and drugs"),
                                    ("abuse_safety", "Abuse and personal safety"),
                                    ("trauma", "Trauma"),
                                    ("legal_immigration", "Legal and immigration"),
                                    ("transport", "Transport and access"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("signposted", "Signposted"),
                                    ("draft", "Draft"),
                                    ("sent", "Sent"),
                                    ("acknowledged", "Acknowledged"),
                                    ("accepted", "Accepted"),
                                    ("declined", "Declined"),
                                    ("first_attended", "First attended"),
                                    ("finished", "Finished"),
                                    ("stopped", "Stopped"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=16,
                            ),
                        ),
                        ("consent_to_share", models.BooleanField(default=False)),
                        ("shares_contact_details", models.BooleanField(default=False)),
                        ("shares_reason", models.BooleanField(default=False)),
                        ("shares_safety_flags", models.BooleanField(default=False)),
                        (
                            "reason",
                            models.TextField(
                                blank=True, help_text="A short reason, in the person's words."
                            ),
                        ),
                        ("shared_name", models.CharField(blank=True, max_length=200)),
                        ("shared_phone", models.CharField(blank=True, max_length=30)),
                        ("shared_email", models.EmailField(blank=True, max_length=254)),
                        (
                            "shared_contact_preferences",
                            models.CharField(blank=True, max_length=300),
                        ),
                        ("shared_safety_flags", models.JSONField(blank=True, default=list)),
                        (
                            "decline_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("not_eligible", "Not eligible"),
                                    ("no_capacity", "No capacity"),
                                    ("could_not_contact", "Could not contact the person"),
                                    ("person_declined", "The person declined"),
                                    ("other", "Other"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("responded_at", models.DateTimeField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="links",
                                to="casework.case",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="links",
                                to="directory.organisation",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="links",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_link",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="LinkEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("signposted", "Signposted"),
                                    ("draft", "Draft"),
                                    ("sent", "Sent"),
                                    ("acknowledged", "Acknowledged"),
                                    ("accepted", "Accepted"),
                                    ("declined", "Declined"),
                                    ("first_attended", "First attended"),
                                    ("finished", "Finished"),
                                    ("stopped", "Stopped"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("at", models.DateTimeField()),
                        (
                            "by_organisation",
                            models.BooleanField(
                                default=False,
                                help_text="Recorded by the organisation itself, not the link worker.",
                            ),
                        ),
                        (
                            "route",
                            models.CharField(
                                choices=[
                                    ("linkwork", "In linkwork"),
                                    ("api", "Through the linkwork API"),
                                    ("email", "Email"),
                                    ("phone", "Phone"),
                                    ("in_person", "In person"),
                                    ("letter", "Letter"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("not_eligible", "Not eligible"),
                                    ("no_capacity", "No capacity"),
                                    ("could_not_contact", "Could not contact the person"),
                                    ("person_declined", "The person declined"),
                                    ("other", "Other"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500)),
                        (
                            "by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "link",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="links.link",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_linkevent",
                        "ordering": ["at", "pk"],
                    },
                ),
                migrations.AddIndex(
                    model_name="link",
                    index=models.Index(
                        fields=["organisation", "status"], name="directory_l_organis_e9656a_idx"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
