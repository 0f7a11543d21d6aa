"""The OpenAPI document the suite tests against, and the one vocabulary of its operations.

`OperationId` names every operation; nothing else in the suite spells an operationId. `Operation`
holds the facts the suite needs about one of them: the documented statuses, whether it writes, whether
its success makes bookings (and where the answer holds them), which booking a write names, which body
fields set a time, which `cal-api-version` it needs and where its credentials go. The document gives the
version header and the credentials' place; the rest is stated here, once.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import yaml

from mock_server.resources import spec_path

if TYPE_CHECKING:
    from contract_tests.target.targets import ApiVersions

__all__ = [
    "NOT_BOOKING_OPERATIONS",
    "SPEC_PATH",
    "VERSION_HEADER",
    "BookingTarget",
    "Operation",
    "OperationId",
    "documented_operations",
    "load_spec",
    "version_headers",
    "without_version_header",
]

SPEC_PATH = spec_path()  # CALCOM_SPEC, else the packaged spec/openapi.yaml
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
VERSION_HEADER = "cal-api-version"


class OperationId(StrEnum):
    CREATE = "BookingsController_2024_08_13_createBooking"
    LIST = "BookingsController_2024_08_13_getBookings"
    GET = "BookingsController_2024_08_13_getBooking"
    RESCHEDULE = "BookingsController_2024_08_13_rescheduleBooking"
    CANCEL = "BookingsController_2024_08_13_cancelBooking"
    MARK_ABSENT = "BookingsController_2024_08_13_markNoShow"
    CONFIRM = "BookingsController_2024_08_13_confirmBooking"
    DECLINE = "BookingsController_2024_08_13_declineBooking"
    ORG_LIST = "OrganizationsBookingsController_getAllOrgTeamBookings"
    TEAM_LIST = "OrganizationsTeamsBookingsController_getAllOrgTeamBookings"
    REPORT = "OrganizationsBookingsController_reportOrgBooking"
    V1_LIST = "v1_listBookings"
    V1_CREATE = "v1_createBooking"
    V1_GET = "v1_getBooking"
    V1_UPDATE = "v1_updateBooking"
    V1_CANCEL = "v1_cancelBooking"
    EVENT_TYPES = "EventTypesController_2024_06_14_getEventTypes"
    EVENT_TYPE = "EventTypesController_2024_06_14_getEventTypeById"
    SLOTS = "SlotsController_2024_09_04_getAvailableSlots"
    ME = "MeController_getMe"
    REASSIGN = "BookingsController_2024_08_13_reassignBooking"
    REASSIGN_TO_USER = "BookingsController_2024_08_13_reassignBookingToUser"
    REFERENCES = "BookingsController_2024_08_13_getBookingReferences"
    TEAM_REFERENCES = "OrganizationsTeamsBookingsController_getBookingReferences"
    CALENDAR_LINKS = "BookingsController_2024_08_13_getCalendarLinks"
    RECORDINGS = "BookingsController_2024_08_13_getBookingRecordings"
    TRANSCRIPTS = "BookingsController_2024_08_13_getBookingTranscripts"
    ORG_USER_LIST = "OrganizationsUsersBookingsController_getOrganizationUserBookings"
    # What @calcom/atoms call besides bookings and slots (docs/atoms.md).
    UPDATE_ME = "MeController_updateMe"
    PROVIDER_CLIENT = "ProviderController_verifyClientId"
    PROVIDER_ACCESS_TOKEN = "ProviderController_verifyAccessToken"
    OAUTH_REFRESH = "OAuthFlowController_refreshTokens"
    ATOMS_PUBLIC_EVENT_TYPE = "AtomsEventTypesController_getPublicEventType"
    ATOMS_EMAIL_CHECK = "AtomsVerificationController_checkEmailVerificationRequired"
    TIMEZONES = "TimezonesController_getTimeZones"
    CALENDARS = "CalendarsController_getCalendars"
    BOOKING_FOR_RESCHEDULE = "BookingsController_2024_04_15_getBookingForReschedule"
    SLOTS_AVAILABLE = "SlotsController_2024_04_15_getAvailableSlots"
    SLOTS_RESERVE = "SlotsController_2024_04_15_reserveSlot"
    SLOTS_RELEASE = "SlotsController_2024_04_15_deleteSelectedSlot"


# Operations whose success makes bookings (a reschedule makes the new one), and the key of the answer
# that holds them ("" for v1, which answers the booking itself).
_CREATES: Mapping[OperationId, str] = {
    OperationId.CREATE: "data",
    OperationId.RESCHEDULE: "data",
    OperationId.V1_CREATE: "",
}
# Operations that make a booking rather than change one: they name no booking of the ledger.
_NEW_BOOKING = frozenset({OperationId.CREATE, OperationId.V1_CREATE})
# Body fields that set a time: (start fields, end fields).
_TIME_FIELDS: Mapping[OperationId, tuple[tuple[str, ...], tuple[str, ...]]] = {
    OperationId.CREATE: (("start",), ()),
    OperationId.RESCHEDULE: (("start",), ()),
    OperationId.V1_CREATE: (("start",), ("end",)),
    OperationId.V1_UPDATE: (("startTime",), ("endTime",)),
}
_LISTS = frozenset({OperationId.LIST, OperationId.ORG_LIST, OperationId.TEAM_LIST, OperationId.ORG_USER_LIST})
# Writes that hold or release a slot for five minutes and change no booking: the suite may send them anywhere.
_SLOT_HOLDS = frozenset({OperationId.SLOTS_RESERVE, OperationId.SLOTS_RELEASE})


@dataclass(frozen=True)
class BookingTarget:
    """The booking (by uid or v1 id) and seat a write names; `what` describes it for messages."""

    uid: str | None = None
    booking_id: int | None = None
    seat_uid: str | None = None

    @property
    def what(self) -> str:
        if self.booking_id is not None:
            return f"booking id={self.booking_id}"
        if self.uid is None:
            return "a request that names no booking"
        return f"booking uid={self.uid}" + (f" seat {self.seat_uid}" if self.seat_uid else "")


@dataclass(frozen=True)
class Operation:
    operation_id: OperationId
    method: str  # upper case
    path: str  # template, e.g. /v2/bookings/{bookingUid}
    statuses: frozenset[int]  # documented response codes
    version: Literal["default", "cancel"] | None  # which of the profile's cal-api-versions it needs
    auth: Literal["bearer", "query"]  # `Authorization: Bearer <key>` or `?apiKey=<key>`
    # The one `cal-api-version` the document declares for an operation that takes none of the profile's
    # (event types 2024-06-14, slots 2024-09-04); None where it declares none.
    declared_version: str | None = None
    summary: str = ""  # the document's one line about it

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def route(self, path: Mapping[str, Any] | None = None) -> str:
        """The path with its parameters filled in, each quoted as one segment."""
        route = self.path
        for name, value in (path or {}).items():
            route = route.replace("{" + name + "}", quote(str(value), safe=""))
        return route

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def about_bookings(self) -> bool:
        """Its path is a booking resource (any other, an event type or the user, the suite never writes to)."""
        return "/bookings" in self.path

    @property
    def is_list(self) -> bool:
        """One of the v2 lists (user, organization, team)."""
        return self.operation_id in _LISTS

    @property
    def holds_slots(self) -> bool:
        """Reserves or releases a slot (2024-04-15 slots): no booking is written, nothing to clean up."""
        return self.operation_id in _SLOT_HOLDS

    @property
    def makes_new_booking(self) -> bool:
        """A create: it names no existing booking."""
        return self.operation_id in _NEW_BOOKING

    @property
    def time_fields(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The body fields that set a time: (starts, ends)."""
        return _TIME_FIELDS.get(self.operation_id, ((), ()))

    def created_bookings(self, answer: Any) -> list[Mapping[str, Any]]:
        """The bookings a successful answer of this operation made (none if it makes none)."""
        key = _CREATES.get(self.operation_id)
        if key is None:
            return []
        if not key:
            data = answer
        else:
            data = answer.get(key) if isinstance(answer, Mapping) else None
        items = data if isinstance(data, list) else [data]
        return [item for item in items if isinstance(item, Mapping) and isinstance(item.get("uid"), str)]

    def target(self, path: Mapping[str, Any], body: Any) -> BookingTarget:
        """The booking a write names: the path's bookingUid (with the body's seatUid), the path's v1
        id, or the body's bookingUid (a report). A value of another type is named as it is."""
        body = body if isinstance(body, Mapping) else {}
        seat = body.get("seatUid") if isinstance(body.get("seatUid"), str) and body.get("seatUid") else None
        if "bookingUid" in path:
            return BookingTarget(uid=str(path["bookingUid"]), seat_uid=seat)
        if "id" in path:
            value = path["id"]
            if isinstance(value, int) and not isinstance(value, bool):
                return BookingTarget(booking_id=value)
            if isinstance(value, str) and value.isdigit():
                return BookingTarget(booking_id=int(value))
            return BookingTarget(uid=f"<{value!r}>")
        if isinstance(body.get("bookingUid"), str):
            return BookingTarget(uid=body["bookingUid"])
        return BookingTarget()

    def credentials(
        self, key: str | None, versions: ApiVersions, version: str | None = None
    ) -> tuple[dict[str, str], dict[str, str]]:
        """(headers, query) that authenticate with `key` (None: no credentials) and carry the API
        version this operation needs (`version` overrides the profile's)."""
        headers: dict[str, str] = {}
        query: dict[str, str] = {}
        if self.version is not None:
            headers[VERSION_HEADER] = version or (versions.cancel if self.version == "cancel" else versions.default)
        elif self.declared_version is not None:
            headers[VERSION_HEADER] = version or self.declared_version
        if key is not None:
            if self.auth == "query":
                query["apiKey"] = key
            else:
                headers["Authorization"] = f"Bearer {key}"
        return headers, query


@cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


def _version(definition: Mapping[str, Any]) -> Literal["default", "cancel"] | None:
    names = {p.get("$ref", "").rsplit("/", 1)[-1] for p in definition.get("parameters", [])}
    if "CalApiVersionCancel" in names:
        return "cancel"
    return "default" if "CalApiVersion" in names else None


def _auth(definition: Mapping[str, Any]) -> Literal["bearer", "query"]:
    schemes = {name for requirement in definition.get("security") or [] for name in requirement}
    return "query" if "V1ApiKey" in schemes else "bearer"


@cache
def documented_operations() -> dict[OperationId, Operation]:
    """Every operation of the document, in its order."""
    found: dict[OperationId, Operation] = {}
    _, declared = without_version_header(load_spec())
    for path, item in load_spec()["paths"].items():
        for method in _METHODS:
            definition = item.get(method)
            if definition is None:
                continue
            operation_id = OperationId(definition["operationId"])
            found[operation_id] = Operation(
                operation_id=operation_id,
                method=method.upper(),
                path=path,
                statuses=frozenset(int(code) for code in definition["responses"] if code.isdigit()),
                version=_version(definition),
                auth=_auth(definition),
                declared_version=declared.get(str(operation_id)) if _version(definition) is None else None,
                summary=str(definition.get("summary", "")),
            )
    return found


def without_version_header(document: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of `document` without its `cal-api-version` header parameters, and the value each operation
    declared (its schema's default). The header routes rather than validates (docs/versions.md): without it,
    or with another value, the real server answers from another controller, so a generator must neither
    leave it out nor vary it as a negative case; the suite sends the declared value on every request."""
    copied: dict[str, Any] = copy.deepcopy(dict(document))
    parameters = copied.get("components", {}).get("parameters", {})
    values: dict[str, str] = {}

    def resolved(parameter: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = parameter.get("$ref")
        return parameters[ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else parameter

    for item in copied["paths"].values():
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            kept = []
            for parameter in operation.get("parameters", []):
                found = resolved(parameter)
                if found.get("in") == "header" and found.get("name") == VERSION_HEADER:
                    schema = found.get("schema", {})
                    values[operation["operationId"]] = str(schema.get("default", (schema.get("enum") or [""])[0]))
                else:
                    kept.append(parameter)
            operation["parameters"] = kept
    return copied, values


@cache
def version_headers(versions: ApiVersions) -> Mapping[str, str]:
    """operationId -> the `cal-api-version` every request of it carries: `versions` where the operation takes
    the profile's versions, else the one value the document declares (`without_version_header`)."""
    chosen: dict[str, str] = {}
    for operation_id, operation in documented_operations().items():
        headers, _ = operation.credentials(None, versions)
        if VERSION_HEADER in headers:
            chosen[operation_id] = headers[VERSION_HEADER]
    return MappingProxyType(chosen)


# Operations no booking matrix (key states, tenancy, views that must agree) calls: their route is no booking
# resource, so they read or change no booking. Each matrix excludes them with this reason, beside its own; an
# operation added to the spec on a booking route is in no matrix until one calls it or says why not.
NOT_BOOKING_OPERATIONS: Mapping[OperationId, str] = MappingProxyType(
    {
        operation_id: f"not a booking operation, its route is no booking's ({operation.summary.rstrip('.')})"
        for operation_id, operation in documented_operations().items()
        if not operation.about_bookings
    }
)
