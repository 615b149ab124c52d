"""API tokens expire and may be read-only. Tokens issued before this have 90 days from
when they were issued (the default lifetime), so an old token does not live for ever."""

from datetime import timedelta

from django.db import migrations, models

LIFETIME_OF_EXISTING_TOKENS = timedelta(days=90)


def expire_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + LIFETIME_OF_EXISTING_TOKENS
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(
                default=False,
                help_text="Only reads (GET, HEAD, OPTIONS); any other request is refused.",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(help_text="The token stops working at this moment."),
        ),
    ]
