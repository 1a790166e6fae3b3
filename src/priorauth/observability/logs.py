"""JSON log lines on stderr: one object per event with the ids and timings it carries.

PHI discipline: nothing here formats a request, a note or a patient; callers pass ids and outcomes
through `extra=`, and only the keys in FIELDS are written."""

from __future__ import annotations

import datetime as dt
import logging
import sys

import orjson

FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "ms",
    "case_id",
    "key_id",
    "role",
    "outcome",
    "path",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "at": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__  # the type only: messages may quote input
        return orjson.dumps(entry).decode()


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("priorauth")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False
