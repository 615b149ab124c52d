from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.casework.services import audit_case, load_case


@require_GET
def case_detail(request, pk: int):
    case = load_case(request.user, pk)
    audit_case(request=request, case=case)
    context = {
        "page_title": case.person.full_name,
        "case": case,
        "person": case.person,
        "back_link": {"href": "/", "text": "Back"},
    }
    return render(request, "casework/case_detail.jinja", context)
