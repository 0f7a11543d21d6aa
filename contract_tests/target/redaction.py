"""The one place that keeps credentials out of everything the suite prints.

Every string the suite shows (failure messages, curl lines, the summary table, the Markdown report,
JUnit properties, log records, pytest reports) goes through `redact`. Secrets are registered once, at
start-up, from the target profile; their URL-encoded forms are covered too, since v1 sends the key in
the query string.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

__all__ = ["REDACTED", "Redactor", "install_log_redaction", "redact", "register_secrets"]

REDACTED = "[REDACTED]"
_MIN_SECRET_LENGTH = 4  # shorter values would blank out ordinary words


class Redactor:
    """Replaces every registered secret (and its URL-encoded forms) with `[REDACTED]`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._forms: list[str] = []
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        with self._lock:
            forms = set(self._forms)
            for secret in secrets:
                if secret and len(secret) >= _MIN_SECRET_LENGTH:
                    forms.update(
                        {
                            secret,
                            quote(secret, safe=""),
                            quote(secret),
                            quote_plus(secret),
                            quote_plus(secret, safe=","),
                        }
                    )
            # Longest first, so a secret that contains another is replaced whole.
            self._forms = sorted(forms, key=len, reverse=True)

    def clear(self) -> None:
        with self._lock:
            self._forms = []

    def __call__(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text

    def __contains__(self, text: str) -> bool:
        return any(form in text for form in self._forms)


_REDACTOR = Redactor()


def register_secrets(*secrets: str | None) -> None:
    _REDACTOR.add(*secrets)


def redact(text: object) -> str:
    """`text` as a string with every registered secret replaced."""
    return _REDACTOR(text if isinstance(text, str) else str(text))


_installed = False


def install_log_redaction() -> None:
    """Redact every log record at creation, whichever logger or handler later formats it."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for logging to report
            return record
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
