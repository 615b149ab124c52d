from django.db import migrations

from linkwork.audit.chain import HASHED, HEAD, entry_hash
from linkwork.audit.models import GENESIS

BATCH = 1000


def chain_existing(apps, schema_editor):
    """Number and hash the entries written before the chain, in the order they were
    written (id), each hashed from its stored values as the database gives them back."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    seq, previous, batch = 0, GENESIS, []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        event.seq, event.prev_hash = seq, previous
        event.hash = previous = entry_hash({name: getattr(event, name) for name in HASHED})
        batch.append(event)
        if len(batch) == BATCH:
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
    ChainHead.objects.update_or_create(pk=HEAD, defaults={"seq": seq, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_fields")]
    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
