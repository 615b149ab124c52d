"""The practice relationships and concerns of the demo: Govan Health Centre with Dr Shah
as lead GP and no room on Tuesdays (Aileen is there Monday to Wednesday), another practice
with no room on Tuesdays, one with everything in place, the rest not recorded yet; one
concern answered and one waiting."""

from datetime import timedelta

from linkwork.accounts.models import User
from linkwork.placements.concerns import answer_concern, raise_concern
from linkwork.placements.relationships import save_relationship

WEEK = ["mon", "tue", "wed", "thu", "fri"]


def seed_placements(*, practices: dict, today) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["drshah", "morag", "aileen", "gary"])
    }
    drshah, morag = users["drshah"], users["morag"]
    govan, govan_medical, pollok = (
        practices[name]
        for name in ("Govan Health Centre", "Govan Medical Practice", "Pollok Health Centre")
    )
    save_relationship(
        practice=govan,
        by=morag,  # the team lead names the lead GP (may_name_lead_gp)
        lead_gp=drshah,
        room_days=["mon", "wed"],
        gp_system_access=True,
        induction_on=today - timedelta(days=400),
        agreement_signed_on=today - timedelta(days=380),
        mdt_invited=True,
    )
    save_relationship(
        practice=govan_medical,
        by=morag,
        lead_gp_name="Dr Alan Reid",
        lead_gp_email="alan.reid@example.org",
        room_days=WEEK,
        gp_system_access=True,
        induction_on=today - timedelta(days=300),
        agreement_signed_on=today - timedelta(days=290),
        mdt_invited=True,
    )
    save_relationship(
        practice=pollok,
        by=morag,
        room_days=["mon", "wed", "thu", "fri"],
        gp_system_access=False,
        induction_on=today - timedelta(days=60),
        mdt_invited=False,
    )
    answered = raise_concern(
        by=users["aileen"],
        subject="No room on Tuesdays",
        detail="On Tuesdays I see people in the staff kitchen or not at all.",
        practice=govan,
    )
    answer_concern(
        concern=answered,
        by=morag,
        answer="Dr Shah is asking the health centre for the treatment room on Tuesday mornings.",
    )
    raise_concern(
        by=users["gary"],
        subject="Room booking clash on Wednesdays",
        detail="The link worker and the health visitor are both booked into room 4.",
        practice=govan,
    )
