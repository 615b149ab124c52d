"""Settings for `linkwork score` alone: it scores answers and touches nothing else, so it
needs no secret key, database or environment (a bare shell must be able to run it)."""

import os

INSTALLED_APPS: list[str] = []  # the command is called directly (see manage.py)
SECRET_KEY = "score-command-needs-no-secret"  # noqa: S105 (signs nothing)
DATABASES = {}
USE_TZ = True
OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE = os.environ.get("OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE", "3")
OUTCOMES_WEMWBS_MEANINGFUL_CHANGE = os.environ.get("OUTCOMES_WEMWBS_MEANINGFUL_CHANGE", "9")
