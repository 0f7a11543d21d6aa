"""The composition root: `create_app()` wires the spec, the handlers, the store, the clock and the
options into a Connexion app. Nothing here is module-level state; every app has its own store.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from connexion import ConnexionMiddleware
from connexion.middleware import MiddlewarePosition
from connexion.middleware.security import SecurityMiddleware

from mock_server.api.atoms.handlers import AtomsHandlers
from mock_server.api.booking_page.handlers import BookingPageHandlers
from mock_server.api.control import ControlApi
from mock_server.api.provider.handlers import ProviderHandlers
from mock_server.api.routing import Surface, resolver_for
from mock_server.api.slots_2024_04_15.handlers import SlotsHandlers_2024_04_15
from mock_server.api.v1.handlers import V1Handlers
from mock_server.api.v2_2024_04_15.handlers import LegacyBookingsHandlers, LegacyEventTypesHandlers
from mock_server.api.v2_2024_08_13.extras_handlers import BookingExtrasHandlers
from mock_server.api.v2_2024_08_13.handlers import BookingsHandlers
from mock_server.domain.clock import Clock
from mock_server.resources import legacy_spec_path, read_yaml, spec_path
from mock_server.services.booking_extras import BookingExtrasService
from mock_server.services.bookings import BookingService
from mock_server.services.event_types import EventTypeService
from mock_server.services.organizations import OrgService
from mock_server.services.platform import PlatformService
from mock_server.services.reservations import Reservations
from mock_server.services.slots import SlotService
from mock_server.services.v1 import V1BookingService
from mock_server.state import fixtures as fixture_loader
from mock_server.state.store import BookingStore
from mock_server.web.docs import DocsPages
from mock_server.web.errors import ErrorRenderer, SpecRoutes, error_handlers, refusals, register_error_handlers
from mock_server.web.middleware import (
    BODY_TIMEOUT_SECONDS,
    MAX_BODY_BYTES,
    MAX_CONTROL_BODY_BYTES,
    BodyBounds,
    Front,
    HandlerFaults,
)
from mock_server.web.prefer import Prefer
from mock_server.web.prepared import VALIDATOR_MAP, CachedURIParser, PreparedApp, raw_body_routes
from mock_server.web.ratelimit import RateLimitPolicy, Throttler
from mock_server.web.versions import VersionRouter, VersionTable

__all__ = ["LEGACY_BASE_PATH", "LEGACY_SPEC_PATH", "SPEC_PATH", "create_app"]

SPEC_PATH = spec_path()  # CALCOM_SPEC, else the packaged spec/openapi.yaml
LEGACY_SPEC_PATH = legacy_spec_path()  # the 2024-04-15 controllers (docs/versions.md)
# Where Connexion mounts the older document; `VersionRouter` sends `/v2/...` requests of those versions there.
LEGACY_BASE_PATH = "/_v2024_04_15"
CONTROL_SPEC_PATH = Path(__file__).resolve().parent.parent / "control.yaml"


def create_app(
    *,
    fixtures: Path | str | None = None,
    seed: int | None = None,
    clock: Clock | None = None,
    store: BookingStore | None = None,
    cors_origins: Sequence[str] = ("*",),
    delay_ms: int = 0,
    validate_responses: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_control_body_bytes: int = MAX_CONTROL_BODY_BYTES,
    body_timeout: float = BODY_TIMEOUT_SECONDS,
    rate_limit: RateLimitPolicy | None = None,
) -> PreparedApp:
    """A mock of the Cal.com bookings API over an in-memory store seeded from `fixtures`.

    `seed` makes generated uids reproducible; `cors_origins=()` turns CORS off; `validate_responses`
    checks every answer against the spec (a mismatch becomes a 500, for tests of the mock itself).
    `rate_limit`: Cal.com's limits; every v2 answer carries their headers, and past them the mock answers
    429 only if the policy says `enforce` (`calcom-mock --rate-limit-enforce`).
    """
    clock = clock or Clock()
    if store is None:
        store = fixture_loader.load(fixtures, clock=clock, rng=random.Random(seed))
    spec = read_yaml(SPEC_PATH)
    legacy_spec = read_yaml(LEGACY_SPEC_PATH)
    control_spec = read_yaml(CONTROL_SPEC_PATH)
    surfaces = _surfaces(store, clock)

    # Auth follows the real API's rules (403 before 401 on some routes, optional keys that must
    # still be valid), which Connexion's security middleware cannot express: handlers check keys.
    # Connexion with its per-operation work done at start-up rather than per request (prepared.py).
    app = PreparedApp(
        __name__,
        middlewares=[m for m in ConnexionMiddleware.default_middlewares if m is not SecurityMiddleware],
    )
    # Not strict: like the real ValidationPipe (whitelist without forbidNonWhitelisted for queries), unknown
    # query parameters are dropped. Bodies stay strict through the spec's `additionalProperties: false`.
    app.add_api(
        spec,
        resolver=resolver_for(*surfaces),
        strict_validation=False,
        validate_responses=validate_responses,
        validator_map=VALIDATOR_MAP,
        uri_parser_class=CachedURIParser,
        name="bookings",
    )
    app.add_api(
        legacy_spec,
        base_path=LEGACY_BASE_PATH,
        resolver=resolver_for(*surfaces),
        strict_validation=False,
        validate_responses=validate_responses,
        validator_map=VALIDATOR_MAP,
        uri_parser_class=CachedURIParser,
        name="bookings-2024-04-15",
    )
    app.add_api(
        control_spec,
        base_path="/_mock",
        resolver=resolver_for(ControlApi(store, clock)),
        strict_validation=True,
        validate_responses=validate_responses,
        name="control",
    )
    handlers = error_handlers(ErrorRenderer(clock), SpecRoutes(("", spec), ("/_mock", control_spec)))
    register_error_handlers(app, handlers)
    # Everything the mock does before Connexion routes a request, in one layer outside Connexion's
    # exception middleware (middleware.py); its refusals are answered by the same handlers.
    app.add_middleware(
        Front,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        refuse=refusals(handlers),
        versions=VersionRouter(VersionTable([("", spec), (LEGACY_BASE_PATH, legacy_spec)])),
        body=BodyBounds(
            max_bytes=max_body_bytes,
            control_max_bytes=max_control_body_bytes,
            timeout=body_timeout,
            raw_routes=raw_body_routes("/_mock", control_spec),
        ),
        cors_origins=cors_origins,
        rate_limit=Throttler(policy=rate_limit or RateLimitPolicy(), clock=clock),
        pages=DocsPages(spec=spec, store=store),
        delay_seconds=delay_ms / 1000,
    )
    app.add_middleware(Prefer, position=MiddlewarePosition.BEFORE_VALIDATION, spec=spec, more=[legacy_spec])
    app.add_middleware(HandlerFaults, position=MiddlewarePosition.BEFORE_CONTEXT)
    return app


def _surfaces(store: BookingStore, clock: Clock) -> tuple[Surface, ...]:
    """The API surfaces of the spec, over one set of services."""
    bookings = BookingService(store, clock)
    event_types = EventTypeService(store)
    return (
        BookingsHandlers(store, bookings, OrgService(store, clock)),
        LegacyBookingsHandlers(store, bookings),
        LegacyEventTypesHandlers(store, bookings, event_types),
        BookingPageHandlers(store, bookings, event_types, SlotService(store, clock)),
        V1Handlers(store, V1BookingService(bookings)),
        BookingExtrasHandlers(store, bookings, BookingExtrasService(store, clock), OrgService(store, clock)),
        ProviderHandlers(bookings, platform := PlatformService(store, clock)),
        AtomsHandlers(store, bookings, platform),
        SlotsHandlers_2024_04_15(SlotService(store, clock), Reservations(store, clock)),
    )
