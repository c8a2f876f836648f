"""Structured logs: the request id of the current request (or job), and a JSON formatter.

The request id is kept in a context variable, so that every log record written while a
request (or a job that carries the id of the request that enqueued it) is handled has it,
whatever the logger. ``LOG_FORMAT`` (settings) chooses between one JSON object per line
(production) and readable text (development).
"""

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

# The request id of the work in progress, or "-" outside any request or job.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What a client or a proxy may give as its own request id; anything else is replaced.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

# The attributes every LogRecord has: what is not among them was passed as ``extra``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def request_id_from(header: str | None) -> str:
    """The id given in the header when it is a safe value, else a new one."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


@contextmanager
def request_id_bound(request_id: str) -> Iterator[None]:
    """Log records written inside the block carry ``request_id`` (a request, or a job)."""
    token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Give every record the request id of the work in progress (set on the handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and the extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
