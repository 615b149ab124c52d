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
def test_serve_answers_health_checks_and_serves_the_nhs_stylesheet(tmp_path):
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
        # serve makes the new database's tables first (no migrate of its own beforehand: a
        # process fewer), as on a new server.
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
