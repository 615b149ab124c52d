"""Keep single-use link tokens out of every log.

A questionnaire link's path is its key (`/q/<token>/`, outcomes/urls.py), as is a staff
survey's (`/staff-survey/<token>/`, surveys/urls.py), so whoever reads a log holding it
could open the questionnaire or survey. gunicorn's access log
(`linkwork serve` uses RedactingGunicornLogger) and Django's own request and development
server loggers (LOGGING uses RedactTokens) write `/q/[redacted]/` instead.
No Django imports: gunicorn loads this before the application.
"""

import logging
import re

from gunicorn.glogging import Logger

TOKEN_IN_PATH = re.compile(r"(/(?:q|staff-survey)/)[^/\s?#\"']+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter: the record's message, with any link token redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN_IN_PATH.search(message):
            record.msg, record.args = redact(message), None
            if hasattr(record, "request"):
                record.request = None  # its repr carries the path too
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's access log, with link tokens redacted from every atom (path, request
    line, referer, raw URI)."""

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
