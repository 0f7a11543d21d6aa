"""One handler per operation of spec/openapi.yaml: read the request, call the service, shape the answer.

Handlers are `async` so that each runs to completion on the event loop: operations never interleave,
which keeps the store consistent without locks. Rules live in the services; shapes in `views`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from connexion import request
from connexion.resolver import Resolver, ResolverError

from mock_server.api import inputs
from mock_server.api.views import created_output, pagination, report_output, to_v1, to_v2, to_v2_data, v1_cancel_output
from mock_server.api.views_booker import event_type_output, me_output, slots_output
from mock_server.domain.clock import Clock
from mock_server.domain.model import Booking, User
from mock_server.services.bookings import X_CAL_CLIENT_ID, X_CAL_SECRET_KEY, BookingService
from mock_server.services.event_types import EventTypeService
from mock_server.services.listing import Page
from mock_server.services.organizations import OrgService
from mock_server.services.slots import SlotService
from mock_server.services.v1 import V1BookingService
from mock_server.state.store import BookingStore

__all__ = ["OPERATIONS", "BookingsApi", "resolver_for"]

Json = dict[str, Any]
Answer = tuple[Any, int]


def _success(data: Any, **extra: Any) -> Json:
    return {"status": "success", "data": data, **extra}


def _bearer_token() -> str | None:
    """The credential of `Authorization`. Anything but `Bearer <key>` is checked as a key, so it fails."""
    header: str | None = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else header


def _body(body: Any) -> Mapping[str, Any]:
    """Bodies whose schema has a default arrive as raw bytes when sent without a Content-Type."""
    if isinstance(body, bytes):
        return json.loads(body or b"{}")  # type: ignore[no-any-return]
    return body or {}


class BookingsApi:
    """The bookings API over one store; `OPERATIONS` maps the spec's operationIds onto its methods."""

    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.bookings = BookingService(store, clock)
        self.orgs = OrgService(store, clock)
        self.v1 = V1BookingService(self.bookings)
        self.event_types = EventTypeService(store)
        self.slots = SlotService(store, clock)

    # ------------------------------------------------------------------------------------- callers

    def _caller(self, *, required: bool, permissions_guard: bool = False) -> User | None:
        headers = request.headers
        return self.bookings.authenticate(
            _bearer_token(),
            required=required,
            permissions_guard=permissions_guard,
            client_id=headers.get(X_CAL_CLIENT_ID),
            client_secret=headers.get(X_CAL_SECRET_KEY),
        )

    def _required_caller(self, *, permissions_guard: bool = False) -> User:
        caller = self._caller(required=True, permissions_guard=permissions_guard)
        assert caller is not None
        return caller

    def _v1_caller(self) -> User:
        return self.v1.authenticate(request.query_params.get("apiKey"))

    def _page(self, page: Page, query: Mapping[str, Any]) -> Json:
        items = [to_v2(booking, self.store) for booking in page.items]
        return _success(items, pagination=pagination(page.total, query.get("take", 100), query.get("skip", 0)))

    # ------------------------------------------------------------------------------ v2 /bookings

    async def create_booking(self, body: Json) -> Answer:
        caller = self._caller(required=False)
        created = self.bookings.create(inputs.booking_input(body), caller)
        shown = self.bookings.shows_seated_attendees(created.bookings[0], caller)
        return _success(created_output(created, self.store, show_attendees=shown)), 201

    async def get_bookings(self, **query: Any) -> Answer:
        caller = self._required_caller(permissions_guard=True)
        return self._page(self.bookings.list_bookings(caller, inputs.booking_query(query)), query), 200

    async def get_booking(self, bookingUid: str) -> Answer:
        caller = self._caller(required=False)
        outcome = self.bookings.get(bookingUid)
        return _success(self._data(outcome, caller)), 200

    def _data(self, outcome: Booking | list[Booking], caller: User | None) -> Json | list[Json]:
        """One booking or a series, seated attendees shown as `caller` may see them."""
        first = outcome if isinstance(outcome, Booking) else outcome[0]
        shown = self.bookings.shows_seated_attendees(first, caller)
        return to_v2_data(outcome, self.store, show_attendees=shown)

    async def cancel_booking(self, bookingUid: str, body: Any = None) -> Answer:
        body = _body(body)
        caller = self._caller(required=False)
        outcome = self.bookings.cancel(
            bookingUid,
            caller=caller,
            reason=body.get("cancellationReason"),
            cancel_subsequent=bool(body.get("cancelSubsequentBookings")),
            seat_uid=body.get("seatUid"),
        )
        return _success(self._data(outcome, caller)), 200

    async def reschedule_booking(self, bookingUid: str, body: Json) -> Answer:
        caller = self._caller(required=False)
        created = self.bookings.reschedule(
            bookingUid,
            start=inputs.bookable_instant(body["start"], "start"),
            rescheduled_by=body.get("rescheduledBy"),
            reason=body.get("reschedulingReason"),
            seat_uid=body.get("seatUid"),
            rr_host_subset_ids=body.get("rrHostSubsetIds", ()),
            caller=caller,
        )
        shown = self.bookings.shows_seated_attendees(created.bookings[0], caller)
        return _success(created_output(created, self.store, show_attendees=shown)), 201

    async def confirm_booking(self, bookingUid: str) -> Answer:
        booking = self.bookings.confirm(bookingUid, self._required_caller(permissions_guard=True))
        return _success(to_v2(booking, self.store)), 200

    async def decline_booking(self, bookingUid: str, body: Any = None) -> Answer:
        caller = self._required_caller(permissions_guard=True)
        booking = self.bookings.decline(bookingUid, caller, _body(body).get("reason"))
        return _success(to_v2(booking, self.store)), 200

    async def mark_absent(self, bookingUid: str, body: Json) -> Answer:
        booking = self.bookings.mark_absent(
            bookingUid,
            caller=self._required_caller(permissions_guard=True),
            host=body.get("host") is True,
            attendees={a["email"]: a["absent"] for a in body.get("attendees", [])},
        )
        return _success(to_v2(booking, self.store)), 200

    # ------------------------------------------------------------------------- v2 organizations

    async def get_org_bookings(self, orgId: int, **query: Any) -> Answer:
        caller = self._required_caller()
        page = self.orgs.list_org_bookings(caller, orgId, inputs.booking_query(query), user_ids=inputs.user_ids(query))
        return self._page(page, query), 200

    async def get_team_bookings(self, orgId: int, teamId: int, **query: Any) -> Answer:
        page = self.orgs.list_team_bookings(self._required_caller(), orgId, teamId, inputs.booking_query(query))
        return self._page(page, query), 200

    async def report_booking(self, orgId: int, body: Json) -> Answer:
        reason, report_type = inputs.report_kind(body)
        outcome = self.orgs.report(
            self._required_caller(),
            orgId,
            booking_uid=body["bookingUid"],
            reason=reason,
            report_type=report_type,
            description=body.get("description"),
        )
        return _success(report_output(outcome)), 200

    # ---------------------------------------------------------------- event types, slots, profile

    async def get_event_types(
        self,
        username: str | None = None,
        eventSlug: str | None = None,
        orgSlug: str | None = None,
        orgId: int | None = None,
    ) -> Answer:
        found = self.event_types.find(
            self._required_caller(), username=username, event_slug=eventSlug, org_slug=orgSlug, org_id=orgId
        )
        return _success([event_type_output(event_type, self.store, listed=True) for event_type in found]), 200

    async def get_event_type(self, eventTypeId: int) -> Answer:
        event_type = self.event_types.get(self._required_caller(permissions_guard=True), eventTypeId)
        return _success(event_type_output(event_type, self.store)), 200

    async def get_slots(self, **params: Any) -> Answer:
        query, time_zone, range_format = inputs.slots_request(params)
        return _success(slots_output(self.slots.available(query), time_zone, range_format=range_format)), 200

    async def get_me(self) -> Answer:
        return _success(me_output(self._required_caller())), 200

    # ------------------------------------------------------------------------------------------ v1

    # v1 handlers name their parameters: with **kwargs Connexion would also pass the `apiKey`
    # credential and log it as an undeclared argument on every request.
    async def v1_list_bookings(
        self,
        take: int | None = None,
        page: int | None = None,
        attendeeEmail: list[str] | None = None,
        dateFrom: str | None = None,
        dateTo: str | None = None,
        status: str | None = None,
        sortBy: str | None = None,
        order: str = "asc",
    ) -> Answer:
        query = {
            "take": take,
            "page": page,
            "attendeeEmail": attendeeEmail,
            "dateFrom": dateFrom,
            "dateTo": dateTo,
            "status": status,
            "sortBy": sortBy,
            "order": order,
        }
        bookings = self.v1.list(self._v1_caller(), inputs.v1_query(query))
        return {"bookings": [to_v1(booking, self.store) for booking in bookings]}, 200

    async def v1_create_booking(self, body: Json) -> Answer:
        data, end = inputs.v1_booking_input(body)
        return to_v1(self.v1.create(self._v1_caller(), data, end=end), self.store), 200

    async def v1_get_booking(self, id: int) -> Answer:
        return {"booking": to_v1(self.v1.get(self._v1_caller(), id), self.store)}, 200

    async def v1_update_booking(self, id: int, body: Json) -> Answer:
        booking = self.v1.patch(self._v1_caller(), id, inputs.v1_patch(body))
        return {"booking": to_v1(booking, self.store)}, 200

    async def v1_cancel_booking(
        self,
        id: int,
        allRemainingBookings: bool = False,
        cancellationReason: str | None = None,
        cancelledBy: str | None = None,
    ) -> Answer:
        outcome = self.v1.cancel(
            self._v1_caller(),
            id,
            all_remaining=allRemainingBookings,
            reason=cancellationReason,
            cancelled_by=cancelledBy,
        )
        return v1_cancel_output(outcome), 200


OPERATIONS: dict[str, Callable[..., Any]] = {
    "BookingsController_2024_08_13_createBooking": BookingsApi.create_booking,
    "BookingsController_2024_08_13_getBookings": BookingsApi.get_bookings,
    "BookingsController_2024_08_13_getBooking": BookingsApi.get_booking,
    "BookingsController_2024_08_13_cancelBooking": BookingsApi.cancel_booking,
    "BookingsController_2024_08_13_rescheduleBooking": BookingsApi.reschedule_booking,
    "BookingsController_2024_08_13_confirmBooking": BookingsApi.confirm_booking,
    "BookingsController_2024_08_13_declineBooking": BookingsApi.decline_booking,
    "BookingsController_2024_08_13_markNoShow": BookingsApi.mark_absent,
    "OrganizationsBookingsController_getAllOrgTeamBookings": BookingsApi.get_org_bookings,
    "OrganizationsTeamsBookingsController_getAllOrgTeamBookings": BookingsApi.get_team_bookings,
    "OrganizationsBookingsController_reportOrgBooking": BookingsApi.report_booking,
    "EventTypesController_2024_06_14_getEventTypes": BookingsApi.get_event_types,
    "EventTypesController_2024_06_14_getEventTypeById": BookingsApi.get_event_type,
    "SlotsController_2024_09_04_getAvailableSlots": BookingsApi.get_slots,
    "MeController_getMe": BookingsApi.get_me,
    "v1_listBookings": BookingsApi.v1_list_bookings,
    "v1_createBooking": BookingsApi.v1_create_booking,
    "v1_getBooking": BookingsApi.v1_get_booking,
    "v1_updateBooking": BookingsApi.v1_update_booking,
    "v1_cancelBooking": BookingsApi.v1_cancel_booking,
}


def resolver_for(target: object, operations: Mapping[str, Callable[..., Any]]) -> Resolver:
    """Resolve operationIds to `target`'s bound methods; an unknown id fails at start-up, naming it."""

    def resolve(operation_id: str) -> Callable[..., Any]:
        try:
            return getattr(target, operations[operation_id].__name__)  # type: ignore[no-any-return]
        except KeyError:
            raise ResolverError(f"no handler for operationId {operation_id!r}") from None

    return Resolver(function_resolver=resolve)
