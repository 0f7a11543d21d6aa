"""The real server's body DTOs and the messages its body pipes answer when one is not valid.

Cal.com validates the create, cancel and reschedule bodies with its own pipes
(`packages/platform/types/bookings/2024-08-13/inputs/*-input.pipe.ts`): class-validator's `validateSync`
with `whitelist` and `forbidNonWhitelisted`, then `formatErrors`, which joins every failed property as
`"<property> property is wrong,<constraint messages> <children>"`. This module states those DTOs (the
decorators of each property, in declaration order) and reproduces the messages, so a bad body is refused
with the sentence the real server sends, naming the property. The spec still decides *whether* a body is
valid; `explain` says *why*, and `check` refuses what the spec cannot say (metadata limits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mock_server.api.reading import time_zones
from mock_server.domain.exceptions import InvalidRequest

__all__ = ["BODY_DTOS", "LANGUAGES", "check", "explain"]

# `BookingLanguage` of inputs/language.ts; the spec's `Language` enum says the same (a test checks).
LANGUAGES = (
    "ar ca de es eu he id ja lv pl ro sr th vi az cs el es-419 fi hr it km nl pt ru sv tr zh-CN bg da en et fr hu "
    "iw ko no pt-BR sk ta uk zh-TW bn"
).split()

METADATA_MESSAGE = (
    "Metadata must have at most 50 keys, each key up to 40 characters, and string values up to 500 characters."
)
EVENT_TYPE_IDENTIFICATION_MESSAGE = (
    "Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided"
)

_MISSING = object()


@dataclass(frozen=True)
class Rule:
    """One class-validator decorator: a test of the value and its message (`$property` is replaced)."""

    test: Callable[[Any], bool]
    message: str


@dataclass(frozen=True)
class Prop:
    name: str
    rules: tuple[Rule, ...] = ()
    optional: bool = False  # @IsOptional: undefined and null skip every rule
    nested: Dto | None = None  # @ValidateNested with @Type


@dataclass(frozen=True)
class Dto:
    props: tuple[Prop, ...]
    # Class-level decorators: (the property name they report under, test of the whole object, message).
    checks: tuple[tuple[str, Callable[[Mapping[str, Any]], bool], str], ...] = ()
    names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(prop.name for prop in self.props))


@dataclass
class Failure:
    """class-validator's ValidationError: a property, its failed constraints, its children."""

    property: str
    constraints: list[str] = field(default_factory=list)
    children: list[Failure] = field(default_factory=list)


# ------------------------------------------------------------------------------------------- rules


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_int(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def _is_date_string(value: Any) -> bool:
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_time_zone(value: Any) -> bool:
    return isinstance(value, str) and value in time_zones()


_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_URL = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)


def _metadata_ok(value: Any) -> bool:
    """`ValidateMetadata`: at most 50 keys of up to 40 characters, string values of up to 500."""
    if not isinstance(value, Mapping) or len(value) > 50:
        return False
    return all(len(key) <= 40 and isinstance(item, str) and len(item) <= 500 for key, item in value.items())


IS_STRING = Rule(_is_string, "$property must be a string")
IS_INT = Rule(_is_int, "$property must be an integer number")
IS_OBJECT = Rule(lambda v: isinstance(v, Mapping), "$property must be an object")
IS_BOOLEAN = Rule(lambda v: isinstance(v, bool), "$property must be a boolean value")
IS_DATE_STRING = Rule(_is_date_string, "$property must be a valid ISO 8601 date string")
MIN_1 = Rule(lambda v: not isinstance(v, (int, float)) or v >= 1, "$property must not be less than 1")


def _each_string(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# --------------------------------------------------------------------------------------------- DTOs

ATTENDEE = Dto(
    props=(
        Prop("name", (IS_STRING,)),
        Prop(
            "email",
            (Rule(lambda v: not v or (isinstance(v, str) and bool(_EMAIL.match(v))), "Invalid email format"),),
            optional=True,
        ),
        Prop("timeZone", (Rule(_is_time_zone, "$property must be a valid IANA time zone"),)),
        Prop(
            "phoneNumber",
            (
                Rule(
                    lambda v: not v or (isinstance(v, str) and bool(_PHONE.match(v))),
                    "Invalid phone number format. Please use international format.",
                ),
            ),
            optional=True,
        ),
        Prop(
            "language",
            (Rule(lambda v: v in LANGUAGES, "$property must be one of the following values: " + ", ".join(LANGUAGES)),),
            optional=True,
        ),
    ),
    checks=(
        (
            "attendee email or phone",
            lambda obj: bool(obj.get("email")) or bool(obj.get("phoneNumber")),
            "Attendee must have at least one contact method (email or phone number)",
        ),
    ),
)

ROUTING = Dto(
    props=(
        Prop("responseId", (IS_INT,)),
        Prop(
            "teamMemberIds",
            (
                Rule(lambda v: isinstance(v, list), "$property must be an array"),
                Rule(
                    lambda v: isinstance(v, list) and all(_is_int(i) for i in v),
                    "each value in $property must be an integer number",
                ),
            ),
        ),
        Prop("teamMemberEmail", (IS_STRING,), optional=True),
        Prop("skipContactOwner", (IS_BOOLEAN,), optional=True),
        Prop("crmAppSlug", (IS_STRING,), optional=True),
        Prop("crmOwnerRecordType", (IS_STRING,), optional=True),
    )
)

_RR_HOST_SUBSET_IDS = Prop(
    "rrHostSubsetIds",
    (
        Rule(lambda v: isinstance(v, list), "$property must be an array"),
        Rule(
            lambda v: isinstance(v, list) and all(_is_int(i) for i in v),
            "each value in $property must be an integer number",
        ),
    ),
    optional=True,
)
_CREATE_PROPS = (
    Prop("start", (IS_DATE_STRING,)),
    Prop("attendee", (Rule(lambda v: v is not None, "$property should not be null or undefined"),), nested=ATTENDEE),
    Prop("bookingFieldsResponses", (IS_OBJECT,), optional=True),
    Prop("eventTypeId", (IS_INT,), optional=True),
    Prop("eventTypeSlug", (IS_STRING,), optional=True),
    Prop("username", (IS_STRING,), optional=True),
    Prop("teamSlug", (IS_STRING,), optional=True),
    Prop("organizationSlug", (IS_STRING,), optional=True),
    Prop(
        "guests",
        (
            Rule(lambda v: isinstance(v, list), "$property must be an array"),
            Rule(_each_string, "each value in $property must be a string"),
        ),
        optional=True,
    ),
    Prop(
        "meetingUrl",
        (Rule(lambda v: isinstance(v, str) and bool(_URL.match(v)), "$property must be a URL address"),),
        optional=True,
    ),
    # The location validator is asynchronous, which validateSync skips: the booking service checks locations.
    Prop("location", optional=True),
    Prop("metadata", (IS_OBJECT, Rule(_metadata_ok, METADATA_MESSAGE)), optional=True),
    Prop("lengthInMinutes", (IS_INT, MIN_1), optional=True),
    Prop("routing", optional=True, nested=ROUTING),
    Prop("emailVerificationCode", (IS_STRING,), optional=True),
    _RR_HOST_SUBSET_IDS,
    Prop("reservedSlotUid", (IS_STRING,), optional=True),
)

_IDENTIFIES_EVENT_TYPE = (
    "eventTypeId or eventTypeSlug + username",
    lambda obj: (
        bool(obj.get("eventTypeId"))
        or (bool(obj.get("eventTypeSlug")) and (bool(obj.get("username")) or bool(obj.get("teamSlug"))))
    ),
    EVENT_TYPE_IDENTIFICATION_MESSAGE,
)

CREATE = Dto(props=_CREATE_PROPS, checks=(_IDENTIFIES_EVENT_TYPE,))
CREATE_INSTANT = Dto(props=(*_CREATE_PROPS, Prop("instant", (IS_BOOLEAN,))), checks=(_IDENTIFIES_EVENT_TYPE,))
CREATE_RECURRING = Dto(
    props=(*_CREATE_PROPS, Prop("recurrenceCount", (IS_INT, MIN_1), optional=True)), checks=(_IDENTIFIES_EVENT_TYPE,)
)

CANCEL = Dto(
    props=(
        Prop("cancellationReason", (IS_STRING,), optional=True),
        Prop("cancelSubsequentBookings", (IS_BOOLEAN,), optional=True),
    )
)
CANCEL_SEATED = Dto(props=(Prop("seatUid", (IS_STRING,)),))

_RESCHEDULE_COMMON = (
    Prop("start", (IS_DATE_STRING,)),
    Prop("rescheduledBy", (IS_STRING,), optional=True),
)
RESCHEDULE = Dto(
    props=(*_RESCHEDULE_COMMON, Prop("reschedulingReason", (IS_STRING,), optional=True), _RR_HOST_SUBSET_IDS)
)
RESCHEDULE_SEATED = Dto(props=(*_RESCHEDULE_COMMON, Prop("seatUid", (IS_STRING,))))


def _create_dto(body: Mapping[str, Any]) -> Dto:
    """CreateBookingInputPipe: recurring when `recurrenceCount` is present, instant when `instant` is true."""
    if "recurrenceCount" in body:
        return CREATE_RECURRING
    if body.get("instant") is True:
        return CREATE_INSTANT
    return CREATE


def _seated(seated: Dto, plain: Dto) -> Callable[[Mapping[str, Any]], Dto]:
    return lambda body: seated if "seatUid" in body else plain


# The spec names a request body's DTO with `x-dto`; each picks its class from the body as the real pipe does.
BODY_DTOS: dict[str, Callable[[Mapping[str, Any]], Dto]] = {
    "CreateBookingInput": _create_dto,
    "CancelBookingInput": _seated(CANCEL_SEATED, CANCEL),
    "RescheduleBookingInput": _seated(RESCHEDULE_SEATED, RESCHEDULE),
}


# ---------------------------------------------------------------------------------------- validation


def _validate(dto: Dto, value: Mapping[str, Any]) -> list[Failure]:
    known = dto.names
    failures = [Failure(key, [f"property {key} should not exist"]) for key in value if key not in known]
    for prop in dto.props:
        item = value.get(prop.name, _MISSING)
        if prop.optional and (item is _MISSING or item is None):
            continue
        subject = None if item is _MISSING else item
        constraints = [r.message.replace("$property", prop.name) for r in prop.rules if not r.test(subject)]
        children: list[Failure] = []
        if prop.nested is not None and subject is not None:
            if isinstance(subject, Mapping):
                children = _validate(prop.nested, subject)
            else:
                constraints.append(f"nested property {prop.name} must be either object or array")
        if constraints or children:
            failures.append(Failure(prop.name, constraints, children))
    for name, test, message in dto.checks:
        if not test(value):
            failures.append(Failure(name, [message]))
    return failures


def _format(failures: Sequence[Failure]) -> str:
    """The pipes' `formatErrors`, character for character (trailing spaces included)."""
    return ", ".join(
        f"{f.property} property is wrong,{', '.join(f.constraints)} {_format(f.children) if f.children else ''}"
        for f in failures
    )


def explain(dto_name: str, body: Any) -> str | None:
    """The real pipe's message for `body`, or None when its DTO finds nothing wrong."""
    if body is None:
        return "Body is required"
    if not isinstance(body, Mapping):
        return "Body should be an object"
    failures = _validate(BODY_DTOS[dto_name](body), body)
    return _format(failures) if failures else None


def check(dto_name: str, body: Mapping[str, Any]) -> None:
    """Refuse, with the real message, a body the spec accepts but the real DTO does not (metadata limits).
    Which properties exist is the spec's to say, so unknown ones are not refused here."""
    failures = [f for f in _validate(BODY_DTOS[dto_name](body), body) if not _only_unknown(f)]
    if failures:
        raise InvalidRequest(_format(failures))


def _only_unknown(failure: Failure) -> bool:
    return failure.constraints == [f"property {failure.property} should not exist"] and not failure.children
