"""Browser journeys in Debian's Chromium (never a downloaded browser), with axe-core."""

import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from linkwork.accounts.models import User
from linkwork.accounts.tests.factories import TEST_PASSWORD

PASSWORD_BACKEND = "linkwork.accounts.backends.LinkworkBackend"  # the one signing in uses

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A failing journey leaves its last page here (a screenshot and the HTML), named in the report.
FAILURES = Path(tempfile.gettempdir()) / "linkwork-browser-failures"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
STRUCTURE_RULES = ("region", "heading-order")


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    one_request_at_a_time(live_server)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 768}
    )
    # Tests never leave this machine, and a page that asks another host for anything (a
    # font, a script) fails the journey: NHS sites are often offline or locked down.
    context.route("https://**/*", lambda route: route.abort())
    elsewhere = OtherHosts(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        keep_last_page(page, request.node, report)
    context.close()
    assert not elsewhere.urls, f"the pages asked another host for: {elsewhere.urls}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


def keep_last_page(page, node, report) -> None:
    """Where a journey stopped: the page's address, title and first heading in the report,
    with a screenshot and its HTML kept (a journey that fails only under CI's load can then
    be read afterwards rather than guessed at)."""
    FAILURES.mkdir(exist_ok=True)
    stem = FAILURES / node.nodeid.replace("/", "_").replace("::", "__")
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content())
        heading = page.locator("h1").first.inner_text(timeout=1_000)
    except PlaywrightError as error:
        heading = f"(not read: {error.message.splitlines()[0]})"
    report.sections.append(
        (
            "last page",
            f"{page.url}\ntitle: {page.title()}\nh1: {heading}\nkept: {stem}.png, {stem}.html",
        )
    )


class OneAtATime:
    """A WSGI application answering one request at a time, until its response is closed."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return _Releasing(response, self.lock)


class _Releasing:
    def __init__(self, response, lock):
        self.response, self.lock = response, lock

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.lock.release()


def one_request_at_a_time(live_server) -> None:
    """With SQLite in memory, pytest-django hands the test's one connection to every thread
    of the live server: two requests at once (a page and another the browser sends beside
    it) would interleave their transactions on it, one's commit ending the other's
    savepoint. So on SQLite the server answers one request at a time; PostgreSQL's threads
    have connections of their own and run side by side, as in production."""
    httpd = live_server.thread.httpd
    if live_server.thread.connections_override and not isinstance(httpd.get_app(), OneAtATime):
        httpd.set_app(OneAtATime(httpd.get_app()))


class OtherHosts:
    """Every http(s) request the pages of `context` make to a host other than `base`'s."""

    def __init__(self, context, base: str):
        self.here = urlsplit(base).netloc
        self.urls: list[str] = []
        context.on("request", lambda request: self._note(request.url))

    def _note(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc != self.here:
            self.urls.append(url)


class Accessibility:
    def __init__(self):
        self.axe = Axe()

    def assert_no_violations(self, page, *, structure: bool = False):
        """WCAG 2.2 AA; with `structure`, also that all content sits in a landmark and no
        heading level is skipped (axe files these as best practice, under 1.3.1)."""
        results = self._run(page, STRUCTURE_RULES if structure else ())
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    def _run(self, page, rules=()):
        # A click may have started a navigation that has not committed yet; axe
        # then finds no document. Wait for the page to settle and try once more.
        # Only violations are asserted on: the passes, incomplete and inapplicable results
        # are cut to one node each (axe's resultTypes), rather than every element checked
        # on the page sent back and parsed, which on a dashboard took seconds.
        options = {
            "resultTypes": ["violations"],
            "runOnly": {"type": "tag", "values": WCAG_22_AA},
            "rules": {rule: {"enabled": True} for rule in rules},
        }
        page.wait_for_load_state()
        try:
            return self.axe.run(page, options=options)
        except PlaywrightError:
            page.wait_for_load_state("networkidle")
            return self.axe.run(page, options=options)


@pytest.fixture(scope="session")
def axe():
    return Accessibility()


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in(username)`: that user signed in, on their home page. The session is made
    the way signing in makes one (Django's login(): its signals, the audit event, the
    two-factor check) but without the sign-in page, its form and its redirect: the journeys
    about signing in go through the form (sign_in_by_form)."""

    def sign_in_as(username: str):
        client = Client()
        client.force_login(User.objects.get(username=username), backend=PASSWORD_BACKEND)
        page.context.clear_cookies()
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page.goto("/")
        return page

    return sign_in_as


@pytest.fixture
def sign_in_by_form(page):
    """`sign_in_by_form(username, password)`: the sign-in page, as a person signs in."""

    def sign_in_as(username: str, password: str = TEST_PASSWORD):
        page.context.clear_cookies()
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        # The next page, loaded (waiting for the load state alone could find the sign-in
        # page's own, before the browser had left it).
        page.wait_for_url(lambda url: urlsplit(url).path != "/sign-in/")
        return page

    return sign_in_as
