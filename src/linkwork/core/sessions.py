"""Django's database sessions, read by a statement (decision 0152).

Every signed-in request reads its session; Django builds that query's SQL afresh each time,
which cost more than the database's answer. The rows, the expiry rule and everything else
are Django's own.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from linkwork.core.statements import statement


@statement
def _live_session(session_key, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = _live_session(self.session_key, timezone.now())
        if found:
            return found[0]
        self._session_key = None  # as Django's: gone or expired, a new one is made
        return None
