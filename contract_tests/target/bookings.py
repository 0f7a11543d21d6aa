"""Making bookings for the rules: what a booker sends (`BookingSpec`), the request body built from
it, and `make_booking`, which places it in a fresh slot and returns what came back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso

__all__ = ["KINDS", "AttendeeSpec", "BookingSpec", "Made", "create_body", "make_booking", "v1_create_body"]

# kind -> the profile key of its event type
KINDS = {
    "regular": "event_types.regular",
    "requires_confirmation": "event_types.requires_confirmation",
    "seated": "event_types.seated",
    "recurring": "event_types.recurring",
    "recurring_requires_confirmation": "event_types.recurring_requires_confirmation",
    "variable_length": "event_types.variable_length",
    "team": "event_types.team",
    "other_team": "event_types.other_team",
    "other_org": "tenancy.other_org_event_type",
}


@dataclass(frozen=True)
class AttendeeSpec:
    name: str = "Contract Tester"
    time_zone: str = "Europe/Berlin"
    language: str | None = None
    phone_number: str | None = None


@dataclass(frozen=True)
class BookingSpec:
    """The parts of a create request a booker chooses; the suite adds event type, start and email."""

    attendee: AttendeeSpec = AttendeeSpec()
    metadata: Mapping[str, str] = field(default_factory=dict)
    guests: tuple[str, ...] = ()  # local parts; addresses are at the run's domain
    booking_fields: Mapping[str, str] = field(default_factory=dict)
    location: Mapping[str, str] | str | None = None


@dataclass(frozen=True)
class Made:
    """A create that the suite sent, and what it got."""

    kind: str
    body: dict[str, Any]
    reply: Reply
    email: str

    @property
    def booking(self) -> dict[str, Any]:
        """The booking answered (the first occurrence for a recurring booking)."""
        data = self.reply.data
        return data[0] if isinstance(data, list) else data  # type: ignore[no-any-return]

    @property
    def uid(self) -> str:
        return str(self.booking["uid"])

    @property
    def occurrences(self) -> list[dict[str, Any]]:
        data = self.reply.data
        return data if isinstance(data, list) else [data]


def guest_addresses(session: ContractSession, spec: BookingSpec) -> list[str]:
    return [f"{local}@{session.domain}" for local in spec.guests]


def create_body(
    session: ContractSession, spec: BookingSpec, *, event_type_id: int, start: datetime, email: str
) -> dict[str, Any]:
    attendee: dict[str, Any] = {"name": spec.attendee.name, "timeZone": spec.attendee.time_zone, "email": email}
    if spec.attendee.language is not None:
        attendee["language"] = spec.attendee.language
    if spec.attendee.phone_number is not None:
        attendee["phoneNumber"] = spec.attendee.phone_number
    body: dict[str, Any] = {"start": iso(start), "eventTypeId": event_type_id, "attendee": attendee}
    if spec.metadata:
        body["metadata"] = dict(spec.metadata)
    if spec.guests:
        body["guests"] = guest_addresses(session, spec)
    if spec.booking_fields:
        body["bookingFieldsResponses"] = dict(spec.booking_fields)
    if spec.location is not None:
        body["location"] = spec.location if isinstance(spec.location, str) else dict(spec.location)
    return body


def v1_create_body(
    session: ContractSession, spec: BookingSpec, *, event_type_id: int, start: datetime, email: str
) -> dict[str, Any]:
    responses: dict[str, Any] = {"name": spec.attendee.name, "email": email, "guests": guest_addresses(session, spec)}
    return {
        "eventTypeId": event_type_id,
        "start": iso(start),
        "responses": responses,
        "timeZone": spec.attendee.time_zone,
        "language": spec.attendee.language or "en",
        "metadata": dict(spec.metadata),
    }


def make_booking(
    session: ContractSession,
    kind: str,
    spec: BookingSpec = BookingSpec(),
    *,
    email: str | None = None,
    start: datetime | None = None,
    recurrence_count: int | None = None,
) -> Made:
    """Create a booking of `kind` (a key of KINDS) in a fresh slot, anonymously as a booker would.
    Skips the test if the profile has no event type of that kind."""
    event_type_id = session.profile.require(KINDS[kind])
    email = email or session.email()
    session.emails.append(email)
    if start is None:
        start = session.slots.next_series() if kind.startswith("recurring") else session.slots.next()
    body = create_body(session, spec, event_type_id=event_type_id, start=start, email=email)
    if recurrence_count is not None:
        body["recurrenceCount"] = recurrence_count
    reply = session.client.create_booking(body)
    return Made(kind=kind, body=body, reply=reply, email=email)
