from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linkwork.accounts.tokens import check_lifetime
from linkwork.directory.models import Organisation
from linkwork.interop.clients import add_client, revoke_client, scope_of, working_tokens
from linkwork.interop.models import FhirClient
from linkwork.organisations.models import Practice

LIST_COLUMNS = "{:<6}  {:<30}  {:<40}  {:<16}  {:<16}  {}"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = (
        "FHIR clients (systems calling /fhir/). 'add --practice CODE --name NAME' (or "
        "--organisation ID) prints the new token alone on its last line; 'list'; "
        "'revoke ID' stops a client and its tokens."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add a client and print its token.")
        scope = add.add_mutually_exclusive_group(required=True)
        scope.add_argument("--practice", metavar="CODE", help="The practice's 5-digit code.")
        scope.add_argument(
            "--organisation", metavar="ID", help="A directory organisation's id (uuid or number)."
        )
        add.add_argument("--name", required=True, help="The system, e.g. 'EMIS at Govan HC'.")
        add.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"How many days the token works (1 to API_TOKEN_DAYS, now "
            f"{settings.API_TOKEN_DAYS}; the default).",
        )
        actions.add_parser("list", help="List the clients.")
        revoke = actions.add_parser("revoke", help="Revoke a client (its id from 'list').")
        revoke.add_argument("client_id", type=int)

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _add(self, *, practice, organisation, name, days, **_):
        name = name.strip()
        if not name or len(name) > FhirClient._meta.get_field("name").max_length:
            raise CommandError("--name must be 1 to 100 characters.")
        try:
            check_lifetime(settings.API_TOKEN_DAYS if days is None else days)
        except ValueError as problem:
            raise CommandError(f"--days: {problem}") from None
        scope = {}
        if practice:
            found = Practice.objects.filter(code=practice.strip()).first()
            if found is None:
                raise CommandError(f"No practice with code {practice!r}.")
            scope["practice"] = found
        else:
            scope["organisation"] = self._organisation(organisation.strip())
        client, token = add_client(name=name, days=days, **scope)
        self.stdout.write(
            f"FHIR client {client.pk} ({client.name}) acting for {scope_of(client)}. "
            "Copy its token now: it is not stored and cannot be shown again."
        )
        self.stdout.write(token)

    def _organisation(self, ref: str) -> Organisation:
        lookup = {"pk": int(ref)} if ref.isdigit() else {"uuid": ref}
        try:
            return Organisation.objects.get(**lookup)
        except (Organisation.DoesNotExist, ValidationError):
            raise CommandError(f"No directory organisation with id {ref!r}.") from None

    def _list(self, **_):
        clients = FhirClient.objects.select_related("user")
        if not clients:
            self.stdout.write("There are no FHIR clients.")
            return
        self.stdout.write(
            LIST_COLUMNS.format("ID", "NAME", "ACTS FOR", "CREATED", "LAST USED", "STATUS")
        )
        for client in clients:
            tokens = working_tokens(client)
            last_used = max((t.last_used_at for t in tokens if t.last_used_at), default=None)
            status = "revoked" if client.is_revoked else ("working" if tokens else "no token")
            self.stdout.write(
                LIST_COLUMNS.format(
                    client.pk,
                    client.name[:30],
                    str(scope_of(client))[:40],
                    _when(client.created_at),
                    _when(last_used),
                    status,
                )
            )

    def _revoke(self, *, client_id, **_):
        client = FhirClient.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No FHIR client {client_id}.")
        if client.is_revoked:
            raise CommandError(f"FHIR client {client_id} was already revoked.")
        revoke_client(client=client)
        self.stdout.write(f"Revoked FHIR client {client_id} ({client.name}) and its tokens.")
