"""What the accounts pages show of tokens and people: labels and tag colours."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format

from linkwork.accounts.models import ApiToken


def when(moment, never: str = "Never") -> str:
    return date_format(timezone.localtime(moment), "j M Y H:i") if moment else never


def token_status(token: ApiToken) -> tuple[str, str]:
    """The token's state as a tag: text and NHS tag colour."""
    if token.is_revoked:
        return "Revoked", "grey"
    if token.is_expired:
        return "Expired", "grey"
    return "Active", "green"


def token_rows(tokens, revoke_url: Callable[[ApiToken], str]) -> list[dict]:
    """What a table of API tokens shows of each; only a working token can be revoked."""
    rows = []
    for token in tokens:
        status, colour = token_status(token)
        rows.append(
            {
                "name": token.name,
                "prefix": token.prefix,
                "access": "Read only" if token.read_only else "Read and change",
                "created": when(token.created_at),
                "expires": when(token.expires_at),
                "last_used": when(token.last_used_at),
                "status": status,
                "colour": colour,
                "revoke_url": revoke_url(token) if status == "Active" else None,
            }
        )
    return rows
