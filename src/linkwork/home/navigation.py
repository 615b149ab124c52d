"""Header navigation and home pages, chosen from the user's roles."""

from linkwork.accounts.authorisation import has_permission, role_assignments, roles_of
from linkwork.accounts.roles import HOME_ORDER, Permission, Role
from linkwork.core.jinja2_env import url

HOME_URL_NAMES = {
    Role.LINK_WORKER: "home:link_worker",
    Role.PRACTICE_STAFF: "home:practice",
    Role.HOST_SETTING_STAFF: "home:host_setting",
    Role.TEAM_LEAD: "home:team_lead",
    Role.COMMISSIONER: "home:commissioner",
    Role.COMMUNITY_PARTNER: "home:partner",
    Role.ADMINISTRATOR: "home:administrator",
}

# Header links shown to whoever holds the permission (None: every signed-in user): the
# places a role goes to daily. The rest (groups, supervision and training, the team's
# time, leave, workload...) are reached from the role's home page, so the header of a
# team lead, who holds the most, still fits without a "More" menu.
PERMISSION_LINKS = [
    (Permission.TRIAGE_REFERRAL, "referrals:queue", "New referrals"),
    (Permission.VIEW_REFERRAL, "referrals:list", "Referrals"),
    (Permission.PUBLISH_SLOTS, "referrals:slots", "Slots"),
    (Permission.CHOOSE_STORIES, "outcomes:choose_stories", "Stories"),
    (Permission.SEARCH_DIRECTORY, "directory:search", "Directory"),
    (Permission.RESPOND_TO_LINK, "links:partner_links", "Referrals to you"),
    (Permission.MANAGE_DIRECTORY_ORGANISATION, "directory:partner_services", "Your services"),
    (Permission.VIEW_AGGREGATE_REPORTS, "reporting:programme", "Dashboard"),
    (Permission.VIEW_TEAM_REPORTS, "reporting:team", "Team dashboard"),
    (Permission.VIEW_PROGRAMME_SUMMARY, "reporting:programme_summary", "Summary"),
    (Permission.VIEW_UNMET_NEEDS, "reporting:unmet_needs", "Unmet needs"),
    (Permission.LOG_TIME, "activity:log", "Time"),
    (Permission.VIEW_PRACTICE_TEAM_TIME, "activity:practice", "Link worker time"),
    (Permission.RUN_STAFF_SURVEYS, "surveys:surveys", "Surveys"),
    (Permission.MANAGE_PEOPLE, "accounts:people", "People"),
    (Permission.VIEW_AUDIT_LOG, "audit:search", "Audit log"),
    (Permission.USE_API_TOKENS, "accounts:api_tokens", "API tokens"),
    (None, "accounts:account", "Your account"),
]


def home_roles(user) -> list[Role]:
    held = roles_of(user)
    return [role for role in HOME_ORDER if role in held]


def header_organisation(user) -> str:
    """The organisation named in the header: that of the user's first role."""
    roles = home_roles(user)
    if not roles:
        return ""
    first = next(a for a in role_assignments(user) if a.role == roles[0])
    return str(first.scope) if first.scope else "All HSCPs"


def navigation_items(user, current_path: str) -> list[dict]:
    items = []
    roles = home_roles(user)
    for role in roles:
        address = url(HOME_URL_NAMES[role])
        label = "Home" if len(roles) == 1 else role.label
        items.append({"href": address, "text": label, "current": current_path == address})
    for permission, url_name, label in PERMISSION_LINKS:
        if permission is None or has_permission(user, permission):
            address = url(url_name)
            items.append({"href": address, "text": label, "current": current_path == address})
    return items
