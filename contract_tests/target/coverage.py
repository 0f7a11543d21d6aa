"""Which operations and which documented status codes the run exercised.

Every exchange, whether sent by Schemathesis or by the suite's own client, is recorded here; the
pytest plugin prints the table at the end and `--min-coverage` compares `status_percent` with the
threshold.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from contract_tests.target.spec import Operation, documented_operations

__all__ = ["CoverageRecorder", "CoverageRow"]


@dataclass(frozen=True)
class CoverageRow:
    operation: Operation
    calls: int
    exercised: frozenset[int]  # documented statuses seen
    missing: frozenset[int]  # documented statuses never seen
    undocumented: frozenset[int]  # statuses seen that the operation does not document


class CoverageRecorder:
    def __init__(self, operations: Mapping[str, Operation] | None = None) -> None:
        self.operations = dict(operations if operations is not None else documented_operations())
        self._seen: defaultdict[str, Counter[int]] = defaultdict(Counter)
        self._lock = threading.Lock()

    def record(self, operation_id: str | None, status: int) -> None:
        if operation_id is None:
            return
        with self._lock:
            self._seen[operation_id][status] += 1

    def counts(self) -> dict[str, dict[int, int]]:
        """operationId -> status -> calls, to send from a parallel worker (see `merge`)."""
        with self._lock:
            return {str(op): {int(status): int(n) for status, n in seen.items()} for op, seen in self._seen.items()}

    def merge(self, counts: Mapping[str, Mapping[int | str, int]]) -> None:
        """Add a worker's `counts` (statuses may arrive as strings after serialisation)."""
        with self._lock:
            for operation_id, seen in counts.items():
                for status, calls in seen.items():
                    self._seen[operation_id][int(status)] += calls

    def rows(self) -> list[CoverageRow]:
        rows = []
        for operation_id, operation in self.operations.items():
            seen = self._seen.get(operation_id, Counter())
            statuses = frozenset(seen)
            rows.append(
                CoverageRow(
                    operation=operation,
                    calls=sum(seen.values()),
                    exercised=statuses & operation.statuses,
                    missing=operation.statuses - statuses,
                    undocumented=statuses - operation.statuses,
                )
            )
        return rows

    def status_percent(self) -> float:
        rows = self.rows()
        total = sum(len(row.operation.statuses) for row in rows)
        return 100.0 * sum(len(row.exercised) for row in rows) / total if total else 100.0

    def operation_percent(self) -> float:
        rows = self.rows()
        return 100.0 * sum(1 for row in rows if row.calls) / len(rows) if rows else 100.0

    def table(self) -> str:
        """A fixed-width table: one line per operation, documented statuses ticked or not."""
        rows = self.rows()
        width = max((len(r.operation.label) for r in rows), default=10)
        lines = [f"{'operation':<{width}}  {'calls':>6}  documented statuses (+ exercised, - not)  undocumented seen"]
        for row in rows:
            marks = " ".join(
                f"{'+' if status in row.exercised else '-'}{status}" for status in sorted(row.operation.statuses)
            )
            extra = " ".join(str(s) for s in sorted(row.undocumented)) or "-"
            lines.append(f"{row.operation.label:<{width}}  {row.calls:>6}  {marks:<41}  {extra}")
        lines.append(
            f"operations exercised: {self.operation_percent():.0f}%   "
            f"documented status codes exercised: {self.status_percent():.0f}%"
        )
        return "\n".join(lines)
