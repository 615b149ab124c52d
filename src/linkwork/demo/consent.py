"""Demo data for consent and sharing (decision 0108): a few of Aileen's people with
standing preferences other than "ask each time": one who withdrew consent after a referral
was sent to Ravi's trust (the referral is withdrawn, decision 0126: Ravi's portal shows
that card, under all referrals, as withdrawn with nothing of the person), one
who agrees to referrals but not to their safety flags going to community organisations,
nor anything to one organisation. Written through the service, as the details page
saves them. All invented."""

from linkwork.accounts.models import User
from linkwork.casefile.person import change_person
from linkwork.casework.models import Case, CaseStatus
from linkwork.directory.models import Organisation
from linkwork.links.services import AT_THE_ORGANISATION

TRUST = "Govan Community Trust"


def seed_consent() -> None:
    aileen = User.objects.filter(username="aileen").first()
    trust = Organisation.objects.filter(name=TRUST).first()
    if aileen is None or trust is None:
        return
    cases = Case.objects.filter(link_worker__user=aileen, status=CaseStatus.OPEN)
    at_trust = {"links__organisation": trust, "links__status__in": AT_THE_ORGANISATION}
    withdrawn = cases.filter(**at_trust)
    withdrawn = withdrawn.order_by("pk").first()
    if withdrawn:
        _prefer(withdrawn, aileen, referral_consent="no")
    others = cases.exclude(pk=getattr(withdrawn, "pk", None)).order_by("pk")
    elsewhere = Organisation.objects.exclude(pk=trust.pk).order_by("name").first()
    if case := others.first():
        _prefer(
            case,
            aileen,
            referral_consent="yes",
            may_share_safety_flags=False,
            refused_organisations=[elsewhere] if elsewhere else [],
        )


def _prefer(case: Case, by, **preferences) -> None:
    change_person(person=case.person, case=case, by=by, **preferences)
