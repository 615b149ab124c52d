from io import StringIO

from django.core.management import call_command

from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case, Person
from linkwork.core import demo
from linkwork.core.chi import check_chi
from linkwork.core.postcodes import is_valid_postcode
from linkwork.organisations.models import HSCP, LinkWorker, Practice


def counts():
    models = [HSCP, Practice, LinkWorker, User, RoleAssignment, Person, Case, AuditEvent]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_loads_a_plausible_service_once(db):
    loaded, logins = demo.seed()
    assert loaded
    first = counts()
    assert first["HSCP"] == 2
    assert first["Practice"] >= 6
    assert first["Case"] >= 200
    assert {login.role for login in logins} == {role.value for role in Role}

    loaded_again, logins_again = demo.seed()
    assert not loaded_again
    assert counts() == first
    assert [(x.role, x.username) for x in logins_again] == [(x.role, x.username) for x in logins]


def test_demo_people_have_valid_synthetic_identifiers(db):
    demo.seed()
    for person in Person.objects.all():
        assert check_chi(person.chi).is_valid
        assert check_chi(person.chi).sex == person.sex
        assert person.chi[:6] == person.date_of_birth.strftime("%d%m%y")
        assert is_valid_postcode(person.postcode)


def test_demo_users_are_marked_and_include_a_thematic_worker_and_a_second_hscp(db):
    demo.seed()
    assert not User.objects.filter(is_demo=False).exists()
    assert LinkWorker.objects.exclude(theme="").exists()
    assert LinkWorker.objects.filter(provider__hscp__name="Inverclyde HSCP").exists()


def test_seed_scales(db):
    call_command("seed", "--scale", "2", stdout=StringIO())
    assert Practice.objects.filter(cluster__hscp__code=demo.MARKER_HSCP_CODE).count() == 12


def test_the_demo_command_prints_a_login_for_every_role_and_is_idempotent(db):
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    call_command("demo", "--no-serve", stdout=(second := StringIO()))
    text = second.getvalue()
    assert "Demo data already loaded" in text
    assert demo.DEMO_PASSWORD in text
    for role in Role:
        assert role.value in text
    assert HSCP.objects.count() == 2


def test_seed_makes_the_tables_of_a_new_database_first(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "linkwork.manage", "seed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Loaded demo data at scale 1." in done.stdout
