"""How many pages and typed fields the main journeys take, walked in a real browser.

    .venv/bin/python benchmarks/journeys.py
    .venv/bin/python benchmarks/journeys.py --seeded /tmp/seeded.sqlite3   # skip `seed`

A fresh SQLite database under /tmp/linkwork-bench is seeded with the demo (`linkwork seed`),
and `linkwork serve` runs it on a free port of 127.0.0.1 as production does (DEBUG off,
LINKWORK_DEMO=1 so the demo logins work). Debian's Chromium (/usr/bin/chromium, headless,
never a downloaded browser) then walks, as the demo logins:

1. GP (drshah) refers a new person from the practice home page;
2. the link worker (aileen) triages that referral from My day and accepts it, records a
   first session, agrees a goal, enters a baseline SWEMWBS, refers the person to a
   directory service (the Govan men's shed), and later rates the goal, closes the case and
   answers the exit-measure question (2a before the partner answers, 2b after);
3. the community partner (ravi) accepts that link;
4. a person refers themself on the public page;
5. the worker records an attended session from My day (a session booked a minute ago,
   booked beforehand and not counted).

Each journey starts on the role's home page, already loaded. It counts:
- loads: documents loaded in the tab (a link followed, a form posted: a post answered by a
  redirect counts once, as the page the user then sees);
- htmx: requests htmx made in place (no page load);
- form pages: pages on which the user filled something in or pressed a form's button;
- fields: fields the user filled or chose: each fill, check or selection that changes what
  the field held (a default left alone is not typed).

Locators are by label and role, as a person finds things, so the walk follows the pages as
they change. Targets (issue 13): an attended session from My day in 1 page load and at most
6 fields; a practice referral in 1 page and at most 9 fields; the whole worker journey in
fewer than 23 loads and 24 fields.

Before "nothing typed twice" (main at 97dae07, 6 December 2026):

    journey                              loads  htmx  form pages  fields
    1 GP refers                              2     1           1      12
    2a worker: triage to link               13     0           7      15
    2b worker: outcomes and close            6     0           3       5
    2 worker: triage to close               19     0          10      20
    3 partner answers a link                 2     0           1       0
    4 person refers themself                 1     0           1      11
    5 attended session from My day           2     0           1       0

After issue 13 (main, 6 December 2026: a CHI number gives the date of birth, More
details, the first session starting from the referral with its goal and needs, My day's
form in place; and the guards and records it added: the support given is chosen for a
link, a session's outcome is chosen rather than pre-filled, and closing asks what
becomes of the link still open):

    journey                              loads  htmx  form pages  fields
    1 GP refers                              2     1           1       9
    2a worker: triage to link               11     0           6      16
    2b worker: outcomes and close            6     0           3       6
    2 worker: triage to close               17     0           9      22
    3 partner answers a link                 2     0           1       0
    4 person refers themself                 1     0           1      11
    5 attended session from My day           1     1           1       1

The worker's 22 fields include 3 choices the guards and records ask for on purpose (the
session's outcome, the support given, the open link at closing); 7 are SWEMWBS answers.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import HOST, PASSWORD, Server, linkwork  # noqa: E402 (beside this file)

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
TARGETS = {
    "1": ("a practice referral: 1 form page, at most 9 fields", ("form pages", 1), 9),
    "2": ("whole worker journey: fewer than 23 loads and 24 fields", ("loads", 22), 23),
    "5": ("attended session from My day: 1 page load, at most 6 fields", ("loads", 1), 6),
}
# The person the GP refers: a valid CHI (Mod 11) born 15 July 1982, male.
PERSON = {"chi": "1507824130", "given": "Hugh", "family": "Benchmark", "born": (15, 7, 1982)}


def environment(source: Path, seeded: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        LINKWORK_DEMO="1",
        SECRET_KEY="benchmark-only-" + "k" * 40,
        SECURE_SSL_REDIRECT="0",
        LINKWORK_DATA_DIR=str(WORK),
        PYTHONPATH=str(source),
        DJANGO_SETTINGS_MODULE="linkwork.config.settings",
    )
    path = WORK / "journeys.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    env["DATABASE_URL"] = f"sqlite:///{path}"
    quiet = {"env": env, "check": True, "stdout": subprocess.DEVNULL}
    if seeded:
        shutil.copy(seeded, path)
        subprocess.run(linkwork("migrate"), **quiet)  # noqa: S603 (fixed argument list)
    else:
        subprocess.run(linkwork("seed"), **quiet)  # noqa: S603 (fixed argument list)
    return env


class Journey:
    """Counts what one journey costs: loads, htmx requests, form pages, typed fields."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name
        self.loads = self.htmx = self.fields = 0
        self.form_pages: set[str] = set()
        page.on("framenavigated", self._navigated)
        page.on("request", self._request)

    def stop(self) -> None:
        self.page.remove_listener("framenavigated", self._navigated)
        self.page.remove_listener("request", self._request)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    def _request(self, request) -> None:
        if request.headers.get("hx-request"):
            self.htmx += 1

    def _on_form(self) -> None:
        self.form_pages.add(f"{self.loads}:{self.page.url.split('?')[0]}")

    def fill(self, locator, value: str) -> None:
        self._on_form()
        if locator.input_value() != value:
            self.fields += 1
        locator.fill(value)

    def check(self, locator) -> None:
        self._on_form()
        if not locator.is_checked():
            self.fields += 1
        locator.check()

    def select(self, locator, label: str) -> None:
        self._on_form()
        chosen = locator.evaluate("s => s.options[s.selectedIndex]?.text || ''")
        if chosen.strip() != label:
            self.fields += 1
        locator.select_option(label=label)

    def press(self, locator) -> None:
        """A form's button: the page it is on is a form page."""
        self._on_form()
        locator.click()
        self.page.wait_for_load_state()

    def follow(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state()

    def row(self) -> tuple:
        return (self.name, self.loads, self.htmx, len(self.form_pages), self.fields)


def action(page, name):
    """A link, whether it looks like one or like a button."""
    return page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).first


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fill_birth_date(journey: Journey, page, born: tuple[int, int, int], *, chi_given: bool):
    """The date of birth, unless the form says a CHI number gives it."""
    group = page.get_by_role("group", name="Date of birth")
    if chi_given and "CHI" in group.inner_text():
        return
    for part, value in zip(("Day", "Month", "Year"), born, strict=True):
        journey.fill(group.get_by_label(part), str(value))


def gp_refers(page) -> Journey:
    sign_in(page, "drshah")
    j = Journey(page, "1 GP refers")
    j.follow(action(page, "Refer someone to the link worker"))
    j.fill(page.get_by_label("CHI number"), PERSON["chi"])
    page.get_by_label("CHI number").blur()
    j.fill(page.get_by_label("First name"), PERSON["given"])
    j.fill(page.get_by_label("Last name"), PERSON["family"])
    fill_birth_date(j, page, PERSON["born"], chi_given=True)
    j.fill(page.get_by_label("Phone number", exact=True), "07700 900123")
    j.fill(page.get_by_label("Postcode"), "G51 3HR")
    j.check(page.get_by_label("Money and benefits"))
    j.check(page.get_by_label("Social isolation and loneliness"))
    j.fill(page.get_by_label("What matters to the person"), "Getting out of the house again")
    j.check(page.get_by_label(re.compile("The person agrees to this referral")))
    j.press(page.get_by_role("button", name="Send referral"))
    expect(page.get_by_text(re.compile("Referral for Hugh Benchmark"))).to_be_visible()
    j.stop()
    return j


def worker_to_link(page) -> Journey:
    sign_in(page, "aileen")
    name = f"{PERSON['given']} {PERSON['family']}"
    j = Journey(page, "2a worker: triage to link")
    j.follow(page.get_by_role("link", name=name).first)
    j.press(page.get_by_role("button", name="Accept referral"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    # The first session, which happened a moment ago.
    j.follow(page.get_by_role("link", name="Record a session"))
    j.check(page.get_by_label("Face to face in the practice"))
    j.check(page.get_by_label("Attended"))
    note = page.get_by_label(re.compile("Short note|What you talked about"))
    j.fill(note, "First conversation: money worries, wants to get out more.")
    # The goal in his words: on the first session's form when it starts from the referral
    # (what matters, kept as it stands), else on a page of its own.
    goal_on_form = page.get_by_label(re.compile("A goal in their words")).count() > 0
    j.press(page.get_by_role("button", name=re.compile("^Record")))
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    if not goal_on_form:
        j.follow(page.get_by_role("link", name="Add a goal").first)
        j.fill(page.get_by_label("What matters to the person"), "Getting out of the house again")
        j.press(page.get_by_role("button", name="Add goal"))
    # A baseline SWEMWBS, entered with him.
    j.follow(page.get_by_role("link", name="Add a questionnaire").first)
    j.check(page.get_by_label(re.compile(r"\(SWEMWBS\)")))
    j.check(page.get_by_label(re.compile("Baseline")))
    j.press(page.get_by_role("button", name="Enter the answers now"))
    for item, answer in enumerate(
        ["Rarely", "Some of the time", "Rarely", "Rarely"]
        + ["Some of the time", "None of the time", "Often"],
        start=1,
    ):
        group = page.get_by_role("group", name=re.compile(f"^{item}\\. "))
        j.check(group.get_by_label(answer, exact=True))
    j.press(page.get_by_role("button", name="Save answers"))
    # A directory service: the men's shed.
    j.follow(page.get_by_role("link", name="Link to a service").first)
    j.fill(page.get_by_label("What are you looking for?"), "men's shed")
    j.press(page.get_by_role("button", name="Search"))
    j.follow(page.get_by_role("link", name="Refer to Govan men's shed"))
    need = page.get_by_label("Which need is this for?")
    j.select(need, "Social isolation and loneliness")
    j.check(page.get_by_label("Supported referral"))
    j.check(page.get_by_label(re.compile("The person agrees to this referral")))
    j.check(page.get_by_label("Their name and contact details"))
    j.check(page.get_by_label("A short reason, in their own words"))
    j.fill(page.get_by_label("Reason, in the person's words"), "Wants to get out more")
    j.press(page.get_by_role("button", name="Send referral"))
    expect(page.get_by_text("Referral sent to Govan Community Trust")).to_be_visible()
    j.stop()
    return j


def partner_answers(page) -> Journey:
    sign_in(page, "ravi")
    j = Journey(page, "3 partner answers a link")
    j.follow(page.get_by_role("link", name="Referrals to you").first)
    heading = page.get_by_role("heading", name=re.compile("Hugh Benchmark"))
    number = re.search(r"referral (\d+)", heading.inner_text()).group(1)
    j.press(page.get_by_role("button", name=f"Accept referral {number}"))
    j.stop()
    return j


def worker_closes(page) -> Journey:
    sign_in(page, "aileen")
    j = Journey(page, "2b worker: outcomes and close")
    j.follow(page.get_by_role("link", name=f"{PERSON['given']} {PERSON['family']}").first)
    # Progress towards the goal, then closing.
    j.follow(page.get_by_role("link", name=re.compile("^Rate (progress|goals)")).first)
    j.check(page.get_by_label(re.compile("Exit")))
    rating = page.get_by_role("group", name=re.compile("out of the house again"))
    j.check(rating.get_by_role("radio").nth(7))
    j.press(page.get_by_role("button", name="Save ratings"))
    j.follow(page.get_by_role("link", name="Close the case"))
    j.check(page.get_by_label("Goals met"))
    # The link the partner accepted stays open: the close page asks what becomes of it.
    j.check(page.get_by_label("Leave it with the organisation"))
    j.fill(page.get_by_label("Closing note"), "Goes to the shed on Thursdays.")
    j.press(page.get_by_role("button", name="Close case"))
    expect(page.get_by_text("Case closed.")).to_be_visible()
    if page.get_by_label("The person is not available").count():
        j.check(page.get_by_label("The person is not available"))
        j.press(page.get_by_role("button", name="Save the answer"))
    j.stop()
    return j


def self_refers(page) -> Journey:
    page.context.clear_cookies()
    page.goto("/refer-yourself/")
    page.wait_for_load_state()
    j = Journey(page, "4 person refers themself")
    j.select(page.get_by_label("Your GP practice"), "Govan Health Centre")
    j.fill(page.get_by_label("First name"), "Morag")
    j.fill(page.get_by_label("Last name"), "Selfreferral")
    fill_birth_date(j, page, (3, 9, 1961), chi_given=False)
    j.check(page.get_by_label("Female", exact=True))
    j.fill(page.get_by_label("Postcode"), "G51 4TP")
    j.fill(page.get_by_label("Phone number", exact=True), "07700 900456")
    j.fill(
        page.get_by_label(re.compile("help with")), "I have been on my own since my husband died"
    )
    j.check(page.get_by_label(re.compile("I agree")))
    j.press(page.get_by_role("button", name=re.compile("^Send")))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    j.stop()
    return j


def session_from_my_day(page) -> Journey:
    """A session booked for a minute ago on an open case of the worker's (not counted),
    then recorded as attended from My day (counted)."""
    sign_in(page, "aileen")
    case_link = page.locator("main a[href^='/cases/']").last
    case_link.click()
    page.get_by_role("link", name="Book a session").click()
    started = time.localtime(time.time() - 60)
    page.get_by_label("Date").fill(time.strftime("%Y-%m-%d", started))
    page.get_by_label("Time").fill(time.strftime("%H:%M", started))
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Session booked.")).to_be_visible()
    booked = page.locator("a[href^='/sessions/']", has_text=time.strftime("%H:%M", started))
    session = re.search(r"/sessions/(\d+)/", booked.first.get_attribute("href")).group(1)
    page.goto("/")
    page.wait_for_load_state()
    j = Journey(page, "5 attended session from My day")
    j.follow(page.locator(f"main a[href^='/sessions/{session}/']").first)
    j.check(page.get_by_label("Attended", exact=True))
    j.press(page.get_by_role("button", name=re.compile("^Save")))
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    j.stop()
    return j


def walk(base_url: str) -> list[tuple]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1024, "height": 768})
        context.route("https://**/*", lambda route: route.abort())  # nothing leaves 127.0.0.1
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            gp = gp_refers(page)
            to_link = worker_to_link(page)
            partner = partner_answers(page)
            closing = worker_closes(page)
            person = self_refers(page)
            session = session_from_my_day(page)
        except Exception:
            print(f"Stopped on {page.url}:\n{page.inner_text('main')[:3000]}", file=sys.stderr)
            raise
        finally:
            browser.close()
    worker = (
        "2 worker: triage to close",
        *(a + b for a, b in zip(to_link.row()[1:], closing.row()[1:], strict=True)),
    )
    return [
        gp.row(),
        to_link.row(),
        closing.row(),
        worker,
        partner.row(),
        person.row(),
        session.row(),
    ]


def report(rows: list[tuple]) -> None:
    print(f"{'journey':36} {'loads':>5} {'htmx':>5} {'form pages':>11} {'fields':>7}")
    for name, loads, htmx, pages, fields in rows:
        print(f"{name:36} {loads:5d} {htmx:5d} {pages:11d} {fields:7d}")
    print("\nTargets:")
    by_number = {row[0].split()[0]: row for row in rows}
    for number, (words, (measure, most), most_fields) in TARGETS.items():
        row = by_number[number]
        value = row[{"loads": 1, "form pages": 3}[measure]]
        met = value <= most and row[4] <= most_fields
        print(f"  {'met ' if met else 'MISSED'} {words} ({measure} {value}, fields {row[4]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "src", help="code to serve")
    parser.add_argument("--seeded", type=Path, help="a demo SQLite database to copy")
    args = parser.parse_args()
    started = time.perf_counter()
    env = environment(args.source.resolve(), args.seeded)
    server = Server(env, workers=2)
    try:
        server.wait_until_up()
        print(f"seeded and serving in {time.perf_counter() - started:.0f} s\n")
        report(walk(f"http://{HOST}:{server.port}"))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
