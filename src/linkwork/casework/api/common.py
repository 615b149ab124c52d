"""What every casework API operation shares: the two routers and loading records only
through the cases the caller may reach. Refusals as JSON are the whole API's (core/api.py,
accounts/api_auth.py)."""

from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404
from ninja import Router

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework import services
from linkwork.casework.models import Action, Case, CaseNote, Goal, Session, SocialOutcome
from linkwork.core.api import aware, invalid

router = Router(tags=["casework"])
records_router = Router(tags=["casework"])

# Loading, always through what the caller may reach


def case_for_change(request, case_id: int) -> Case:
    return services.load_case(request.user, case_id, Permission.CHANGE_CASE)


def on_case(request, model, pk: int, case_path: str, permission: Permission):
    """A record on a case the caller may reach with `permission`, or 404."""
    cases = visible(request.user, permission, Case.objects.all())
    related = [f"{case_path}__{name}" for name in services.CASE_RELATED]
    return get_object_or_404(
        model.objects.select_related(*related, f"{case_path}__practice__cluster"),
        pk=pk,
        **{f"{case_path}__in": cases},
    )


def session_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Session:
    return on_case(request, Session, pk, "case", permission)


def goal_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Goal:
    return on_case(request, Goal, pk, "case", permission)


def action_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Action:
    return on_case(request, Action, pk, "goal__case", permission)


def changes_of(payload) -> tuple[int, dict]:
    fields = payload.model_dump(exclude_unset=True)
    if "starts_at" in fields:
        fields["starts_at"] = aware(fields["starts_at"])
    return fields.pop("version"), fields


def note_of(request, pk: int, permission=Permission.CHANGE_CASE) -> CaseNote:
    return on_case(request, CaseNote, pk, "case", permission)


def outcome_of(request, pk: int, permission=Permission.CHANGE_CASE) -> SocialOutcome:
    return on_case(request, SocialOutcome, pk, "case", permission)


def outcome_fields(case: Case, fields: dict) -> dict:
    """An outcome's fields as the API sends them, as the service takes them: pounds as a
    Decimal (to the penny, or refused), a link found only on this case."""
    if "amount" in fields:
        fields["amount"] = pounds(fields["amount"])
    if "link_id" in fields:
        link_id = fields.pop("link_id")
        fields["link"] = case.links.filter(pk=link_id).first() if link_id else None
        if link_id and fields["link"] is None:
            raise invalid("link_id", message="Send the id of a link made on this case, or none")
    return fields


def pounds(amount: float | None) -> Decimal | None:
    if amount is None:
        return None
    value = Decimal(str(amount))
    try:  # too large to hold to the penny, or not a number at all, is refused the same way
        exact = value == value.quantize(Decimal("0.01"))
    except InvalidOperation:
        exact = False
    if not exact:
        raise invalid("amount", message="Send the amount in pounds and pence, like 85.5")
    return value
