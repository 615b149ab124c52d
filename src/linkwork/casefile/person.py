"""Changing the person on a case, from their details page and over the API alike: their
details and sharing preferences saved, and, in the same transaction, every onward link
those preferences now refuse withdrawn and its organisation told (decision 0126)."""

from dataclasses import dataclass

from django.db import transaction

from linkwork.casework import services
from linkwork.casework.models import Case, Person
from linkwork.links import services as link_services
from linkwork.links.models import Link


@dataclass(frozen=True)
class PersonChanged:
    person: Person
    links_stopped: list[Link]  # withdrawn: the preferences as saved refuse them

    def stopped_words(self) -> str:
        """What the worker is told, empty when no link stopped."""
        if not (count := len(self.links_stopped)):
            return ""
        if count == 1:
            return "1 onward referral was stopped and the organisation told."
        return f"{count} onward referrals were stopped and the organisations told."


def withdrawal_warning(person: Person) -> str:
    """Said before saving: what a refusal would withdraw; empty while none is open."""
    links = list(link_services.at_the_organisation(person))
    if not links:
        return ""
    names = ", ".join(dict.fromkeys(link.organisation.name for link in links))
    if len(links) == 1:
        have, it, told = "1 onward referral", "it", "tells the organisation"
    else:
        have, it, told = f"{len(links)} onward referrals", "them", "tells the organisations"
    return (
        f"They have {have} open ({names}). Saving “No” to onward referrals, or refusing "
        f"an organisation, withdraws {it} and {told}; agreeing again later does not "
        f"reopen {it}."
    )


@transaction.atomic
def change_person(*, person: Person, case: Case, by, request=None, **changes) -> PersonChanged:
    """`casework.services.update_person`'s changes, then the person's links checked against
    the preferences as saved. Either both are saved or neither (services.DuplicateChi, an
    edit conflict or a link that cannot be withdrawn undoes the lot)."""
    person = services.update_person(person=person, case=case, by=by, request=request, **changes)
    stopped = link_services.stop_refused(person=person, by=by, request=request)
    return PersonChanged(person, stopped)
