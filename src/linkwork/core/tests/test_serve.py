"""`linkwork serve` runs the app under gunicorn with static files, as one HSCP would."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from urllib.error import HTTPError, URLError

import pytest

from linkwork.core.tests.test_settings import LINKWORK, PRODUCTION


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    # Generous: the first request on a loaded CI machine also collects static files.
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback only)
        return response.status, response.headers, response.read()


def wait_for(url: str, server: subprocess.Popen, seconds: float = 300):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(url)
        except HTTPError:
            raise
        except (URLError, ConnectionError, TimeoutError):
            assert server.poll() is None, "linkwork serve stopped before it answered"
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow  # its own SQLite database whatever the suite runs on
@pytest.mark.xdist_group("new_database")
def test_serve_answers_health_checks_and_serves_the_nhs_stylesheet(tmp_path, new_sqlite_database):
    port = free_port()
    env = {**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    clean_env = os.environ.copy()
    for name in (
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "LINKWORK_DEMO",
    ):
        clean_env.pop(name, None)
    server = subprocess.Popen(
        [str(LINKWORK), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env={**clean_env, **env, "LINKWORK_DATA_DIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # A new installation's database (serve migrates it first, a no-op here: that it
        # does is test_serve_migrates_then_collects_static_files_then_runs_gunicorn).
        status, _, body = wait_for(f"http://127.0.0.1:{port}/healthz", server)
        assert status == 200
        assert b'"database": "ok"' in body

        status, headers, page = get(f"http://127.0.0.1:{port}/sign-in/")
        assert status == 200
        assert "Content-Security-Policy" in headers
        stylesheet = next(
            line.split('href="')[1].split('"')[0]
            for line in page.decode().splitlines()
            if "nhsuk-frontend" in line and "stylesheet" in line
        )
        assert stylesheet.startswith("/static/vendor/nhsuk/nhsuk-frontend.min.")  # hashed name
        status, headers, css = get(f"http://127.0.0.1:{port}{stylesheet}")
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert b".nhsuk-header" in css
        status, _, _ = get(f"http://127.0.0.1:{port}/static/vendor/nhsuk/assets/images/favicon.ico")
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(timeout=20)


@pytest.mark.one_backend
@pytest.mark.parametrize(
    ("flags", "first"),
    [([], ["migrate", "collectstatic"]), (["--no-migrate"], ["collectstatic"])],
)
def test_serve_migrates_then_collects_static_files_then_runs_gunicorn(
    monkeypatch, settings, tmp_path, flags, first
):
    """On a new server, `linkwork serve` makes the database's tables and collects the
    static files before gunicorn starts; `--no-migrate` leaves migrating to the operator."""
    from django.core.management import call_command

    from linkwork.core.management.commands import serve

    settings.DATA_DIR = tmp_path
    steps = []
    monkeypatch.setattr(serve, "call_command", lambda name, *a, **k: steps.append(name))
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: steps.append(argv))
    call_command("serve", "--workers", "2", *flags)
    assert steps[:-1] == first
    gunicorn = steps[-1]
    assert gunicorn[1:4] == ["-m", "gunicorn", "linkwork.config.wsgi:application"]
    assert gunicorn[gunicorn.index("--workers") + 1] == "2"
