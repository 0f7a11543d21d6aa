"""The two measurements: ours vs Prism in alternating rounds, and our mock alone at growing sizes."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.config import ATTENDEE_POOL, BENCH_HEADERS, MAX_CANCEL_TARGETS, SCALE_PREFIX, SETTLE_S
from bench.loadgen import PythonLoad, Result, Wrk
from bench.net import free_port, http_call, json_call, log
from bench.scenarios import SCENARIOS, Scenario
from bench.servers import mock_server, prism_server
from bench.states import cancel_targets_document, import_state, scale_document


@dataclass
class Runs:
    results: dict[tuple[str, str], list[Result]] = field(default_factory=dict)

    def add(self, server: str, scenario: str, result: Result) -> None:
        self.results.setdefault((server, scenario), []).append(result)

    def median(self, server: str, scenario: str, attribute: str) -> float:
        values = [getattr(r, attribute) for r in self.results.get((server, scenario), [])]
        return statistics.median(values) if values else float("nan")

    def totals(self, server: str, scenario: str) -> tuple[int, int, int]:
        found = self.results.get((server, scenario), [])
        return sum(r.non2xx for r in found), sum(r.socket_errors for r in found), sum(r.requests for r in found)


def head_to_head(
    args: argparse.Namespace, load: Wrk | PythonLoad, tmp: Path, with_prism: bool
) -> tuple[Runs, dict[str, dict[str, float]], dict[str, Any]]:
    ours = mock_server(free_port(), tmp)
    prism = prism_server(free_port(), tmp) if with_prism else None
    servers = [s for s in (ours, prism) if s is not None]
    runs = Runs()
    facts: dict[str, dict[str, float]] = {}
    notes: dict[str, Any] = {"cancel_targets": []}
    try:
        for server in servers:  # one after the other, so start-ups do not compete for the cores
            server.start()
            time.sleep(1.0)
            facts[server.name] = {"startup_s": server.startup_s, "rss_idle": server.rss()}
            log(f"{server.name} answered after {server.startup_s:.2f} s, RSS {facts[server.name]['rss_idle']:.1f} MiB")
        base = json_call(ours.port, "GET", "/_mock/state")
        reset_doc = json.dumps(base).encode()
        if args.warmup > 0:
            log(f"warm-up: {args.warmup:g} s of GET, list and create on each server")
            for server in servers:
                for scenario in SCENARIOS[:3]:
                    load.run(server.port, scenario, args.warmup, args.connections, args.threads)
        for round_no in range(1, args.rounds + 1):
            order = servers if round_no % 2 else servers[::-1]
            import_state(ours.port, reset_doc)
            for scenario in SCENARIOS:
                if scenario.kind == "cancel":
                    get_rps = runs.results[("mock", "get")][-1].rps
                    count = min(MAX_CANCEL_TARGETS, max(2000, int(get_rps * args.duration * 1.5)))
                    seconds = import_state(ours.port, cancel_targets_document(base, count))
                    notes["cancel_targets"].append((count, seconds))
                for server in order:
                    if not server.alive():
                        raise RuntimeError(f"{server.name} died:\n{server.log_tail()}")
                    result = load.run(server.port, scenario, args.duration, args.connections, args.threads)
                    runs.add(server.name, scenario.key, result)
                    log(
                        f"round {round_no} {scenario.key:<6} {server.name:<5} {result.rps:8.0f} req/s  "
                        f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  "
                        f"non-2xx {result.non2xx}/{result.requests}"
                    )
        for server in servers:
            facts[server.name]["rss_loaded"] = server.rss()
            facts[server.name]["rss_peak"] = server.peak_mib()
    finally:
        for server in servers:
            server.stop()
    return runs, facts, notes


@dataclass
class ScaleRow:
    size: int
    total: int
    doc_mb: float
    build_s: float
    import_s: float
    matches: int
    list_result: Result
    get_result: Result
    rss_before: float
    rss_after: float
    rss_peak: float
    startup_s: float


def scale(args: argparse.Namespace, load: Wrk | PythonLoad, tmp: Path) -> list[ScaleRow]:
    rows = []
    base: dict[str, Any] | None = None
    for size in args.sizes:
        server = mock_server(free_port(), tmp)
        try:
            server.start()
            if base is None:
                base = json_call(server.port, "GET", "/_mock/state")
            now = datetime.fromisoformat(json_call(server.port, "GET", "/_mock/clock")["now"].replace("Z", "+00:00"))
            email = f"attendee{7 % ATTENDEE_POOL}@example.com"
            list_path = (
                f"/v2/bookings?attendeeEmail={email.replace('@', '%40')}&status=upcoming,past&sortStart=asc&take=10"
            )
            list_scenario = Scenario("scale-list", "list", "static", "GET", list_path)
            get_scenario = Scenario("scale-get", "get", "static", "GET", f"/v2/bookings/{SCALE_PREFIX}{size // 2:017d}")
            for scenario in (list_scenario, get_scenario):  # warm the code paths before measuring memory
                http_call(server.port, "GET", scenario.path, headers=BENCH_HEADERS)
            rss_before = server.rss()
            started = time.perf_counter()
            document = scale_document(base, size, now)
            build_s = time.perf_counter() - started
            doc_mb = len(document) / 1e6
            log(f"scale {size:,}: importing {doc_mb:.1f} MB")
            import_s = import_state(server.port, document)
            del document
            page = json_call(server.port, "GET", list_path)
            matches = int(page["pagination"]["totalItems"])
            status, _ = http_call(server.port, "GET", get_scenario.path, headers=BENCH_HEADERS)
            if status != 200:
                raise RuntimeError(f"GET {get_scenario.path} answered {status} after the import")
            time.sleep(SETTLE_S)  # the mock hands the import's freed memory back shortly after answering
            rss_after = server.rss()
            list_result = load.run(server.port, list_scenario, args.scale_duration, 1, 1)
            get_result = load.run(server.port, get_scenario, args.scale_duration, 1, 1)
            total = len(base["bookings"]) + size
            rows.append(
                ScaleRow(
                    size,
                    total,
                    doc_mb,
                    build_s,
                    import_s,
                    matches,
                    list_result,
                    get_result,
                    rss_before,
                    rss_after,
                    server.peak_mib(),
                    server.startup_s,
                )
            )
            log(
                f"scale {size:,}: import {import_s:.2f} s, list p50 {list_result.p50_ms:.2f} ms, "
                f"get p50 {get_result.p50_ms:.2f} ms, RSS {rss_before:.0f} -> {rss_after:.0f} MiB"
            )
        finally:
            server.stop()
    return rows
