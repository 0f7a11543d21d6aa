"""Tables (plain text and Markdown), the targets block, and the results appended to docs/benchmarks.md."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import statistics
from pathlib import Path

from bench.config import DOCS
from bench.loadgen import PythonLoad, Wrk
from bench.net import command_output
from bench.runs import Runs, ScaleRow
from bench.scenarios import SCENARIOS


def machine_info(load: Wrk | PythonLoad, prism_version: str | None) -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = 0
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    node = command_output(["node", "--version"]) if shutil.which("node") else "absent"
    return {
        "cpu": f"{os.cpu_count()} cores, {model}",
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "connexion": _version("connexion"),
        "uvicorn": _version("uvicorn"),
        "node": node,
        "prism": prism_version or "not run",
        "load generator": f"{load.name} ({load.version})",
    }


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def fmt(value: float, digits: int = 1) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:,.{digits}f}"


def ratio(ours: float, theirs: float) -> str:
    if ours != ours or theirs != theirs or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}x"


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(out)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *(line(r) for r in rows[1:])])


def head_to_head_rows(runs: Runs) -> list[list[str]]:
    rows = [
        [
            "operation",
            "ours req/s",
            "Prism req/s",
            "ratio",
            "ours p50 ms",
            "Prism p50 ms",
            "ratio",
            "ours p99 ms",
            "Prism p99 ms",
            "ratio",
            "ours non-2xx",
            "Prism non-2xx",
        ]
    ]
    for scenario in SCENARIOS:
        cells = [scenario.label]
        for attribute in ("rps", "p50_ms", "p99_ms"):
            ours, theirs = runs.median("mock", scenario.key, attribute), runs.median("prism", scenario.key, attribute)
            cells += [
                fmt(ours, 0 if attribute == "rps" else 2),
                fmt(theirs, 0 if attribute == "rps" else 2),
                ratio(ours, theirs),
            ]
        for server in ("mock", "prism"):
            non2xx, errors, total = runs.totals(server, scenario.key)
            cells.append(f"{non2xx:,}/{total:,}" + (f" +{errors} socket errors" if errors else "") if total else "-")
        rows.append(cells)
    return rows


def process_rows(facts: dict[str, dict[str, float]], extra_startups: list[float]) -> list[list[str]]:
    rows = [["server", "start-up to first answer s", "RSS idle MiB", "RSS after load MiB", "peak RSS MiB"]]
    for name, label in (("mock", "ours (mock_server CLI)"), ("prism", "Prism 5 (prism mock -v error)")):
        if name in facts:
            f = facts[name]
            startup = fmt(f["startup_s"], 2)
            if name == "mock" and extra_startups:
                every = [f["startup_s"], *extra_startups]
                startup = (
                    f"{statistics.median(every):.2f} (median of {len(every)}: "
                    + " ".join(f"{s:.2f}" for s in every)
                    + ")"
                )
            rows.append(
                [
                    label,
                    startup,
                    fmt(f["rss_idle"]),
                    fmt(f.get("rss_loaded", float("nan"))),
                    fmt(f.get("rss_peak", float("nan"))),
                ]
            )
    return rows


def scale_rows(rows: list[ScaleRow]) -> list[list[str]]:
    out = [
        [
            "extra bookings",
            "JSON MB",
            "import s",
            "list matches",
            "list p50 ms",
            "list p99 ms",
            "list req/s",
            "get p50 ms",
            "get p99 ms",
            "get req/s",
            "RSS before MiB",
            "RSS after MiB",
            "RSS/booking bytes",
            "peak RSS MiB",
        ]
    ]
    for r in rows:
        per_booking = per_booking_bytes(r)
        out.append(
            [
                f"{r.size:,}",
                fmt(r.doc_mb),
                fmt(r.import_s, 2),
                f"{r.matches:,}",
                fmt(r.list_result.p50_ms, 2),
                fmt(r.list_result.p99_ms, 2),
                fmt(r.list_result.rps, 0),
                fmt(r.get_result.p50_ms, 2),
                fmt(r.get_result.p99_ms, 2),
                fmt(r.get_result.rps, 0),
                fmt(r.rss_before),
                fmt(r.rss_after),
                fmt(per_booking, 0),
                fmt(r.rss_peak),
            ]
        )
    return out


# The targets `make bench` is held to: (minimum ours/Prism req/s ratio, maximum ours/Prism p99 ratio).
THROUGHPUT_TARGETS = {"get": 2.0, "list": 1.5, "create": 1.5, "cancel": 1.5}
LIST_GROWTH_TARGET = 2.0  # list p50 at the largest size / at the smallest, at most
IMPORT_TARGET_S = 3.0  # import of 100,000 bookings, under
RSS_PER_BOOKING_TARGET = 4000  # bytes, at most
STARTUP_TARGET_S = 1.0  # under


def verdict(value: float, limit: float, *, at_least: bool = False, unit: str = "") -> str:
    """`met`, or `NOT met, missed by ...` (how far the value is from the limit, absolute and relative)."""
    if value != value:  # NaN
        return "not measured"
    ok = value >= limit if at_least else value <= limit
    if ok:
        return "met"
    gap = limit - value if at_least else value - limit
    return f"NOT met, missed by {gap:,.2f}{unit} ({abs(value / limit - 1) * 100:.0f}%)"


def per_booking_bytes(row: ScaleRow) -> float:
    return (row.rss_after - row.rss_before) * 1024 * 1024 / row.size if row.size else float("nan")


def target_lines(runs: Runs | None, facts: dict[str, dict[str, float]], scale_result: list[ScaleRow]) -> list[str]:
    """One line per target of the performance issue: the measured value and whether it is met."""
    lines = []
    if runs is not None and "prism" in facts:
        for key, minimum in THROUGHPUT_TARGETS.items():
            rps_ratio = runs.median("mock", key, "rps") / runs.median("prism", key, "rps")
            p99_ratio = runs.median("mock", key, "p99_ms") / runs.median("prism", key, "p99_ms")
            lines.append(
                f"{key:<6}: req/s {rps_ratio:.2f}x Prism's (target >= {minimum:g}x: "
                f"{verdict(rps_ratio, minimum, at_least=True, unit='x')}); "
                f"p99 {p99_ratio:.2f}x Prism's (target <= 1x: {verdict(p99_ratio, 1.0, unit='x')})"
                + _errors_note(runs, key)
            )
    startups = ([facts["mock"]["startup_s"]] if "mock" in facts else []) + [r.startup_s for r in scale_result]
    if startups:
        startup = statistics.median(startups)
        lines.append(
            f"start-up: {startup:.2f} s, median of {len(startups)} "
            f"(target < {STARTUP_TARGET_S:g} s: {verdict(startup, STARTUP_TARGET_S, unit=' s')})"
        )
    if scale_result:
        smallest = min(scale_result, key=lambda r: r.size)
        biggest = max(scale_result, key=lambda r: r.size)
        smaller = "" if biggest.size >= 100_000 else f"; measured at {biggest.size:,}, not 100,000"
        growth = biggest.list_result.p50_ms / smallest.list_result.p50_ms
        lines.append(
            f"list p50: {biggest.list_result.p50_ms:.2f} ms at {biggest.size:,} bookings, "
            f"{smallest.list_result.p50_ms:.2f} ms at {smallest.size:,}: {growth:.2f}x "
            f"(target <= {LIST_GROWTH_TARGET:g}x: {verdict(growth, LIST_GROWTH_TARGET, unit='x')}{smaller})"
        )
        import_100k = biggest.import_s * 100_000 / biggest.size  # import time grows linearly with the size
        lines.append(
            f"import of {biggest.size:,} bookings: {biggest.import_s:.2f} s"
            + ("" if biggest.size == 100_000 else f", {import_100k:.2f} s extrapolated to 100,000")
            + f" (target < {IMPORT_TARGET_S:g} s at 100,000: {verdict(import_100k, IMPORT_TARGET_S, unit=' s')})"
        )
        per_booking = per_booking_bytes(biggest)
        lines.append(
            f"RSS per booking at {biggest.size:,}: {per_booking:,.0f} bytes "
            f"(target <= {RSS_PER_BOOKING_TARGET:,}: {verdict(per_booking, RSS_PER_BOOKING_TARGET, unit=' bytes')})"
        )
    return lines


ERROR_SHARE = 0.01  # more of our answers than this are errors: the operation's numbers measure errors


def _errors_note(runs: Runs, key: str) -> str:
    non2xx, errors, total = runs.totals("mock", key)
    if not total or (non2xx + errors) / total <= ERROR_SHARE:
        return ""
    return f"; NOT valid: {(non2xx + errors) / total:.0%} of our answers were errors or socket errors"


def write_docs(markdown: str) -> None:
    if not DOCS.exists():
        DOCS.write_text(
            "# Benchmarks\n\nRun `make bench` (see bench/__main__.py); every run appends its results below.\n\n"
            "## Results\n"
        )
    with DOCS.open("a") as out:
        out.write("\n" + markdown.rstrip() + "\n")
