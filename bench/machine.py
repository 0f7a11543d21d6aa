"""Is the machine idle enough for the ratios to mean something? The load average before and after the run,
and, with nothing of the benchmark's running, the share of the machine's CPU that other processes use: a
short probe of /proc/stat before the first server starts and after the last one stops. (The load average
after the run includes the run itself, so it cannot tell a busy machine from a finished benchmark.)"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

BUSY_SHARE = 0.10  # other processes using more than this share of the CPU: the machine was busy
PROBE_S = 2.0


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu_jiffies() -> tuple[int, int] | None:
    """(busy, total) jiffies over every core since boot, or None where /proc/stat is absent."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


def busy_share(seconds: float = PROBE_S) -> float:
    """The share of the machine's CPU used during `seconds` in which this process sleeps (NaN if unknown)."""
    first = _cpu_jiffies()
    time.sleep(seconds)
    second = _cpu_jiffies()
    if first is None or second is None or second[1] == first[1]:
        return float("nan")
    return (second[0] - first[0]) / (second[1] - first[1])


@dataclass
class Idleness:
    """What the machine was doing around the run, and the warning the tables carry when it was busy."""

    load_before: str
    busy_before: float
    load_after: str = ""
    busy_after: float = float("nan")

    @classmethod
    def before(cls) -> Idleness:
        return cls(load_before=loadavg(), busy_before=busy_share())

    def after(self) -> None:
        self.load_after = loadavg()
        self.busy_after = busy_share()

    def summary(self) -> str:
        return (
            f"load average {self.load_before} before, {self.load_after} after; other processes used "
            f"{_pct(self.busy_before)} of the CPU before the run and {_pct(self.busy_after)} after it"
        )

    def warning(self) -> str | None:
        """None when the machine was idle around the run, else the sentence that says it was not."""
        busy = [s for s in (self.busy_before, self.busy_after) if s == s and s > BUSY_SHARE]
        if not busy:
            return None
        return (
            f"WARNING: the machine was busy ({self.summary()}; idle is under {BUSY_SHARE:.0%}): the servers "
            "competed with other processes for the CPU, and the numbers of this run compare with no other run"
        )


def _pct(share: float) -> str:
    return "?" if share != share else f"{share:.0%}"
