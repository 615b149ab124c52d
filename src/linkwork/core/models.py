"""Model behaviour shared across apps."""

from django.db import models


class EditConflict(Exception):
    """Someone else saved this record after the user opened it. `str()` is the pages'
    words (the form comes back with what was typed); `api_message` the API's."""

    def __init__(self, record_label: str = "record", *, changed: list[str] | None = None):
        self.record_label = record_label
        self.changed = changed or []
        super().__init__(
            f"Someone else changed this {record_label} while you were editing it. "
            "Your changes are below: check the latest version and save again."
        )

    @property
    def api_message(self) -> str:
        what = f" ({', '.join(self.changed)})" if self.changed else ""
        return (
            f"This {self.record_label} was changed by someone else since you read it{what}: "
            "fetch it again and reapply your change with the version it now has"
        )


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
            raise EditConflict(record_label, changed=self.changed_since(int(expected)))

    def changed_since(self, version: int) -> list[str]:
        """What was changed after `version`, as a person reads the fields' names, when the
        record keeps its history; empty when that cannot be told."""
        history = getattr(type(self), "history", None)
        if history is None or not 0 < version < self.version:
            return []
        then, now = (
            history.filter(id=self.pk, version=v).order_by("-history_id").first()
            for v in (version, self.version)
        )
        if then is None or now is None:
            return []
        names = now.diff_against(then).changed_fields
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in names
            if name not in ("version", "updated_at", "created_at")
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
