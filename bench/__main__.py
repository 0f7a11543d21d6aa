"""`python -m bench`: parse the options, run the measurements, print the tables and append them to the docs."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench
from bench.config import DOCS, ROOT
from bench.loadgen import choose_load
from bench.machine import Idleness
from bench.net import log
from bench.runs import Runs, ScaleRow, head_to_head, scale
from bench.servers import ensure_prism
from bench.tables import (
    head_to_head_rows,
    machine_info,
    process_rows,
    render,
    scale_rows,
    target_lines,
    write_docs,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(bench.__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the head-to-head (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per load run (default: %(default)s)")
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of warm-up per scenario (default: %(default)s)"
    )
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default: %(default)s)")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="scale sizes, comma-separated (default: %(default)s)"
    )
    parser.add_argument(
        "--scale-duration", type=float, default=3, help="seconds per scale load run (default: %(default)s)"
    )
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s, scale up to 10,000: about a minute")
    parser.add_argument("--no-prism", action="store_true", help="do not install or run Prism")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale part")
    parser.add_argument("--no-head-to-head", action="store_true", help="skip the ours-vs-Prism part")
    parser.add_argument("--no-docs", action="store_true", help="do not append the results to docs/benchmarks.md")
    parser.add_argument(
        "--loadgen",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk if present or installable, else Python)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration, args.warmup, args.scale_duration = 1, 2, 0.5, 2
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "1000,10000"
    args.sizes = [int(s.replace("_", "")) for s in str(args.sizes).split(",") if s.strip()]
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1 or args.threads < 1:
        parser.error("rounds, duration, connections and threads must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    idleness = Idleness.before()  # before anything of the benchmark runs
    started = time.perf_counter()

    def terminate(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    with tempfile.TemporaryDirectory(prefix="calcom-bench-") as tmp_name:
        tmp = Path(tmp_name)
        load = choose_load(args.loadgen, tmp)
        with_prism = not args.no_prism and not args.no_head_to_head
        prism_version = ensure_prism() if with_prism else None
        info = machine_info(load, prism_version)
        runs: Runs | None = None
        facts: dict[str, dict[str, float]] = {}
        notes: dict[str, Any] = {}
        if not args.no_head_to_head:
            runs, facts, notes = head_to_head(args, load, tmp, with_prism)
        scale_result: list[ScaleRow] = []
        if not args.no_scale and args.sizes:
            scale_result = scale(args, load, tmp)
    elapsed = time.perf_counter() - started
    idleness.after()  # every server and load run has stopped
    info["machine"] = idleness.summary()
    warning = idleness.warning()

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    settings = (
        f"{args.rounds} round(s) of {args.duration:g} s per operation and server, "
        f"{args.connections} connections, {args.threads} thread(s), {args.warmup:g} s warm-up; medians"
    )
    blocks: list[tuple[str, list[list[str]] | list[str]]] = []
    if runs is not None:
        blocks.append((f"Ours vs Prism ({settings})", head_to_head_rows(runs)))
        blocks.append(("Start-up and memory", process_rows(facts, [r.startup_s for r in scale_result])))
    if scale_result:
        blocks.append(
            (
                f"Scale, our mock (one connection, {args.scale_duration:g} s per run; list = attendeeEmail + "
                "status=upcoming,past + sortStart, take=10, org admin key)",
                scale_rows(scale_result),
            )
        )
    targets = target_lines(runs, facts, scale_result)
    cancel_note = ", ".join(f"{n:,} in {s:.2f} s" for n, s in notes.get("cancel_targets", []))

    text = [f"Benchmark {when}, run time {elapsed:.0f} s"]
    text += [f"  {k}: {v}" for k, v in info.items()]
    for title, rows in blocks:
        text += ["", title, render(rows, markdown=False)]  # type: ignore[arg-type]
    if cancel_note:
        text += ["", f"Cancel targets pre-loaded per round through PUT /_mock/state: {cancel_note}"]
    if targets:
        text += ["", "Targets:", *(f"  {line}" for line in targets)]
    if warning:
        text += ["", warning]
    print("\n".join(text), flush=True)

    if not args.no_docs:
        md = [
            f"### Run of {when}",
            "",
            "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
            "",
            f"`make bench` run time: {elapsed:.0f} s"
            + (f"; arguments: `{' '.join(sys.argv[1:])}`" if sys.argv[1:] else "")
            + ".",
        ]
        for title, rows in blocks:
            md += ["", f"**{title}**", "", render(rows, markdown=True)]  # type: ignore[arg-type]
        if cancel_note:
            md += ["", f"Cancel targets pre-loaded per round: {cancel_note}."]
        if targets:
            md += ["", "Targets:", "", *(f"- {line}" for line in targets)]
        if warning:
            md += ["", f"**{warning}**"]
        write_docs("\n".join(md))
        log(f"results appended to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted, servers stopped", file=sys.stderr)
        sys.exit(130)
