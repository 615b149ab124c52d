import os
import sqlite3
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail as outbox
from django.core.management import call_command
from django.db import transaction

from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case, Person, Session
from linkwork.core import mail
from linkwork.core.chi import check_chi
from linkwork.core.postcodes import is_valid_postcode
from linkwork.demo import seeding
from linkwork.organisations import leave
from linkwork.organisations.models import HSCP, LinkWorker, Practice


def counts():
    models = [HSCP, Practice, LinkWorker, User, RoleAssignment, Person, Case, AuditEvent]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.slow
@pytest.mark.xdist_group("demo")  # with the other readers of the one seeding (conftest.py)
def test_seed_loads_a_plausible_service_once(seeded_demo):
    loaded, logins = seeded_demo
    assert loaded
    first = counts()
    assert first["HSCP"] == 2
    assert first["Practice"] >= 6
    assert first["Case"] >= 200
    assert {login.role for login in logins} == {role.value for role in Role}

    loaded_again, logins_again = seeding.seed()
    assert not loaded_again
    assert counts() == first
    assert [(x.role, x.username) for x in logins_again] == [(x.role, x.username) for x in logins]

    # One seed serves the checks below too: loading the demo is the suite's slowest step.
    for person in Person.objects.all():  # synthetic identifiers, valid in form
        assert is_valid_postcode(person.postcode)
        if person.chi is None:  # only someone a host setting referred, with no GP (0074)
            assert person.practice is None
            assert person.referrals.filter(host_setting__isnull=False).exists()
            continue
        assert check_chi(person.chi).is_valid
        assert check_chi(person.chi).sex == person.sex
        assert person.chi[:6] == person.date_of_birth.strftime("%d%m%y")
        assert is_valid_postcode(person.postcode)
    # Demo users are marked; a thematic worker and a second HSCP are there.
    assert not User.objects.filter(is_demo=False).exists()
    assert LinkWorker.objects.exclude(theme="").exists()
    assert LinkWorker.objects.filter(provider__hscp__name="Inverclyde HSCP").exists()
    # A worker (not aileen) on leave now, a colleague covering (decision 0096).
    away = leave.current().exclude(link_worker__user__username="aileen").get()
    assert away.cover.provider.hscp_id == away.link_worker.provider.hscp_id
    # Nobody away is checked in to a visit during their leave, and someone is (the alert).
    visits = Session.objects.filter(checked_in_at__isnull=False, checked_out_at__isnull=True)
    assert visits.exists()
    assert not visits.filter(case__link_worker=away.link_worker).exists()


@pytest.mark.slow
@pytest.mark.xdist_group("new_database")
def test_seed_fills_a_new_database_and_demo_prints_every_roles_login(new_sqlite_database):
    """Both commands as a newcomer runs them, on a database just migrated from nothing
    (that each migrates first: `test_seed_migrates_before_it_loads`). At scale 1, the least
    that proves it: what --scale changes is checked below, in-process."""
    database = new_sqlite_database
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}

    def linkwork(*args):
        done = subprocess.run(
            [sys.executable, "-m", "linkwork.manage", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Loaded demo data at scale 1." in linkwork("seed")
    with sqlite3.connect(database) as tables:
        (glasgow_practices,) = tables.execute(
            "SELECT COUNT(*) FROM organisations_practice p"
            " JOIN organisations_cluster c ON c.id = p.cluster_id"
            " JOIN organisations_hscp h ON h.id = c.hscp_id WHERE h.code = ?",
            [seeding.MARKER_HSCP_CODE],
        ).fetchone()
    assert glasgow_practices == 6
    text = linkwork("demo", "--no-serve")
    assert "Demo data already loaded" in text
    assert "Loading the demo data" not in text  # loaded already: nothing to wait for
    assert seeding.DEMO_PASSWORD in text
    for role in Role:
        assert role.value in text


def test_seed_migrates_before_it_loads(db, monkeypatch):
    """`linkwork seed` on a database with no tables yet makes them first, as demo does."""
    from linkwork.demo.management.commands import seed

    steps = []
    monkeypatch.setattr(seed, "call_command", lambda *args, **kwargs: steps.append(args[0]))
    monkeypatch.setattr(seeding, "seed", lambda scale: (steps.append("seed"), (True, []))[1])
    call_command("seed", stdout=StringIO())
    assert steps == ["migrate", "seed"]


def test_demo_says_what_it_is_doing_before_the_long_first_load(db, monkeypatch, settings):
    """The first `make demo` loads for a minute or two: it says so first, not in silence."""
    from linkwork.demo.management.commands import demo

    settings.DEBUG = True
    steps = []
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: steps.append(args[0]))
    monkeypatch.setattr(seeding, "is_loaded", lambda: False)
    monkeypatch.setattr(seeding, "seed", lambda: (steps.append("seed"), (True, []))[1])
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    said = out.getvalue()
    assert steps == ["migrate", "seed"]
    assert said.index("Preparing the database") < said.index("Loading the demo data")
    assert said.index("Loading the demo data") < said.index("Loaded demo data.")


def test_seed_at_scale_2_doubles_the_practices_and_their_link_workers(db, monkeypatch):
    """`linkwork seed --scale 2`: twice scale 1's clusters, practices and link workers, each
    with its own name and code. The caseloads follow the workers through the same code as
    at scale 1, so only the HSCPs and people are made here (the history takes minutes)."""
    scales = []
    monkeypatch.setattr(seeding, "_service", lambda demo: scales.append(demo.scale))
    call_command("seed", "--scale", "2", stdout=StringIO())
    assert scales == [2]
    glasgow = Practice.objects.filter(cluster__hscp__code=seeding.MARKER_HSCP_CODE)
    assert glasgow.count() == 12  # twice scale 1's six
    assert glasgow.values("name").distinct().count() == 12
    assert Practice.objects.values("code").distinct().count() == Practice.objects.count()
    placed = LinkWorker.objects.filter(attachments__practice__in=glasgow).distinct()
    assert placed.count() == 11  # Aileen covers two practices, one worker each of the rest


def test_demo_links_in_emails_lead_to_its_own_port(
    db, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """`linkwork demo --port N`: an invitation or reset link opens http://127.0.0.1:N."""
    from linkwork.accounts.people.services import send_password_link
    from linkwork.accounts.services import assign_role
    from linkwork.accounts.tests.factories import UserFactory

    settings.LINKWORK_SITE_URL = "http://127.0.0.1:8000"
    monkeypatch.delenv("LINKWORK_SITE_URL", raising=False)
    monkeypatch.setattr(seeding, "seed", lambda: (False, []))
    call_command("demo", "--port", "8123", "--no-serve", stdout=StringIO())

    admin = UserFactory(username="admin")
    assign_role(user=admin, role=Role.ADMINISTRATOR)
    person = UserFactory(username="person", email="person@example.org")
    assign_role(user=person, role=Role.COMMISSIONER)
    with django_capture_on_commit_callbacks(execute=True):
        send_password_link(person=person, by=admin)
    assert "http://127.0.0.1:8123/account/set-password/" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_while_held_back_not_even_on_commit():
    before = settings.EMAIL_BACKEND
    with seeding.held_back(), transaction.atomic():
        transaction.on_commit(
            lambda: mail.send(subject="New referral", message="Sign in", recipients=["a@b.org"])
        )
    assert outbox.outbox == []
    assert before == settings.EMAIL_BACKEND

    mail.send(subject="New referral", message="Sign in", recipients=["a@b.org"])
    assert [message.to for message in outbox.outbox] == [["a@b.org"]]  # and after, as before
