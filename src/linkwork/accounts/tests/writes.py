"""Catching a request that writes when it should not (the access metatests)."""

import re

# Tables a refused request may still write: the audit log (refusals and reads are
# recorded), sessions, sign-in lockout counts, a token's last use and its requests this
# minute (core/ratelimit.py).
BOOKKEEPING = re.compile(
    r'\b(INSERT INTO|UPDATE|DELETE FROM)\s+"?(audit_auditevent|audit_chainhead|django_session'
    r'|axes_\w+|accounts_apitoken|core_ratelimitcount)"?',
    re.IGNORECASE,
)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class Writes:
    """The SQL writes a request makes, beyond the bookkeeping above."""

    def __init__(self):
        self.seen = []

    def __call__(self, execute, sql, params, many, context):
        if WRITE.match(sql) and not BOOKKEEPING.search(sql):
            self.seen.append(sql[:120])
        return execute(sql, params, many, context)
