"""API bearer tokens: issuing, revoking and checking them.

A token reads `lw_<prefix>_<secret>`. The `lw_<prefix>` part is stored and shown so a
token can be recognised and found; only the SHA-256 hash of the whole token is kept, so
a copy of the database does not hand out working tokens. The secret is random enough
(about 238 bits) that a plain hash, without salt or stretching, cannot be reversed.

Every token expires (API_TOKEN_DAYS, also the longest lifetime anyone may ask for) and may
be read-only. Who may hold one is USE_API_TOKENS (roles.py): the page and the command ask
it, and taking away a user's last such role revokes their tokens (accounts/people/).
"""

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from linkwork.accounts.backends import LinkworkBackend
from linkwork.accounts.models import ApiToken, User
from linkwork.accounts.signals import home_hscp_id
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.ratelimit import per_minute

TOKEN_START = "lw_"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 8
SECRET_ALPHABET = string.ascii_letters + string.digits  # no punctuation: one double-click
SECRET_LENGTH = 40
# Writing last_used_at on every request would make each API call a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The stored prefix of a well-formed token, or None."""
    start, _, rest = token.partition(TOKEN_START)
    prefix, separator, secret = rest.partition("_")
    if start or not separator or len(prefix) != PREFIX_LENGTH or len(secret) != SECRET_LENGTH:
        return None
    return TOKEN_START + prefix


def tokens_of(user) -> QuerySet[ApiToken]:
    """The only tokens a user may see or revoke on their page: their own."""
    return ApiToken.objects.filter(user=user)


def get_own_token_or_404(user, pk: int) -> ApiToken:
    return get_object_or_404(tokens_of(user), pk=pk)


class TokenRefused(Exception):
    """A token that does not let its sender in, with why, in words for the API's answer:
    `reason`, then `fix` (a person's; a system client's caller words its own)."""

    def __init__(self, reason: str, fix: str = ""):
        super().__init__(f"{reason} {fix}".strip())
        self.reason = reason
        self.fix = fix


NEW_TOKEN = "Create a new one on your API tokens page."


def _audit(*, action: Action, token: ApiToken, actor, request) -> None:
    record(
        action=action,
        request=request,
        actor=actor,
        obj=token,
        hscp_id=home_hscp_id(token.user),
        detail={"prefix": token.prefix, "user_id": token.user_id, "read_only": token.read_only},
    )


def check_lifetime(days: int) -> None:
    """Refuse a lifetime outside 1 to API_TOKEN_DAYS days, saying what is allowed."""
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValueError(f"A token lasts from 1 to {settings.API_TOKEN_DAYS} days.")


def _create(**fields) -> tuple[ApiToken, str]:
    # A prefix clash is unlikely (36^8 prefixes) but would only need another draw.
    for _ in range(5):
        token = TOKEN_START + _random(PREFIX_ALPHABET, PREFIX_LENGTH)
        token += "_" + _random(SECRET_ALPHABET, SECRET_LENGTH)
        try:
            with transaction.atomic():
                api_token = ApiToken.objects.create(
                    prefix=prefix_of(token), secret_hash=hash_token(token), **fields
                )
        except IntegrityError:
            continue
        return api_token, token
    raise RuntimeError("Could not draw an unused token prefix.")


@transaction.atomic
def issue_token(
    *,
    user: User,
    name: str,
    created_by: User | None = None,
    days: int | None = None,
    read_only: bool = False,
    request=None,
) -> tuple[ApiToken, str]:
    """A new token for `user`, and the token itself: the only time it is available.
    It lasts `days` (default API_TOKEN_DAYS) and, if `read_only`, may only read."""
    days = settings.API_TOKEN_DAYS if days is None else days
    check_lifetime(days)
    api_token, token = _create(
        user=user,
        name=name,
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=days),
        read_only=read_only,
    )
    _audit(action=Action.CREATE, token=api_token, actor=created_by, request=request)
    return api_token, token


@transaction.atomic
def revoke_token(*, token: ApiToken, revoked_by: User | None, request=None) -> ApiToken:
    """Stop `token` working from now on. Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.is_revoked:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = revoked_by
    token.save(update_fields=["revoked_at", "revoked_by"])
    _audit(action=Action.DELETE, token=token, actor=revoked_by, request=request)
    return token


@transaction.atomic
def revoke_all(*, user: User, revoked_by: User | None, request=None) -> int:
    """Revoke every token of `user` still working (each audited); how many there were."""
    working = tokens_of(user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    for token in working:
        revoke_token(token=token, revoked_by=revoked_by, request=request)
    return len(working)


def _find(token: str) -> ApiToken | None:
    prefix = prefix_of(token)
    if prefix is None:
        return None
    found = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if found is None or not hmac.compare_digest(found.secret_hash, hash_token(token)):
        return None
    return found


def _note_use(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at and now - api_token.last_used_at < LAST_USED_RESOLUTION:
        return
    # update(), not save(): two requests at once must not overwrite a revocation.
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    api_token.last_used_at = now


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y \\a\\t H:i")


def authenticate_token(token: str) -> ApiToken:
    """The token, if it lets its sender in; TokenRefused saying why not otherwise, and
    RateLimited once it has sent more than LINKWORK_API_RATE_PER_MINUTE requests this minute.

    The user must still be able to sign in (active; demo accounts only in demo mode),
    so a token never outlives the rules a password sign-in follows."""
    api_token = _find(token)
    if api_token is None:
        raise TokenRefused(
            "This API token is not recognised. Check that it was copied whole.", NEW_TOKEN
        )
    if api_token.is_revoked:
        raise TokenRefused(
            f"This API token was revoked on {_when(api_token.revoked_at)}.", NEW_TOKEN
        )
    if api_token.is_expired:
        raise TokenRefused(f"This API token expired on {_when(api_token.expires_at)}.", NEW_TOKEN)
    if not LinkworkBackend().user_can_authenticate(api_token.user):
        raise TokenRefused("The account this API token belongs to cannot sign in.")
    _note_use(api_token)
    # Each token its own allowance: a busy client never slows another (decision 0110).
    per_minute(f"api-token:{api_token.pk}", limit=settings.LINKWORK_API_RATE_PER_MINUTE)
    return api_token
