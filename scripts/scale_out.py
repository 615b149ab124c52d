"""Scale-out on this machine (docs/scale-out.md): two app servers against one PostgreSQL,
and reports on a real streaming standby of it, passed over when it lags or is down.

    scripts/scale-out.sh                          # seeds a fresh database (minutes)
    scripts/scale-out.sh --template lw_seeded     # copies an already seeded database instead
    scripts/scale-out.sh --own-primary ...        # a new primary on port 5434 (see below)

(a) Two `linkwork serve` processes (A and B, one gunicorn worker each, their own ports)
    share one throwaway PostgreSQL database of demo data (lw_scaleout on 127.0.0.1:5432):
    a sign-in on A is a sign-in on B (the session cookie, sessions in the database); a
    change made through A is read through B; a sign-out on B ends the session on A.
(b) A standby of the main cluster made with pg_basebackup (a temporary data directory,
    port 5433, streaming from 127.0.0.1:5432) is REPORTS_DATABASE_URL for both servers.
    Both clusters log the throwaway database's statements (ALTER DATABASE ... SET
    log_statement, which the standby copies), so the script shows which cluster each
    report read its facts on: the standby when it is current; the primary, with the page's
    note, while replay is paused (pg_wal_replay_pause) and after the standby is stopped.
    Writes go to the primary (the standby is read-only; the change arrives by streaming).

A hot standby opens only once the transactions running on its primary when it was
copied have ended. Where others keep long ones open on the main cluster (a test run's
savepoints overflow the standby's snapshot), --own-primary streams from a new cluster of
the script's own on port 5434 instead, the database restored into it from the template.

The main cluster is never restarted. If it refuses replication connections from
127.0.0.1, one `host replication` line is added to its pg_hba.conf and the configuration
reloaded, and both are undone at the end; wal_level or max_wal_senders too low would need
a restart, so the script stops and says so. Prints PASS/FAIL lines, exits 1 on a failure,
gives up after --timeout seconds, and removes what it made: the servers, the standby and
its directory, the database.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402
from pages import Browser, Server, linkwork  # noqa: E402

from linkwork.reporting.replica import CHECK_SECONDS, LAG_SQL  # noqa: E402

DATABASE = "lw_scaleout"
MAIN = "postgres://postgres@127.0.0.1:5432"
PRIMARY = MAIN  # the main cluster, or with --own-primary the script's own (port 5434)
OWN_PRIMARY_PORT = 5434
STANDBY_PORT = 5433
STANDBY = f"postgres://postgres@127.0.0.1:{STANDBY_PORT}"
MAX_LAG = 3  # seconds: LINKWORK_REPORTS_MAX_LAG_SECONDS for both servers
HBA_LINE = "host replication postgres 127.0.0.1/32 trust  # linkwork scale-out.sh"
# log_statement's line: "statement: …" for a query sent whole, "execute <name>: …" for one
# whose values the server binds (the main database's connections, decision 0132).
LOGGED = r"(?:statement|execute [^:]+): "
FACTS_READ = re.compile(LOGGED + r'SELECT .*FROM "reporting_(referral|case|link)facts"')
WRITE = re.compile(LOGGED + r"(INSERT|UPDATE|DELETE)")
HOT_STANDBY_LIMITS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
NOTE = "Figures read from the main database because the reporting copy is"

failures: list[str] = []


def check(ok: bool, what: str, detail: str = "") -> bool:
    print(f"{'PASS' if ok else 'FAIL'}: {what}{f' ({detail})' if detail else ''}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def say(text: str) -> None:
    print(f"  {text}", flush=True)


def sql(url: str, statement: str, *params, database: str = "postgres"):
    with psycopg.connect(f"{url}/{database}", autocommit=True, connect_timeout=5) as db:
        cursor = db.execute(statement, params or None)
        return cursor.fetchone() if cursor.description else None


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program as the postgres user (the server refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name}: {(done.stderr or done.stdout).strip()}")
    return done


def pg_bin(program: str) -> str:
    version = sql(PRIMARY, "SHOW server_version_num")[0][:2]
    path = Path(f"/usr/lib/postgresql/{version}/bin/{program}")
    return str(path) if path.exists() else shutil.which(program) or program


class Log:
    """A server log read from where it stood at mark() (None: not readable here)."""

    def __init__(self, path: Path | None):
        self.path = path if path and os.access(path, os.R_OK) else None
        self.offset = 0

    def mark(self) -> None:
        if self.path:
            self.offset = self.path.stat().st_size

    def since(self) -> list[str]:
        if not self.path:
            return []
        with self.path.open(errors="replace") as log:
            log.seek(self.offset)
            return [line for line in log.read().splitlines() if DATABASE in line]


def primary_log() -> Path | None:
    """The main cluster's log: its logging collector's file, or Debian's pg_ctlcluster log."""
    current = sql(PRIMARY, "SELECT pg_current_logfile()")[0]
    directory = sql(PRIMARY, "SHOW data_directory")[0]
    if current:
        return Path(current) if current.startswith("/") else Path(directory) / current
    found = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)  # noqa: S607
    for line in found.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[2] == "5432":
            return Path(fields[6])
    return None


def long_transactions() -> list[str]:
    """Transactions open on the primary for over a minute: a hot standby opens only once
    those that were running when it was copied have ended (if they overflowed their
    subtransaction cache, as a test run's savepoints do)."""
    with psycopg.connect(f"{PRIMARY}/postgres", autocommit=True) as db:
        rows = db.execute(
            "SELECT pid, datname, now() - xact_start FROM pg_stat_activity"
            " WHERE xact_start < now() - interval '1 minute' ORDER BY xact_start"
        ).fetchall()
    return [
        f"a transaction on the primary (pid {pid}, {db}) open for {age}" for pid, db, age in rows
    ]


STANDBY_WAIT = (
    "a hot standby opens once the transactions running on the primary when it was copied "
    "have ended; see the 'waiting for' lines"
)


class Replication:
    """Physical replication connections from 127.0.0.1 allowed, by a pg_hba line if need
    be. (`replication=database`, a logical walsender, is allowed by an `all` line and
    proves nothing: pg_basebackup needs a line naming `replication`.)"""

    def __init__(self):
        self.hba: Path | None = None

    def allowed(self) -> bool:
        probe = subprocess.run(  # noqa: S603
            [  # noqa: S607 (psql from PATH, as the shell would)
                "psql",
                "host=127.0.0.1 user=postgres replication=true",
                "-Atc",
                "IDENTIFY_SYSTEM",
            ],
            capture_output=True,
            text=True,
        )
        return probe.returncode == 0

    def ensure(self) -> bool:
        level, senders = sql(
            PRIMARY, "SELECT current_setting('wal_level'), current_setting('max_wal_senders')::int"
        )
        if level == "minimal" or senders < 1:
            return check(
                False,
                "the main cluster can stream",
                f"wal_level={level}, max_wal_senders={senders}: both need a restart to change",
            )
        if self.allowed():
            return check(
                True,
                "the main cluster accepts replication connections from 127.0.0.1",
                "as configured",
            )
        self.hba = Path(sql(PRIMARY, "SHOW hba_file")[0])
        self.hba.write_text(HBA_LINE + "\n" + self.hba.read_text())
        sql(PRIMARY, "SELECT pg_reload_conf()")
        time.sleep(1)
        return check(
            self.allowed(),
            "the main cluster accepts replication connections from 127.0.0.1",
            f"one line added to {self.hba} and reloaded",
        )

    def undo(self) -> None:
        if self.hba:
            lines = self.hba.read_text().splitlines(keepends=True)
            self.hba.write_text("".join(line for line in lines if line.rstrip("\n") != HBA_LINE))
            sql(PRIMARY, "SELECT pg_reload_conf()")
            say(f"{self.hba}: the replication line removed and the configuration reloaded")


class Cluster:
    """A PostgreSQL cluster of the script's own, in a temporary directory, on its own port."""

    def __init__(self, work: Path, name: str, port: int):
        home = work / "postgres"  # the postgres user's: data directories and their logs
        if not home.exists():
            home.mkdir()
            if os.geteuid() == 0:
                shutil.chown(home, "postgres", "postgres")
        self.name, self.port = name, port
        self.url = f"postgres://postgres@127.0.0.1:{port}"
        self.data = home / name
        self.log_path = home / f"{name}.log"
        self.log = Log(None)
        self.running = False

    def configure(self, settings: str, hba: str = "") -> None:
        """Its own postgresql.conf and pg_hba.conf (Debian keeps the main cluster's outside
        its data directory): 127.0.0.1 only, trust, the database's statements logged."""
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.data}'\nshared_buffers = 32MB\n"
            f"log_line_prefix = '%m [%p] %d '\n{settings}"
        )
        (self.data / "pg_hba.conf").write_text(
            f"local all all trust\nhost all all 127.0.0.1/32 trust\n{hba}"
        )
        for name in ("postgresql.conf", "pg_hba.conf"):
            if os.geteuid() == 0:
                shutil.chown(self.data / name, "postgres", "postgres")

    def start(self, seconds: float) -> bool:
        """Start it and wait until it takes connections (True) or `seconds` pass."""
        self.running = True
        pg_ctl = pg_bin("pg_ctl")
        as_postgres(pg_ctl, "-D", str(self.data), "-l", str(self.log_path), "-W", "start")
        self.log = Log(self.log_path)
        started, told = time.monotonic(), False
        while time.monotonic() - started < seconds:
            try:
                sql(self.url, "SELECT 1")
                return True
            except psycopg.OperationalError:
                if not told and time.monotonic() - started > 20:
                    told = True
                    for blocker in long_transactions():
                        say(f"waiting for {blocker}")
                time.sleep(1)
        return False

    def stop(self) -> None:
        if self.running:
            as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False


class OwnPrimary(Cluster):
    """--own-primary: a new cluster to stand in for the main one, so that no transaction
    another user holds open on the main cluster keeps the standby from opening."""

    def create(self, template: str | None) -> None:
        as_postgres(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.configure(
            "wal_level = replica\nmax_wal_senders = 5\njit = off\n",
            "host replication postgres 127.0.0.1/32 trust\n",
        )
        if not self.start(60):
            raise RuntimeError(f"the cluster on port {self.port} did not start")
        if template:  # the seeded database copied from the main cluster
            sql(self.url, f"CREATE DATABASE {DATABASE}")
            dump = subprocess.Popen(  # noqa: S603
                [pg_bin("pg_dump"), "-Fc", f"{MAIN}/{template}"], stdout=subprocess.PIPE
            )
            subprocess.run(  # noqa: S603
                [pg_bin("pg_restore"), "--no-owner", "-d", f"{self.url}/{DATABASE}"],
                stdin=dump.stdout,
                check=True,
            )
            dump.wait()
            say(f"{DATABASE} on port {self.port}: restored from {template} on the main cluster")


class Standby(Cluster):
    """A hot standby of the primary, made with pg_basebackup."""

    def create(self, primary_port: int) -> None:
        started = time.monotonic()
        as_postgres(
            *(pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port)),
            *("-U", "postgres", "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"),
        )
        # A hot standby needs at least the primary's limits: they are copied.
        limits = "".join(
            f"{name} = {sql(PRIMARY, f'SHOW {name}')[0]}\n" for name in HOT_STANDBY_LIMITS
        )
        self.configure(f"hot_standby = on\n{limits}")
        took = time.monotonic() - started
        say(f"pg_basebackup of 127.0.0.1:{primary_port} into {self.data} in {took:.1f} s")

    def lag(self) -> float:
        return float(sql(STANDBY, LAG_SQL, database=DATABASE)[0])

    def wait_caught_up(self, seconds: float = 60) -> bool:
        target = sql(PRIMARY, "SELECT pg_current_wal_lsn()::text")[0]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if sql(STANDBY, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)[0]:
                    return True
            except psycopg.OperationalError:
                pass  # still starting
            time.sleep(0.5)
        return False


def prepare_database(template: str | None) -> None:
    sql(PRIMARY, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    if template:
        sql(PRIMARY, f'CREATE DATABASE {DATABASE} TEMPLATE "{template}"')
        say(f"{DATABASE}: a copy of {template}")


def environment(work: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        LINKWORK_DEMO="1",  # the demo logins, without a second step
        SECRET_KEY="scale-out-only-" + "k" * 40,  # the same on both servers: one cookie serves
        SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1
        LINKWORK_DATA_DIR=str(work / "data"),
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="linkwork.config.settings",
        DATABASE_URL=f"{PRIMARY}/{DATABASE}",
        **extra,
    )
    return env


def csrf(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def add_quote(browser: Browser, text: str) -> int:
    """A team lead adds a practice's quote for the programme summary (a recorded change)."""
    _, _, page = browser.follow("/stories/")
    practice = re.search(rb'<select[^>]*name="practice".*?<option value="(\d+)"', page, re.S).group(
        1
    )
    form = {
        "csrfmiddlewaretoken": csrf(page),
        "add_quote": "1",
        "practice": practice.decode(),
        "said_on": time.strftime("%Y-%m-%d"),
        "text": text,
    }
    return browser.request("POST", "/stories/", form)[0]


SUMMARY = "/reports/summary/?" + urlencode(
    {"date_from": "2026-01-01", "date_to": time.strftime("%Y-%m-%d")}
)


def summary_text(browser: Browser) -> tuple[int, str]:
    status, _, page = browser.get(SUMMARY)
    return status, " ".join(unescape(re.sub(r"<[^>]+>", " ", page.decode())).split())


def part_a(a: Server, b: Server) -> None:
    print("\n== (a) two app servers, one database")
    on_a = Browser(a.port)
    on_a.sign_in("morag")
    on_b = Browser(b.port)
    on_b.cookies = dict(on_a.cookies)  # the same browser, sent to the other server
    path, status, page = on_b.follow("/")
    check(
        status == 200 and "Morag" in page.decode() and "sign-in" not in path,
        "signed in on A, the session cookie is a session on B",
        f"B answered {status} at {path}",
    )
    text = f"Scale-out check {time.time():.0f}: seen through the other server."
    check(add_quote(on_a, text) == 302, "a change made through A (a practice quote added)")
    status, shown = summary_text(on_b)
    check(
        status == 200 and text in shown,
        "the change is read through B",
        f"B's summary answered {status}",
    )
    _, _, page = on_b.follow("/")
    on_b.request("POST", "/sign-out/", {"csrfmiddlewaretoken": csrf(page)})
    path, status, _ = on_a.follow("/")
    check(
        "sign-in" in path,
        "signed out on B, the session is over on A too",
        f"A sent the browser to {path}",
    )


def report_reads(browser: Browser, standby: Standby, primary: Log, expect: str) -> str:
    """Fetch the summary; say where its facts were read; return the page's text."""
    standby.log.mark()
    primary.mark()
    started = time.monotonic()
    status, text = summary_text(browser)
    took = time.monotonic() - started
    on_standby = sum(bool(FACTS_READ.search(line)) for line in standby.log.since())
    on_primary = sum(bool(FACTS_READ.search(line)) for line in primary.since())
    say(
        f"report page {status} in {took:.2f} s; facts queries on the standby: {on_standby}, "
        f"on the primary: {on_primary if primary.path else 'log not readable'}"
    )
    check(
        status == 200 and "Headline figures" in text,
        f"the report page shows its figures ({expect})",
    )
    if expect == "standby":
        check(on_standby > 0, "report queries reach the standby")
        if primary.path:
            check(on_primary == 0, "no report query reaches the primary")
    else:
        if standby.running:
            check(on_standby == 0, "no report query reaches the standby")
        if primary.path:
            check(on_primary > 0, "report queries fall back to the primary")
    return text


def part_b(a: Server, b: Server, standby: Standby, primary: Log) -> None:
    print("\n== (b) reports on a streaming standby (127.0.0.1:5433)")
    reader = Browser(b.port)
    reader.sign_in("fiona")
    writer = Browser(a.port)
    writer.sign_in("morag")
    text = report_reads(reader, standby, primary, "standby")
    check(NOTE not in text, "no note while the standby is current")

    standby.log.mark()
    primary.mark()
    quote = f"Streamed {time.time():.0f}"
    add_quote(writer, quote)
    writes_primary = sum(bool(WRITE.search(line)) for line in primary.since())
    writes_standby = sum(bool(WRITE.search(line)) for line in standby.log.since())
    if primary.path:
        check(
            writes_primary > 0, "writes go to the primary", f"{writes_primary} INSERT/UPDATE/DELETE"
        )
    check(writes_standby == 0, "no write reaches the standby")
    standby.wait_caught_up(30)
    found = sql(
        STANDBY,
        "SELECT count(*) FROM outcomes_practicequote WHERE text = %s",
        quote,
        database=DATABASE,
    )[0]
    check(found == 1, "the change reaches the standby by streaming")

    print("\n-- replay paused on the standby (pg_wal_replay_pause)")
    sql(STANDBY, "SELECT pg_wal_replay_pause()")
    add_quote(writer, f"Held back {time.time():.0f}")
    deadline = time.monotonic() + 30
    while standby.lag() <= MAX_LAG and time.monotonic() < deadline:
        time.sleep(0.5)
    lag = standby.lag()
    say(f"standby {lag:.1f} s behind (LINKWORK_REPORTS_MAX_LAG_SECONDS={MAX_LAG})")
    time.sleep(CHECK_SECONDS)  # each server's last check of the copy expires
    text = report_reads(reader, standby, primary, "primary")
    note = re.search(rf"{NOTE} [^.]*\.", text)
    check(
        bool(note) and "behind" in note[0],
        "the page says the copy is behind",
        note[0] if note else "no note",
    )

    sql(STANDBY, "SELECT pg_wal_replay_resume()")
    check(standby.wait_caught_up(30), "replay resumed: the standby catches up")
    time.sleep(CHECK_SECONDS)
    text = report_reads(reader, standby, primary, "standby")
    check(NOTE not in text, "the note is gone once the standby is current again")

    print("\n-- standby stopped")
    standby.stop()
    time.sleep(CHECK_SECONDS)
    text = report_reads(reader, standby, primary, "primary")
    note = re.search(rf"{NOTE} [^.]*\.", text)
    check(
        bool(note) and "unavailable" in note[0],
        "the page says the copy is unavailable",
        note[0] if note else "no note",
    )


def main() -> int:
    global PRIMARY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", help="copy this seeded database rather than seeding afresh")
    parser.add_argument(
        "--own-primary",
        action="store_true",
        help=f"stream from a new cluster of the script's own (port {OWN_PRIMARY_PORT}) rather "
        "than the main one, when others hold long transactions open on it",
    )
    parser.add_argument("--timeout", type=int, default=1200, help="give up after this many seconds")
    parser.add_argument(
        "--standby-wait", type=int, default=300, help="seconds the standby may take to open"
    )
    parser.add_argument("--keep", action="store_true", help="leave the work directory (logs)")
    args = parser.parse_args()

    def out_of_time(*_):
        raise TimeoutError(f"gave up after {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="linkwork-scaleout-"))
    work.chmod(0o755)  # the postgres user reaches its own directory inside
    own = OwnPrimary(work, "primary", OWN_PRIMARY_PORT) if args.own_primary else None
    standby = Standby(work, "standby", STANDBY_PORT)
    replication, servers = Replication(), []
    try:
        if own:
            own.create(args.template)
            PRIMARY = own.url
        else:
            prepare_database(args.template)
        if not args.template:
            sql(PRIMARY, f"CREATE DATABASE {DATABASE}")
            seeding = time.monotonic()
            subprocess.run(  # noqa: S603 (fixed argument list)
                linkwork("seed"), env=environment(work), check=True, stdout=subprocess.DEVNULL
            )
            say(f"{DATABASE}: demo data seeded in {time.monotonic() - seeding:.0f} s")
        sql(PRIMARY, f"ALTER DATABASE {DATABASE} SET log_statement = 'all'")
        if own or replication.ensure():
            standby.create(own.port if own else 5432)
            ready = standby.start(args.standby_wait)
            why = "" if ready else STANDBY_WAIT
            if check(ready, "the standby takes read-only connections", why):
                recovering = sql(STANDBY, "SELECT pg_is_in_recovery()")[0]
                check(
                    recovering and standby.wait_caught_up(), "the standby streams from the primary"
                )
                primary = own.log if own else Log(primary_log())
                if not primary.path:
                    say(
                        "the main cluster's log is not readable here: "
                        "where report queries run is shown on the standby only"
                    )
                env = environment(
                    work,
                    REPORTS_DATABASE_URL=f"{STANDBY}/{DATABASE}",
                    LINKWORK_REPORTS_MAX_LAG_SECONDS=str(MAX_LAG),
                )
                for _ in "AB":  # one after the other: each collects static files as it starts
                    servers.append(Server(env, workers=1))
                    servers[-1].wait_until_up()
                say(
                    f"A on 127.0.0.1:{servers[0].port}, B on 127.0.0.1:{servers[1].port}, "
                    f"one database {PRIMARY}/{DATABASE}"
                )
                part_a(*servers)
                part_b(*servers, standby, primary)
    except Exception as error:  # noqa: BLE001 (said as a failure, then cleaned up)
        check(False, "the run finished", f"{type(error).__name__}: {error}")
    finally:
        signal.alarm(0)
        for server in servers:
            server.stop()
        for cluster in (standby, own):
            try:
                if cluster:
                    cluster.stop()
            except RuntimeError as error:
                say(f"stopping the {cluster.name}: {error}")
        replication.undo()
        if not own:
            sql(MAIN, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        say(f"cleaned up: servers and clusters stopped, directories removed, {DATABASE} dropped")
    print(
        f"\n{'FAIL' if failures else 'PASS'}: scale-out, {time.monotonic() - started:.0f} s, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    for failure in failures:
        print(f"  failed: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
