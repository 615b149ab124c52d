"""How fast the main pages are, role by role, beside /healthz on the same server.

    .venv/bin/python benchmarks/pages.py                           # SQLite, every role, 200 each
    .venv/bin/python benchmarks/pages.py --role link_worker --requests 100
    .venv/bin/python benchmarks/pages.py --database postgres

A fresh database (a file under /tmp for SQLite; `lw_pages_bench` on PostgreSQL, dropped and
created again) is seeded with `linkwork seed` (demo scale). Then `linkwork serve --workers 2`
runs on a free port of 127.0.0.1 as it runs in production (DEBUG off: hashed, gzipped static
files, no query log, templates not checked for changes) with LINKWORK_DEMO=1 (so the demo
logins work without a second step) and plain HTTP. For each demo role the benchmark signs
in over HTTP as that role's demo login and finds its main pages: its home, every link in
the header, and the first case, referral and directory service linked from those (plus a
directory search with words). Each page is then
fetched REQUESTS times, one of each in turn with /healthz, so a change in the machine's load
falls on all alike. It prints p50 and p95 per page in milliseconds, their ratio to /healthz
in the same run, the page's size, and how many queries it makes (counted once afterwards
in-process through the Django test client, as the same user).

Only 127.0.0.1 is ever contacted. The machine may be shared: the load average is printed at
the end, and figures from a busy machine are higher than on a quiet one.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
PG_DATABASE = "lw_pages_bench"
PASSWORD = "demo-linkwork-2026"  # demo/seeding.py: DEMO_PASSWORD
LOGINS = {  # role: demo login (printed by `linkwork demo`)
    "link_worker": "aileen",
    "practice_staff": "drshah",
    "team_lead": "morag",
    "commissioner": "fiona",
    "community_partner": "ravi",
    "administrator": "admin",
}
SKIP = ("/account/",)  # the header's "Your account": a settings page, not a working page
DETAIL_LINKS = [  # (label, pattern): the first of each linked from a main page is timed too
    ("a case", re.compile(r'href="(/cases/\d+/)"')),
    ("a referral", re.compile(r'href="(/referrals/\d+/)"')),
    ("a service", re.compile(r'href="(/directory/services/\d+/)"')),
]
SEARCH = {"q": "walking group", "postcode": "G51 3TR", "radius": "5"}
HOST = "127.0.0.1"


def environment(database: str, source: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        LINKWORK_DEMO="1",
        SECRET_KEY="benchmark-only-" + "k" * 40,
        SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1
        LINKWORK_DATA_DIR=str(WORK),
        PYTHONPATH=str(source),  # that checkout's code, whichever venv runs it
        DJANGO_SETTINGS_MODULE="linkwork.config.settings",
    )
    if database == "sqlite":
        path = WORK / "pages.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            connection.execute(f"CREATE DATABASE {PG_DATABASE}")
        env["DATABASE_URL"] = f"{base}/{PG_DATABASE}"
    return env


def linkwork(*args: str) -> list[str]:
    return [sys.executable, "-c", "from linkwork.manage import main; main()", *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """`linkwork serve --workers 2` in its own process group, stopped with it at the end."""

    def __init__(self, env: dict[str, str], workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 (fixed argument list)
            linkwork("serve", "--workers", str(workers), "--bind", f"{HOST}:{self.port}"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_until_up(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("linkwork serve stopped before answering; run it by hand to see why")
            try:
                if Browser(self.port).get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit(f"linkwork serve did not answer /healthz within {seconds:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Browser:
    """Plain HTTP to 127.0.0.1 with cookies, a new connection a request (as gunicorn's sync
    workers close each one)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path: str):
        return self.request("GET", path)

    def follow(self, path: str):
        """GET, following redirects on this host; returns (final path, status, body)."""
        for _ in range(5):
            status, headers, content = self.get(path)
            if status not in (301, 302, 303):
                return path, status, content
            path = urlsplit(headers["Location"]).path
        raise RuntimeError(f"too many redirects from {path}")

    def sign_in(self, username: str) -> None:
        _, _, page = self.follow("/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token.decode(), "username": username, "password": PASSWORD}
        status, headers, _ = self.request("POST", "/sign-in/", form)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"could not sign in as {username} (status {status})")


def main_pages(browser: Browser) -> list[tuple[str, str]]:
    """(label, path) for the role's home, its header links, and one of each detail page."""
    home, status, page = browser.follow("/")
    assert status == 200, f"home answered {status}"
    text = page.decode()
    header = text.split('class="nhsuk-header__navigation', 1)[-1].split("</nav>", 1)[0]
    pages = [("home", home)]
    for href, label in re.findall(r'href="(/[^"]*)"[^>]*>\s*([^<]+?)\s*<', header):
        if href not in SKIP and href != home and href not in dict(pages).values():
            pages.append((unescape(label), href))
    bodies = [text]
    for _, path in pages[1:]:
        bodies.append(browser.follow(path)[2].decode())
    if any(path == "/directory/" for _, path in pages):
        pages.append(("directory search", "/directory/?" + urlencode(SEARCH)))
        bodies.append(browser.follow(pages[-1][1])[2].decode())
    for label, pattern in DETAIL_LINKS:
        found = next((m.group(1) for body in bodies if (m := pattern.search(body))), None)
        if found:
            pages.append((label, found))
    return pages


def time_pages(browser: Browser, pages: list[tuple[str, str]], requests: int) -> dict:
    """Every page and /healthz in turn, REQUESTS rounds; timings in ms, sizes in bytes."""
    everything = [("/healthz", "/healthz"), *pages]
    for _, path in everything:  # warm up: templates compiled, connections open
        for _ in range(3):
            browser.get(path)
    timings = {path: [] for _, path in everything}
    sizes = {}
    for round_number in range(requests):
        shift = round_number % len(everything)
        for _, path in everything[shift:] + everything[:shift]:
            start = time.perf_counter()
            status, _, content = browser.get(path)
            timings[path].append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            sizes[path] = len(content)
    return {"timings": timings, "sizes": sizes}


def count_queries(env: dict[str, str], plan: dict[str, list[tuple[str, str]]]) -> dict:
    """Queries per page, once each, in-process through the test client as the same user."""
    os.environ.update(env)
    sys.path.insert(0, env["PYTHONPATH"])
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from linkwork.accounts.models import User

    counts = {}
    for role, pages in plan.items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(User.objects.get(username=LOGINS[role]))
        for _, path in pages:
            client.get(path)  # first fetch fills caches (sessions, content types)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts[(role, path)] = len(queries)
    return counts


def percentiles(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), statistics.quantiles(values, n=100)[94]


def report(role: str, pages: list[tuple[str, str]], result: dict, counts: dict) -> None:
    timings, sizes = result["timings"], result["sizes"]
    base50, base95 = percentiles(timings["/healthz"])
    print(f"\n{role} ({LOGINS[role]}), {len(timings['/healthz'])} requests a page")
    print(
        f"  {'page':<22} {'p50 ms':>7} {'p95 ms':>7} {'p50 ×':>6} {'p95 ×':>6}"
        f" {'KB':>6} {'queries':>7}  path"
    )
    print(f"  {'/healthz':<22} {base50:7.1f} {base95:7.1f} {'1.0':>6} {'1.0':>6}")
    for label, path in pages:
        p50, p95 = percentiles(timings[path])
        print(
            f"  {label[:22]:<22} {p50:7.1f} {p95:7.1f} {p50 / base50:6.1f} {p95 / base95:6.1f}"
            f" {sizes[path] / 1024:6.1f} {counts.get((role, path), '?'):>7}  {path}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200, help="requests a page (default 200)")
    parser.add_argument(
        "--role", choices=list(LOGINS), action="append", help="only this role (repeatable)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT / "src",
        help="the src folder whose code is served, to time another checkout (default: this one)",
    )
    args = parser.parse_args()
    roles = args.role or list(LOGINS)

    env = environment(args.database, args.source.resolve())
    started = time.perf_counter()
    subprocess.run(linkwork("seed"), env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    print(f"{args.database}: seeded in {time.perf_counter() - started:.0f} s")
    server = Server(env, args.workers)
    try:
        server.wait_until_up()
        browsers, plan, results = {}, {}, {}
        for role in roles:
            browsers[role] = Browser(server.port)
            browsers[role].sign_in(LOGINS[role])
            plan[role] = main_pages(browsers[role])
        counts = count_queries(env, plan)  # before timing, so both see the same code
        for role in roles:
            results[role] = time_pages(browsers[role], plan[role], args.requests)
    finally:
        server.stop()
    for role in roles:
        report(role, plan[role], results[role], counts)
    print(
        f"\nlinkwork serve --workers {args.workers}, DEBUG=0 (LINKWORK_DEMO=1),"
        f" {args.database}, {args.source}"
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
