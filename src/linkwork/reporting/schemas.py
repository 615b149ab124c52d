"""What the reports API answers: the same figures, cells and words as the pages."""

from datetime import date

from ninja import Field, Schema

from linkwork.core.api import Params, Text
from linkwork.referrals.schemas import ProgressOut
from linkwork.reporting.suppression import HIDDEN, SMALL

MARKS = f'"{SMALL}" for a small count, "{HIDDEN}" for one hidden lest a small one be found'
Count = int | str
Rate = float | str | None


class PeriodParams(Params):
    """From and to, both days included, checked as the pages' period fields are."""

    date_from: Text = Field("", alias="from", description="The first day, YYYY-MM-DD.")
    date_to: Text = Field("", alias="to", description="The last day (included), YYYY-MM-DD.")


class SummaryParams(PeriodParams):
    hscp: Text = Field("", description="One HSCP, by code (S37000015).")
    practice: Text = Field("", description="One practice, by its five-digit code.")


class SummaryOut(Schema):
    """The keys of `linkwork report summary`, suppressed: a count is a number or, where
    hidden, a mark: "<5" (a count from 1 to 4) or "*" (hidden so that a small one cannot
    be worked out); a rate, mean or median worked out from a hidden count is "*", whatever
    that count's own mark. Rates are fractions to 4 places, null where nothing divides."""

    referrals: Count
    people_referred: Count
    engaged: Count
    engagement_rate: Rate = Field(description="Engaged of the accepted referrals.")
    median_days_to_first_contact: Rate
    leavers: Count
    swemwbs_paired: Count
    swemwbs_paired_rate: Rate
    swemwbs_mean_change: Rate = Field(description="In metric points, to 2 places.")
    swemwbs_improved_rate: Rate
    reasons: dict[str, Count] = Field(description="Need code → referrals giving it.")
    onward_links: dict[str, Count] = Field(description="Need code → links sent or signposted.")
    unmet_needs: dict[str, Count] = Field(description="Need code → unmet needs recorded.")
    closures: dict[str, Count] = Field(description="Closure reason code → leavers.")


class LinkOutcomeOut(Schema):
    service: str
    need: str
    status: str
    taken_up: str


class SocialOutcomeSharedOut(Schema):
    kind: str = Field(description="A code of social_outcomes.csv.")
    label: str
    achieved_on: date


class OutcomeOut(Schema):
    summary: str = Field(description="In the words the person agreed to share.")
    sessions_attended: int
    needs: list[str]
    links: list[LinkOutcomeOut]
    social_outcomes: list[SocialOutcomeSharedOut] = Field(
        description="Coded facts only: what changed and when (no amounts or notes)."
    )
    wellbeing: str
    closed_on: date | None
    closure_reason: str


class ReferralOutcomeOut(Schema):
    """What the page "What came of a referral" shows."""

    referral_id: int
    name: str = Field(description="The person's name as the referral page shows it.")
    progress: ProgressOut
    outcome: OutcomeOut | None = Field(description="Only with the person's agreement.")
    not_shared_because: str | None = Field(description="Why there is no outcome, if none.")


class TotalOut(Schema):
    key: str = Field(description="The figure, as `linkwork report summary` names it.")
    label: str
    practice: str = Field(description="The practice's own figure, as recorded.")
    hscp: str = Field(description=f"The HSCP's, suppressed: {MARKS}.")
    how_counted: str


class PracticeTotalsOut(Schema):
    practice_code: str
    practice_name: str
    hscp_code: str
    hscp_name: str
    totals: list[TotalOut]


class PracticeOutcomesOut(Schema):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    practices: list[PracticeTotalsOut]


class ReceivedRowOut(Schema):
    quarter: str
    need: str
    received: Count
    accepted: Count
    attended: Count


class PartnerReportOut(Schema):
    """The partner's report: each column suppressed with its total, "<5" a count from 1 to
    4, "*" one hidden so that a small one cannot be worked out."""

    date_from: date | None = Field(alias="from", description="null: every quarter.")
    date_to: date | None = Field(alias="to")
    rows: list[ReceivedRowOut]
    total: ReceivedRowOut | None = Field(description="All quarters and needs; null if none.")
    how_counted: str
