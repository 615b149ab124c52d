"""Coded values in a programme's earlier spreadsheets: a code or its label from the
shared code lists (any case), or one of the common free-text spellings below.
docs/legacy-import.md prints the same table; a test holds the two together.

Each spelling is compared after folding case and spaces ("Money  Advice" is "money
advice"). A spelling maps to one code; anything else is refused, never guessed.
"""

from linkwork.core.codelists import Code, codelist

# What spreadsheets commonly write, per code list, and the code it means.
SPELLINGS: dict[str, dict[str, str]] = {
    "needs": {
        "money advice": "money_benefits",
        "money": "money_benefits",
        "benefits": "money_benefits",
        "welfare rights": "money_benefits",
        "financial": "money_benefits",
        "finance": "money_benefits",
        "income maximisation": "money_benefits",
        "debt advice": "debt",
        "debts": "debt",
        "arrears": "debt",
        "homelessness": "housing",
        "accommodation": "housing",
        "food bank": "food",
        "foodbank": "food",
        "food poverty": "food",
        "fuel poverty": "fuel",
        "energy": "fuel",
        "heating": "fuel",
        "employability": "employment",
        "work": "employment",
        "volunteering": "employment",
        "education": "learning_skills",
        "skills": "learning_skills",
        "literacy": "learning_skills",
        "isolation": "social_isolation",
        "loneliness": "social_isolation",
        "lonely": "social_isolation",
        "mental health": "mental_wellbeing",
        "anxiety": "mental_wellbeing",
        "low mood": "mental_wellbeing",
        "stress": "mental_wellbeing",
        "grief": "bereavement",
        "family": "relationships",
        "relationship": "relationships",
        "childcare": "parenting",
        "carer": "carers",
        "caring": "carers",
        "carer support": "carers",
        "exercise": "physical_activity",
        "weight": "healthy_eating",
        "diet": "healthy_eating",
        "long term condition": "long_term_condition",
        "long-term condition": "long_term_condition",
        "chronic pain": "long_term_condition",
        "pain": "long_term_condition",
        "alcohol": "alcohol_drugs",
        "drugs": "alcohol_drugs",
        "addiction": "alcohol_drugs",
        "substance use": "alcohol_drugs",
        "domestic abuse": "abuse_safety",
        "abuse": "abuse_safety",
        "immigration": "legal_immigration",
        "asylum": "legal_immigration",
        "legal": "legal_immigration",
        "legal advice": "legal_immigration",
        "travel": "transport",
    },
    "closure_reasons": {
        "completed": "goals_met",
        "goals achieved": "goals_met",
        "achieved goals": "goals_met",
        "self managing": "linked_self_managing",
        "self-managing": "linked_self_managing",
        "linked": "linked_self_managing",
        "dna": "did_not_engage",
        "did not attend": "did_not_engage",
        "no contact": "did_not_engage",
        "unable to contact": "did_not_engage",
        "disengaged": "did_not_engage",
        "declined service": "declined",
        "moved": "moved_away",
        "moved area": "moved_away",
        "left practice": "moved_away",
        "referred on": "referred_elsewhere",
        "signposted elsewhere": "referred_elsewhere",
        "deceased": "died",
    },
    "referrer_roles": {
        "doctor": "gp",
        "nurse": "practice_nurse",
        "pharmacy": "pharmacist",
        "reception": "receptionist",
        "practice staff": "other_practice_staff",
        "mental health": "mental_health_practitioner",
        "mhp": "mental_health_practitioner",
        "cpn": "community_psychiatric_nurse",
        "physio": "physiotherapist",
        "self referral": "self",
        "self-referred": "self",
        "third sector": "external_organisation",
        "external": "external_organisation",
        "voluntary organisation": "external_organisation",
    },
}

# `sex` as spreadsheets write it, and linkwork's value (a person's record holds female,
# male or not known; "other" is recorded as not known rather than guessed).
SEXES = {
    "f": "female",
    "female": "female",
    "m": "male",
    "male": "male",
    "other": "not_known",
    "not known": "not_known",
    "unknown": "not_known",
}


def folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def coded(list_name: str, text: str) -> str | None:
    """The code `text` names in the list (code, label or known spelling), or None."""
    found: Code | None = codelist(list_name).lookup(folded(text))
    if found is not None:
        return found.code
    return SPELLINGS.get(list_name, {}).get(folded(text))
