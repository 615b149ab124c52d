from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.models import ApiToken, User
from linkwork.accounts.presenters import token_status
from linkwork.accounts.roles import Permission
from linkwork.accounts.tokens import check_lifetime, issue_token, revoke_token, tokens_of

LIST_COLUMNS = "{:<12}  {:<30}  {:<10}  {:<16}  {:<16}  {:<16}  {}"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = (
        "Issue an API bearer token for USERNAME (printed alone on the last line), "
        "list a user's tokens with --list, or revoke one with --revoke PREFIX. "
        "A token lasts --days N (default and longest: API_TOKEN_DAYS) and with "
        "--read-only may only read."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="The user the token acts for.")
        parser.add_argument("--name", default="Command line", help="What the token is for.")
        parser.add_argument(
            "--list", action="store_true", dest="list_tokens", help="List the user's tokens."
        )
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with PREFIX.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"How many days the token works (1 to API_TOKEN_DAYS, "
            f"now {settings.API_TOKEN_DAYS}; the default).",
        )
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="The token may only read (GET, HEAD, OPTIONS): anything else is a 403.",
        )

    def handle(self, *args, username, name, list_tokens, revoke, days, read_only, **options):
        if revoke:
            return self._revoke(revoke, username)
        if not username:
            raise CommandError("Give a USERNAME, or --revoke PREFIX.")
        user = self._user(username)
        if list_tokens:
            return self._list(user)
        return self._issue(user, name, days=days, read_only=read_only)

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user with username {username!r}.") from None

    def _issue(self, user: User, name: str, *, days: int | None, read_only: bool) -> None:
        if not name.strip() or len(name) > ApiToken._meta.get_field("name").max_length:
            raise CommandError("--name must be 1 to 100 characters.")
        if not has_permission(user, Permission.USE_API_TOKENS):
            raise CommandError(
                f"{user.username} holds no role that may have an API token (link worker, "
                "team lead, practice staff or community partner)."
            )
        try:
            check_lifetime(settings.API_TOKEN_DAYS if days is None else days)
        except ValueError as problem:
            raise CommandError(f"--days: {problem}") from None
        api_token, token = issue_token(user=user, name=name.strip(), days=days, read_only=read_only)
        access = "read-only" if api_token.read_only else "read and change"
        self.stdout.write(
            f"API token {api_token.prefix} ({api_token.name}) for {user.username}, "
            f"{access}, works until {_when(api_token.expires_at)}. "
            "Copy it now: it is not stored and cannot be shown again."
        )
        self.stdout.write(token)

    def _list(self, user: User) -> None:
        tokens = tokens_of(user)
        if not tokens:
            self.stdout.write(f"{user.username} has no API tokens.")
            return
        self.stdout.write(
            LIST_COLUMNS.format(
                "PREFIX", "NAME", "ACCESS", "CREATED", "EXPIRES", "LAST USED", "STATUS"
            )
        )
        for t in tokens:
            self.stdout.write(
                LIST_COLUMNS.format(
                    t.prefix,
                    t.name[:30],
                    "read-only" if t.read_only else "read-write",
                    _when(t.created_at),
                    _when(t.expires_at),
                    _when(t.last_used_at),
                    token_status(t)[0].lower(),
                )
            )

    def _revoke(self, prefix: str, username: str | None) -> None:
        tokens = tokens_of(self._user(username)) if username else ApiToken.objects.all()
        token = tokens.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No API token with prefix {prefix!r}.")
        if token.is_revoked:
            raise CommandError(f"API token {prefix} was already revoked.")
        revoke_token(token=token, revoked_by=None)
        self.stdout.write(f"Revoked API token {prefix} ({token.name}).")
