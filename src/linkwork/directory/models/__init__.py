"""The service directory (Open Referral UK / HSDS 3.0) and unmet needs.

The HSDS tables are stored in full (a superset of the ORUK 3.0 profile) plus what a link
worker needs and HSDS lacks: capacity, how to refer, accessibility and freshness.
"""

from linkwork.directory.models.base import Source
from linkwork.directory.models.details import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Phone,
    Schedule,
    ServiceArea,
)
from linkwork.directory.models.records import (
    DAY_BITS,
    EVERY_DAY,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Verification,
)
from linkwork.directory.models.search import SearchPlace, SearchTerm, SearchWord, ServiceNeed
from linkwork.directory.models.suggestions import ServiceSuggestion, SuggestionStatus
from linkwork.directory.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm
from linkwork.directory.models.unmet import UnmetNeed

__all__ = [
    "DAY_BITS",
    "EVERY_DAY",
    "Accessibility",
    "Address",
    "Attribute",
    "Contact",
    "CostOption",
    "Language",
    "Location",
    "Organisation",
    "Phone",
    "Schedule",
    "SearchPlace",
    "SearchTerm",
    "SearchWord",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceNeed",
    "ServiceStatus",
    "ServiceSuggestion",
    "Source",
    "SuggestionStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "UnmetNeed",
    "Verification",
]
