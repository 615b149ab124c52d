"""A practice's relationship with the link worker service: recording it, and what is
missing for the worker there (gaps), one practice or all of a team's at once."""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from linkwork.accounts.authorisation import may_name_lead_gp
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import mail
from linkwork.core.recording import save_recorded
from linkwork.organisations.models import WEEKDAY_LABELS, WEEKDAYS, PracticeAttachment
from linkwork.placements.concerns import team_lead_addresses
from linkwork.placements.models import PracticeRelationship

EDITABLE = (
    "lead_gp",
    "lead_gp_name",
    "lead_gp_email",
    "room_days",
    "gp_system_access",
    "induction_on",
    "agreement_signed_on",
    "mdt_invited",
)


def relationship_of(practice) -> PracticeRelationship:
    """The practice's relationship as recorded, or an empty one (unsaved) if none yet."""
    found = PracticeRelationship.objects.filter(practice=practice).select_related("lead_gp")
    return found.first() or PracticeRelationship(practice=practice)


def lead_gp_candidates(practice):
    """Who may be named lead GP: the practice's own staff on linkwork."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.PRACTICE_STAFF,
        role_assignments__practice=practice,
    ).order_by("last_name", "first_name", "pk")


LEAD_GP_FIELDS = ("lead_gp", "lead_gp_name", "lead_gp_email")
LEAD_GP_NOT_YOURS = (
    "Only the lead GP, the practice manager or the team lead can change the lead GP: "
    "ask one of them"
)


def save_relationship(
    *, practice, by, request=None, expected_version=None, **fields
) -> PracticeRelationship:
    """Record what the practice gives the worker; refused on an edit made on a version
    someone has since moved on from. Naming or changing the lead GP (who then reads and
    answers the practice's concerns) is for those `may_name_lead_gp` allows, and the
    previous lead GP and the team leads are told."""
    relationship = relationship_of(practice)
    action = Action.CHANGE if relationship.pk else Action.CREATE
    lead_gp = fields.get("lead_gp")
    if lead_gp is not None and not lead_gp_candidates(practice).filter(pk=lead_gp.pk).exists():
        raise ValidationError({"lead_gp": "Choose the lead GP from the practice's own staff"})
    before = _lead_gp_of(relationship)
    previous_address = relationship.lead_gp_address
    for name in EDITABLE:
        if name in fields:
            setattr(relationship, name, fields[name])
    lead_gp_changed = _lead_gp_of(relationship) != before
    if lead_gp_changed and not may_name_lead_gp(by, practice):
        raise ValidationError({"lead_gp": LEAD_GP_NOT_YOURS})
    relationship.room_days = [day for day, _ in WEEKDAYS if day in relationship.room_days]
    hscp_id = practice.cluster.hscp_id
    saved = save_recorded(
        relationship,
        by=by,
        expected_version=expected_version if relationship.pk else None,
        label="practice relationship",
        audit=lambda saved: record(action=action, request=request, obj=saved, hscp_id=hscp_id),
    )
    if lead_gp_changed:
        transaction.on_commit(partial(_tell_of_new_lead_gp, saved.pk, previous_address, by.email))
    return saved


def _lead_gp_of(relationship) -> tuple:
    return tuple(
        getattr(relationship, f"{name}_id" if name == "lead_gp" else name) or ""
        for name in LEAD_GP_FIELDS
    )


def _tell_of_new_lead_gp(pk: int, previous_address: str, changer_address: str) -> None:
    """The lead GP reads and answers the practice's concerns: the one who was, the one
    now named and the team leads hear of a change, so no one loses them silently."""
    relationship = PracticeRelationship.objects.select_related("practice__cluster", "lead_gp").get(
        pk=pk
    )
    practice = relationship.practice
    recipients = team_lead_addresses(practice.cluster.hscp_id)
    recipients += [previous_address, relationship.lead_gp_address]
    mail.send(
        subject="linkwork: a practice's lead GP has changed",
        message=(
            f"The lead GP for the link worker service at {practice.name} has changed. "
            "The lead GP reads and answers the practice's concerns. Sign in to linkwork "
            "to see who it is now:\n"
            f"{mail.site_url(reverse('placements:relationship', args=[practice.code]))}\n"
        ),
        recipients=[r for r in recipients if r and r != changer_address],
    )


# What each gap is called, as a line of the summary says it ("... at 3 practices").
GAP_WORDS = {
    "lead_gp": "No lead GP named",
    "gp_system": "No access to the GP system",
    "induction": "No induction yet",
    "agreement": "No service agreement signed",
    "mdt": "Not invited to the MDT",
}
ROOM_WORDS = {day: f"No room on {label}s" for day, label in WEEKDAYS}


@dataclass
class PracticeGaps:
    practice: object
    relationship: PracticeRelationship
    attachments: list
    gaps: list[str] = field(default_factory=list)  # codes: GAP_WORDS's, or "room:<day>"

    @property
    def recorded(self) -> bool:
        return self.relationship.pk is not None

    @property
    def lines(self) -> list[str]:
        return [gap_words(gap) for gap in self.gaps]


def gap_words(gap: str) -> str:
    if gap.startswith("room:"):
        return ROOM_WORDS[gap.removeprefix("room:")]
    return GAP_WORDS[gap]


def working_days(attachments) -> list[str]:
    """The weekdays some worker is placed in the practice, Monday first."""
    days = {day for attachment in attachments for day in attachment.working_days}
    return [day for day, _ in WEEKDAYS if day in days]


def gaps_of(relationship: PracticeRelationship, attachments) -> list[str]:
    """What the practice does not (yet) give its worker: a room on each day a worker is
    placed there and has none, and each thing not recorded as done."""
    gaps = [] if relationship.lead_gp_label else ["lead_gp"]
    gaps += [
        f"room:{day}" for day in working_days(attachments) if day not in relationship.room_days
    ]
    checks = {
        "gp_system": relationship.gp_system_access,
        "induction": relationship.induction_on,
        "agreement": relationship.agreement_signed_on,
        "mdt": relationship.mdt_invited,
    }
    return gaps + [code for code, done in checks.items() if not done]


def practice_gaps(practice) -> PracticeGaps:
    attachments = list(PracticeAttachment.objects.filter(practice=practice))
    relationship = relationship_of(practice)
    return PracticeGaps(practice, relationship, attachments, gaps_of(relationship, attachments))


def gaps_across(practices) -> tuple[list[str], list[PracticeGaps]]:
    """Every practice's gaps, and a summary line per kind of gap with how many practices
    have it, the commonest first ("No room on Tuesdays at 3 practices")."""
    practices = list(practices.order_by("name"))
    relationships = {
        r.practice_id: r
        for r in PracticeRelationship.objects.filter(practice__in=practices).select_related(
            "lead_gp"
        )
    }
    placed: dict[int, list] = {}
    for attachment in PracticeAttachment.objects.filter(practice__in=practices):
        placed.setdefault(attachment.practice_id, []).append(attachment)
    rows = []
    for practice in practices:
        relationship = relationships.get(practice.pk) or PracticeRelationship(practice=practice)
        attachments = placed.get(practice.pk, [])
        rows.append(
            PracticeGaps(practice, relationship, attachments, gaps_of(relationship, attachments))
        )
    return summary_of(rows), rows


def summary_of(rows: list[PracticeGaps]) -> list[str]:
    counts = Counter(gap for row in rows for gap in row.gaps)
    order = list(GAP_WORDS) + [f"room:{day}" for day in WEEKDAY_LABELS]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    return [f"{gap_words(gap)} at {n} practice{'s' if n != 1 else ''}" for gap, n in ranked]
