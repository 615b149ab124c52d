"""Settings for the test suite: production settings with test-only relaxations."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "y" * 30)

from linkwork.config.installed_apps import installed_apps  # noqa: E402
from linkwork.config.settings import *  # noqa: E402, F403
from linkwork.config.settings import STORAGES  # noqa: E402

# Tests speak plain HTTP to the test client and to the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEMO_MODE = True
INSTALLED_APPS = installed_apps(demo=True)  # the tests seed the demo (conftest.py)
TWO_FACTOR_REQUIRED = False  # as in demo mode; tests of it turn it on
AUDIT_SQLITE_REFUSE_DELETE = False  # see audit/db_triggers.py
# Every API request is counted as in production, but no test of something else meets the
# limit (core/tests/test_api_rate_limit.py sets its own).
LINKWORK_API_RATE_PER_MINUTE = 100_000
# Letters and forms the tests attach go to a directory of their own, never the data's.
DOCUMENTS_DIR = Path(tempfile.gettempdir()) / f"linkwork-test-documents-{os.getpid()}"

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Empties the tables after a browser test in well under a second (its docstring).
    DATABASES["default"]["ENGINE"] = "linkwork.core.tests.postgresql"  # noqa: F405
# Each run of a statement (core/statements.py) is checked against the SQL its values build.
CHECK_STATEMENTS = True
