"""Model behaviour shared across apps."""

from django.db import models


class EditConflict(Exception):
    """Someone else saved this record after the user opened it."""

    def __init__(self, record_label: str = "record"):
        super().__init__(
            f"Someone else changed this {record_label} while you were editing it. "
            "Your changes are below: check the latest version and save again."
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
            raise EditConflict(record_label)

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
