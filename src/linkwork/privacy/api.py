"""A subject access export through the API, as the page's downloads (views.py)."""

from typing import Literal

from ninja import Query, Router, Schema

from linkwork.core.api import READ
from linkwork.privacy.views import export_response, person_for_export

router = Router(tags=["privacy"])


class ExportFormat(Schema):
    format: Literal["json", "pdf", "zip"] = "json"


@router.get(
    "/people/{person_id}/subject-access",
    response={200: dict, **READ},
    url_name="subject_access",
    summary="Everything held on a person, as JSON, PDF or a ZIP of both with the letters' "
    "files, for the data protection officer to review before release (team leads of the HSCP "
    "holding the record; audited as an export)",
)
def subject_access(request, person_id: int, query: Query[ExportFormat]):
    return export_response(request, person_for_export(request.user, person_id), query.format)
