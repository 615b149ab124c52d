"""Everything held on one person: their record, and every record that points at it or at
one of those, whichever app keeps it (decision 0106).

Found from the models' relations rather than listed by hand, so a record a new app hangs
off a case is in the subject access export the day it exists; retention's rules are held
to the same set (tests/test_retention.py)."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

PERSON = "casework.Person"
# Kept elsewhere or derived: the audit log is its own part of the export (who accessed the
# record); the reporting facts are rebuilt from the records and name no one; a case's
# charts are drawings of its questionnaire scores by date, which are exported, and which
# retention keeps (decision 0154).
NOT_HOLDINGS = {"audit.AuditEvent", "audit.ChainHead", "outcomes.CaseChart"}
DERIVED_APPS = {"reporting"}


def _is_holding(model) -> bool:
    label = model._meta.label
    return not (
        label in NOT_HOLDINGS
        or model._meta.app_label in DERIVED_APPS
        or model._meta.auto_created  # many-to-many tables: their rows are the relation
        or model.__name__.startswith("Historical")  # history is read through its model
    )


def pointers(model) -> Iterator[tuple[type[models.Model], str]]:
    """(model, field) for each relation from a kept model to `model`."""
    for other in apps.get_models():
        if not _is_holding(other):
            continue
        for each in other._meta.get_fields():
            if each.is_relation and each.concrete and each.related_model is model:
                yield other, each.name


def models_held() -> list[type[models.Model]]:
    """Every kind of record that may be held on a person, the person's own first."""
    found = [apps.get_model(PERSON)]
    for model in found:
        found.extend(other for other, _ in pointers(model) if other not in found)
    return found


@dataclass
class Holdings:
    """The records held on some people, by model, in the order `models_held` finds them."""

    people: list[models.Model]
    records: dict[type[models.Model], dict[int, models.Model]] = field(default_factory=dict)

    @property
    def person(self) -> models.Model:
        return self.people[0]

    def of(self, model) -> list[models.Model]:
        return list(self.records.get(model, {}).values())

    def kinds(self) -> list[type[models.Model]]:
        return [model for model in self.records if self.records[model]]


def holdings_of(person) -> Holdings:
    """Each record held on `person`."""
    return held_on([person])


def held_on(people: list) -> Holdings:
    """Each record held on any of `people`: pointing at one of them, or at a record held.
    Passes repeat until nothing new is found (a record may point at one found after it)."""
    if not people:
        return Holdings([], {})
    held = Holdings(people, {type(people[0]): {person.pk: person for person in people}})
    kinds = models_held()[1:]
    while any(_gather(held, model) for model in kinds):
        pass
    return held


def _gather(held: Holdings, model) -> bool:
    """Add the records of `model` pointing at those held; whether any was new."""
    found = held.records.setdefault(model, {})
    before = len(found)
    for target, name in _targets(model):
        pks = list(held.records.get(target, {}))
        if pks:
            rows = model._default_manager.filter(**{f"{name}__in": pks}).exclude(pk__in=found)
            found.update((row.pk, row) for row in rows.order_by("pk"))
    return len(found) > before


def _targets(model) -> Iterator[tuple[type[models.Model], str]]:
    for each in model._meta.get_fields():
        if each.is_relation and each.concrete and each.related_model is not None:
            yield each.related_model, each.name
