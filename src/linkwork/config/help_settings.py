"""Settings for listing commands alone (`linkwork --help`) when the environment stops the
real ones loading: help runs nothing, so it needs the apps and no secret or database
(manage.py says what to put right underneath)."""

from linkwork.config.installed_apps import installed_apps

# `demo` too: `linkwork demo` runs from any shell (manage.py turns demo mode on for it).
INSTALLED_APPS = installed_apps(demo=True)

SECRET_KEY = "help-signs-nothing"  # noqa: S105
DATABASES = {}
AUTH_USER_MODEL = "accounts.User"
USE_TZ = True
