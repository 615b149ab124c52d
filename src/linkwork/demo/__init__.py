"""The demo: synthetic data and the `demo` and `seed` commands. Installed only in debug or
demo mode and by the tests (config/installed_apps.py); a production instance cannot import
it, so no demo data or published demo password can reach a real database by accident."""

from django.conf import settings

if "linkwork.demo" not in settings.INSTALLED_APPS:
    raise ImportError("linkwork.demo is installed only in debug or demo mode and in tests")
