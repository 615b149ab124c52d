"""One way to save a recorded object: the version check, who made the change and why
(history), the save and the audit event, in one transaction.

Core sits below the audit app, so the caller says how its event is written (`audit`, a
function given the saved object): a case's record is audited against the person, a
directory service against its HSCP. `audit=None` is for a save whose event the caller
writes once for a whole batch (an import), and must be passed on purpose.

After the transaction commits, `record_changed` is sent once with every record saved in
it, so what is derived from records in a higher layer (the reporting facts, decision 64)
is brought up to date without the services knowing it exists.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.dispatch import Signal

from linkwork.core import clock
from linkwork.core.models import Versioned

Recorded = TypeVar("Recorded")
logger = logging.getLogger(__name__)

# Sent with `records`: each record saved (or announced) in a transaction, once, after
# it commits. A receiver reads the database afresh: a record may have changed again since.
record_changed = Signal()


def save_recorded(
    instance: Recorded,
    *,
    by,
    audit: Callable[[Recorded], object] | None,
    expected_version: int | None = None,
    label: str = "record",
    reason: str | None = None,
    check_unique: bool = True,
) -> Recorded:
    """Save `instance` as `by`, refusing an edit made on a version someone has since moved
    on from (`expected_version`, named `label` in the message); `reason` goes into the
    record's history beside the author."""
    with transaction.atomic():
        if isinstance(instance, Versioned) and instance.pk is not None:
            # Lock the row so two saves from one version cannot both pass the check.
            current = type(instance).objects.select_for_update().only("version").get(pk=instance.pk)
            instance.version = current.version
            instance.check_version(expected_version, label)
            instance.bump_version()
        instance._history_user = by
        instance._change_reason = reason  # set on every save, so none carries over to the next
        if (moment := clock.backdated_to()) is not None:  # the demo, or an import of the past
            instance._history_date = moment
        checked(instance, check_unique=check_unique)
        instance.save()
        if audit is not None:
            audit(instance)
        announce_change(instance)
    return instance


def checked(instance, *, check_unique: bool = True) -> None:
    """`instance.full_clean()`, less its query for each foreign key whose record is loaded
    on the instance (Django asks the database whether the record exists, a query a key on
    every save): a record loaded was read from the database, and the database's own
    constraint still refuses one deleted since. A key given as a bare id is checked."""
    errors: dict = {}
    try:
        instance.full_clean(
            exclude=_loaded_keys(instance), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if check_unique:  # as full_clean: the fields that passed, with the loaded keys
        failed = {name for name in errors if name != NON_FIELD_ERRORS}
        for check in (instance.validate_unique, instance.validate_constraints):
            try:
                check(exclude=failed)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _loaded_keys(instance) -> set[str]:
    return {
        field.name
        for field in instance._meta.concrete_fields
        if (field.many_to_one or field.one_to_one)
        and field.is_cached(instance)
        and (record := field.get_cached_value(instance)) is not None
        and not record._state.adding
        and getattr(record, field.target_field.attname) == getattr(instance, field.attname)
    }


def announce_change(instance) -> None:
    """Have `record_changed` sent for `instance` once its transaction commits: for a write
    that does not go through save_recorded (a bulk load of rows the services checked)."""
    pending = _pending()
    pending[(type(instance), instance.pk)] = instance
    # A callback per change, each sending whatever is pending then: the first after commit
    # sends them all and the rest find none, and one rolled back with a savepoint loses
    # nothing (its change is sent, harmlessly, with the next commit's).
    transaction.on_commit(send_pending)


def send_pending(*, robust: bool = True) -> None:
    """Send `record_changed` now for the changes announced on this connection and not yet
    sent: what commit does, and what a report run inside the writing transaction (a
    command that loads then reports, a test) calls to read its own writes."""
    pending = _pending()
    if pending:
        records = list(pending.values())
        pending.clear()
        if not robust:
            record_changed.send(sender=save_recorded, records=records)
            return
        # The records are saved whatever a receiver does: its failure is logged, not raised
        # into a request whose change has already committed.
        for receiver, outcome in record_changed.send_robust(sender=save_recorded, records=records):
            if isinstance(outcome, Exception):
                logger.error("%s failed on changed records", receiver, exc_info=outcome)


def discard_pending() -> None:
    """Forget the changes announced on this connection: for a caller that has just
    derived everything again from every record (a rebuild covers them all)."""
    _pending().clear()


def _pending() -> dict:
    connection = transaction.get_connection()
    if not hasattr(connection, "linkwork_changed"):
        connection.linkwork_changed = {}
    return connection.linkwork_changed
