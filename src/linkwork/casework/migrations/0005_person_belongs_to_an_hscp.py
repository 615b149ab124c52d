"""Each person's record belongs to one HSCP; a CHI number is unique within an HSCP only.

Existing records take the HSCP of their registered practice, else of the worker or practice
of their first case, else of their first referral's practice."""

import django.db.models.deletion
from django.db import migrations, models

import linkwork.core.chi


def owning_hscp(person, Case, Referral):
    if person.practice_id:
        return person.practice.cluster.hscp_id
    case = Case.objects.filter(person=person).order_by("opened_on", "pk").first()
    if case is not None and case.link_worker_id:
        return case.link_worker.provider.hscp_id
    if case is not None and case.practice_id:
        return case.practice.cluster.hscp_id
    referral = Referral.objects.filter(person=person).order_by("received_on", "pk").first()
    return referral.practice.cluster.hscp_id if referral is not None else None


def backfill(apps, schema_editor):
    Person = apps.get_model("casework", "Person")
    Case = apps.get_model("casework", "Case")
    Referral = apps.get_model("referrals", "Referral")
    orphans = []
    for person in Person.objects.filter(hscp__isnull=True).iterator():
        hscp_id = owning_hscp(person, Case, Referral)
        if hscp_id is None:
            orphans.append(person.pk)
            continue
        Person.objects.filter(pk=person.pk).update(hscp_id=hscp_id)
    if orphans:
        raise RuntimeError(
            f"No HSCP can be worked out for person records {orphans[:20]}: give each a "
            "registered practice (Django admin) and migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_session_overdue_alerted_at"),
        ("organisations", "0002_link_worker_work_phone"),
        ("referrals", "0003_backfill_submitted_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="hscp",
            field=models.ForeignKey(
                null=True,
                help_text="The HSCP whose record this is.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.hscp",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="hscp",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The HSCP whose record this is.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organisations.hscp",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="hscp",
            field=models.ForeignKey(
                help_text="The HSCP whose record this is.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.hscp",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="chi",
            field=models.CharField(
                blank=True,
                help_text="10 digits; the first 6 are the date of birth (DDMMYY).",
                max_length=10,
                null=True,
                validators=[linkwork.core.chi.validate_chi],
                verbose_name="CHI number",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="chi",
            field=models.CharField(
                blank=True,
                help_text="10 digits; the first 6 are the date of birth (DDMMYY).",
                max_length=10,
                null=True,
                validators=[linkwork.core.chi.validate_chi],
                verbose_name="CHI number",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("hscp", "chi"), name="chi_once_per_hscp"),
        ),
    ]
