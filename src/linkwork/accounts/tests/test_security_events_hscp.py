"""An account's security events (sign-in and out, failures, lockout, two-factor, password)
are logged in the HSCP of the account, so an HSCP's audit log shows its own staff's; one
HSCP per account, that of the role choosing their home page (decision 0006)."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from linkwork.accounts.people import services as people
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.signals import home_hscp_id
from linkwork.accounts.tests.factories import TEST_PASSWORD, UserFactory
from linkwork.accounts.tests.test_passwords import _change
from linkwork.accounts.tests.test_two_factor import code_from, enrol, sign_in, submit_code
from linkwork.audit.models import Action, AuditEvent


def hscps_of(events) -> set:
    return set(events.values_list("hscp_id", flat=True))


def test_each_security_event_of_an_account_is_in_its_hscps_log(world):
    kirsty = world.users["other_hscp_link_worker"]  # Inverclyde's
    client = Client()
    sign_in(client, kirsty.username, "wrong-password")
    sign_in(client, kirsty.username)
    key = enrol(client)
    client.post(reverse("accounts:new_recovery_codes"))
    _change(client)
    client.post(reverse("accounts:sign_out"))
    sign_in(client, kirsty.username, "tartan-kettle-harbour-lamp")
    submit_code(client, code_from(key, 1))
    people.reset_two_factor(person=kirsty, by=world.users["national_administrator"])

    events = AuditEvent.objects.filter(actor_username=kirsty.username)
    steps = set(events.values_list("detail__step", flat=True))
    assert {"password", "two_factor_set_up", "recovery_codes_renewed", "password_changed"} <= (
        steps
    )
    actions = set(events.values_list("action", flat=True))
    assert {Action.SIGN_IN_FAILED, Action.SIGN_IN, Action.SIGN_OUT, Action.CHANGE} <= actions
    assert hscps_of(events) == {world.hscp_b.pk}
    reset = AuditEvent.objects.get(detail__change="two_factor_reset", detail__user_id=kirsty.pk)
    assert reset.hscp_id == world.hscp_b.pk


def test_a_lockout_is_in_the_hscp_of_the_account_it_locks(world):
    lead = world.users["other_hscp_team_lead"]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, lead.username, "wrong-password")
    locked = AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username=lead.username)
    assert locked.exists()
    assert hscps_of(locked) == {world.hscp_b.pk}


def test_a_failed_sign_in_naming_no_account_is_in_no_hscps_log(world):
    sign_in(Client(), "nobody-by-this-name", "wrong-password")
    failed = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert failed.hscp_id is None


def test_someone_working_in_two_hscps_is_logged_where_their_home_page_role_is(world):
    """A team lead of Inverclyde's team who is also practice staff in Glasgow has the team
    lead's home page, so Inverclyde's log has their security events."""
    both = UserFactory(username="both")
    assign_role(user=both, role=Role.PRACTICE_STAFF, practice=world.practice_x, job_title="gp")
    assign_role(user=both, role=Role.TEAM_LEAD, provider=world.provider_b)
    assert home_hscp_id(both) == world.hscp_b.pk
    client = Client()
    sign_in(client, "both", "wrong-password")
    sign_in(client, "both", TEST_PASSWORD)
    assert hscps_of(AuditEvent.objects.filter(actor_username="both")) == {world.hscp_b.pk}
