"""What logs and error bodies may show of a request: its target with API keys redacted, and text with its
control characters escaped."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["loggable", "redacted_target"]

_SENSITIVE_QUERY_KEYS = {"apikey"}


def redacted_target(path: str, query: Iterable[tuple[str, str]]) -> str:
    """The request path and its decoded query, with API keys replaced: what logs and error bodies show.
    Decoded, because authentication reads decoded names (`api%4Bey` is `apiKey`)."""
    pairs = [f"{k}={'[redacted]' if k.lower() in _SENSITIVE_QUERY_KEYS else v}" for k, v in query]
    return path + (f"?{'&'.join(pairs)}" if pairs else "")


# C0 and C1 control characters and the Unicode line and paragraph separators, as escapes: a `%0A`
# in a URL must not start a new line in the log.
_LOG_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def loggable(text: str) -> str:
    """`text` with its control characters escaped, safe to put in one log line."""
    return text.translate(_LOG_ESCAPES)
