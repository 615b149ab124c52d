"""A large HSCP's working day on linkwork, for locust (decision 0118).

Run through benchmarks/load.py, which seeds the database, starts the server, signs everyone
in and steps the load; on its own this file needs LOAD_SESSIONS (a JSON file of
{"link_worker": [...], "practice_staff": [...], "team_lead": [...]} session cookies), a
host of http://127.0.0.1:PORT, and LOAD_STEPS ("users:seconds,users:seconds,...").

Each virtual user is one person at work, already signed in (people sign in once in the
morning; a password check is 1,000,000 rounds of PBKDF2 and would swamp a short step).
What they do, and how often, is decision 0118's daily mix. A form that comes back with an
error, or a page that is not 200, counts as a failure: zero failures is part of the target.
"""

import json
import os
import random
import re
import string
import time
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from locust import LoadTestShape, between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

from linkwork.core.chi import generate_chi  # PYTHONPATH: the served checkout's src

HOST = "127.0.0.1"
SEARCHES = [  # what a link worker looks for in the directory (words, and a postcode)
    {"q": "walking group"},
    {"q": "debt advice"},
    {"q": "men's shed"},
    {"q": "food bank", "postcode": "G51 3TR", "radius": "5"},
    {"q": "befriending"},
    {"q": "money advice", "postcode": "G51 3TR", "radius": "5"},
    {"q": "benefits"},
    {"q": "art"},
]
NEEDS = ["social_isolation", "money_benefits", "housing", "physical_activity", "debt"]
CASE = re.compile(r'href="(/cases/\d+/)"')
SERVICE = re.compile(r'href="(/directory/services/\d+/)"')
ERROR_SUMMARY = "nhsuk-error-summary"
RECORDED: set[tuple[str, int]] = set()  # (case, minute) of each session recorded


def _sessions() -> dict[str, list[str]]:
    with open(os.environ["LOAD_SESSIONS"]) as file:
        return json.load(file)


SESSIONS = _sessions() if os.environ.get("LOAD_SESSIONS") else {}
NEXT = dict.fromkeys(SESSIONS, 0)


def next_session(role: str) -> str:
    """Each virtual user is a different person, in turn (round the list if there are more
    virtual users than people)."""
    sessions = SESSIONS[role]
    index = NEXT[role] % len(sessions)
    NEXT[role] += 1
    return sessions[index]


class FormFields(HTMLParser):
    """What a browser would send from the page's form whose action ends with `action`
    (or the only POST form in <main>): the values as the page fills them."""

    def __init__(self, action: str | None):
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post":
            target = a.get("action") or ""
            self.inside = self.action is None or target.endswith(self.action) or target == ""
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.first_option, self.selected = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.fields.append((self.select, value))
                self.selected = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self.textarea and self.fields and self.fields[-1][0] == self.textarea:
            self.fields[-1] = (self.textarea, self.fields[-1][1] + data.lstrip("\n"))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.selected and self.first_option is not None:
                self.fields.append((self.select, self.first_option))
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(page: str, action: str | None = None) -> dict[str, str | list[str]]:
    parser = FormFields(action)
    parser.feed(page)
    fields: dict[str, str | list[str]] = {}
    for name, value in parser.fields:
        if name in fields:
            existing = fields[name]
            fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            fields[name] = value
    return fields


def encode(fields: dict) -> list[tuple[str, str]]:
    return [
        (name, item)
        for name, value in fields.items()
        for item in (value if isinstance(value, list) else [value])
    ]


def invented_chi(rng: random.Random) -> str:
    """An invented CHI number, valid in form, for someone born 1940-2004."""
    born = date(rng.randrange(1940, 2005), rng.randrange(1, 13), rng.randrange(1, 29))
    return generate_chi(born, rng.choice(["male", "female"]), rng)


class Person(FastHttpUser):
    """Someone signed in: GETs and form POSTs, failing on anything but a good answer."""

    abstract = True
    role = ""
    # Reading the page, typing: about one request a second each, so 100 req/s is about 100
    # virtual users (a few hundred greenlets would cost the load generator more CPU).
    wait_time = between(0.5, 1.5)
    concurrency = 1  # one connection at a time, as one browser tab

    def on_start(self):
        if urlsplit(self.host).hostname != HOST:
            raise SystemExit(f"refusing to load {self.host}: only {HOST} is allowed")
        self.rng = random.Random()  # noqa: S311 (test data)
        # The cookies a browser would hold: the session set at sign-in, and a CSRF secret
        # (Django takes any well-formed one it did not set, and masks it into each form).
        # Sent by hand: the server marks them Secure, and this is plain HTTP on loopback.
        csrf = "".join(self.rng.choices(string.ascii_letters + string.digits, k=32))
        self.cookies = {"Cookie": f"sessionid={next_session(self.role)}; csrftoken={csrf}"}
        self.cases: list[str] = []  # cases seen on the last list, open or closed
        self.open_cases: list[str] = []  # open ones: sessions are recorded only on these

    def get(
        self, path: str, name: str | None = None, cookies: list[str] = (), htmx: str = ""
    ) -> str:
        """GET `path`; `htmx`: the id of the element htmx would swap the answer into, for a
        request the page makes in place (sent with htmx's headers, as the browser would)."""
        headers = dict(self.cookies)
        if htmx:
            headers.update({"HX-Request": "true", "HX-Target": htmx})
        if cookies:
            headers["Cookie"] = "; ".join([headers["Cookie"], *cookies])
        with self.client.get(
            path,
            name=name or path,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {path}")
                return ""
            return response.text or ""

    def post_form(self, path: str, page: str, changes: dict, name: str, expect: str) -> bool:
        """POST the page's form as filled, with `changes`; success is a redirect (the
        post/redirect/get the app answers a good form with) and, after it, `expect`."""
        fields = form_fields(page, path)
        if "csrfmiddlewaretoken" not in fields:
            return False
        fields.update(changes)
        with self.client.post(
            path,
            name=name,
            data=urlencode(encode(fields)),
            headers={**self.cookies, "Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                errors = re.findall(r'<a href="#[^"]*">([^<]+)</a>', response.text or "")
                response.failure(f"{name}: {response.status_code} {'; '.join(errors[:3])}")
                return False
            landing = urlsplit(response.headers.get("Location", "")).path
            # The message the next page shows travels in a cookie set on the redirect.
            message = [
                cookie.split(";", 1)[0]
                for cookie in response.headers.get_all("Set-Cookie") or []
                if cookie.startswith("messages=")
            ]
        after = self.get(landing, name=f"{name}: page after", cookies=message)
        if expect not in after:
            self.environment.events.request.fire(
                request_type="CHECK",
                name=f"{name}: message",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"no '{expect}' after {name}"),
                context={},
            )
            return False
        return True


class LinkWorker(Person):
    """About 80 link workers: most of the day's requests. Weights: requests an hour."""

    weight = 15
    role = "link_worker"

    def on_start(self):
        super().on_start()
        self.my_day()

    @task(10)
    def my_day(self):
        page = self.get("/home/link-worker/", name="My day")  # its caseload: open cases
        self.open_cases = CASE.findall(page) or self.open_cases
        self.cases = self.open_cases

    @task(6)
    def caseload(self):
        """Filtering or paging My day's caseload: in the browser, htmx fetches the caseload
        panel alone and swaps it in (decision 0134)."""
        query = self.rng.choice(["?status=open", "?status=all", "?status=open&page=2"])
        page = self.get(f"/home/link-worker/{query}", name="caseload list", htmx="caseload")
        self.cases = CASE.findall(page) or self.cases
        if "status=open" in query:
            self.open_cases = self.cases

    @task(10)
    def open_case(self):
        if self.cases:
            self.get(self.rng.choice(self.cases), name="a case")

    @task(3)
    def record_session(self):
        """A session held in the past week, on one of the caseload's engaged cases (a first
        session's form asks more, and is a rarer thing). The run's few link workers stand
        for a programme's eighty: dated today, their sessions would give each of them a day
        of fifty by the last step, and My day lists the day's sessions (decision 0132)."""
        if not self.open_cases:
            return
        case = self.rng.choice(self.open_cases)
        path = f"{case}sessions/new/"
        page = self.get(path, name="record a session: form")
        if not page or "Record the first session" in page:
            return
        when = time.localtime(self._free_minute(case) * 60)
        changes = {
            "date": time.strftime("%Y-%m-%d", when),
            "time": time.strftime("%H:%M", when),
            "outcome": "attended",
            "duration_minutes": str(self.rng.choice([30, 45, 60])),
            "note": "Talked through the week; going to the walking group on Thursday.",
        }
        self.post_form(path, page, changes, "record a session: POST", "Session recorded.")

    def _free_minute(self, case: str) -> int:
        """A minute of the past week (minutes since the epoch) at which no virtual user has
        yet recorded a session on `case`: the run's few link workers are shared by many
        virtual users, and the app rightly refuses a second session at the same minute on
        one case."""
        while True:
            minute = int(time.time() // 60) - self.rng.randrange(30, 7 * 24 * 60)
            if (case, minute) not in RECORDED:
                RECORDED.add((case, minute))
                return minute

    @task(4)
    def search_directory(self):
        search = self.rng.choice(SEARCHES)
        query = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in search.items())
        page = self.get(f"/directory/?{query}", name="directory search")
        self.services = SERVICE.findall(page) or getattr(self, "services", [])

    @task(3)
    def view_service(self):
        services = getattr(self, "services", [])
        if services:
            self.get(self.rng.choice(services), name="a service")


class PracticeStaff(Person):
    """Staff of about 150 practices: they refer, and look at what became of referrals."""

    weight = 4
    role = "practice_staff"

    @task(4)
    def practice_home(self):
        self.get("/home/practice/", name="practice home")

    @task(3)
    def referrals(self):
        self.get("/referrals/", name="referrals list")

    @task(2)
    def refer(self):
        page = self.get("/referrals/new/", name="refer: form")
        if not page:
            return
        changes = {
            "chi": invented_chi(self.rng),
            "given_name": self.rng.choice(["Hugh", "Agnes", "Bill", "Sadia", "Karen"]),
            "family_name": f"Loadtest{self.rng.randrange(10**6)}",
            "phone": "07700 900123",
            "postcode": "G51 3HR",
            "reasons": self.rng.sample(NEEDS, 2),
            "what_matters": "Getting out of the house again",
            "consent_to_referral": "on",
            "confirm_open_case": "on",
            "confirm_intake": "on",
        }
        self.post_form(
            "/referrals/new/", page, changes, "refer: POST", "sent to the link worker service"
        )


class TeamLead(Person):
    """A provider's team lead: the team's page, now and then."""

    weight = 1
    role = "team_lead"

    @task(1)
    def team(self):
        self.get("/home/team-lead/", name="team lead home")


class Healthz(FastHttpUser):
    """The reference: /healthz as fast as it answers (the server's ceiling on this machine)."""

    wait_time = constant(0)
    concurrency = 1

    def on_start(self):
        if urlsplit(self.host).hostname != HOST:
            raise SystemExit(f"refusing to load {self.host}: only {HOST} is allowed")

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


# Steps, and what is measured in each: every request's time, by step, after a settling
# period at the step's start; the load generator's own CPU time, and the machine's.
STEPS = [
    (int(users), float(seconds))
    for users, seconds in (
        step.split(":") for step in os.environ.get("LOAD_STEPS", "10:30").split(",")
    )
]
SETTLE = float(os.environ.get("LOAD_SETTLE", "8"))
RESULTS = os.environ.get("LOAD_RESULTS", "")
records: dict[int, list] = {}
marks: list[dict] = []


def machine_busy() -> tuple[float, float, float]:
    """The machine's busy and total CPU ticks so far, and those the host gave to others
    ("steal": a virtual machine's cores are shared; busy includes them)."""
    with open("/proc/stat") as stat:
        values = [float(x) for x in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values), values[7] if len(values) > 7 else 0.0


def process_ticks() -> dict[str, dict[str, int]]:
    """CPU clock ticks used so far by each PostgreSQL process and each gunicorn process of
    `linkwork serve` (its workers and their master) on this machine: how much of a
    request's cost is the database's, and how much the app's own."""
    ticks: dict[str, dict[str, int]] = {"database": {}, "workers": {}}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stat:
                line = stat.read()
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                arguments = cmdline.read().split(b"\0")
        except OSError:  # ended meanwhile
            continue
        command, fields = line[line.index("(") + 1 : line.rindex(")")], line.rsplit(")", 1)[1]
        kind = "database" if command.startswith("postgres") else None
        if b"linkwork.config.wsgi:application" in arguments:  # what `serve` runs
            kind = "workers"
        if kind:
            values = fields.split()
            ticks[kind][pid] = int(values[11]) + int(values[12])  # utime + stime
    return ticks


def mark(step: int, what: str) -> None:
    process = os.times()
    busy, total, stolen = machine_busy()
    marks.append(
        {
            "step": step,
            "what": what,  # "from" (settled) or "to" (the step's end)
            "at": time.monotonic(),
            "locust_cpu": process.user + process.system,
            "busy": busy,
            "total": total,
            "stolen": stolen,
            **process_ticks(),
        }
    )


class Steps(LoadTestShape):
    """Each step holds its users for its seconds; the run stops after the last. A step is
    measured from SETTLE seconds after it starts (users added, pages warm) to its end."""

    use_common_options = True
    current = -1
    settled = False

    def tick(self):
        elapsed = self.get_run_time()
        start = 0.0
        for index, (users, seconds) in enumerate(STEPS):
            if elapsed < start + seconds:
                if index != self.current:
                    self.end_step()
                    self.current, self.settled = index, False
                if not self.settled and elapsed - start >= SETTLE:
                    records[index] = []
                    mark(index, "from")
                    self.settled = True
                return users, users  # all at once: they are signed in already
            start += seconds
        self.end_step()
        self.current = -1
        return None

    def end_step(self):
        if self.current >= 0 and self.settled:
            mark(self.current, "to")
        self.settled = False


@events.request.add_listener
def record(request_type, name, response_time, exception, **kwargs):
    shape = getattr(record, "shape", None)
    if shape is None:
        return
    step = shape.current
    if step >= 0 and shape.settled and step in records:
        records[step].append((name, response_time, exception is not None))


@events.user_error.add_listener
def record_error(user_instance, exception, tb, **kwargs):
    """A task that raised (a page not as expected) counts as an error too."""
    record(None, f"task raised {type(exception).__name__}", 0, exception)


@events.test_start.add_listener
def remember_shape(environment, **kwargs):
    if urlsplit(environment.host or "").hostname != HOST:
        raise SystemExit(f"refusing to load {environment.host}: only {HOST} is allowed")
    record.shape = environment.shape_class


@events.quitting.add_listener
def write_results(environment, **kwargs):
    if not RESULTS:
        return
    with open(RESULTS, "w") as file:
        json.dump(
            {
                "steps": [
                    {"users": users, "seconds": seconds, "requests": records.get(index, [])}
                    for index, (users, seconds) in enumerate(STEPS)
                ],
                "marks": marks,
            },
            file,
        )
