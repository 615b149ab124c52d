"""Model behaviour shared across apps."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


@dataclass(frozen=True)
class Change:
    """One field someone else saved since the user read the record: its name in the
    model (`field`), as a person reads it (`label`), and what it holds now (`now`)."""

    field: str
    label: str
    now: str


class EditConflict(Exception):
    """Someone else saved this record after the user opened it. `str()` is the pages'
    words (the form comes back with what was typed, each changed field showing what it
    now holds); `api_message` the API's. `current_version` is the version to send next."""

    def __init__(
        self,
        record_label: str = "record",
        *,
        changes: list[Change] | None = None,
        current_version: int | None = None,
    ):
        self.record_label = record_label
        self.changes = changes or []
        self.current_version = current_version
        super().__init__(
            f"Someone else changed this {record_label} while you were editing it. "
            "Your changes are below: check the latest version and save again."
        )

    @property
    def changed(self) -> list[str]:
        return [change.label for change in self.changes]

    @property
    def api_message(self) -> str:
        what = "; ".join(f"{c.label}: now {c.now}" for c in self.changes)
        version = f" ({self.current_version})" if self.current_version else ""
        # a plural label ("person's details") takes "were"
        verb = "were" if self.record_label.endswith("s") else "was"
        return (
            f"This {self.record_label} {verb} changed by someone else since you read it"
            f"{f' ({what})' if what else ''}: fetch it again and reapply your change with "
            f"the version it now has{version}"
        )


def shown(field, value) -> str:
    """A field's value as a person reads it, quoted; "blank" for nothing."""
    if value is None or value == "" or value == []:
        return "blank"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif field.is_relation:
        value = field.related_model._default_manager.filter(pk=value).first() or value
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, datetime):
        value = date_format(timezone.localtime(value), "j F Y, H:i")
    elif isinstance(value, date):
        value = date_format(value, "j F Y")
    elif isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    value = str(value)
    if len(value) > SHOWN_UP_TO:  # a long note: its start is enough to recognise it
        value = value[:SHOWN_UP_TO].rstrip() + "…"
    return f"“{value}”"


SHOWN_UP_TO = 200


class NotDeletable(Exception):
    """Records of care are corrected, never deleted."""


class Versioned(models.Model):
    """Optimistic locking: a form carries the version it was opened at, and the save
    is refused if the record has moved on since (see `check_version`)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def check_version(self, expected: int | None, record_label: str) -> None:
        if expected is not None and int(expected) != self.version:
            raise EditConflict(
                record_label,
                changes=self.changes_since(int(expected)),
                current_version=self.version,
            )

    def changed_since(self, version: int) -> list[str]:
        """What was changed after `version`, as a person reads the fields' names."""
        return [change.label for change in self.changes_since(version)]

    def changes_since(self, version: int) -> list[Change]:
        """Each field changed after `version`, with what it holds now, when the record
        keeps its history; empty when that cannot be told."""
        history = getattr(type(self), "history", None)
        if history is None or not 0 < version < self.version:
            return []
        then, now = (
            history.filter(id=self.pk, version=v).order_by("-history_id").first()
            for v in (version, self.version)
        )
        if then is None or now is None:
            return []
        return [
            Change(name, str(field.verbose_name), shown(field, getattr(now, field.attname)))
            for name in now.diff_against(then).changed_fields
            if name not in ("version", "updated_at", "created_at")
            for field in [self._meta.get_field(name)]
        ]

    def bump_version(self) -> None:
        self.version += 1


class Undeletable(models.Model):
    """Nothing is hard-deleted from a case: corrections are new versions, kept in history."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise NotDeletable(f"{self._meta.verbose_name} records are never deleted.")


class RateLimitCount(models.Model):
    """How many times one client did one rate-limited thing in one window (see ratelimit.py)."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_count_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
