"""Where a request's time goes inside the mock: the four scenarios driven in process, straight into the ASGI
app (no sockets, no uvicorn), timed and profiled with cProfile, each function's own time grouped by layer.

`python -m bench.profile` prints the table; `--docs` also rewrites the profile section of
docs/benchmarks.md (between its two markers). Being in process, the times leave out uvicorn's HTTP parsing
and the socket writes, which the wrk numbers include.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import pstats
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench.config import BENCH_HEADERS, DOCS
from bench.scenarios import SCENARIOS, Scenario
from bench.states import cancel_targets_document
from bench.tables import render

BEGIN, END = "<!-- profile:begin (python -m bench.profile --docs) -->", "<!-- profile:end -->"

# (layer, test on the function's file path and name); the first that matches wins. Functions of the standard
# library and built-ins count for the layer of whoever called them.
LAYERS: list[tuple[str, Callable[[str, str], bool]]] = [
    (
        "the mock's middleware (mock_server/web/middleware.py)",
        lambda f, n: f.endswith("/mock_server/web/middleware.py"),
    ),
    ("the mock's own code (handlers, service, store, views)", lambda f, n: "/mock_server/" in f),
    (
        "request validation and parameter parsing (Connexion, jsonschema)",
        lambda f, n: "jsonschema" in f or "/connexion/validators/" in f or "request_validation" in f or "uri_pars" in f,
    ),
    ("Connexion decorators (handler arguments, response)", lambda f, n: "/connexion/decorators/" in f),
    ("Swagger UI middleware", lambda f, n: "swagger_ui" in f),
    (
        "routing and the middleware chain (Connexion, Starlette)",
        lambda f, n: "/connexion/" in f or "/starlette/" in f or "/werkzeug/" in f or "asgiref" in f,
    ),
    ("JSON encoding (orjson)", lambda f, n: "orjson" in n),
    ("other libraries", lambda f, n: "site-packages" in f),
]
STDLIB = "standard library"


def _scope(method: str, path: str, body: bytes) -> dict[str, Any]:
    raw_path, _, query = path.partition("?")
    headers = [(k.lower().encode(), v.encode()) for k, v in BENCH_HEADERS.items()]
    headers.append((b"host", b"127.0.0.1"))
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 5555),
    }


async def _call(app: Any, method: str, path: str, body: bytes) -> int:
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(method, path, body), receive, send)
    return status


def _layer(filename: str, name: str) -> str:
    return next((layer for layer, test in LAYERS if test(filename, name)), STDLIB)


def measure(count: int) -> tuple[dict[str, float], dict[str, float], dict[str, dict[str, float]], list[str]]:
    """CPU µs and Python function calls per request by scenario; share of own time by layer and scenario;
    the top functions overall."""
    from mock_server.web.app import create_app  # imported here so `--help` stays fast

    app = create_app(seed=1)
    loop = asyncio.new_event_loop()
    per_request: dict[str, float] = {}
    calls: dict[str, float] = {}
    shares: dict[str, dict[str, float]] = {}
    total = pstats.Stats()
    try:
        loop.run_until_complete(_call(app, "GET", SCENARIOS[0].path, b""))  # builds the middleware stack
        for scenario in SCENARIOS:
            if scenario.kind == "cancel":
                base = json.loads(_export(loop, app))
                document = cancel_targets_document(base, count * 2)
                loop.run_until_complete(_put_state(app, document))
            requests = [scenario.request(n) for n in range(1, count + 1)]
            warm = [scenario.request(n) for n in range(count + 1, count + 1 + count // 10)]
            for method, path, body in warm if scenario.kind == "static" else []:
                loop.run_until_complete(_call(app, method, path, body.encode()))
            per_request[scenario.key], stats = _profiled(loop, app, scenario, requests)
            calls[scenario.key] = stats.total_calls / len(requests)  # type: ignore[attr-defined]
            total.add(stats)
            shares[scenario.key] = _shares(stats)
    finally:
        loop.close()
    return per_request, calls, shares, _top(total)


def _profiled(
    loop: asyncio.AbstractEventLoop, app: Any, scenario: Scenario, requests: list[tuple[str, str, str]]
) -> tuple[float, pstats.Stats]:
    async def run_all(profile: cProfile.Profile | None) -> float:
        started = time.process_time()
        for method, path, body in requests:
            if profile is not None:
                profile.enable()
            status = await _call(app, method, path, body.encode())
            if profile is not None:
                profile.disable()
            if status >= 300:
                raise RuntimeError(f"{scenario.key}: {method} {path} answered {status}")
        return (time.process_time() - started) / len(requests) * 1e6

    gc.collect()
    timed = loop.run_until_complete(run_all(None)) if scenario.kind == "static" else float("nan")
    profile = cProfile.Profile()
    profiled = loop.run_until_complete(run_all(profile))
    return (timed if timed == timed else profiled), pstats.Stats(profile)


def _shares(stats: pstats.Stats) -> dict[str, float]:
    """Own time by layer; the standard library's own time goes to its callers' layers, in proportion to the
    time it spent under each caller."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    mixes: dict[Any, dict[str, float]] = {}

    def mix(func: Any, seen: frozenset[Any]) -> dict[str, float]:
        if func in mixes:
            return mixes[func]
        layer = _layer(func[0], func[2])
        if layer != STDLIB or func in seen or func not in table:
            return {layer: 1.0}
        callers = table[func][4]
        weights = {caller: info[2] + info[3] for caller, info in callers.items()}
        whole = sum(weights.values())
        if not whole:
            return {STDLIB: 1.0}
        out: dict[str, float] = {}
        for caller, weight in weights.items():
            for name, part in mix(caller, seen | {func}).items():
                out[name] = out.get(name, 0.0) + part * weight / whole
        mixes[func] = out
        return out

    by_layer: dict[str, float] = {}
    for func, (_cc, _nc, own, _cum, _callers) in table.items():
        for layer, part in mix(func, frozenset()).items():
            by_layer[layer] = by_layer.get(layer, 0.0) + own * part
    whole = sum(by_layer.values()) or 1.0
    return {layer: value / whole for layer, value in by_layer.items()}


def _top(stats: pstats.Stats, limit: int = 12) -> list[str]:
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:limit]  # type: ignore[attr-defined]
    whole = sum(v[2] for v in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    out = []
    for (filename, line, name), (_cc, calls, own, _cum, _callers) in rows:
        short = re.sub(
            r".*/(site-packages|lib/python3\.\d+)/", "", re.sub(r".*/(mock_server|bench)/", r"\1/", filename)
        )
        out.append(f"{own / whole * 100:4.1f}%  {name} ({short}:{line}), {calls:,} calls")
    return out


def _export(loop: asyncio.AbstractEventLoop, app: Any) -> bytes:
    chunks: list[bytes] = []

    async def run() -> None:
        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(_scope("GET", "/_mock/state", b""), receive, send)

    loop.run_until_complete(run())
    return b"".join(chunks)


async def _put_state(app: Any, document: bytes) -> None:
    status = await _call(app, "PUT", "/_mock/state", document)
    if status != 200:
        raise RuntimeError(f"PUT /_mock/state answered {status}")


def report(count: int) -> str:
    per_request, calls, shares, top = measure(count)
    keys = [s.key for s in SCENARIOS]
    rows = [["", *(f"{s.label}" for s in SCENARIOS)]]
    rows.append(["CPU µs per request, in process", *(f"{per_request[k]:,.0f}" for k in keys)])
    rows.append(["Python function calls per request", *(f"{calls[k]:,.0f}" for k in keys)])
    for layer in [*(name for name, _test in LAYERS), STDLIB]:
        if any(shares[k].get(layer, 0) >= 0.005 for k in keys):
            rows.append([layer, *(f"{shares[k].get(layer, 0) * 100:.0f}%" for k in keys)])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Profile of {when}: cProfile, {count:,} requests per scenario driven in process into the ASGI app "
        "(fixture state; cancels over pre-loaded targets). µs per request are measured without the profiler "
        "(with it for create and cancel, which cannot repeat); shares are of the functions' own time under it.",
        "",
        render(rows, markdown=True),
        "",
        "Functions with the most own time, all four scenarios together:",
        "",
        *(f"- {line}" for line in top),
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    doc = DOCS.read_text()
    if BEGIN not in doc or END not in doc:
        raise RuntimeError(f"{DOCS} has no profile markers ({BEGIN} ... {END})")
    head, rest = doc.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per scenario (default: %(default)s)")
    parser.add_argument("--docs", action="store_true", help="rewrite the profile section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    text = report(args.requests)
    print(text)
    if args.docs:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
