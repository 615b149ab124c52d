"""Each role's home page; the signed-in root sends a user to the first of theirs."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import roles_of
from linkwork.accounts.roles import Role
from linkwork.casework.listings import caseload_listing, exported
from linkwork.core.http import swapping, varies_by_part
from linkwork.core.listings import download_or_page
from linkwork.home import pages
from linkwork.home.navigation import HOME_URL_NAMES, home_roles


@require_GET
def home(request):
    roles = home_roles(request.user)
    if not roles:
        return render(request, "home/no_role.jinja", {"page_title": "No access yet"})
    return redirect(HOME_URL_NAMES[roles[0]])


def _role_home(role: Role, build, template: str, title: str, download=None, audit=None, parts=None):
    """`download(request)`, when given, answers a list's `?download=csv|xlsx` instead;
    `audit(request, context)` writes the audit events of what the page shows. `parts`:
    {element id: (build, template)} for the panels htmx filters or pages in place, each
    built alone (decision 0134) and audited as the whole page is."""

    @require_GET
    def view(request):
        if role not in roles_of(request.user):
            raise PermissionDenied
        file = download(request) if download else None
        if file is not None:
            return file
        build_page, page, extra = build, template, {"page_title": title}
        part = (parts or {}).get(swapping(request))
        if part is not None:
            (build_page, page), extra = part, {"in_place": True}
        context = {**extra, **build_page(request.user, request.GET)}
        if audit is not None:
            audit(request, context)
        response = render(request, f"home/{page}.jinja", context)
        return varies_by_part(response) if parts else response

    view.__name__ = f"home_{template}"
    return view


def _caseload_file(request):
    return download_or_page(
        request,
        "my-caseload",
        sheet="Caseload",
        build=lambda: caseload_listing(pages.my_caseload(request.user, request.GET)[0]),
        exported=exported,
    )


home_link_worker = _role_home(
    Role.LINK_WORKER,
    pages.link_worker_home,
    "link_worker",
    "My day",
    download=_caseload_file,
    audit=pages.audit_covering,
    parts={"caseload": (pages.link_worker_caseload, "_caseload")},
)
home_practice = _role_home(Role.PRACTICE_STAFF, pages.practice_home, "practice", "Your practice")
home_host_setting = _role_home(
    Role.HOST_SETTING_STAFF, pages.host_setting_home, "host_setting", "Your setting"
)
home_team_lead = _role_home(
    Role.TEAM_LEAD,
    pages.team_lead_home,
    "team_lead",
    "Your team",
    audit=pages.audit_overdue_visits,
)
home_commissioner = _role_home(
    Role.COMMISSIONER, pages.commissioner_home, "commissioner", "Programme overview"
)
home_partner = _role_home(
    Role.COMMUNITY_PARTNER, pages.partner_home, "partner", "Your organisation"
)
home_administrator = _role_home(
    Role.ADMINISTRATOR, pages.administrator_home, "administrator", "Administration"
)
