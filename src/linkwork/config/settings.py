"""Settings for linkwork, from environment variables with safe production defaults.

Required in production (DEBUG off): SECRET_KEY. Every variable read, with its default and
meaning, is in .env.example (core/tests/test_env_example.py checks none is missing).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from linkwork.config.env import env_bool, env_int, env_list, env_percentages, env_required
from linkwork.config.installed_apps import installed_apps

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_checkout = PACKAGE_DIR.parent.parent
# In a checkout the data directory sits beside src/; an installed copy uses the working directory.
DEFAULT_DATA_DIR = (_checkout if (_checkout / "pyproject.toml").exists() else Path.cwd()) / "data"
DATA_DIR = Path(os.environ.get("LINKWORK_DATA_DIR", DEFAULT_DATA_DIR))

DEBUG = env_bool("DEBUG", False)
# Demo logins (printed by `linkwork demo`) work only in debug or demo mode.
DEMO_MODE = env_bool("LINKWORK_DEMO", False)
# The demo app (its data, `linkwork demo` and `linkwork seed`) only where its logins work.
INSTALLED_APPS = installed_apps(demo=DEBUG or DEMO_MODE)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-" + "x" * 40
else:
    SECRET_KEY = env_required(
        "SECRET_KEY",
        why="a long random string that signs sessions (make one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
        "or set DEBUG=1 for a local try-out, as `make demo` does; see .env.example",
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "linkwork.core.middleware.idle_session_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "linkwork.core.middleware.no_store_middleware",
    # Outside sign-in and the second factor, whose redirects it hands to htmx as pages.
    "linkwork.core.middleware.htmx_redirect_middleware",
    # A form sent back as its page audits the read (after the view, before any redirect
    # becomes htmx's 204).
    "linkwork.core.middleware.read_audit_middleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Between the password and the code, only the two-factor pages (accounts/two_factor.py).
    "linkwork.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # While the tablet is handed to the person, only the questionnaire (outcomes/handover.py).
    "linkwork.outcomes.handover.handover_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception is the first asked: a lost database is a 503.
    "linkwork.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "linkwork.config.urls"
WSGI_APPLICATION = "linkwork.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # Django's own widget templates, for the few widgets rendered plainly (hidden inputs).
        "DIRS": [Path(django.__file__).parent / "forms" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "linkwork.home.jinja2_env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "linkwork.home.context_processors.layout",
            ],
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
    {
        # Django's own admin pages only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "linkwork.core.forms.NHSFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'linkwork.sqlite3'}",
        # Ten minutes: what a connection has prepared (decision 0132) goes with it, and
        # each new one plans every query again ten times before PostgreSQL keeps a plan.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Connections are kept, as on PostgreSQL: when the last connection to a WAL database
    # closes, SQLite checkpoints and deletes the log, which cost each request ~10 ms.
    # WAL lets readers carry on while a writer writes; IMMEDIATE avoids "database is locked"
    # upgrades when several gunicorn workers write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # No just-in-time compilation: it pays off only for queries running for many seconds,
    # yet PostgreSQL's cost threshold starts it for report queries that run in well under
    # one, and compiling took 3.2 s of a 4.8 s SWEMWBS summary (benchmarks/reporting.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# Behind pgbouncer in transaction pooling mode a connection is lent one transaction at a
# time, so no cursor may outlive one: .iterator() reads in chunks with client-side cursors.
TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING", False)
if TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True


def prepared_statements(database: dict) -> None:
    """PostgreSQL keeps each query a connection has run DATABASE_PREPARE_THRESHOLD times
    planned, so the next time it skips planning: planning was two thirds of the database's
    CPU on the pages people use most (decision 0132). Parameters are then bound by the
    server, which preparing needs. Off by default behind pgbouncer's transaction pooling:
    a statement prepared on one server connection is unknown on the next unless pgbouncer
    (1.21 or later) has max_prepared_statements set (docs/scale-out.md). 0 turns it off."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    threshold = env_int("DATABASE_PREPARE_THRESHOLD", 0 if TRANSACTION_POOLING else 5)
    if threshold < 0:
        raise ImproperlyConfigured(
            f"DATABASE_PREPARE_THRESHOLD must be 0 (off) or more; got {threshold}"
        )
    database["OPTIONS"]["server_side_binding"] = True
    database["OPTIONS"]["prepare_threshold"] = threshold or None


prepared_statements(DATABASES["default"])

# Prepared statements psycopg keeps a connection, the least used dropped first (decision
# 0153). Its own 100 is fewer than the daily mix's pages ask between them (about 290 SQL
# texts), so each was dropped before it came round again and planned afresh. Each kept
# plan takes some 60-130 KB of the PostgreSQL process serving the connection.
DATABASE_PREPARED_MAX = env_int("DATABASE_PREPARED_MAX", 500)
if DATABASE_PREPARED_MAX < 1:
    raise ImproperlyConfigured(
        f"DATABASE_PREPARED_MAX must be 1 or more; got {DATABASE_PREPARED_MAX}"
    )

# Reports read the reporting facts from a read replica when one is named (decision 64,
# reporting/routers.py); unset, they read the one database like everything else.
if REPORTS_DATABASE_URL := os.environ.get("REPORTS_DATABASE_URL", ""):
    DATABASES["reports"] = dj_database_url.parse(
        REPORTS_DATABASE_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["reports"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # An unreachable copy is found out in seconds, and reports read default (replica.py).
    DATABASES["reports"]["OPTIONS"].setdefault("connect_timeout", 3)
    # A replica of default: tests read it through default's connection, never create it.
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["linkwork.reporting.routers.ReportsRouter"]
# A reporting copy further behind than this, or unreachable, is passed over: reports read
# the main database and say so (reporting/replica.py, decision 116).
LINKWORK_REPORTS_MAX_LAG_SECONDS = env_int("LINKWORK_REPORTS_MAX_LAG_SECONDS", 300)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "linkwork.accounts.backends.LinkworkBackend",
]
# NCSC password guidance: length and a deny list, no composition rules, no expiry
# (accounts/passwords.py; docs/decisions/0006-sign-in-security.md).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "linkwork.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "linkwork.accounts.passwords.LengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "linkwork.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "linkwork.accounts.passwords.ServiceWordsValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Sign-in lockout (accounts/lockout.py): five failures for one account, from any number of
# addresses, lock it for 15 minutes; so do LOCKOUT_ADDRESS_FAILURE_LIMIT failures from one
# address over all accounts (0: no limit per address). Wrong two-factor codes count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
LOCKOUT_ADDRESS_FAILURE_LIMIT = env_int("LOCKOUT_ADDRESS_FAILURE_LIMIT", 30)
AXES_HANDLER = "linkwork.accounts.lockout.LockoutHandler"
# axes warns when the address is not among its parameters: LockoutHandler counts it,
# over every account and against its own limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reset once both steps are done (accounts/two_factor.py), not at the password alone.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "linkwork.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "linkwork.core.http.client_ip"  # one answer for lockout,
# the audit log and rate limits
AXES_VERBOSE = False  # its log lines carry usernames
# Never keep what was typed in axes' table of attempts: codes and passwords are masked.
AXES_SENSITIVE_PARAMETERS = [
    *("username", "ip_address", "code"),
    *("old_password", "new_password1", "new_password2"),
]

# Two-factor sign-in (accounts/two_factor.py): a code from an authenticator app after the
# password. Required of everyone unless in debug or demo mode; whoever has set it up is
# always asked.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not (DEBUG or DEMO_MODE))

# Django's database sessions, read by a statement (core/sessions.py): every app server reads
# the same table.
SESSION_ENGINE = "linkwork.core.sessions"
# Session ends after SESSION_IDLE_MINUTES without a request (sliding expiry).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# A page warns this long before, with a button that keeps the session (WCAG 2.2.1).
SESSION_WARNING_SECONDS = min(120, SESSION_COOKIE_AGE // 2)
SESSION_SAVE_EVERY_REQUEST = False  # core/middleware.py slides it, but not for polling
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A confirmation may name a person ("Referral for Morag Kerr sent"). It goes in Django's
# default messages cookie: HttpOnly, Secure and SameSite as the session's, and deleted by
# the page that shows it. Kept in the session instead, each form sent would write the
# session twice (once to add it, once to show it), and two tabs share one session anyway.

SECURE_TLS = not DEBUG
SESSION_COOKIE_SECURE = SECURE_TLS
CSRF_COOKIE_SECURE = SECURE_TLS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_TLS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind one reverse proxy that sets X-Forwarded-Proto and appends to X-Forwarded-For.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of linkwork append to X-Forwarded-For: only their entries are
# believed (audit/services.py: client_ip). 0 means the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # Nothing from another host: the NHS web font's rules are dropped when vendoring
        # (scripts/vendor-frontend.sh) and pages use the stylesheet's fallback, Arial.
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "linkwork.core.static_storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# No personal data in application logs: only warnings and errors, never request bodies.
# Single-use link tokens are redacted wherever a path is logged (config/logredact.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {"redact_tokens": {"()": "linkwork.config.logredact.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        },
        "django.server": {  # as Django's default, plus the redaction
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "level": "INFO",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "axes": {"level": "ERROR"},  # axes logs usernames on every attempt
        "django.request": {"filters": ["redact_tokens"]},
        "django.server": {  # the development server's request lines
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_tokens"],
        },
    },
}

SERVICE_NAME = "linkwork"
OTP_TOTP_ISSUER = SERVICE_NAME  # the name authenticator apps show beside the code

# Which CHI numbers with a Mod 10 (Luhn) check digit to accept: all, 0101_only or off.
CHI_ALLOW_MOD10 = os.environ.get("CHI_ALLOW_MOD10", "all")

# Outcomes: meaningful-change thresholds (SWEMWBS metric points, WEMWBS raw points; see
# outcomes/instruments.py for the sources) and how long a questionnaire link works.
OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE = os.environ.get("OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE", "3")
OUTCOMES_WEMWBS_MEANINGFUL_CHANGE = os.environ.get("OUTCOMES_WEMWBS_MEANINGFUL_CHANGE", "9")
OUTCOMES_LINK_VALID_DAYS = env_int("OUTCOMES_LINK_VALID_DAYS", 7)
# Answers from a link page opened before the link expired are taken this long after the
# opening (decision 0144).
OUTCOMES_LINK_ANSWERING_MINUTES = env_int("OUTCOMES_LINK_ANSWERING_MINUTES", 120)
# Reports: counts from 1 to this less one are shown as "<this" to roles that may not see
# named people (reporting/suppression.py). Public Health Scotland's common choice is 5.
SMALL_NUMBER_THRESHOLD = env_int("SMALL_NUMBER_THRESHOLD", 5)
# Email. Console (printed) in debug and demo mode; SMTP from the environment otherwise.
# No email linkwork sends holds personal data (directory/ and links/notifications.py).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer is given up on: a hung server must not
# hold up the scheduler's next lone-working alert (core/schedule.py) or a page that emails.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "linkwork <noreply@localhost>")
# The address people reach this site at, for links in emails.
LINKWORK_SITE_URL = os.environ.get("LINKWORK_SITE_URL", "http://127.0.0.1:8000")

# The directory: who hears of changes organisations make to their services, and how many
# working days an organisation has to answer a link before it shows as overdue.
DIRECTORY_TEAM_EMAILS = env_list("DIRECTORY_TEAM_EMAILS", [])
LINK_RESPONSE_WORKING_DAYS = env_int("LINK_RESPONSE_WORKING_DAYS", 10)
# How many weeks after an organisation accepts a link the worker (or the organisation) is
# asked how the person is getting on (links/follow_up.py).
LINKWORK_LINK_FOLLOW_UP_WEEKS = env_int("LINKWORK_LINK_FOLLOW_UP_WEEKS", 6)
# Retention (decision 0106): whole years after a person's last case closed (or last
# referral, if none was taken on) before `linkwork retention --apply` anonymises the record.
LINKWORK_RETENTION_YEARS = env_int("LINKWORK_RETENTION_YEARS", 7)
# Where `linkwork audit verify --report` (run daily by `linkwork schedule`) sends the audit
# log's head, or its first broken entry: a mailbox the database's owners cannot change.
LINKWORK_AUDIT_REPORT_TO = env_list("LINKWORK_AUDIT_REPORT_TO", [])

# Workload balance (decision 0096): the service's target mix of a worker's caseload, as
# the most of their places (percent) that should hold cases of each complexity; a worker
# over it is warned of on the team lead's workload page.
LINKWORK_TARGET_COMPLEXITY_MIX = {
    "high": env_int("LINKWORK_TARGET_HIGH_COMPLEXITY_PERCENT", 20),
}
# The team (decision 0094): weeks after a worker's last supervision before the team lead
# sees it as overdue, and the courses (training_courses.csv codes) every worker needs.
SUPERVISION_DUE_WEEKS = env_int("SUPERVISION_DUE_WEEKS", 6)
REQUIRED_TRAINING = env_list(
    "REQUIRED_TRAINING",
    ["asist", "mental_health_first_aid", "safeguarding_adults", "lone_working"],
)
# Time: the service's intended balance of a worker's time across the three domains, in
# percent (activity/time_split.py; decision 0092). A team lead sees each worker beside it.
LINKWORK_INTENDED_TIME_SPLIT = env_percentages(
    "LINKWORK_INTENDED_TIME_SPLIT", {"patient": 60, "practice": 20, "community": 20}
)

# Accounts: how long a new API token lives (also the longest anyone may ask for), and how
# long an invitation or password link works (Django's one-time token; used links fail).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
PASSWORD_LINK_VALID_DAYS = env_int("PASSWORD_LINK_VALID_DAYS", 3)
PASSWORD_RESET_TIMEOUT = PASSWORD_LINK_VALID_DAYS * 24 * 60 * 60

# Letters and forms on a case (documents app, decision 0110): the largest file a worker may
# attach, and where the files are kept. The directory is private (no URL serves it: only
# a view that asks who may see the case) and must be shared by every app server.
LINKWORK_UPLOAD_MAX_MB = env_int("LINKWORK_UPLOAD_MAX_MB", 10)
LINKWORK_UPLOAD_MAX_BYTES = LINKWORK_UPLOAD_MAX_MB * 1024 * 1024
DOCUMENTS_DIR = DATA_DIR / "documents"
# One file to a form; form fields (not files) up to Django's 2.5 MB, and larger files go
# to a temporary file rather than memory. No MEDIA_URL: nothing uploaded is served as such.
DATA_UPLOAD_MAX_NUMBER_FILES = 1
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Requests each API token (/api/v1 and /fhir/) may make a minute before it is answered 429
# (core/ratelimit.py); 0 for no limit.
LINKWORK_API_RATE_PER_MINUTE = env_int("LINKWORK_API_RATE_PER_MINUTE", 120)

# Reporting: the key of the minimum core dataset's pseudonyms (`linkwork export-mcd`). Its
# own key, so rotating SECRET_KEY (sessions, links in emails) does not change every
# pseudonym and break analysts' links between exports. Falls back to SECRET_KEY.
MCD_PSEUDONYM_KEY = os.environ.get("MCD_PSEUDONYM_KEY") or SECRET_KEY
