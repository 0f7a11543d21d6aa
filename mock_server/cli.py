"""`calcom-mock` / `python -m mock_server`: parse the options, print the banner, serve.

Everything that can fail at start-up (the clock, the fixtures, the state file, the port) is tried
before the banner: a failure prints one line that says what to do, and exits with 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import socket
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import uvicorn
import yaml

from mock_server.api.reading import instant
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import EventType, iso_utc
from mock_server.state import heap
from mock_server.state.fixtures import DEFAULT_FIXTURES, FixtureError, load
from mock_server.state.state_file import AUTOSAVE_SECONDS, StateFile, StateFileError
from mock_server.state.store import BookingStore
from mock_server.web.app import create_app
from mock_server.web.docs import docs_key
from mock_server.web.ratelimit import RateLimitPolicy
from mock_server.web.serve import listening_socket, uvicorn_config

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
    parser.add_argument(
        "--state-file",
        type=Path,
        metavar="FILE",
        help=f"load the state from FILE if it exists; save it there on exit and every {AUTOSAVE_SECONDS:g} s",
    )
    parser.add_argument(
        "--rate-limit-enforce",
        action="store_true",
        help="answer 429 past Cal.com's rate limit (120 requests per 60 s per API key, or per IP without one), "
        "as the real server does; without it the limit is only reported in the X-RateLimit-* headers",
    )
    parser.add_argument("--validate-responses", action="store_true", help="check every answer against the spec")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def _kind(event_type: EventType) -> str:
    """What a booker meets: length, and what makes this event type behave differently."""
    lengths = "/".join(map(str, sorted({event_type.length_in_minutes, *event_type.length_options})))
    kinds = [f"{lengths} min"]
    if event_type.requires_confirmation:
        kinds.append("requires confirmation")
    if event_type.seats_per_time_slot:
        kinds.append(f"seated ({event_type.seats_per_time_slot} seats)")
    if event_type.recurrence is not None:
        recurrence = event_type.recurrence
        unit = {"daily": "days", "weekly": "weeks", "monthly": "months"}[recurrence.frequency.value]
        every = f"every {recurrence.interval} {unit}" if recurrence.interval > 1 else recurrence.frequency.value
        kinds.append(f"recurring ({every}, up to {recurrence.max_occurrences})")
    if event_type.booking_requires_authentication:
        kinds.append("requires authentication")
    return ", ".join(kinds)


def _clock_state(clock: Clock) -> str:
    now = iso_utc(clock.now())
    return f"frozen at {now}" if clock.frozen else f"real time (now {now})"


def state_origin(fixtures: Path | str, state_file: Path | None, *, loaded: bool) -> str:
    """Where the bookings came from and where they go, for the banner."""
    if state_file is None:
        return f"seeded from {fixtures}; nothing is saved (--state-file FILE keeps the state across restarts)"
    kept = f"saved to {state_file} every {AUTOSAVE_SECONDS:g} s and on exit"
    return f"loaded from the state file {state_file}; {kept}" if loaded else f"seeded from {fixtures}; {kept}"


def banner(
    store: BookingStore,
    base_url: str,
    *,
    clock: Clock,
    seed: int | None = None,
    delay_ms: int = 0,
    origin: str = "seeded from the fixtures",
) -> str:
    """What `make serve` prints: where things are, the state it runs in, and every key with its event types."""
    users = {user.id: user for user in store.users()}
    keys = sorted(
        (key for key in store.api_keys() if key.expires_at is None and key.user_id in users),
        key=lambda key: key.user_id,
    )
    docs = docs_key(store)
    authorized = f" (authorized as {docs[0].key}; {base_url}/ leads there)" if docs else ""
    lines = [
        f"Cal.com bookings mock listening on {base_url}",
        f"  Swagger UI:  {base_url}/ui/{authorized}",
        f"  Spec:        {base_url}/openapi.json      Control API: {base_url}/_mock/ui/ (reset, state, clock)",
        f"  Clock: {_clock_state(clock)}; seed: {seed if seed is not None else 'none (random uids)'}; "
        f"delay: {f'{delay_ms} ms' if delay_ms else 'none'}",
        f"  {len(store.all_uids())} bookings, {origin}.",
        "  API keys (Authorization: Bearer <key>; v1: ?apiKey=<key>),",
        "  each with the event types its user owns (id slug: kind):",
    ]
    for key in keys:
        user = users[key.user_id]
        roles = [f"org {user.org_role.value.lower()}"] if user.org_role else ["no organization"]
        roles += [f"team {team} {role.value.lower()}" for team, role in sorted(user.team_roles.items())]
        role = ", ".join(roles)
        lines.append(f"    {key.key:<36} {user.name} <{user.email}>, {role}")
        lines += [f"        {e.id} {e.slug}: {_kind(e)}" for e in store.event_types_of_user(user.id)]
    teams = sorted({team_id for user in users.values() for team_id in user.team_roles})
    team_event_types = store.event_types_of_teams(set(teams))
    if team_event_types:
        lines.append("  Team event types (collective: every host attends; round robin: the fixed hosts and one other):")
        for event_type in sorted(team_event_types, key=lambda e: e.id):
            team = store.team(event_type.team_id) if event_type.team_id is not None else None
            owner = f"team {team.id} {team.name}" if team else "a team"
            assignment = "round robin" if event_type.is_round_robin else "collective"
            hosts = ", ".join(
                users[i].username + (" (fixed)" if i in event_type.fixed_host_ids else "")
                for i in event_type.host_ids
                if i in users
            )
            lines.append(
                f"        {event_type.id} {event_type.slug}: {_kind(event_type)}, {assignment}; {owner}; "
                f"{f'hosts {hosts}' if hosts else 'no hosts'}"
            )
    if keys:
        lines += [
            "  Try:",
            f"    curl -s {base_url}/v2/bookings -H 'cal-api-version: 2024-08-13' "
            f"-H 'Authorization: Bearer {keys[0].key}'",
        ]
    return "\n".join(lines)


class StartupError(Exception):
    """What stops the mock from starting, as one line that says what to do."""


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    logging.basicConfig(level=options.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    try:
        server, sock, base_url, store, clock, origin = _prepare(options)
    except StartupError as error:
        print(f"calcom-mock: {error}", file=sys.stderr)
        return 2
    print(banner(store, base_url, clock=clock, seed=options.seed, delay_ms=options.delay, origin=origin), flush=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    return 0


def _prepare(options: argparse.Namespace) -> tuple[MockServer, socket.socket, str, BookingStore, Clock, str]:
    clock = Clock(frozen_at=_freeze_at(options.freeze_at))
    fixtures = options.fixtures or DEFAULT_FIXTURES
    try:
        store = load(fixtures, clock=clock, rng=random.Random(options.seed))
    except (FixtureError, OSError, yaml.YAMLError) as error:
        reason = " ".join(str(error).split())  # YAML's messages span several lines
        raise StartupError(f"cannot load fixtures {fixtures}: {reason}; fix the file or leave out --fixtures") from None
    state_file = StateFile(options.state_file, store) if options.state_file else None
    loaded = False
    if state_file is not None:
        try:
            loaded = state_file.load()
        except StateFileError as error:
            raise StartupError(str(error)) from None
    origin = state_origin(fixtures, state_file.path if state_file else None, loaded=loaded)
    app = create_app(
        store=store,
        clock=clock,
        cors_origins=() if options.no_cors else (options.cors_origins or ("*",)),
        delay_ms=options.delay,
        validate_responses=options.validate_responses,
        rate_limit=RateLimitPolicy(enforce=options.rate_limit_enforce),
    )
    heap.freeze_loaded_states()  # one long-lived process: collections skip the loaded state
    try:
        sock = listening_socket(options.host, options.port)
    except OSError as error:
        raise StartupError(
            f"cannot listen on {options.host}:{options.port} ({error.strerror or error}); "
            "stop what is using it or choose another port with --port"
        ) from None
    port = sock.getsockname()[1]
    config = uvicorn_config(app, clock=clock, host=options.host, port=port, log_level=options.log_level)
    return MockServer(config, state_file), sock, f"http://{options.host}:{port}", store, clock, origin


def _freeze_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return instant(text, "--freeze-at")
    except InvalidRequest:
        raise StartupError(
            f"--freeze-at {text!r} is not an ISO 8601 instant with a time zone; e.g. --freeze-at 2030-01-07T09:00:00Z"
        ) from None


class MockServer(uvicorn.Server):
    """uvicorn's server, keeping the state file (if any) up to date while it runs and when it stops."""

    def __init__(self, config: uvicorn.Config, state_file: StateFile | None) -> None:
        super().__init__(config)
        self.state_file = state_file
        self._autosave: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.state_file is not None:
            self._autosave = asyncio.create_task(self.state_file.autosave())

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        if self._autosave is not None:
            self._autosave.cancel()
        if self.state_file is not None:
            try:
                self.state_file.save()
            except OSError as error:
                logging.getLogger("mock_server").error(
                    "cannot write the state file %s: %s", self.state_file.path, error
                )


if __name__ == "__main__":
    sys.exit(main())
