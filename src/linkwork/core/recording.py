"""One way to save a recorded object: the version check, who made the change and why
(history), the save and the audit event, in one transaction.

Core sits below the audit app, so the caller says how its event is written (`audit`, a
function given the saved object): a case's record is audited against the person, a
directory service against its HSCP. `audit=None` is for a save whose event the caller
writes once for a whole batch (an import), and must be passed on purpose.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from linkwork.core import clock
from linkwork.core.models import Versioned

Recorded = TypeVar("Recorded")


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
        instance.full_clean(validate_unique=check_unique, validate_constraints=check_unique)
        instance.save()
        if audit is not None:
            audit(instance)
    return instance
