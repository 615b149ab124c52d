"""A separate OS process appending audit events, for test_concurrency.py.

    python -m linkwork.audit.tests.writer NAME COUNT SIGNAL_DIR

Connects (DATABASE_URL), says it is ready by creating SIGNAL_DIR/NAME, waits for
SIGNAL_DIR/go, then appends COUNT events, each marked with NAME, pausing a moment between
them as requests do (back to back, one SQLite writer can hold the lock throughout while the
other's busy handler sleeps, and the two never overlap).
"""

import os
import sys
import time
from pathlib import Path


def main(name: str, count: int, signals: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.test_settings")
    django.setup()
    from django.db import connection

    from linkwork.audit.models import Action
    from linkwork.audit.services import record

    connection.ensure_connection()
    (signals / name).touch()
    deadline = time.monotonic() + 60
    while not (signals / "go").exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.005)
    for n in range(count):
        record(action=Action.VIEW, actor_username=name, person_id=n, detail={"writer": name})
        time.sleep(0.002)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
