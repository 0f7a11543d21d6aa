"""Measure `--staging` (the request budget) against the full run on the self-test's planted faults:
`python -m tests.contract_tests.budget_faults [--every N] [--first K]`.

For each fault of `test_selftest.FAULTS` (every Nth, from the first K): plant it in this process, serve a
fresh mock, run `calcom-contract run` against it in a subprocess twice (the default run and `--staging`), and
note whether the run failed and how many requests it sent. A fault is caught when the run fails. Prints one
line per fault and the totals: the share the staging run catches of what the full run catches, and the
requests spent per fault caught. Slow: two whole runs per fault.
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
    options = parser.parse_args(argv)
    chosen = FAULTS[options.start : options.first : options.every]
    caught = {"full": 0, "staging": 0, "both": 0}
    sent = {"full": 0, "staging": 0}
    for fault in chosen:
        with pytest.MonkeyPatch.context() as monkeypatch:
            fault.plant(monkeypatch)
            results = {}
            for name, extra in (("full", ()), ("staging", ("--staging",))):
                with serve_in_background(create_app(seed=11)) as url:
                    results[name] = _run(url, *extra)
        for name, (failed, n) in results.items():
            caught[name] += failed
            sent[name] += n
        caught["both"] += results["full"][0] and results["staging"][0]
        print(
            f"{fault.name}: full {'caught' if results['full'][0] else 'missed'} ({results['full'][1]} requests), "
            f"staging {'caught' if results['staging'][0] else 'missed'} ({results['staging'][1]} requests)",
            flush=True,
        )
    print(f"faults: {len(chosen)}; caught by the full run: {caught['full']}, by --staging: {caught['staging']}")
    if caught["full"]:
        print(f"share of the full run's catches that --staging catches: {caught['both'] / caught['full']:.0%}")
    for name in ("full", "staging"):
        if caught[name]:
            print(
                f"{name}: {sent[name] / len(chosen):.0f} requests per run, "
                f"{sent[name] / caught[name]:.0f} per fault caught"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
