"""The exceptions: every refusal the mock can answer with, each building its own message.

Messages are the real server's, verbatim, wherever they are known. The rules that raise them live
in `rules`; entities and enums in `model`.

Exception tree (the HTTP layer maps each class to a status and `error.code` by walking the MRO)::

    DomainError
    ├── NotFound (404)        BookingNotFound, BookingIdNotFound, EventTypeNotFound, UserNotFound,
    │                         TeamNotFound, OrganizationSlugNotFound, TeamNotInOrgNotFound,
    │                         ReportBookingNotFound*
    ├── InvalidRequest (400)  one class per rule; ConfirmationRefused†, CancellationReasonRequired‡,
    │                         UserIdsNotFound†, EventTypeIdsNotFound†, ReportNoAttendees*, DomainReportRefused*
    ├── Unauthorized (401)    ApiKeyMissing, ApiKeyInvalid, ApiKeyExpired, BookingAuthenticationRequired,
    │                         ConfirmationUnauthorized†, NotHostOfSeatedEvent‡
    ├── Forbidden (403)       GuardForbidden, BookingAuthenticationForbidden, BookingAccessForbidden,
    │                         V1NotAuthorized, UserIdsOutsideOrg†, ReportBookingOutsideOrg*
    ├── Conflict (409)        SeatsFull
    └── Unprocessable (422)   NoHostsForEventType

Markers telling the HTTP layer to render differently from the usual `{status:"error", error:{…}}`:
    † TrpcError: `error.code` "TRPCError" and the tRPC filter's generic message, not ours.
    ‡ BareHttpError: the real server answers `{"statusCode": n, "message": msg}` outside its envelope; the
      mock keeps the documented envelope, with `error.code` "HttpError" and that body in `error.details`.
    * HttpExceptionError: `error.code` "HttpException" and `error.details` = the message string.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from mock_server.domain.model import BookingStatus, Organization, Plan, iso_utc

# --------------------------------------------------------------------------------------- exceptions


class DomainError(Exception):
    """Base of every refusal; `message` is what the client reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class NotFound(DomainError):
    """404."""


class InvalidRequest(DomainError):
    """400."""


class Unauthorized(DomainError):
    """401. `v1_message`: what v1 answers instead, for the refusals of its `apiKey`."""

    v1_message: ClassVar[str | None] = None


class Forbidden(DomainError):
    """403."""


class Conflict(DomainError):
    """409."""


class Unprocessable(DomainError):
    """422."""


class TrpcError(DomainError):
    """Marker: the real server raised this inside tRPC, so clients only see a generic message."""


class BareHttpError(DomainError):
    """Marker: the real server's calcom `HttpError` escapes the envelope filter."""


class HttpExceptionError(DomainError):
    """Marker: the real server wraps this in a plain Nest `HttpException`."""


# --- 404


class BookingNotFound(NotFound):
    """No booking, recurrence or series has this uid."""

    def __init__(self, uid: str, *, phrasing: str = "was not found in the database") -> None:
        super().__init__(f"Booking with uid={uid} {phrasing}")
        self.uid = uid


class BookingIdNotFound(NotFound):
    """v1: no booking has this numeric id."""

    def __init__(self, booking_id: int) -> None:
        super().__init__("Booking not found")
        self.booking_id = booking_id


class EventTypeNotFound(NotFound):
    """The event type a create request names does not exist (message per identification mode)."""

    def __init__(
        self,
        *,
        event_type_id: int | None = None,
        slug: str | None = None,
        username: str | None = None,
        team_slug: str | None = None,
        organization_slug: str | None = None,
    ) -> None:
        owner = f"user {username}" if username else f"team {team_slug}"
        within = f" within organization {organization_slug}" if organization_slug else ""
        if slug and (username or team_slug):
            message = f"Event type with slug {slug} belonging to {owner}{within} not found."
        else:
            message = f"Event type with id {event_type_id} not found."
        super().__init__(message)


class UserNotFound(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"User with username {username} not found")


class TeamNotFound(NotFound):
    def __init__(self, team_slug: str) -> None:
        super().__init__(f"Team with slug {team_slug} not found")


class OrganizationSlugNotFound(NotFound):
    def __init__(self, organization_slug: str) -> None:
        # The real message names the source file it came from.
        super().__init__(f"slots-input.service.ts: Organization with slug {organization_slug} not found")


class TeamNotInOrgNotFound(NotFound):
    def __init__(self, team_id: int) -> None:
        super().__init__(f"IsTeamInOrg - Team ({team_id}) not found.")


class ReportBookingNotFound(NotFound, HttpExceptionError):
    def __init__(self) -> None:
        super().__init__("Booking not found")


# --- 400


class EventTypeNotIdentified(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided")


class MissingContactMethod(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Attendee must have at least one contact method (email or phone number)")


class BookingInPast(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Attempting to book a meeting in the past.")


class BookingTimeOutOfBounds(InvalidRequest):
    """`booking_time_out_of_bounds_error` (inside the minimum booking notice), as 2024-08-13's
    `handleBookingError` words it."""

    def __init__(self) -> None:
        super().__init__(
            "The event type can't be booked at the \"start\" time provided. This could be because it's too soon "
            "(violating the minimum booking notice) or too far in the future (outside the event's scheduling "
            "window). Try fetching available slots first using the GET /v2/slots endpoint and then make a booking "
            'with "start" time equal to one of the available slots: https://cal.com/docs/api-reference/v2/slots'
        )


class SlotUnavailable(InvalidRequest):
    """A host already has an overlapping booking (the real server answers 400, not 409)."""

    def __init__(self, *, team_event: bool) -> None:
        if team_event:
            super().__init__("One of the hosts either already has booking at this time or is not available")
        else:
            super().__init__("User either already has booking at this time or is not available")


class LengthNotAllowed(InvalidRequest):
    def __init__(self, allowed: Iterable[int]) -> None:
        options = list(allowed)
        if not options:
            message = (
                "Can't specify 'lengthInMinutes' because event type does not have multiple possible "
                "lengths. Please, remove the 'lengthInMinutes' field from the request."
            )
        else:
            message = (
                "Provided 'lengthInMinutes' is not one of the possible lengths for the event type. "
                f"The possible lengths are: {', '.join(map(str, options))}"
            )
        super().__init__(message)


class LocationTypeNotOffered(InvalidRequest):
    def __init__(self, kind: str, event_type_id: int, offered: list[str]) -> None:
        super().__init__(
            f"Booking location with type {kind} not valid for event type with id={event_type_id}. The event type "
            f"has following location types: {', '.join(offered)}, and only these types are allowed for booking "
            "location."
        )


class IntegrationNotOffered(InvalidRequest):
    def __init__(self, integration: str, event_type_id: int, offered: list[str]) -> None:
        super().__init__(
            f"Booking location with integration {integration} not valid for event type with id={event_type_id}. "
            f"The event type has following integrations: {', '.join(offered)}, and only these integrations are "
            "allowed for booking location."
        )


class InvalidRecurrenceCount(InvalidRequest):
    def __init__(self, count: int) -> None:
        super().__init__(f"recurrenceCount must be at least 1, received {count}")


class RecurrenceCountTooHigh(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Provided recurrence count is higher than the event type's recurring event count.")


class BookerLimitReached(InvalidRequest):
    """`maxActiveBookingsPerBooker`: the booker already has that many upcoming accepted bookings."""

    def __init__(self, reschedule_uid: str | None = None) -> None:
        message = "Attendee with this email can't book because the maximum number of active bookings has been reached."
        if reschedule_uid is not None:
            message += f" You can reschedule your existing booking ({reschedule_uid}) to a new timeslot instead."
        super().__init__(message)


class MissingBookingField(InvalidRequest):
    def __init__(self, field_name: str, event_type_id: int) -> None:
        super().__init__(
            f"Missing required booking field response: {field_name} - it is required by the event type booking "
            "fields, but missing in the bookingFieldsResponses. You can fetch the event type with ID "
            f"{event_type_id} to see the required fields."
        )


class MissingAttendeePhone(InvalidRequest):
    def __init__(self) -> None:
        super().__init__(
            'Missing attendee phone number - it is required by the event type. Pass it as "attendee.phoneNumber" '
            "string in the request."
        )


class BookingFieldTypeMismatch(InvalidRequest):
    def __init__(self, field_name: str, expected: str, field_type: str, received: str) -> None:
        super().__init__(
            f"Invalid type for booking field '{field_name}'. Expected type {expected} (compatible with field type "
            f"'{field_type}'), but received {received}."
        )


class BookingFieldOptionInvalid(InvalidRequest):
    def __init__(self, field_name: str, allowed: Iterable[str], value: object = None, *, many: bool = False) -> None:
        options = ", ".join(allowed)
        if many:
            message = f"One or more invalid options for booking field '{field_name}'. Allowed options are: {options}."
        else:
            message = f"Invalid option '{value}' for booking field '{field_name}'. Allowed options are: {options}."
        super().__init__(message)


class BookingAlreadyCancelled(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(
            f"Can't cancel booking with uid={uid} because it has been cancelled already. "
            "Please provide uid of a booking that is not cancelled."
        )


class SeatNotFound(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Invalid seatUid: this seat does not exist or has already been cancelled.")


class SeatNotInBooking(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Invalid seatUid: this seat does not belong to this booking.")


class SeriesSubsequentCancel(InvalidRequest):
    def __init__(self) -> None:
        super().__init__(
            "Cannot cancel subsequent bookings for recurring event - you have to provide uid of one of "
            "the individual bookings of a recurring booking."
        )


class NotPartOfRecurring(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(f"Booking with bookingUid={uid} is not part of a recurring booking.")


class CancellationReasonRequired(InvalidRequest, BareHttpError):
    def __init__(self) -> None:
        super().__init__("Cancellation reason is required when you are the host")


class RescheduleOfCancelled(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(
            f"Can't reschedule booking with uid={uid} because it has been cancelled. "
            "Please provide uid of a booking that is not cancelled."
        )


class RescheduleOfRescheduled(InvalidRequest):
    def __init__(self, uid: str, rescheduled_to: str | None) -> None:
        super().__init__(
            f"Can't reschedule booking with uid={uid} because it has been cancelled and rescheduled "
            f"already to booking with uid={rescheduled_to}. You probably want to reschedule "
            f"{rescheduled_to} instead by passing it within the request URL."
        )


class RescheduleOfRejected(InvalidRequest):
    """Mock-only: the real server answers a bare 404 "Could not find original booking"."""

    def __init__(self, uid: str) -> None:
        super().__init__(
            f"Can't reschedule booking with uid={uid} because it has been rejected. "
            "Please provide uid of a booking that is not rejected."
        )


class SeatUidRequiredForReschedule(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(
            f"Booking with uid={uid} is a seated booking which means you have to provide seatUid in the "
            "request body to specify which seat specifically you want to reschedule. First, fetch the "
            "booking using https://cal.com/docs/api-reference/v2/bookings/get-a-booking and then within "
            "the attendees array you will find the seatUid of the booking you want to reschedule. Second, "
            "provide the seatUid in the request body to specify which seat specifically you want to "
            "reschedule using the reschedule endpoint "
            "https://cal.com/docs/api-reference/v2/bookings/reschedule-a-booking#option-2"
        )


class MarkAbsentTooEarly(InvalidRequest):
    def __init__(self, now: datetime, start: datetime) -> None:
        super().__init__(
            "Bookings can only be marked as absent after their scheduled start time. "
            f"Current time in UTC+0: {iso_utc(now)}, Booking start time in UTC+0: {iso_utc(start)}"
        )


class ConfirmationRefused(InvalidRequest, TrpcError):
    """Confirm/decline of a booking that is not waiting for confirmation."""

    def __init__(self, uid: str, status: BookingStatus) -> None:
        if status is BookingStatus.ACCEPTED:
            super().__init__("Booking already confirmed")
        else:
            super().__init__(f"Booking with uid={uid} is {status.lower()} and can't be confirmed or declined")


class StatusEmpty(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("status cannot be empty.")


class InvalidStatusFilter(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Invalid status. Allowed are upcoming, recurring, past, cancelled, unconfirmed")


class ReportNoAttendees(InvalidRequest, HttpExceptionError):
    def __init__(self) -> None:
        super().__init__("Booking has no attendees")


class DomainReportRefused(InvalidRequest, HttpExceptionError):
    def __init__(self, *, seated: bool) -> None:
        if seated:
            super().__init__("Domain reporting is not available for seated events")
        else:
            super().__init__("Cannot report by domain for free email providers")


class AlreadyReported(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("This booking has already been reported")


class UserIdsNotFound(InvalidRequest, TrpcError):
    """No user of `userIds` exists (tRPC BAD_REQUEST, checked before the permission)."""

    def __init__(self) -> None:
        super().__init__("The requested users do not exist.")


class EventTypeIdsNotFound(InvalidRequest, TrpcError):
    """No event type of `eventTypeIds`/`eventTypeId` exists (tRPC BAD_REQUEST)."""

    def __init__(self) -> None:
        super().__init__("The requested event-types do not exist.")


class V1AlreadyCancelled(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("This booking has already been cancelled.")


class V1EventTypeNotFound(InvalidRequest):
    """v1 maps a missing event type to 400, not 404."""

    def __init__(self, event_type_id: int) -> None:
        super().__init__(f"Event type with id {event_type_id} not found.")


# --- 401


class ApiKeyMissing(Unauthorized):
    v1_message = "No apiKey provided"

    def __init__(self) -> None:
        super().__init__(
            "ApiAuthStrategy - No authentication method provided. Either pass an API key as 'Bearer' header "
            "or OAuth client credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
        )


class ApiKeyInvalid(Unauthorized):
    v1_message = "Your API key is not valid."

    def __init__(self) -> None:
        super().__init__("ApiAuthStrategy - api key - Your api key is not valid")


class AccessTokenInvalid(Unauthorized):
    def __init__(self) -> None:
        super().__init__("ApiAuthStrategy - access token - Invalid Access Token.")


class OAuthClientNotFound(Unauthorized):
    def __init__(self, client_id: str) -> None:
        super().__init__(f"ApiAuthStrategy - oAuth client - Client with ID {client_id} not found")


class OAuthClientSecretInvalid(Unauthorized):
    def __init__(self) -> None:
        super().__init__("ApiAuthStrategy - oAuth client - Invalid client secret")


class OAuthClientWithoutOwner(Unauthorized):
    def __init__(self) -> None:
        super().__init__("ApiAuthStrategy - oAuth client - No owner ID found for this OAuth client")


class OAuthCredentialsIncomplete(Unauthorized):
    """Only one of the two OAuth client headers, and no bearer token."""

    def __init__(self, *, sent: str, missing: str) -> None:
        super().__init__(
            f"ApiAuthStrategy - Only '{sent}' header provided. Please also provide '{missing}' header or Auth "
            "bearer token as 'Authentication' header"
        )


class ApiKeyExpired(Unauthorized):
    v1_message = "This API key is expired."

    def __init__(self) -> None:
        super().__init__("ApiAuthStrategy - api key - Your api key is expired")


class BookingAuthenticationRequired(Unauthorized):
    def __init__(self, event_type_id: int) -> None:
        super().__init__(
            f"Event type with id={event_type_id} requires authentication: provide an API key of its owner, "
            "a host, or an admin or owner of its team or organization."
        )


class ConfirmationUnauthorized(Unauthorized, TrpcError):
    def __init__(self, uid: str) -> None:
        super().__init__(f"You are not allowed to confirm or decline booking with uid={uid}")


class NotHostOfSeatedEvent(Unauthorized, BareHttpError):
    def __init__(self) -> None:
        super().__init__("User not a host of this event or an admin of the booking user")


# --- 403


class GuardForbidden(Forbidden):
    """A route guard refused; build it with the named constructor of the guard."""

    @classmethod
    def permissions_no_auth(cls) -> GuardForbidden:
        return cls(
            "PermissionsGuard - no authentication provided. Provide either authorization bearer token "
            "containing managed user access token or oAuth client id in 'x-cal-client-id' header."
        )

    @classmethod
    def org_not_found(cls, org_id: int) -> GuardForbidden:
        return cls(f"IsOrgGuard - provided organization id={org_id} does not represent any existing organization.")

    @classmethod
    def not_org_member(cls, org_id: int) -> GuardForbidden:
        return cls(f"RolesGuard - User is not a member of the organization with id={org_id}.")

    @classmethod
    def not_part_of_org(cls, org_id: int) -> GuardForbidden:
        return cls(f"RolesGuard - User is not part of the organization with id={org_id}.")

    @classmethod
    def not_team_member_nor_org_admin(cls, team_id: int, org_id: int) -> GuardForbidden:
        return cls(
            f"RolesGuard - User is not part of the team with id={team_id} and/or, is not an admin nor an "
            f"owner of the organization with id={org_id}."
        )

    @classmethod
    def minimum_role(cls, user_id: int, role: str, org_id: int, team_id: int | None = None) -> GuardForbidden:
        team = f" team with id={team_id}" if team_id is not None else ""
        return cls(
            f"RolesGuard - user with id={user_id} does not have the minimum required role={role} within "
            f"organization with id={org_id}{team}."
        )

    @classmethod
    def team_not_in_org(cls, team_id: int, org_id: int) -> GuardForbidden:
        return cls(f"IsTeamInOrg - Team with id={team_id} is not part of the organization with id={org_id}.")

    @classmethod
    def plan_too_low(cls, org: Organization, minimum: Plan) -> GuardForbidden:
        return cls(
            f"PlatformPlanGuard - organization with id={org.id} does not have required plan for this "
            f"operation. Minimum plan is {minimum} while the organization has {org.plan}."
        )

    @classmethod
    def admin_api_disabled(cls, org_id: int) -> GuardForbidden:
        return cls(
            f"IsAdminAPIEnabledGuard - Organization with id={org_id} does not have Admin API access. "
            "Please contact https://cal.com/sales to upgrade."
        )


class BookingAuthenticationForbidden(Forbidden):
    def __init__(self, event_type_id: int, user_id: int) -> None:
        super().__init__(
            f"User with id={user_id} is not allowed to book event type with id={event_type_id}: it requires "
            "the booker to be its owner, a host, or an admin or owner of its team or organization."
        )


class BookingAccessForbidden(Forbidden):
    def __init__(self) -> None:
        super().__init__("You are not allowed to access this booking")


class V1NotAuthorized(Forbidden):
    def __init__(self) -> None:
        super().__init__("You are not authorized")


class UserIdsOutsideOrg(Forbidden, TrpcError):
    """`userIds` names someone outside the caller's organization or teams (tRPC FORBIDDEN)."""

    def __init__(self) -> None:
        super().__init__("You do not have permissions to fetch bookings for specified userIds")


class ReportBookingOutsideOrg(Forbidden, HttpExceptionError):
    def __init__(self) -> None:
        super().__init__("Booking does not belong to this organization")


# --- 409 / 422


class SeatsFull(Conflict):
    def __init__(self) -> None:
        super().__init__("No more seats left at this seated booking.")


class NoHostsForEventType(Unprocessable):
    def __init__(self, event_type_id: int, team_id: int | None) -> None:
        super().__init__(
            "Can't book this team event type because it has no hosts. Please, add at least 1 host to event type "
            f"with id={event_type_id} belonging to team with id={team_id} and try again."
        )


# --- event types, slots (the reads a booking page needs)


class EventTypesNotFound(NotFound):
    """`GET /v2/event-types` found none (EventTypesController_2024_06_14.getEventTypes)."""

    def __init__(self) -> None:
        super().__init__("Event types not found")


class UserEventTypeNotFound(NotFound):
    """`GET /v2/event-types/{id}` of an id the caller does not own (getEventTypeById)."""

    def __init__(self, event_type_id: int) -> None:
        super().__init__(f"Event type with id {event_type_id} not found")


class SlotsEventTypeNotFound(NotFound):
    """`GET /v2/slots` named no event type that exists (SlotsInputService_2024_09_04)."""

    def __init__(self) -> None:
        super().__init__("Event Type not found")


class SlotsOrganizationNotFound(NotFound):
    def __init__(self, organization_slug: str) -> None:
        super().__init__(f"slots-input.service.ts: Organization with slug {organization_slug} not found")


class SlotsEventTypeNotIdentified(InvalidRequest):
    """Neither an id, nor a slug with a username or team slug: the real pipe falls through to the
    dynamic (`usernames`) variant, which this mock does not model."""

    def __init__(self) -> None:
        super().__init__(
            "usernames property is wrong,usernames must be an array: pass eventTypeId, or eventTypeSlug with "
            "username or teamSlug (dynamic event types by usernames are not modelled by this mock)"
        )


class InvalidTimeRange(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Invalid time range given - check the 'start' and 'end' query parameters.")


class InvalidSlotsTimeZone(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("timeZone property is wrong,timeZone must be a valid IANA time-zone ")


# --- reassignment, references, calendar links, Cal Video, the organization user list


class BookingUidNotFound(NotFound):
    """The references and calendar-links services' phrasing (no `=`)."""

    def __init__(self, uid: str) -> None:
        super().__init__(f"Booking with uid {uid} not found")
        self.uid = uid


class ReassignUserNotFound(NotFound):
    def __init__(self, user_id: int) -> None:
        super().__init__(f"User with id={user_id} was not found in the database")


class NoCalVideoReference(NotFound):
    def __init__(self, uid: str) -> None:
        super().__init__(f"No Cal Video reference found with booking uid {uid}")


class NoOtherHostAvailable(InvalidRequest):
    """`no_available_users_found_error` from `ensureAvailableUsers`, as the bookings service words it."""

    def __init__(self) -> None:
        super().__init__("Can't reassign the booking because no other host is available at that time.")


class InvalidRoundRobinHost(InvalidRequest):
    def __init__(self, user_id: int) -> None:
        super().__init__(
            f"User with id={user_id} is not a valid Round Robin host - the user to which you reassign this booking "
            "must be one of the booking hosts. Fetch the booking using following endpoint and select id of one of "
            "the hosts: https://cal.com/docs/api-reference/v2/bookings/get-a-booking"
        )


class ReassignToFixedHost(InvalidRequest):
    """`user_is_round_robin_fixed`: the real service does not map it and answers 500; the mock says why."""

    def __init__(self, user_id: int) -> None:
        super().__init__(
            f"User with id={user_id} is a fixed host of this event type: a booking can only be reassigned to one "
            "of its round robin (not fixed) hosts."
        )


class ReferencesNotOwned(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(f"Booking with uid {uid} does not belong to user")


class ReassignForbidden(Forbidden):
    """`BOOKING_REASSIGN_PERMISSION_ERROR`."""

    def __init__(self) -> None:
        super().__init__("You do not have permission to reassign this booking")


class BookingPbacForbidden(Forbidden):
    def __init__(self, user_id: int, uid: str) -> None:
        super().__init__(f"BookingPbacGuard - user with id={user_id} does not have access to booking with uid={uid}")


class UserNotInOrg(Forbidden):
    def __init__(self, user_id: int, org_id: int) -> None:
        super().__init__(f"IsUserInOrg - user with id={user_id} is not part of the organization with id={org_id}.")


class InvalidTimeRange_2024_04_15(InvalidRequest):
    """`GET /v2/slots/available`: the controller's wording names its own query parameters."""

    def __init__(self) -> None:
        super().__init__("Invalid time range given - check the 'startTime' and 'endTime' query parameters.")


class SlotReservedByOther(Conflict):
    """`reserved_slot_not_first_in_line`: an earlier reservation of the same slot, not the booker's, still holds
    it (`createBookingWithReservedSlot`); the reserved-slot e2e expects this sentence with a 409."""

    def __init__(self, seconds_until_release: int) -> None:
        super().__init__(
            "Someone else reserved this booking time slot before you. This time slot will be freed up in "
            f"{seconds_until_release} seconds."
        )


# --- the 2024-04-15 bookings controller (apps/api/v2/src/ee/bookings/2024-04-15/)


class ValidationPipeRefused(InvalidRequest):
    """Nest's global ValidationPipe: `new BadRequestException({errors})`, so the message is Nest's
    "Bad Request Exception" and `error.details` is `{errors: [class-validator ValidationError...]}`."""

    def __init__(self, errors: list[dict[str, object]]) -> None:
        super().__init__("Bad Request Exception")
        self.errors = errors


class LegacyBookingRefused(InvalidRequest, HttpExceptionError):
    """`handleBookingErrors` of 2024-04-15: handleNewBooking's raw code or message as a 400 HttpException
    (`no_available_users_found_error`, `Attempting to book a meeting in the past.`, ...)."""


class LegacyUnauthorized(Unauthorized, HttpExceptionError):
    """A 401 that 2024-04-15's `handleBookingErrors` rethrows as `HttpException(getResponse(), status)`."""


class LegacyForbidden(Forbidden, HttpExceptionError):
    """A 403 rethrown the same way."""


class LegacyBookingNotFound(NotFound):
    def __init__(self, uid: str) -> None:
        super().__init__(f"Booking with UID={uid} does not exist.")


class CancelById(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("Please provide booking uid instead of booking id.")


class LegacyAlreadyCancelled(InvalidRequest):
    def __init__(self, uid: str) -> None:
        super().__init__(
            f"Can't cancel booking with uid={uid} because it has been cancelled already. Please provide uid of a "
            "booking that is not cancelled."
        )


class TokenExpired(DomainError):
    """498: a managed user's access token past its `expiresAt` (`TokenExpiredException`,
    apps/api/v2/src/modules/auth/guards/api-auth/token-expired.exception.ts). The atoms refresh on it."""

    STATUS: ClassVar[int] = 498
    CODE: ClassVar[str] = "TokenExpiredException"

    def __init__(self) -> None:
        super().__init__("ACCESS_TOKEN_IS_EXPIRED")


class ProviderClientUnknown(Unauthorized):
    """`GET /v2/provider/{clientId}` of a client that does not exist: a bare `UnauthorizedException()`."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


class OAuthCredentialsInvalid(InvalidRequest):
    """The refresh of an unknown client, a wrong secret or a refresh token not of this client."""

    def __init__(self) -> None:
        super().__init__("Invalid OAuthClient credentials.")


class AtomsEventTypeNotFound(NotFound):
    """getPublicEventTypeForAtoms found no event type of that user (or team) and slug."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"Event type with slug {slug} not found")


class AtomsUsernameRequired(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("username is required for non-team events, please provide a valid username")


class AtomsTeamIdRequired(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("teamId is required for team events, please provide a valid teamId")
