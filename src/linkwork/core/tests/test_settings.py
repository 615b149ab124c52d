"""Settings come from the environment with safe production defaults. Each test starts a
fresh `linkwork` process, since settings are read once at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Each test's process is given its own settings, without the suite's DATABASE_URL: the
# same on either run, so `make test-postgres` leaves them to the SQLite run.
pytestmark = pytest.mark.one_backend

LINKWORK = Path(sys.executable).parent / "linkwork"
SECRET = secrets.token_urlsafe(50)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "linkwork.example.scot",
    "LINKWORK_SITE_URL": "https://linkwork.example.scot",
}
SHOW_SETTINGS = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'DEBUG': s.DEBUG, 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE,"
    "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT,"
    "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,"
    "'ENGINE': s.DATABASES['default']['ENGINE'], 'NAME': str(s.DATABASES['default']['NAME'])}))"
)


def run(args, env, tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "LINKWORK_DEMO",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean["LINKWORK_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [str(LINKWORK), *args], env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def settings_under(env, tmp_path) -> dict:
    result = run(["shell", "-c", SHOW_SETTINGS], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_needs_a_secret_key_and_says_how_to_make_one(tmp_path):
    result = run(["check"], {"DEBUG": "0"}, tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()  # one line, naming the fix
    assert line.startswith("linkwork: Set the environment variable SECRET_KEY")
    assert "secrets.token_urlsafe" in line
    assert "DEBUG=1 for a local try-out" in line
    assert ".env.example" in line


@pytest.mark.parametrize("asking", [[], ["help"], ["--help"], ["-h"]])
@pytest.mark.parametrize("environment", [{"DEBUG": "0"}, {**PRODUCTION, "DEBUG": "maybe"}])
def test_help_lists_every_command_whatever_the_environment(asking, environment, tmp_path):
    """A new user's first command: Django alone would list only its own commands when the
    settings cannot load, and hide the project's."""
    result = run(asking, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split()
    for command in ("demo", "serve", "lone_working", "apitoken", "createsuperuser", "migrate"):
        assert command in listed
    assert "only Django core commands" not in result.stdout
    # ...and then what to put right before running any of them.
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("linkwork: before running these:")
    assert ("SECRET_KEY" if environment["DEBUG"] == "0" else "DEBUG must be one of") in line


def test_help_with_working_settings_says_nothing_more(tmp_path):
    result = run(["--help"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "lone_working" in result.stdout.split()
    assert result.stderr == ""


DEMO_IMPORT = (
    "from django.conf import settings\n"
    "print('linkwork.demo' in settings.INSTALLED_APPS)\n"
    "try:\n    import linkwork.demo.seeding\nexcept ImportError:\n    print('refused')"
)


def test_production_has_no_demo_to_load_or_import(tmp_path):
    """Demo data and its published password never reach a real database: under production
    settings the demo app is not installed, `demo` and `seed` are not offered, and no code
    can import it (docs/decisions/0041-layers.md)."""
    listed = run(["--help"], PRODUCTION, tmp_path).stdout.split()
    assert "serve" in listed
    assert "demo" not in listed
    assert "seed" not in listed
    seed = run(["seed"], PRODUCTION, tmp_path)
    assert seed.returncode != 0
    assert "Unknown command: 'seed'" in seed.stderr
    result = run(["shell", "--no-imports", "-c", DEMO_IMPORT], PRODUCTION, tmp_path)
    assert result.stdout.split() == ["False", "refused"], result.stderr


def test_debug_and_demo_mode_install_the_demo(tmp_path):
    for mode in ({"DEBUG": "1"}, {**PRODUCTION, "LINKWORK_DEMO": "1"}):
        result = run(["shell", "--no-imports", "-c", DEMO_IMPORT], mode, tmp_path)
        assert result.stdout.split() == ["True"], result.stderr
        listed = run(["--help"], mode, tmp_path).stdout.split()
        assert {"demo", "seed"} <= set(listed)


def test_the_defaults_are_safe_for_production(tmp_path):
    values = settings_under({"SECRET_KEY": SECRET}, tmp_path)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(tmp_path / "linkwork.sqlite3")


def test_database_url_and_allowed_hosts_come_from_the_environment(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": "postgres://lw:pw@db.internal:5432/linkwork"}
    values = settings_under(env, tmp_path)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "linkwork"
    assert values["ALLOWED_HOSTS"] == ["linkwork.example.scot"]


def test_a_bad_boolean_is_named_with_the_accepted_values(tmp_path):
    result = run(["check"], {**PRODUCTION, "DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be one of 1/0, true/false" in result.stderr


# The one check silenced, and why (settings.py): axes wants the address among its lockout
# parameters; LockoutHandler counts the address itself, over every account.
SILENCED = ["axes.W006"]


@pytest.mark.parametrize(
    "variant",
    [{}, {"BEHIND_TLS_PROXY": "1", "LINKWORK_DEMO": "1"}],
    ids=["direct", "demo-mode-behind-a-tls-proxy"],
)
def test_check_deploy_passes_with_production_settings(variant, tmp_path):
    """`linkwork check --deploy` finds nothing at warning level or above: HSTS, secure
    cookies, the TLS redirect, a real secret key, the site's own address."""
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"], {**PRODUCTION, **variant}, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)" in result.stdout + result.stderr


def test_only_the_documented_check_is_silenced():
    from django.conf import settings

    assert settings.SILENCED_SYSTEM_CHECKS == SILENCED


def test_debug_mode_serves_plain_http_on_loopback(tmp_path):
    """What check --deploy asks of production must not stop a try-out on 127.0.0.1."""
    values = settings_under({"DEBUG": "1"}, tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_healthz_reports_an_unreachable_database_as_503(tmp_path):
    probe = (
        "from django.test import Client; r = Client().get('/healthz', secure=True);"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **PRODUCTION,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    result = run(["shell", "-c", probe], env, tmp_path)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "unavailable"}


def test_nothing_a_page_needs_comes_from_another_host():
    """NHS sites are often offline or locked down: no font, style or script from elsewhere."""
    import re
    from pathlib import Path

    from django.conf import settings

    vendor = Path(settings.PACKAGE_DIR) / "core" / "static" / "vendor"
    for path in [*vendor.rglob("*.css"), *vendor.rglob("*.js")]:
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text()), path
    for sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values():
        assert not [s for s in sources if "://" in str(s)], sources
