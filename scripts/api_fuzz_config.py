"""A schemathesis.toml for scripts/api-fuzz.sh: real ids of the records a user may reach,
so that half the generated requests get past 404 to the rules behind it.

    DEBUG=1 python scripts/api_fuzz_config.py USERNAME > schemathesis.toml

Reads the database that DATABASE_URL names, through the one authorisation module."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings")
django.setup()

from linkwork.accounts.authorisation import visible  # noqa: E402 (after django.setup)
from linkwork.accounts.models import User  # noqa: E402
from linkwork.accounts.roles import Permission  # noqa: E402
from linkwork.casework.models import Action, Case, CaseNote, Goal, Session  # noqa: E402
from linkwork.directory.models import Service  # noqa: E402
from linkwork.links.models import Link  # noqa: E402
from linkwork.outcomes.instruments import INSTRUMENTS  # noqa: E402
from linkwork.outcomes.models import QuestionnaireResponse, Story  # noqa: E402
from linkwork.referrals.models import AppointmentSlot, Referral  # noqa: E402

SOME = 25  # ids of each kind
PROBABILITY = 0.5  # of a real id rather than a generated one


def ids(queryset) -> list:
    return list(queryset.order_by("-pk").values_list("pk", flat=True)[:SOME])


def records(user) -> dict[str, list]:
    cases = visible(user, Permission.VIEW_CASE, Case.objects.all())
    return {
        "case_id": ids(cases),
        "session_id": ids(Session.objects.filter(case__in=cases)),
        "goal_id": ids(Goal.objects.filter(case__in=cases)),
        "action_id": ids(Action.objects.filter(goal__case__in=cases)),
        "note_id": ids(CaseNote.objects.filter(case__in=cases)),
        "response_id": ids(QuestionnaireResponse.objects.filter(case__in=cases)),
        "story_id": ids(Story.objects.filter(case__in=cases)),
        "referral_id": ids(visible(user, Permission.VIEW_REFERRAL, Referral.objects.all())),
        "link_id": ids(visible(user, Permission.VIEW_LINK, Link.objects.all())),
        "service_id": ids(Service.objects.all()),
        "slot_id": ids(AppointmentSlot.objects.filter(link_worker__user=user)),
        "code": list(user.link_worker.practices.values_list("code", flat=True)),
        "name": sorted(INSTRUMENTS),
    }


def toml(found: dict[str, list]) -> str:
    lines = []
    for name, values in found.items():
        if values:
            lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    for name, values in found.items():
        if values:
            binding = f'{{ dictionary = "{name}", probability = {PROBABILITY} }}'
            lines.append(f'"path.{name}" = {binding}')
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(toml(records(User.objects.get(username=sys.argv[1]))), end="")
