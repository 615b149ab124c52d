"""What the people pages show of a person: roles in words, status as tags."""

from django.urls import reverse

from linkwork.accounts.authorisation import may_change_role
from linkwork.accounts.people.services import refusal_to_remove
from linkwork.accounts.people.status import enrolled_ids, is_locked, locked_usernames
from linkwork.accounts.presenters import when


def role_text(assignment) -> str:
    return f"{assignment.get_role_display()}, {assignment.scope or 'every HSCP'}"


def status_tags(person, *, locked: bool) -> list[tuple[str, str]]:
    """(text, NHS tag colour) for each thing a manager should know about the account."""
    if not person.is_active:
        tags = [("Disabled", "grey")]
    elif not person.has_usable_password():
        tags = [("Invited, no password yet", "blue")]
    else:
        tags = [("Active", "green")]
    if locked:
        tags.append(("Locked", "red"))
    return tags


def person_rows(people) -> list[dict]:
    """One row per person in the list: the sign-in states are read for the page at once."""
    people = list(people)
    locked = locked_usernames(p.username for p in people)
    with_two_factor = enrolled_ids(p.pk for p in people)
    return [
        {
            "href": reverse("accounts:person", kwargs={"pk": p.pk}),
            "name": p.get_full_name() or p.username,
            "username": p.username,
            "roles": [role_text(a) for a in p.role_assignments.all()],
            "tags": status_tags(p, locked=p.username in locked),
            "two_factor": "Set up" if p.pk in with_two_factor else "Not set up",
            "last_sign_in": when(p.last_login),
        }
        for p in people
    ]


def person_summary(person) -> dict:
    locked = is_locked(person)
    return {
        "locked": locked,
        "tags": status_tags(person, locked=locked),
        "two_factor": bool(enrolled_ids([person.pk])),
        "last_sign_in": when(person.last_login),
    }


def role_rows(by, person) -> list[dict]:
    """The person's roles, each with a way to take it away where `by` may, or why not."""
    rows = []
    for a in person.role_assignments.all():
        allowed = may_change_role(by, a)
        refusal = refusal_to_remove(by, a) if allowed else None
        url = reverse("accounts:remove_role", kwargs={"pk": person.pk, "role_pk": a.pk})
        rows.append(
            {
                "text": role_text(a),
                "job_title": a.get_job_title_display(),
                "remove_url": url if allowed and not refusal else None,
                "why_not": refusal,
            }
        )
    return rows
