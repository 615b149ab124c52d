"""What both importers share: reading the file, upserting by source id, keeping UUIDs."""

import json
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError

from linkwork.core.recording import save_recorded
from linkwork.directory.importing.report import ImportFileError
from linkwork.directory.models import Source


def read_json(path: Path):
    try:
        with Path(path).open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"{path} is not JSON ({error}).") from None


def source_for(key: str, name: str, kind: str, **details) -> Source:
    source, _ = Source.objects.update_or_create(
        key=key, defaults={"name": name, "kind": kind, **details}
    )
    return source


def as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def existing(model, source: Source, source_ref):
    """The record a source's id names: the one imported from that source under that id,
    else the one whose public UUID it is. An ORUK id is a record's UUID on every
    installation (decision 0078), so our own export read back, or another installation's
    export of what it imported from us, finds the same record whichever feed it comes
    through; the record keeps the source it had."""
    source_ref = str(source_ref or "")
    if not source_ref:
        return None
    found = model.objects.filter(source=source, source_ref=source_ref).first()
    if found is None and as_uuid(source_ref) is not None:
        found = model.objects.filter(uuid=as_uuid(source_ref)).first()
    return found


def upsert(model, source: Source, source_ref, fields: dict, *, by=None):
    """(record, fate): find by source and id there, else create, keeping the source's UUID
    as ours when it is a UUID no other record holds. Refuses what the model refuses."""
    source_ref = str(source_ref or "")
    record = existing(model, source, source_ref)
    fate = "updated"
    if record is None:
        record, fate = model(source=source, source_ref=source_ref), "created"
        # The source's own UUID, or one derived from its id: the same on every import.
        label = f"{source.key}:{model._meta.label}:{source_ref}"
        wanted = as_uuid(source_ref) or uuid.uuid5(uuid.NAMESPACE_URL, label)
        if wanted and not model.objects.filter(uuid=wanted).exists():
            record.uuid = wanted
    changed = fate == "created"
    for name, value in fields.items():
        if getattr(record, name, None) != value:
            setattr(record, name, value)
            changed = True
    if not changed:
        return record, "unchanged"
    # The import writes one audit event for the whole file (run.py); the source's ids,
    # not our unique checks, decide which record a row is.
    save_recorded(record, by=by, audit=None, check_unique=False)
    return record, fate


def text(value, limit: int | None = None) -> str:
    result = "" if value is None else str(value).strip()
    return result[:limit] if limit else result


def number(value):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"'{value}' is not a number") from None
