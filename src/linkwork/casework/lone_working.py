"""Lone working: a worker checks in at a visit and out when they leave. A visit that runs
past the time they expected to be back shows on the team lead's home page at once, and
`linkwork lone-working alert` (run every few minutes by cron or a systemd timer) emails
the provider's team leads once per visit, so nobody has to be watching a screen."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.casework.models import Session
from linkwork.casework.services import overdue_check_ins
from linkwork.core.mail import send, site_url


def team_lead_addresses(provider) -> list[str]:
    return list(
        RoleAssignment.objects.filter(
            role=Role.TEAM_LEAD, provider=provider, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def alert_overdue_visits() -> int:
    """Email the team leads of each visit newly overdue; returns how many visits."""
    overdue = overdue_check_ins(Session.objects.filter(overdue_alerted_at__isnull=True))
    alerted = 0
    for session in overdue.select_related("case__link_worker__provider"):
        with transaction.atomic():
            # Claim it first: two overlapping runs must not both send.
            claimed = Session.objects.filter(pk=session.pk, overdue_alerted_at__isnull=True)
            if not claimed.update(overdue_alerted_at=timezone.now()):
                continue
            _email(session)
            alerted += 1
    return alerted


def _email(session: Session) -> None:
    provider = session.case.link_worker.provider
    back_by = timezone.localtime(session.expected_back_at)
    send(
        subject="linkwork: a lone visit has run over",
        message=(
            f"A link worker at {provider.name} checked in to a visit and has not checked "
            f"out. They expected to be back by {back_by:%H:%M}.\n\n"
            "Phone them now. Sign in to see who, where and their number: "
            f"{site_url(reverse('home:team_lead'))}\n\n"
            "For privacy, this email does not say who or where."
        ),
        recipients=team_lead_addresses(provider),
    )


def overdue_visit_line(session: Session) -> str:
    """What a team lead needs to act on an overdue visit: who, their phone, where, when."""
    worker, person = session.case.link_worker, session.case.person
    phone = f", {worker.work_phone}" if worker.work_phone else ""
    where = ", ".join(part for part in (person.address, person.postcode) if part)
    at = f" at {where}" if where else ""
    back_by = timezone.localtime(session.expected_back_at)
    return f"{worker}{phone}: visit to {person.full_name}{at}, due back {back_by:%H:%M}"
