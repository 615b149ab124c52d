"""The installed apps, apart from the rest of the settings: `linkwork --help` finds every
command through them even when the environment stops the settings loading (manage.py)."""

PRODUCT_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "axes",
    "simple_history",
    "ninja",
    "linkwork.core",
    "linkwork.accounts",
    "linkwork.organisations",
    "linkwork.places",
    "linkwork.directory",
    "linkwork.links",
    "linkwork.referrals",
    "linkwork.casework",
    "linkwork.outcomes",
    "linkwork.groups",
    "linkwork.team",
    "linkwork.activity",
    "linkwork.placements",
    "linkwork.documents",
    "linkwork.audit",
    "linkwork.reporting",
    "linkwork.interop",
    "linkwork.surveys",
    "linkwork.privacy",
    "linkwork.home",
]


def installed_apps(*, demo: bool) -> list[str]:
    """The product's apps, and with `demo` the demo's data and its `demo` and `seed`
    commands: in debug or demo mode, where demo logins work (accounts/backends.py), and in
    the tests; never in production."""
    return [*PRODUCT_APPS, "linkwork.demo"] if demo else list(PRODUCT_APPS)
