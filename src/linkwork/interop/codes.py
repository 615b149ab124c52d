"""The codes a message to the practice carries, one per event that matters to the GP
record (decision 0082).

SNOMED CT where a concept is confirmed (../shared/reference/fhir-scotland.md); where none
is (first contact, not engaged, support completed or ended) a local code system with
plain display text, never an invented SNOMED id: the practice files the display text as
free text, or maps it to a code of its own.
"""

from dataclasses import dataclass

SNOMED = "http://snomed.info/sct"
# Ours, not published anywhere: a FHIR reader sees at once that these are local codes.
LOCAL = "https://linkwork.scot/fhir/CodeSystem/community-link-worker-events"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str

    @property
    def is_snomed(self) -> bool:
        return self.system == SNOMED

    @property
    def system_name(self) -> str:
        return "SNOMED CT" if self.is_snomed else "Local (no SNOMED code)"


REFERRED = Code(SNOMED, "871731000000106", "Referral to social prescribing service")
DECLINED = Code(SNOMED, "871711000000103", "Social prescribing declined")
FIRST_CONTACT = Code(LOCAL, "first-contact", "First contact with community link worker")
NOT_ENGAGED = Code(LOCAL, "not-engaged", "Did not engage with community link worker support")
COMPLETED = Code(LOCAL, "support-completed", "Community link worker support completed")
ENDED = Code(LOCAL, "support-ended", "Community link worker support ended")
SWEMWBS = Code(SNOMED, "718466001", "Short Warwick-Edinburgh Mental Well-being Scale score")
WEMWBS = Code(SNOMED, "718426000", "Warwick-Edinburgh Mental Well-being Scale score")
SCORE_CODES = {"swemwbs": SWEMWBS, "wemwbs": WEMWBS}

# How a closed case's reason reads in the GP record. "Declined support" is the person
# declining (the SNOMED situation); goals met or self-managing is support completed;
# anything else (moved away, referred elsewhere, died, other) is support that ended.
CLOSURE_CODES = {
    "declined": DECLINED,
    "did_not_engage": NOT_ENGAGED,
    "goals_met": COMPLETED,
    "linked_self_managing": COMPLETED,
}


def closure_code(reason: str) -> Code:
    return CLOSURE_CODES.get(reason, ENDED)
