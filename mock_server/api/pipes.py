"""Nest's global ValidationPipe over the 2024-04-15 DTOs, with class-validator's own errors.

The real server's global pipe (`bootstrap.ts`: `whitelist: true, transform: true`, no
`forbidNonWhitelisted`, `validationError: {target: true, value: true}`) answers a bad body with
`new BadRequestException({errors})`: `error.message` "Bad Request Exception" and `error.details.errors`, one
class-validator `ValidationError` per failed property, in declaration order, nested ones under `children`.
Unknown properties are not refused. This module states the 2024-04-15 DTOs as that pipe sees them and builds
those errors; `check` raises them. Sources: apps/api/v2/src/ee/bookings/2024-04-15/inputs/create-booking.input.ts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mock_server.api.reading import time_zones
from mock_server.domain.exceptions import ValidationPipeRefused

__all__ = ["PIPES", "check", "errors_of"]

Test = Callable[[Any], bool]


@dataclass(frozen=True)
class Constraint:
    name: str
    test: Test
    message: str  # `$property` is replaced


@dataclass(frozen=True)
class Field:
    name: str
    constraints: tuple[Constraint, ...] = ()
    optional: bool = False  # @IsOptional: null and undefined skip every constraint
    nested: tuple[Field, ...] | None = None  # @ValidateNested with @Type


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def _is_array(value: Any) -> bool:
    return isinstance(value, list)


def _each_string(value: Any) -> bool:
    return all(isinstance(v, str) for v in value) if isinstance(value, list) else isinstance(value, str)


def _is_time_zone(value: Any) -> bool:
    return isinstance(value, str) and value in time_zones()


def _booking_name(value: Any) -> bool:
    """`ValidateBookingName`: a non-empty string, or an object with a non-empty `firstName`."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        first = value.get("firstName")
        return isinstance(first, str) and bool(first.strip())
    return False


IS_STRING = Constraint("isString", _is_string, "$property must be a string")
IS_NUMBER = Constraint("isNumber", _is_number, "$property must be a number conforming to the specified constraints")
IS_BOOLEAN = Constraint("isBoolean", _is_boolean, "$property must be a boolean value")
IS_OBJECT = Constraint("isObject", _is_object, "$property must be an object")
IS_ARRAY = Constraint("isArray", _is_array, "$property must be an array")
EACH_STRING = Constraint("isString", _each_string, "each value in $property must be a string")
IS_TIME_ZONE = Constraint("isTimeZone", _is_time_zone, "$property must be a valid IANA time zone")
BOOKING_NAME = Constraint(
    "validateBookingName",
    _booking_name,
    "Name must be either a non-empty string or an object with non-empty firstName and lastName",
)


def _optional_string(name: str) -> Field:
    return Field(name, (IS_STRING,), optional=True)


_LOCATION = (Field("optionValue", (IS_STRING,)), Field("value", (IS_STRING,)))
_RESPONSE = (
    Field("name", (BOOKING_NAME,)),
    # `@Validate(arrow function)` registers no constraint: the email checks of this DTO never run.
    Field("guests", (IS_ARRAY, EACH_STRING), optional=True),
    Field("location", optional=True, nested=_LOCATION),
    _optional_string("notes"),
)

CREATE_BOOKING_2024_04_15 = (
    _optional_string("end"),
    Field("start", (IS_STRING,)),
    Field("eventTypeId", (IS_NUMBER,)),
    _optional_string("eventTypeSlug"),
    _optional_string("rescheduleUid"),
    Field("timeZone", (IS_TIME_ZONE,)),
    Field("user", (IS_ARRAY, EACH_STRING), optional=True),
    Field("language", (IS_STRING,)),
    _optional_string("bookingUid"),
    Field("metadata", (IS_OBJECT,)),
    Field("hasHashedBookingLink", (IS_BOOLEAN,), optional=True),
    _optional_string("hashedLink"),
    _optional_string("seatReferenceUid"),
    Field("responses", nested=_RESPONSE),
    _optional_string("orgSlug"),
    _optional_string("locationUrl"),
    Field("routedTeamMemberIds", (IS_ARRAY,), optional=True),
    Field("routingFormResponseId", (IS_NUMBER,), optional=True),
    Field("skipContactOwner", (IS_BOOLEAN,), optional=True),
    Field("_shouldServeCache", (IS_BOOLEAN,), optional=True),
    Field("_isDryRun", (IS_BOOLEAN,), optional=True),
    Field("reroutingFormResponses", (IS_OBJECT,), optional=True),
    _optional_string("teamMemberEmail"),
    _optional_string("crmAppSlug"),
    _optional_string("crmOwnerRecordType"),
)

PIPES: Mapping[str, tuple[Field, ...]] = {"CreateBookingInput_2024_04_15": CREATE_BOOKING_2024_04_15}

_UNDEFINED = object()
_NESTED = "nested property $property must be either object or array"


def _transformed(body: Mapping[str, Any]) -> dict[str, Any]:
    """`@Transform` of `user`: a string becomes a one-element array."""
    out = dict(body)
    if isinstance(out.get("user"), str):
        out["user"] = [out["user"]]
    return out


def _errors(fields: tuple[Field, ...], target: Mapping[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for field in fields:
        value = target.get(field.name, _UNDEFINED)
        if field.optional and (value is _UNDEFINED or value is None):
            continue
        error: dict[str, Any] = {"target": dict(target)}
        if value is not _UNDEFINED:
            error["value"] = value
        error["property"] = field.name
        error["children"] = []
        failed = {c.name: c.message.replace("$property", field.name) for c in field.constraints if not c.test(value)}
        if field.nested is not None and value is not _UNDEFINED:
            # class-validator skips nested validation of undefined; anything else must be an object.
            if isinstance(value, dict):
                error["children"] = _errors(field.nested, value)
            else:
                failed["nestedValidation"] = _NESTED.replace("$property", field.name)
        if failed:
            error["constraints"] = failed
        if failed or error["children"]:
            found.append(error)
    return found


def errors_of(dto: str, body: Any) -> list[dict[str, Any]]:
    """class-validator's errors for `body` as the DTO `dto`, [] when it is valid."""
    if not isinstance(body, Mapping):
        return [{"property": "", "children": [], "constraints": {"isObject": "body must be an object"}}]
    return _errors(PIPES[dto], _transformed(body))


def check(dto: str, body: Any) -> None:
    errors = errors_of(dto, body)
    if errors:
        raise ValidationPipeRefused(errors)
