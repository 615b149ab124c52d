"""A subject access export: everything held on a person (holdings.py), each record's
earlier versions where kept, and who accessed the record (the audit log), as JSON for
machines and as a PDF for the person. Nothing third parties wrote about themselves can be
told apart automatically, so the data protection officer reviews either before release
(decision 0106)."""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.core import clock, pdf
from linkwork.core.history import name
from linkwork.documents import files
from linkwork.documents.models import CaseDocument
from linkwork.privacy.holdings import Holdings, holdings_of

REVIEW_NOTE = (
    "Before release, the data protection officer reviews this export: what others wrote may "
    "name or describe third parties (family, neighbours, other professionals), which cannot "
    "be filtered automatically and may need to be withheld or redacted."
)
LETTERS_NOTE = (
    "Letters and forms are listed here (kind, title, date attached, size); their files are "
    "in the ZIP download beside this export, under letters/, or are provided alongside it "
    "by the data protection officer. A letter removed under the retention policy has no "
    "file any more: its removal date is given instead."
)
# Never released: a secret or the server's own file name, not information about the person.
SECRET_FIELDS = {"token_hash", "stored_name"}
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Export:
    holdings: Holdings
    produced_at: datetime
    produced_by: object
    access: list[AuditEvent]

    @property
    def person(self):
        return self.holdings.person


def export_of(person, *, by) -> Export:
    access = list(AuditEvent.objects.filter(person_id=person.pk).order_by("seq"))
    return Export(holdings_of(person), clock.now(), by, access)


def fields_of(model) -> list[models.Field]:
    """The fields released of a record of `model` (many-to-many ones included)."""
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in SECRET_FIELDS
    ]


def kind(model) -> str:
    return model._meta.label_lower


# --- JSON ---------------------------------------------------------------------------------


def as_json(export: Export) -> str:
    person = export.person
    content = {
        "export": {
            "kind": "subject access",
            "person_id": person.pk,
            "hscp": person.hscp.name,
            "produced_at": export.produced_at,
            "produced_by": export.produced_by.get_username(),
            "review": REVIEW_NOTE,
            "letters": LETTERS_NOTE,
        },
        "records": {
            kind(model): [_raw(record) for record in export.holdings.of(model)]
            for model in export.holdings.kinds()
        },
        "history": {
            kind(model): [_raw_version(row) for row in rows]
            for model, rows in _histories(export.holdings)
        },
        "access": [_access(event) for event in export.access],
    }
    return json.dumps(content, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _raw(record) -> dict:
    values = {}
    for field in fields_of(type(record)):
        if field.many_to_many:
            values[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(record, field.attname)
    return values


def _raw_version(row) -> dict:
    return {
        "id": row.id,
        "history_date": row.history_date,
        "history_type": HISTORY_TYPES.get(row.history_type, row.history_type),
        "history_user": name(row.history_user),
        "history_change_reason": row.history_change_reason or "",
        **{f: getattr(row, f) for f in _tracked(row)},
    }


def _tracked(row) -> list[str]:
    model = row.instance_type
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and hasattr(row, f.attname)
    ]


def _histories(holdings: Holdings):
    """(model, its records' history rows oldest first) for each model that keeps history."""
    for model in holdings.kinds():
        history = getattr(model, "history", None)
        if history is None:
            continue
        pks = [record.pk for record in holdings.of(model)]
        rows = list(
            history.filter(id__in=pks)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        if rows:
            yield model, rows


def _access(event: AuditEvent) -> dict:
    return {
        "at": event.at,
        "by": event.actor_username,
        "action": event.get_action_display(),
        "record": event.object_type,
        "record_id": event.object_id,
        "allowed_as": event.detail.get("role", ""),
    }


# --- PDF ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    records: list[list[tuple[str, str]]]
    versions: list[tuple[str, list[tuple[str, str]]]]


def sections(export: Export) -> list[Section]:
    """Each kind of record held, in words: its records' fields and their earlier versions."""
    histories = dict(_histories(export.holdings))
    return [
        Section(
            title=str(model._meta.verbose_name_plural).capitalize(),
            records=[_shown(record) for record in export.holdings.of(model)],
            versions=_versions(model, histories.get(model, [])),
        )
        for model in export.holdings.kinds()
    ]


def _shown(record) -> list[tuple[str, str]]:
    """A record's filled-in fields in words (the JSON has the empty ones too)."""
    shown = [(_label(f), _text(record, f)) for f in fields_of(type(record))]
    return [(label, text) for label, text in shown if text]


def _label(field) -> str:
    return str(field.verbose_name).capitalize()


def _text(record, field) -> str:
    if field.many_to_many:
        return ", ".join(str(other) for other in getattr(record, field.name).all())
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    value = getattr(record, field.name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value)


def _versions(model, rows) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each history row as (when, by whom and what, the fields it changed)."""
    if not rows:
        return []
    kept = {f.name for f in model.history.model._meta.concrete_fields}
    fields = [f for f in fields_of(model) if f.name in kept and f.name != "version"]
    shown, before = [], {}
    for row in rows:
        values = {f.name: _text(row, f) for f in fields}
        earlier = before.get(row.id)
        if earlier is None:  # as first written: what was filled in
            changed = [(_label(f), values[f.name]) for f in fields if values[f.name]]
        else:
            changed = [
                (_label(f), values[f.name] or "(emptied)")
                for f in fields
                if earlier[f.name] != values[f.name]
            ]
        what = HISTORY_TYPES.get(row.history_type, row.history_type)
        by = name(row.history_user) or "the service"
        when = f"{timezone.localtime(row.history_date):%d/%m/%Y %H:%M}"
        heading = f"{model._meta.verbose_name.capitalize()} {row.id}, {what} {when} by {by}"
        shown.append((heading, changed))
        before[row.id] = values
    return shown


def as_pdf(export: Export) -> bytes:
    html = render_to_string(
        "privacy/subject_access_print.jinja",
        {
            "export": export,
            "sections": sections(export),
            "review_note": REVIEW_NOTE,
            "letters_note": LETTERS_NOTE,
        },
    )
    return pdf.pdf(html)


# --- ZIP ----------------------------------------------------------------------------------


def as_zip(export: Export) -> bytes:
    """The JSON, the PDF and the files of the person's letters and forms (those not removed
    under retention), for the data protection officer to review and release together."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.json", as_json(export))
        archive.writestr("subject-access.pdf", as_pdf(export))
        for letter in export.holdings.of(CaseDocument):
            if not letter.removed_on:
                archive.writestr(
                    f"letters/{files.download_name(letter)}", files.read_stored(letter)
                )
    return buffer.getvalue()
