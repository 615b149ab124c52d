"""The access matrix (role × record × action) written out from the authorisation module,
so what a health board signs off is what the code does: docs/access-matrix.md is this
module's output, and a test fails when the two differ."""

from django.apps import apps

from linkwork.accounts.authorisation import (
    GRANT_SCOPES,
    GRANTABLE_ROLES,
    NATIONAL_ONLY,
    PERMISSION_SCOPES,
    SCOPES,
    scope_model,
)
from linkwork.accounts.roles import HOME_ORDER, ROLE_PERMISSIONS, Permission

NOBODY = "·"
# Where a model's own name would be ambiguous beside the others.
RECORD_NAMES = {
    "casework.Person": "Person's record",
    "directory.Organisation": "Directory organisation",
    "directory.Service": "Directory service",
    "directory.ServiceSuggestion": "Suggested change to a service",
    "links.Link": "Onward referral (link)",
    "audit.AuditEvent": "Audit log entry",
    "accounts.User": "Staff account",
    "organisations.Provider": "CLW provider (team)",
}


def words(rule) -> str:
    """What a scope rule covers, as written beside it (`described`)."""
    return getattr(rule, "words", None) or f"(undescribed rule {rule.__qualname__})"


def _record(label: str) -> str:
    name = RECORD_NAMES.get(label) or str(apps.get_model(label)._meta.verbose_name)
    return name[0].upper() + name[1:]


def _action(permission: Permission) -> str:
    return permission.value.replace("_", " ").capitalize().replace(" api ", " API ")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _roles_head(first: str) -> list[str]:
    return [first, *(role.label for role in HOME_ORDER)]


def _granted(permission: Permission, role) -> str:
    if permission not in ROLE_PERMISSIONS[role]:
        return NOBODY
    return "national only" if permission in NATIONAL_ONLY else "yes"


def permissions_table() -> list[str]:
    rows = [[_action(p), *(_granted(p, role) for role in HOME_ORDER)] for p in Permission]
    return _table(_roles_head("Action"), rows)


def scopes_table() -> list[str]:
    rows = [
        [_record(label), *(words(rules[r]) if r in rules else NOBODY for r in HOME_ORDER)]
        for label, rules in SCOPES.items()
    ]
    return _table(_roles_head("Record"), rows)


def narrower_table() -> list[str]:
    rows = [
        [
            f"{_record(label)}: {_action(permission).lower()}",
            *(words(rules[r]) if r in rules else NOBODY for r in HOME_ORDER),
        ]
        for (label, permission), rules in PERMISSION_SCOPES.items()
    ]
    return _table(_roles_head("Record: action"), rows)


def grants_table() -> list[str]:
    rows = []
    for label, rules in GRANT_SCOPES.items():
        for manager, rule in rules.items():
            given = sorted(
                role.label
                for role in GRANTABLE_ROLES[manager]
                if apps.get_model(label) is scope_model(role)
            )
            rows.append([manager.label, ", ".join(given), f"{_record(label)}: {words(rule)}"])
    return _table(["Who", "Gives and removes", "At"], rows)


def render() -> str:
    parts = [
        "# Access matrix",
        "",
        "Written by `linkwork access_matrix` from `accounts/authorisation.py` and",
        "`accounts/roles.py`; a test fails when this file and the code differ. Deny by",
        "default: a role not shown may not, and a record out of scope is a 404 that looks",
        "the same as one that does not exist. A user holding several roles gets the union",
        "of their rights.",
        "",
        "## What each role may do",
        "",
        *permissions_table(),
        "",
        "## Which records a role's actions reach",
        "",
        "For each kind of record, the records each role's actions above reach.",
        "",
        *scopes_table(),
        "",
        "## Where one action reaches fewer records",
        "",
        *narrower_table(),
        "",
        "## Who gives roles, and where",
        "",
        *grants_table(),
        "",
    ]
    return "\n".join(parts)
