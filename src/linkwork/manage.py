"""The `linkwork` console script: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    # `linkwork demo` is a local, single-user demonstration: debug mode, demo logins allowed.
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("LINKWORK_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as missing:  # a setting to put right: one line, no traceback
        sys.exit(f"linkwork: {missing}")


if __name__ == "__main__":
    main()
