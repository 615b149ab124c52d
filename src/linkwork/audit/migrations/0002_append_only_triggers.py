from django.db import migrations

from linkwork.audit.db_triggers import install, remove


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
