from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema

from linkwork.core.api import In

# Any value is accepted here so that scoring.py, not the schema, words every refusal.
Answer = Annotated[Any, WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "null"}]})]


class InstrumentSummaryOut(Schema):
    name: str
    title: str
    item_count: int
    copyright_notice: str = Field(description="Show word for word on every form and printout.")
    licence: str

    @staticmethod
    def resolve_item_count(instrument) -> int:
        return len(instrument.items)


class BandOut(Schema):
    code: str
    low: int
    high: int


class ItemOut(Schema):
    number: int
    text: str
    key: str = Field(description="The question's key in a score, where each is scored alone.")
    bands: list[BandOut]


class OptionOut(Schema):
    value: int
    label: str


class MeaningfulChangeOut(Schema):
    threshold: float
    measured_on: str


class InstrumentOut(InstrumentSummaryOut):
    instructions: str
    items: list[ItemOut]
    options: list[OptionOut]
    min_value: int
    max_value: int
    meaningful_change: MeaningfulChangeOut | None

    @staticmethod
    def resolve_meaningful_change(instrument) -> dict | None:
        if instrument.change_setting is None:
            return None
        return {
            "threshold": instrument.meaningful_change_threshold(),
            "measured_on": instrument.change_measured_on,
        }


class ScoreIn(In):
    items: list[Answer] = Field(
        description="One answer per item in order: a whole number, or null if not answered."
    )


class ScoreOut(Schema):
    """Common fields; each instrument adds its own: `raw` and `metric` (SWEMWBS), `raw`,
    `swemwbs_raw` and `swemwbs_metric` (WEMWBS), or `{score, band}` per question (ONS4)."""

    model_config = ConfigDict(extra="allow")

    instrument: str
    complete: bool
    missing_items: list[int]
