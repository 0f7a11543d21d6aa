"""The optional Markdown report of a run (`--contract-report FILE`), in the spirit of Schemathesis's:
the target, the coverage table, and every failure with its reproduction. Redacted like all output."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from contract_tests.target.coverage import CoverageRecorder
from contract_tests.target.redaction import redact
from contract_tests.target.targets import TargetProfile

__all__ = ["write_markdown_report"]


def write_markdown_report(
    path: Path,
    *,
    profile: TargetProfile,
    base_url: str,
    recorder: CoverageRecorder,
    failures: Sequence[tuple[str, str]],
    seconds: float,
    ledger_size: int,
    cleanup_problems: Sequence[str],
    coverage_failed: str | None,
    requests: Sequence[str] = (),
) -> None:
    verdict = "FAILED" if failures or coverage_failed else "PASSED"
    lines = [
        "# Cal.com bookings contract report",
        "",
        f"- Result: **{verdict}** ({len(failures)} failing test(s))",
        f"- Target: `{base_url}` (profile `{profile.name}`, {profile.source})",
        f"- Finished: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S UTC')} after {seconds:.1f} s",
        f"- Mode: {'read-only' if profile.run.read_only else 'read-write'}, "
        f"{'thorough' if profile.run.thorough else 'quick'}, "
        f"seed {profile.run.seed if profile.run.seed is not None else 'derandomized'}",
        f"- Bookings created: {ledger_size}; left uncancelled: {len(cleanup_problems)}",
        "",
        "## Operations and documented status codes",
        "",
        "| Operation | Calls | Documented statuses exercised | Not exercised | Undocumented seen |",
        "|---|---:|---|---|---|",
    ]
    for row in recorder.rows():
        exercised, missing, undocumented = (
            ", ".join(map(str, sorted(codes))) or "-" for codes in (row.exercised, row.missing, row.undocumented)
        )
        lines.append(f"| `{row.operation.label}` | {row.calls} | {exercised} | {missing} | {undocumented} |")
    lines += [
        "",
        f"Operations exercised: {recorder.operation_percent():.0f}%. "
        f"Documented status codes exercised: {recorder.status_percent():.0f}%.",
    ]
    if coverage_failed:
        lines += ["", f"**{coverage_failed}**"]
    if requests:
        lines += ["", *requests]
    if failures:
        lines += ["", "## Failures"]
        for node_id, text in failures:
            lines += ["", f"### `{node_id}`", "", "```", text.strip(), "```"]
    if cleanup_problems:
        lines += ["", "## Not cleaned up", ""] + [f"- {problem}" for problem in cleanup_problems]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(redact("\n".join(lines) + "\n"))
