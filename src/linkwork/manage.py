"""The `linkwork` console script: Django's manage.py for this project."""

import os
import sys

ASKING_FOR_HELP = ([], ["help"], ["--help"], ["-h"])


def main() -> None:
    # `linkwork demo` is a local, single-user demonstration: debug mode, demo logins allowed.
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("LINKWORK_DEMO", "1")
    if len(sys.argv) > 1 and sys.argv[1] == "score":
        score()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings now, to report them here)
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as missing:  # a setting to put right: one line, no traceback
        if sys.argv[1:] not in ASKING_FOR_HELP:
            sys.exit(f"linkwork: {missing}")
        # Django alone would list only its own commands: list them all, then say what to set.
        os.environ["DJANGO_SETTINGS_MODULE"] = "linkwork.config.help_settings"
        execute_from_command_line(sys.argv)
        print(f"\nlinkwork: before running these: {missing}", file=sys.stderr)


def score() -> None:
    """`linkwork score` is arithmetic: no database, no secret key, no environment, so it
    runs from a bare shell with settings of its own and exits here."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.score_settings")
    import django

    django.setup()
    from linkwork.outcomes.management.commands.score import Command

    Command().run_from_argv(sys.argv)
    sys.exit(0)


if __name__ == "__main__":
    main()
