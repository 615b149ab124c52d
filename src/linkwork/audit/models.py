"""The append-only audit log of access to people's records and of sign-ins."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS = "0" * 64  # the "previous hash" of the first entry


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"


# Kinds of record that moved to another app since events were written. An event keeps the
# label it was written with (`object_type` is hashed into the chain, and no event is ever
# rewritten), so whoever reads an event's kind goes through `object_model`.
MOVED_OBJECT_TYPES = {
    "directory.link": "links.link",  # decision 44
    "directory.linkevent": "links.linkevent",
}


def object_model(object_type: str):
    """The model an event's `object_type` names, as written then or now; LookupError if
    none does."""
    return apps.get_model(MOVED_OBJECT_TYPES.get(object_type, object_type))


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Database triggers refuse
    UPDATE and DELETE as well, so not even raw SQL rewrites history, and each entry
    carries a hash chained to the one before (chain.py), so a rewrite that gets past
    them shows up in `linkwork audit verify`."""

    # Set by chain.append as the entry joins the chain, not by auto_now_add: the value
    # hashed must be the value stored.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # users are deactivated, never deleted
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    # Plain ids rather than foreign keys: an event outlives what it describes.
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    hscp_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The chain: entry number (1, 2, 3... with no gaps), the hash of the entry before
    # and this entry's own hash over its fields and that previous hash.
    seq = models.BigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"{self.actor_username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        if not self.hash:  # not on the chain yet: append() places it and saves it
            from linkwork.audit.chain import append

            append(self)
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class ChainHead(models.Model):
    """The one row naming the chain's last entry. Appending locks it, so concurrent
    writers queue rather than fork the chain; `verify` compares it with the last entry,
    so entries deleted from the end are noticed too."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.hash}"
