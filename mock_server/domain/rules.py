"""The pure rules of Cal.com bookings: authentication, roles and tenancy, booking state checks, reports.

Each rule takes entities and `now` as arguments and returns a value or raises one of `exceptions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from mock_server.domain.availability import earliest_start
from mock_server.domain.exceptions import (
    ApiKeyExpired,
    ApiKeyInvalid,
    ApiKeyMissing,
    BookingAlreadyCancelled,
    BookingAuthenticationForbidden,
    BookingAuthenticationRequired,
    BookingFieldOptionInvalid,
    BookingFieldTypeMismatch,
    BookingInPast,
    BookingTimeOutOfBounds,
    ConfirmationRefused,
    DomainReportRefused,
    GuardForbidden,
    LengthNotAllowed,
    MarkAbsentTooEarly,
    MissingAttendeePhone,
    MissingBookingField,
    ReportNoAttendees,
    RescheduleOfCancelled,
    RescheduleOfRejected,
    RescheduleOfRescheduled,
    TeamNotInOrgNotFound,
)
from mock_server.domain.model import (
    ADMIN_ROLES,
    ApiKey,
    Booking,
    BookingContext,
    BookingStatus,
    EventType,
    Organization,
    Plan,
    ReportType,
    Role,
    Team,
    User,
)

# ------------------------------------------------------------------------------------ auth and roles


def check_api_key(api_key: ApiKey | None, now: datetime) -> None:
    """`ApiAuthStrategy`: unknown keys and keys expired before today (UTC, by date) are refused."""
    if api_key is None:
        raise ApiKeyInvalid()
    if api_key.expires_at is not None and now.date() > api_key.expires_at.date():
        raise ApiKeyExpired()


def require_caller(caller: User | None, *, permissions_guard: bool = False) -> User:
    """Routes with `@Permissions` refuse anonymous callers with 403 before authentication runs."""
    if caller is None:
        raise GuardForbidden.permissions_no_auth() if permissions_guard else ApiKeyMissing()
    return caller


def is_org_admin(user: User, org_id: int | None) -> bool:
    return org_id is not None and user.org_id == org_id and user.org_role in ADMIN_ROLES


def is_team_admin(user: User, team_id: int | None) -> bool:
    return team_id is not None and user.team_roles.get(team_id) in ADMIN_ROLES


def is_org_admin_of(caller: User, user: User) -> bool:
    """`isLoggedInUserOrgAdminOfBookingHost`: the caller administers an organization `user` belongs to."""
    return is_org_admin(caller, user.org_id)


def platform_owner(members: Iterable[User]) -> User | None:
    """Whom OAuth client credentials act as: the platform organization's owner, else an admin
    (`findPlatformOwnerUserId` || `findPlatformAdminUserId`)."""
    ranked = sorted(
        (m for m in members if m.org_role in ADMIN_ROLES), key=lambda m: (m.org_role is not Role.OWNER, m.id)
    )
    return ranked[0] if ranked else None


def can_manage_booking(user: User, context: BookingContext) -> bool:
    """Organizer, host, event-type owner/host, admin of its team, or admin of its organization."""
    event_type = context.event_type
    return (
        user.id in context.booking.user_ids
        or user.id == event_type.owner_id
        or user.id in event_type.host_ids
        or is_team_admin(user, event_type.team_id)
        or any(is_org_admin(user, org_id) for org_id in context.org_ids)
    )


def can_read_booking(user: User, context: BookingContext) -> bool:
    """Managers, plus anyone attending under their own email."""
    return can_manage_booking(user, context) or user.email in context.booking.attendee_emails


def is_event_type_admin_or_owner(caller: User, event_type: EventType, org_id: int | None) -> bool:
    """`EventTypeAccessService.userIsEventTypeAdminOrOwner`: its owner, a host, an admin of its team,
    or an admin of the organization (`org_id`: its team's, else its owner's)."""
    return (
        caller.id == event_type.owner_id
        or caller.id in event_type.host_ids
        or is_team_admin(caller, event_type.team_id)
        or is_org_admin(caller, org_id)
    )


def check_may_book(caller: User | None, event_type: EventType, org_id: int | None) -> None:
    """`bookingRequiresAuthentication`: only the owner, hosts and admins of the event type's team or
    organization may book."""
    if not event_type.booking_requires_authentication:
        return
    if caller is None:
        raise BookingAuthenticationRequired(event_type.id)
    if not is_event_type_admin_or_owner(caller, event_type, org_id):
        raise BookingAuthenticationForbidden(event_type.id, caller.id)


def shows_seated_attendees(caller: User | None, event_type: EventType, org_id: int | None) -> bool:
    """A seated booking read by one booker shows the other attendees only if the event type says so
    (`seatsShowAttendees`) or the caller administers the event type (output.service.ts)."""
    return event_type.seats_show_attendees or (
        caller is not None and is_event_type_admin_or_owner(caller, event_type, org_id)
    )


# --------------------------------------------------------------------------------------- org guards


def require_org_admin(user: User, org: Organization) -> None:
    """RolesGuard ORG_ADMIN on an organization route."""
    if user.org_id != org.id:
        raise GuardForbidden.not_org_member(org.id)
    if user.org_role not in ADMIN_ROLES:
        raise GuardForbidden.minimum_role(user.id, "ORG_ADMIN", org.id)


def require_team_admin(user: User, org: Organization, team_id: int) -> None:
    """RolesGuard TEAM_ADMIN on an org team route: org admins pass, as org > team."""
    if user.org_id != org.id:
        raise GuardForbidden.not_part_of_org(org.id)
    if user.org_role in ADMIN_ROLES:
        return
    if team_id not in user.team_roles:
        raise GuardForbidden.not_team_member_nor_org_admin(team_id, org.id)
    if user.team_roles[team_id] not in ADMIN_ROLES:
        raise GuardForbidden.minimum_role(user.id, "TEAM_ADMIN", org.id, team_id)


def require_team_in_org(team: Team | None, team_id: int, org: Organization) -> Team:
    if team is None:
        raise TeamNotInOrgNotFound(team_id)
    if team.parent_org_id != org.id:
        raise GuardForbidden.team_not_in_org(team_id, org.id)
    return team


def require_plan_and_admin_api(org: Organization, minimum: Plan = Plan.ESSENTIALS) -> None:
    """PlatformPlanGuard then IsAdminAPIEnabledGuard, the last two guards of every org route."""
    if not org.plan.at_least(minimum):
        raise GuardForbidden.plan_too_low(org, minimum)
    if not org.admin_api_enabled:
        raise GuardForbidden.admin_api_disabled(org.id)


# ------------------------------------------------------------------------------------ booking rules


def check_not_in_past(start: datetime, now: datetime) -> None:
    """`validateBookingTimeIsNotOutOfBounds`: a start in the past, then one inside the minimum booking notice
    (`isOutOfBounds`), are refused before any host's availability is looked at."""
    if start < now:
        raise BookingInPast()
    if start < earliest_start(now):
        raise BookingTimeOutOfBounds()


def check_length(event_type: EventType, requested: int | None) -> int:
    """The booking length: the event type's, or one of its options (`multipleDuration`) when the
    body asks for one. Any `lengthInMinutes` is refused for an event type without options, even
    its own length (`validateBookingLengthInMinutes`); 0 counts as not sent, as in JavaScript."""
    if not requested:
        return event_type.length_in_minutes
    if requested not in event_type.length_options:
        raise LengthNotAllowed(event_type.length_options)
    return requested


_FIELD_TYPES: dict[str, tuple[str, tuple[type, ...]]] = {
    "phone": ("string", (str,)),
    "address": ("string", (str,)),
    "text": ("string", (str,)),
    "textarea": ("string", (str,)),
    "url": ("string", (str,)),
    "number": ("number", (int, float)),
    "multiemail": ("array", (list,)),
    "boolean": ("boolean", (bool,)),
    "select": ("string or number", (str, int, float)),
    "radio": ("string or number", (str, int, float)),
    "multiselect": ("array", (list,)),
    "checkbox": ("array", (list,)),
}


def _js_type(value: object) -> str:
    """JavaScript's `typeof` of a JSON value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "undefined" if value is None else "object"


def _option_text(value: object) -> str:
    """JavaScript's `String(value)` for the JSON values an option can hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_booking_fields(event_type: EventType, responses: Mapping[str, Any], phone_number: str | None) -> None:
    """`hasRequiredBookingFieldsResponses`: every required non-system field (and smsReminderNumber)
    must be answered, and every answer must have its field's type and one of its options."""
    answers: dict[str, Any] = {**responses, "attendeePhoneNumber": phone_number, "smsReminderNumber": phone_number}
    for booking_field in event_type.booking_fields:
        if booking_field.system and booking_field.name != "smsReminderNumber":
            continue
        value = answers.get(booking_field.name)
        if value is None:
            if not booking_field.required:
                continue
            if booking_field.name in ("attendeePhoneNumber", "smsReminderNumber"):
                raise MissingAttendeePhone()
            raise MissingBookingField(booking_field.name, event_type.id)
        expected = _FIELD_TYPES.get(booking_field.type)
        if expected is None:
            continue  # the real switch lets unknown field types pass
        label, kinds = expected
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise BookingFieldTypeMismatch(booking_field.name, label, booking_field.type, _js_type(value))
        allowed = booking_field.options
        if not allowed:
            continue
        if isinstance(value, list):
            if not all(_option_text(v) in allowed for v in value):
                raise BookingFieldOptionInvalid(booking_field.name, allowed, many=True)
        elif booking_field.type in ("select", "radio") and _option_text(value) not in allowed:
            raise BookingFieldOptionInvalid(booking_field.name, allowed, _option_text(value))


def check_cancellable(booking: Booking) -> None:
    if booking.status is BookingStatus.CANCELLED:
        raise BookingAlreadyCancelled(booking.uid)


def check_confirmable(booking: Booking) -> None:
    """The real server refuses only ACCEPTED; the mock also refuses CANCELLED and REJECTED
    so that a confirm or decline can never resurrect a booking that is gone."""
    if booking.status in (BookingStatus.ACCEPTED, BookingStatus.CANCELLED, BookingStatus.REJECTED):
        raise ConfirmationRefused(booking.uid, booking.status)


def check_reschedulable(booking: Booking) -> None:
    if booking.status is BookingStatus.CANCELLED and booking.rescheduled_to_uid is not None:
        raise RescheduleOfRescheduled(booking.uid, booking.rescheduled_to_uid)
    if booking.status is BookingStatus.CANCELLED:
        raise RescheduleOfCancelled(booking.uid)
    if booking.status is BookingStatus.REJECTED:
        raise RescheduleOfRejected(booking.uid)


def check_absence_time(booking: Booking, now: datetime) -> None:
    if now < booking.start:
        raise MarkAbsentTooEarly(now, booking.start)


def oauth_user_email(client_id: str, email: str) -> str:
    """`OAuthClientUsersService.getOAuthUserEmail`: the stored email of a managed user."""
    local, _, domain = email.partition("@")
    return f"{local}+{client_id}@{domain}"


def phone_placeholder_email(phone_number: str) -> str:
    """Cal.com stores phone-only attendees under a synthetic `<digits>@sms.cal.com` email."""
    digits = "".join(ch for ch in phone_number if ch.isdigit())
    return f"{digits}@sms.cal.com"


# ------------------------------------------------------------------------------------------ reports

FREE_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        "fastmail.com",
        "tutanota.com",
        "hey.com",
        "qq.com",
        "163.com",
        "web.de",
    }
)


def report_booker(context: BookingContext, report_type: ReportType) -> str:
    """`validateOrgBooking`'s last steps: the value stored as the report's `bookerEmail`."""
    booking = context.booking
    if not booking.attendees:
        raise ReportNoAttendees()
    booker_email = booking.attendees[0].email
    if report_type is ReportType.EMAIL:
        return booker_email
    if context.event_type.is_seated:
        raise DomainReportRefused(seated=True)
    domain = booker_email.rpartition("@")[2]
    if domain.lower() in FREE_EMAIL_DOMAINS:
        raise DomainReportRefused(seated=False)
    return f"@{domain}"


def matches_reported_booker(email: str, booker: str, report_type: ReportType) -> bool:
    """The SQL's `email = $1` or `email LIKE '%@domain'`: case-sensitive, like the real query."""
    return email.endswith(booker) if report_type is ReportType.DOMAIN else email == booker
