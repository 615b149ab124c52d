"""The needs list published as an ORUK taxonomy, and imported categories mapped onto it."""

import uuid

from linkwork.core.codelists import codelist
from linkwork.directory.models import Taxonomy, TaxonomyTerm
from linkwork.directory.search.text import terms

NEEDS_TAXONOMY_NAME = "linkwork needs"
# Stable ids: every linkwork installation publishes the same taxonomy with the same ids.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:linkwork:taxonomy:needs")

# Categories seen in ALISS and ORUK feeds whose words alone would not find their need.
SYNONYMS = {
    "money": "money_benefits",
    "benefits": "money_benefits",
    "welfare-rights": "money_benefits",
    "income": "money_benefits",
    "physical-activity": "physical_activity",
    "sport": "physical_activity",
    "walking": "physical_activity",
    "exercise": "physical_activity",
    "mental-health": "mental_wellbeing",
    "mental-health-and-wellbeing": "mental_wellbeing",
    "wellbeing": "mental_wellbeing",
    "loneliness": "social_isolation",
    "befriending": "social_isolation",
    "social-activities": "social_isolation",
    "older-people": "social_isolation",
    "lunch-club": "social_isolation",
    "food-and-nutrition": "food",
    "food-bank": "food",
    "energy": "fuel",
    "heating": "fuel",
    "homelessness": "housing",
    "accommodation": "housing",
    "jobs": "employment",
    "volunteering": "employment",
    "education": "learning_skills",
    "esol": "learning_skills",
    "computers": "digital",
    "internet": "digital",
    "grief": "bereavement",
    "carers": "carers",
    "families": "parenting",
    "children": "parenting",
    "addiction": "alcohol_drugs",
    "substance-misuse": "alcohol_drugs",
    "domestic-abuse": "abuse_safety",
    "refugees": "legal_immigration",
    "asylum": "legal_immigration",
    "chronic-pain": "long_term_condition",
    "long-term-conditions": "long_term_condition",
    "diet": "healthy_eating",
    "weight": "healthy_eating",
}


def term_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, code)


def needs_taxonomy() -> Taxonomy:
    """The needs taxonomy with a term per need, created on first use."""
    taxonomy, _ = Taxonomy.objects.get_or_create(
        uuid=_NAMESPACE,
        defaults={
            "name": NEEDS_TAXONOMY_NAME,
            "description": "The needs a Community Link Worker service works with: the same "
            "list as referral reasons and needs identified.",
            "version": "1",
        },
    )
    existing = set(taxonomy.terms.values_list("code", flat=True))
    TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(
            uuid=term_uuid(need.code),
            taxonomy=taxonomy,
            code=need.code,
            name=need.label,
            description=need.extra.get("description", ""),
            language="en",
            need=need.code,
        )
        for need in codelist("needs").codes
        if need.code not in existing
    )
    return taxonomy


def need_term(code: str) -> TaxonomyTerm:
    needs_taxonomy()
    return TaxonomyTerm.objects.get(uuid=term_uuid(code))


def map_to_need(*names: str) -> str:
    """The need an imported category (slug or name) belongs to, or "" when none fits."""
    for name in names:
        key = (name or "").strip().lower().replace(" ", "-").replace("_", "-")
        if key in SYNONYMS:
            return SYNONYMS[key]
        found = codelist("needs").lookup(name or "")
        if found is not None:
            return found.code
    wanted = set(terms(" ".join(names)))
    best, best_overlap = "", 0
    for need in codelist("needs").codes:
        label, described = set(terms(need.label)), set(terms(need.extra.get("description", "")))
        overlap = 2 * len(wanted & label) + len(wanted & described)
        if overlap > best_overlap and need.code != "other":
            best, best_overlap = need.code, overlap
    return best
