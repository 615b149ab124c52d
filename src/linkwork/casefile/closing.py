"""Closing a case from its page: every open action and onward link is answered first
(decision 0072), then the case closes, all in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from linkwork.casework import services
from linkwork.casework.models import Action, ActionStatus, Case
from linkwork.links import services as link_services

ACTION_CLOSED = (ActionStatus.DONE, ActionStatus.STOPPED)


def open_actions(case: Case) -> list[Action]:
    actions = Action.objects.filter(goal__case=case).exclude(status__in=ACTION_CLOSED)
    return list(actions.select_related("goal").order_by("due_on", "pk"))


def open_links(case: Case) -> list:
    return list(link_services.open_links(case))


def questions(case: Case) -> dict[str, list[tuple[int, str]]]:
    """What the close page asks about: each open action and open link, with its label."""
    return {
        "open_actions": [(a.pk, a.description) for a in open_actions(case)],
        "open_links": [(link.pk, link.service.name) for link in open_links(case)],
    }


@transaction.atomic
def close_answering(
    *, case: Case, by, actions: dict[int, str], links: dict[int, str], request=None, **closing
) -> Case:
    """Answer for each open action (done, stopped) and link (leave, withdraw), then close.
    One left unanswered (or opened since the page was shown) refuses the whole close."""
    pending_actions, pending_links = open_actions(case), open_links(case)
    _refuse_strangers(case, actions, links)
    missing = {
        f"action_{a.pk}": f"Choose what happens to “{a.description}”"
        for a in pending_actions
        if actions.get(a.pk) not in ("done", "stopped")
    }
    missing |= {
        f"link_{link.pk}": f"Choose what happens to the referral to {link.service.name}"
        for link in pending_links
        if links.get(link.pk) not in ("leave", "withdraw")
    }
    if missing:
        raise ValidationError(missing)
    for action in pending_actions:
        services.update_action(action=action, by=by, status=actions[action.pk], request=request)
    for link in pending_links:
        if links[link.pk] == "withdraw":
            link_services.withdraw(link=link, by=by, request=request)
    return services.close_case(case=case, by=by, request=request, **closing)


def _refuse_strangers(case: Case, actions: dict[int, str], links: dict[int, str]) -> None:
    """An answer for an action or link of another case is a caller's mistake: say so rather
    than close as though it were answered (answers for this case's settled ones are fine)."""
    ours_actions = set(Action.objects.filter(goal__case=case).values_list("pk", flat=True))
    ours_links = set(case.links.values_list("pk", flat=True))
    strangers = {
        f"action_{pk}": f"This case has no action {pk}" for pk in actions if pk not in ours_actions
    } | {f"link_{pk}": f"This case has no onward link {pk}" for pk in links if pk not in ours_links}
    if strangers:
        raise ValidationError(strangers)
