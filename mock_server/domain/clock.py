"""The mock's sense of time.

Every rule that depends on "now" (status filters, mark-absent, reports, booking in the past) asks a
`Clock`, so tests and contract runs can freeze or shift time without patching `datetime`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "to_utc"]


def to_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC, truncated to milliseconds like the real database stores it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment!r}")
    utc = moment.astimezone(UTC)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def _system_now() -> datetime:
    return datetime.now(UTC)


class Clock:
    """Real time by default; can be frozen at an instant or shifted by an offset."""

    def __init__(
        self,
        *,
        frozen_at: datetime | None = None,
        offset: timedelta = timedelta(0),
        source: Callable[[], datetime] = _system_now,
    ) -> None:
        self._source = source
        self._frozen_at = to_utc(frozen_at) if frozen_at is not None else None
        self._offset = offset
        self._start = (self._frozen_at, offset)

    def __repr__(self) -> str:
        if self._frozen_at is not None:
            return f"Clock(frozen_at={self._frozen_at.isoformat()})"
        return f"Clock(offset={self._offset!r})"

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC, millisecond precision."""
        if self._frozen_at is not None:
            return self._frozen_at
        return to_utc(self._source() + self._offset)

    def freeze(self, at: datetime | None = None) -> None:
        """Stop time at `at` (default: the current instant)."""
        self._frozen_at = to_utc(at) if at is not None else self.now()

    def unfreeze(self) -> None:
        """Resume real time, keeping the offset."""
        self._frozen_at = None

    def advance(self, delta: timedelta) -> None:
        """Move time forward by `delta`, whether frozen or running."""
        if self._frozen_at is not None:
            self._frozen_at = to_utc(self._frozen_at + delta)
        else:
            self._offset += delta

    def real_time(self) -> None:
        """Back to real time: running, no offset."""
        self._frozen_at, self._offset = None, timedelta(0)

    def restore(self) -> None:
        """Back to how the clock was made: frozen at the same instant, or running with the same offset."""
        self._frozen_at, self._offset = self._start
