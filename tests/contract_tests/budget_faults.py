"""Measure `--staging` (the request budget) against the full run on the self-test's planted faults:
`python -m tests.contract_tests.budget_faults [--every N] [--start I] [--first K] [--only full|staging]`.

For each fault of `test_selftest.FAULTS` (every Nth from the I-th, before the K-th): plant it in this process,
serve a fresh mock, run `calcom-contract run` against it in a subprocess twice (the default run and
`--staging`, with `--budget N` when given), and note whether the run failed and how many requests it sent. A
fault is caught when the run fails. Prints one line per fault and the totals: the share the staging run
catches of what the full run catches, and the requests spent per fault caught. Slow: two whole runs per
fault; `--only` runs one of the two (to measure them apart, e.g. the staging side again after a change), and
`--merge FILE...` adds up the per-fault lines of earlier outputs, the last line of a fault and run counting.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mock_server import create_app, serve_in_background
from tests.contract_tests.test_calcom_contract import calcom_contract
from tests.contract_tests.test_selftest import FAULTS

_SENT = re.compile(r"requests sent: ([\d,]+)")
_LINE = re.compile(r"^(?P<fault>.+?): (?:(?:full|staging) (?:caught|missed) \(\d+ requests\)(?:, )?)+$")
_RESULT = re.compile(r"(full|staging) (caught|missed) \((\d+) requests\)")


def _run(url: str, *extra: str) -> tuple[bool, int]:
    try:
        code, out, err = calcom_contract(
            "run", "--base-url", url, "--no-progress", *extra, cwd=Path(tempfile.mkdtemp()), timeout=900
        )
    except subprocess.TimeoutExpired:
        print("  run timed out after 900 s: counted as missed", file=sys.stderr)
        return False, 0
    sent = _SENT.search(out)
    if code not in (0, 1):
        print(f"  run did not complete ({code}): {err[-300:]}", file=sys.stderr)
    return code == 1, int(sent.group(1).replace(",", "")) if sent else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--first", type=int, default=len(FAULTS))
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--only", choices=("full", "staging"))
    parser.add_argument("--budget", type=int, help="the staging run's --budget (default: the preset's)")
    parser.add_argument("--merge", nargs="+", type=Path, metavar="FILE", help="add up earlier outputs instead")
    options = parser.parse_args(argv)
    if options.merge:
        _totals(_merged(options.merge))
        return 0
    runs = {"full": (), "staging": ("--staging", *(("--budget", str(options.budget)) if options.budget else ()))}
    results: dict[str, dict[str, tuple[bool, int]]] = {}
    for fault in FAULTS[options.start : options.first : options.every]:
        with pytest.MonkeyPatch.context() as monkeypatch:
            fault.plant(monkeypatch)
            found = results[fault.name] = {}
            for name, extra in runs.items():
                if options.only in (None, name):
                    with serve_in_background(create_app(seed=11)) as url:
                        found[name] = _run(url, *extra)
        print(_line(fault.name, found), flush=True)
    _totals(results)
    return 0


def _line(name: str, found: dict[str, tuple[bool, int]]) -> str:
    runs = ", ".join(f"{run} {'caught' if failed else 'missed'} ({n} requests)" for run, (failed, n) in found.items())
    return f"{name}: {runs}"


def _merged(paths: list[Path]) -> dict[str, dict[str, tuple[bool, int]]]:
    results: dict[str, dict[str, tuple[bool, int]]] = {}
    for path in paths:
        for line in path.read_text().splitlines():
            match = _LINE.match(line)
            if match:
                found = results.setdefault(match["fault"], {})
                found.update({run: (how == "caught", int(n)) for run, how, n in _RESULT.findall(line)})
    return results


def _totals(results: dict[str, dict[str, tuple[bool, int]]]) -> None:
    both = {name: found for name, found in results.items() if {"full", "staging"} <= set(found)}
    measured = both or results
    caught = {run: sum(found[run][0] for found in measured.values() if run in found) for run in ("full", "staging")}
    sent = {run: sum(found[run][1] for found in measured.values() if run in found) for run in ("full", "staging")}
    print(f"faults: {len(measured)}; caught by the full run: {caught['full']}, by --staging: {caught['staging']}")
    if both and caught["full"]:
        shared = sum(found["full"][0] and found["staging"][0] for found in both.values())
        print(f"share of the full run's catches that --staging catches: {shared / caught['full']:.0%}")
        missed = [name for name, found in both.items() if found["full"][0] and not found["staging"][0]]
        print(f"caught by the full run only: {'; '.join(missed) or 'none'}")
    for run in ("full", "staging"):
        if caught[run]:
            per_run, per_catch = sent[run] / len(measured), sent[run] / caught[run]
            print(f"{run}: {per_run:.0f} requests per run, {per_catch:.0f} per fault caught")


if __name__ == "__main__":
    sys.exit(main())
