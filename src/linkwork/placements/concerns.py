"""Raising a concern about a practice relationship or a case, answering and closing it.
A concern reaches its HSCP's team leads and, where it names a practice, that practice's
lead GP, by email (which says only that there is something to read) and on their pages."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.authorisation import grounds, reach, visible, within
from linkwork.accounts.models import User
from linkwork.accounts.roles import Permission, Role
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import mail
from linkwork.core.paging import counted, number
from linkwork.core.recording import save_recorded
from linkwork.core.statements import statement
from linkwork.organisations.models import LinkWorker
from linkwork.placements.models import (
    Concern,
    ConcernAnswer,
    ConcernStatus,
    PracticeRelationship,
)


def raise_concern(
    *, by, subject: str, detail: str, practice=None, case=None, request=None
) -> Concern:
    """`by` raises a concern; the caller has checked `practice` and `case` are theirs to
    name (the forms offer only those: authorisation.py)."""
    concern = Concern(
        hscp_id=_hscp_of(by, practice, case),
        practice=practice,
        case=case,
        subject=subject.strip(),
        detail=detail.strip(),
        raised_by=by,
        raised_at=timezone.now(),
    )
    _save(concern, by, request, Action.CREATE)
    transaction.on_commit(partial(_tell_of_new, concern.pk))
    return concern


def _hscp_of(by, practice, case) -> int:
    if practice is not None:
        return practice.cluster.hscp_id
    if case is not None:
        return case.person.hscp_id
    worker = LinkWorker.objects.filter(user=by).select_related("provider").first()
    if worker is None:
        raise ValidationError({"practice": "Choose the practice the concern is about"})
    return worker.provider.hscp_id


def answer_concern(*, concern: Concern, by, answer: str, request=None) -> ConcernAnswer:
    """Add an answer to an open (or answered) concern's thread, never replacing an earlier
    one; the raiser is told there is an answer, each time."""
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"answer": "This concern is closed: raise a new one"})
    with transaction.atomic():
        added = ConcernAnswer(concern=concern, text=answer.strip(), by=by, at=timezone.now())
        added.full_clean()
        added.save()
        concern.status = ConcernStatus.ANSWERED
        _save(concern, by, request, Action.CHANGE)  # its history and audit say who answered
    if by.pk != concern.raised_by_id:  # a lead GP answering their own concern is not told
        transaction.on_commit(partial(_tell_raiser, concern.pk))
    return added


def close_concern(*, concern: Concern, by, request=None) -> Concern:
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = timezone.now()
    return _save(concern, by, request, Action.CHANGE)


def _save(concern, by, request, action) -> Concern:
    return save_recorded(
        concern,
        by=by,
        label="concern",
        audit=lambda saved: record(
            action=action,
            request=request,
            obj=saved,
            hscp_id=saved.hscp_id,
            person_id=saved.case.person_id if saved.case_id else None,
        ),
    )


def audit_read(*, concern: Concern, request) -> None:
    """A concern may name a case: each read is in the audit log, against its person, with
    the role that let the reader in."""
    allowed_by = grounds(request.user, concern)
    record(
        action=Action.VIEW,
        request=request,
        obj=concern,
        hscp_id=concern.hscp_id,
        person_id=concern.case.person_id if concern.case_id else None,
        detail={"role": allowed_by.role, "assignment": allowed_by.pk} if allowed_by else None,
    )


def concerns_for(user):
    """The concerns `user` may read: raised by them, or reaching them."""
    return visible(user, Permission.VIEW_CONCERN, Concern.objects.all())


def waiting_count(user) -> int:
    """How many open concerns `user` may answer (a team lead's "Concerns waiting"), by a
    statement (decision 0151)."""
    return number(_waiting(reached=reach(user, Permission.ANSWER_CONCERN, Concern)))


def open_concerns():
    return Concern.objects.filter(status="open")


@statement
def _waiting(*, reached):
    return counted(within(reached, open_concerns()))


def lead_gp_address(practice) -> str:
    relationship = PracticeRelationship.objects.filter(practice=practice).first()
    return relationship.lead_gp_address if relationship else ""


def team_lead_addresses(hscp_id: int) -> list[str]:
    leads = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.TEAM_LEAD,
        role_assignments__provider__hscp_id=hscp_id,
    )
    return list(leads.values_list("email", flat=True))


def _tell_of_new(pk: int) -> None:
    concern = Concern.objects.select_related("practice").get(pk=pk)
    where = f" about {concern.practice.name}" if concern.practice_id else ""
    recipients = team_lead_addresses(concern.hscp_id)
    if concern.practice_id:
        recipients.append(lead_gp_address(concern.practice))
    recipients = [r for r in recipients if r and r != concern.raised_by.email]
    mail.send(
        subject="linkwork: a concern has been raised",
        message=(
            f"A concern has been raised{where}. Sign in to linkwork to read and answer it:\n"
            f"{mail.site_url(reverse('placements:concern', args=[concern.pk]))}\n"
        ),
        recipients=recipients,
    )


def _tell_raiser(pk: int) -> None:
    concern = Concern.objects.select_related("raised_by").get(pk=pk)
    mail.send(
        subject="linkwork: your concern has an answer",
        message=(
            "The concern you raised has been answered. Sign in to linkwork to read it:\n"
            f"{mail.site_url(reverse('placements:concern', args=[concern.pk]))}\n"
        ),
        recipients=[concern.raised_by.email],
    )
