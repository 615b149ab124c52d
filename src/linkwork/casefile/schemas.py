"""What the API answers for a case: casework's records with the timeline every app fills."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from linkwork.casefile.timeline import timeline
from linkwork.casework.presenters import safety_of
from linkwork.casework.rules import is_engaged
from linkwork.casework.schemas import (
    AgencyOut,
    CaseSummaryOut,
    CloseIn,
    GoalOut,
    NeedOut,
    NoteOut,
    PersonOut,
    SessionOut,
    SocialOutcomeOut,
)
from linkwork.core.api import CodeOut, label_of


class TimelineEntryOut(Schema):
    at: datetime
    kind: str
    title: str
    detail: str
    by: str
    corrected_at: datetime | None = Field(description="Empty unless reworded since written.")
    corrected_by: str

    @staticmethod
    def resolve_corrected_at(entry) -> datetime | None:
        return entry.corrected.at if entry.corrected else None

    @staticmethod
    def resolve_corrected_by(entry) -> str:
        return entry.corrected.by if entry.corrected else ""


class CaseOut(CaseSummaryOut):
    """The whole case, for its worker and their team lead."""

    person_chi: str | None
    person: PersonOut
    practice_name: str | None
    closure_note: str
    engaged: bool = Field(description="At least one session was attended.")
    safety_flags: list[CodeOut]
    safety_details: list[str] = Field(description="What referrers wrote about safety.")
    identified_needs: list[NeedOut]
    agencies: list[AgencyOut] = Field(description="Other agencies involved, ended ones too.")
    goals: list[GoalOut]
    sessions: list[SessionOut] = Field(description="Newest first; planned ones included.")
    notes: list[NoteOut] = Field(description="Newest first.")
    social_outcomes: list[SocialOutcomeOut] = Field(
        description="What changed in the person's life, newest first (decision 0070)."
    )
    timeline: list[TimelineEntryOut] = Field(description="Everything on the case, newest first.")

    @staticmethod
    def resolve_person_chi(case) -> str | None:
        return case.person.chi

    @staticmethod
    def resolve_practice_name(case) -> str | None:
        return case.practice.name if case.practice else None

    @staticmethod
    def resolve_engaged(case) -> bool:
        return is_engaged(case)

    @staticmethod
    def resolve_safety_flags(case) -> list[dict]:
        """Every flag raised on any of the person's referrals, once each."""
        flags = case.person.referrals.filter(safety_flags__isnull=False)
        codes = dict.fromkeys(
            flags.order_by("safety_flags__flag").values_list("safety_flags__flag", flat=True)
        )
        return [{"code": code, "label": label_of("safety_flags", code)} for code in codes]

    @staticmethod
    def resolve_safety_details(case) -> list[str]:
        return list(safety_of(case.person).details)

    @staticmethod
    def resolve_social_outcomes(case) -> list:
        return list(case.social_outcomes.select_related("created_by"))

    @staticmethod
    def resolve_timeline(case) -> list:
        return timeline(case)


class PersonChangedOut(PersonOut):
    links_stopped: list[int] = Field(
        [],
        description="Onward links withdrawn by this change, because the person's sharing "
        "preferences now refuse them; each organisation is emailed (decision 0126).",
    )


class CloseAnsweringIn(CloseIn):
    """Closing answers for each open action and onward link first, as the close page asks
    (decision 0072): a 422 names each one left unanswered (`action_<id>`, `link_<id>`)."""

    actions: dict[int, Literal["done", "stopped"]] = Field(
        default_factory=dict, description="Each open action's id: done or stopped."
    )
    links: dict[int, Literal["leave", "withdraw"]] = Field(
        default_factory=dict,
        description="Each open onward link's id: leave it with the organisation, or withdraw it.",
    )
