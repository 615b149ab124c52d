"""Every referral keeps its own copy of the person's details as referred. Referrals made
before that was kept take them from the person's record as it stands."""

from django.db import migrations

FIELDS = ("given_name", "family_name", "chi", "postcode", "phone", "email", "sex")


def backfill(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    for referral in Referral.objects.filter(submitted_details={}).select_related("person"):
        person = referral.person
        details = {name: getattr(person, name) for name in FIELDS if getattr(person, name)}
        details["date_of_birth"] = person.date_of_birth.isoformat()
        Referral.objects.filter(pk=referral.pk).update(submitted_details=details)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_self_referral_submitted_details")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
