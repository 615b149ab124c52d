"""Decision 116: a reporting copy too far behind, or unreachable, is passed over; the
facts are read from the main database and the report page says why. The lag and the
outage are simulated here; scripts/scale-out.sh shows both on a real streaming standby."""

import io
import json

import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connections
from django.urls import reverse

from linkwork.reporting import replica
from linkwork.reporting.models import ReferralFacts
from linkwork.reporting.routers import ReportsRouter
from linkwork.reporting.tests.test_programme_summary import IN_PERIOD

PAGE = reverse("reporting:programme_summary")


@pytest.fixture(autouse=True)
def fresh_check():
    replica.forget()
    yield
    replica.forget()


@pytest.fixture
def copy(monkeypatch, settings):
    """A `reports` alias as REPORTS_DATABASE_URL adds it, whose lag the test sets:
    copy(seconds), or copy(None) for one that cannot be reached. Returns the checks made."""
    settings.LINKWORK_REPORTS_MAX_LAG_SECONDS = 60
    alias = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(settings.DATABASES, "reports", alias)
    checks = []

    def lagging(seconds):
        def measure(alias=replica.REPORTS):
            checks.append(seconds)
            return replica.CopyState(lag_seconds=seconds)

        monkeypatch.setattr(replica, "measure", measure)
        replica.forget()
        return checks

    yield lagging
    # Closed while the alias is still known: Django closes only the aliases it knows of.
    connections[replica.REPORTS].close()


def facts_read_from():
    return ReferralFacts.objects.all().db


@pytest.mark.parametrize(
    ("lag", "database"),
    [(0, "reports"), (60, "reports"), (61, "default"), (None, "default")],
)
def test_the_facts_are_read_from_the_copy_only_within_the_lag_allowed(copy, lag, database):
    copy(lag)
    routed = ReportsRouter().db_for_read(ReferralFacts)
    assert routed == (database if database == "reports" else None)  # None: default
    assert facts_read_from() == database


@pytest.mark.parametrize(
    ("lag", "note"),
    [
        (0, None),
        (
            75,
            "Figures read from the main database because the reporting copy is 75 seconds behind.",
        ),
        (
            600,
            "Figures read from the main database because the reporting copy is 10 minutes behind.",
        ),
        (None, "Figures read from the main database because the reporting copy is unavailable."),
    ],
)
def test_a_report_learns_where_its_facts_came_from_and_why(copy, lag, note):
    copy(lag)
    databases, shown = replica.read(lambda: [facts_read_from(), facts_read_from()])
    assert databases == (["reports"] * 2 if note is None else ["default"] * 2)
    assert (shown or "").startswith(note or "")
    assert (shown is None) == (note is None)


def test_with_no_copy_named_a_report_measures_nothing(db):
    replica.forget()  # nothing cached from a test that named one
    assert replica.read(lambda: "figures") == ("figures", None)


def test_a_report_that_reads_no_facts_has_no_note(copy):
    copy(None)
    assert replica.read(lambda: "records only") == ("records only", None)


def test_a_copy_that_fails_mid_report_is_passed_over_and_the_report_built_again(copy, monkeypatch):
    checks = copy(0)
    closed = []
    monkeypatch.setattr(connections[replica.REPORTS], "close", lambda: closed.append(1))
    tries = []

    def build():
        database = facts_read_from()
        tries.append(database)
        if database == "reports":
            raise OperationalError("server closed the connection unexpectedly")
        return "figures"

    figures, note = replica.read(build)
    assert (figures, tries, closed) == ("figures", ["reports", "default"], [1])
    assert "unavailable" in note
    facts_read_from()
    assert len(checks) == 2  # the failure made the next report check the copy afresh


def test_a_failure_of_the_main_database_is_not_hidden(copy):
    copy(None)  # already reading default: nothing else to try

    def build():
        raise OperationalError("the main database went away")

    with pytest.raises(OperationalError):
        replica.read(build)


def test_a_mistake_in_a_report_is_raised_not_retried(copy):
    copy(0)
    tries = []

    def build():
        tries.append(facts_read_from())
        raise ProgrammingError("column does not exist")

    with pytest.raises(ProgrammingError):
        replica.read(build)
    assert tries == ["reports"]


def test_the_copy_is_checked_at_most_once_every_few_seconds(copy, monkeypatch):
    checks = copy(0)
    now = [1000.0]
    monkeypatch.setattr(replica.time, "monotonic", lambda: now[0])
    for _ in range(20):
        facts_read_from()
    now[0] += replica.CHECK_SECONDS
    facts_read_from()
    assert len(checks) == 2


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_lag_query_runs_and_a_primary_is_never_behind():
    """The real measurement on the test database (not in recovery): PostgreSQL runs the
    lag query, SQLite only connects; both answer no lag."""
    assert replica.measure("default") == replica.CopyState(lag_seconds=0.0)


def test_an_unreachable_copy_is_unavailable_and_its_connection_dropped(monkeypatch):
    class Unreachable:
        vendor = "postgresql"
        closed = False

        def cursor(self):
            raise OperationalError('connection to server at "127.0.0.1", port 5433 failed')

        def close(self):
            self.closed = True

    unreachable = Unreachable()
    monkeypatch.setattr(replica, "connections", {replica.REPORTS: unreachable})
    assert replica.measure() == replica.CopyState(lag_seconds=None)
    assert unreachable.closed


def test_the_summary_page_says_it_read_the_main_database_and_still_shows_figures(
    client, world, copy
):
    copy(900)
    client.force_login(world.users["commissioner"])
    html = client.get(PAGE, IN_PERIOD).content.decode()
    assert "lw-reports-note" in html
    assert "because the reporting copy is 15 minutes behind" in html
    assert "Headline figures" in html


def test_the_summary_page_has_no_note_on_one_database(client, world):
    assert replica.REPORTS not in settings.DATABASES
    client.force_login(world.users["commissioner"])
    html = client.get(PAGE, IN_PERIOD).content.decode()
    assert "Headline figures" in html
    assert "lw-reports-note" not in html


def test_report_summary_says_on_stderr_that_it_read_the_main_database(copy, db):
    from django.core.management import call_command

    copy(None)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "report", "summary", "--from", "2026-04-01", "--to", "2026-06-30", stdout=out, stderr=err
    )
    assert json.loads(out.getvalue())["referrals"] == 0
    assert "the reporting copy is unavailable" in err.getvalue()
