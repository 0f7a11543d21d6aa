"""`calcom-mock` / `python -m mock_server`: parse the options, print the banner, serve."""

from __future__ import annotations

import argparse
import logging
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from . import heap
from .app import create_app
from .clock import Clock
from .fixtures import DEFAULT_FIXTURES, FixtureError, load
from .inputs import instant
from .store import BookingStore

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calcom-mock", description="A stateful mock of the Cal.com bookings API (v2 and v1)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=5555, help="port to listen on (default: %(default)s)")
    parser.add_argument("--fixtures", type=Path, help=f"seed data YAML (default: {DEFAULT_FIXTURES.name})")
    parser.add_argument("--seed", type=int, help="make generated uids reproducible")
    parser.add_argument("--delay", type=int, default=0, metavar="MS", help="wait this long before every answer")
    parser.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="allow this browser origin (repeatable; default: any origin)",
    )
    parser.add_argument("--no-cors", action="store_true", help="send no CORS headers")
    parser.add_argument("--freeze-at", metavar="INSTANT", help="freeze the clock at this ISO-8601 instant")
    parser.add_argument("--validate-responses", action="store_true", help="check every answer against the spec")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def banner(store: BookingStore, base_url: str) -> str:
    users = {user.id: user for user in store.users()}
    keys = sorted(
        (key for key in store.api_keys() if key.expires_at is None and key.user_id in users),
        key=lambda key: key.user_id,
    )
    lines = [
        f"Cal.com bookings mock listening on {base_url}",
        f"  API docs (Swagger UI): {base_url}/ui/      spec: {base_url}/openapi.json",
        f"  Control API:           {base_url}/_mock/ui/ (reset, state, clock)",
        f"  {len(store.all_uids())} bookings seeded. API keys (Authorization: Bearer <key>; v1: ?apiKey=<key>):",
    ]
    for key in keys:
        user = users[key.user_id]
        roles = [f"org {user.org_role.value.lower()}"] if user.org_role else ["no organization"]
        roles += [f"team {team} {role.value.lower()}" for team, role in sorted(user.team_roles.items())]
        role = ", ".join(roles)
        lines.append(f"    {key.key:<36} {user.name} <{user.email}>, {role}")
    if keys:
        lines += [
            "  Try:",
            f"    curl -s {base_url}/v2/bookings -H 'cal-api-version: 2024-08-13' "
            f"-H 'Authorization: Bearer {keys[0].key}'",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    logging.basicConfig(level=options.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    clock = Clock(frozen_at=instant(options.freeze_at, "--freeze-at") if options.freeze_at else None)
    fixtures = options.fixtures or DEFAULT_FIXTURES
    try:
        store = load(fixtures, clock=clock, rng=random.Random(options.seed))
    except (FixtureError, OSError) as error:
        print(f"calcom-mock: cannot load fixtures {fixtures}: {error}", file=sys.stderr)
        return 2
    app = create_app(
        store=store,
        clock=clock,
        cors_origins=() if options.no_cors else (options.cors_origins or ("*",)),
        delay_ms=options.delay,
        validate_responses=options.validate_responses,
    )
    heap.freeze_loaded_states()  # one long-lived process: collections skip the loaded state
    base_url = f"http://{options.host}:{options.port}"
    print(banner(store, base_url), flush=True)
    uvicorn.run(app, host=options.host, port=options.port, log_level=options.log_level, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
