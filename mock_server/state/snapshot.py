"""Entities to JSON-able values and back, validating every field on the way in.

The store's `export()`/`import_()` use this so a saved state can be inspected, edited and loaded
again; anything that does not fit the entity types is refused with `InvalidRequest` naming the path.

Two decoders accept the same documents. The fast one is msgspec's, in C: each entity type has a mirror
msgspec Struct (`_wire`) that refuses unknown fields and takes instants only in the form `export()` writes
them (`2024-09-25T16:00:00.000Z`); the mirror is then converted to the frozen entity, also in C. It builds
100,000 bookings in well under a second where the decoders below, a Python call per field, took several.
Whatever it refuses goes to those decoders, which either accept it (an instant with another offset, integer
keys written `"07"`) or name the first bad field with its path: the fast one never decides alone that a
document is invalid, so errors and what is accepted stay exactly as they were.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Annotated, Any, TypeVar, cast

import msgspec

from mock_server.domain.clock import to_utc
from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import (
    AccessToken,
    ApiKey,
    Booking,
    BookingReference,
    BookingReport,
    CalVideoRecording,
    CalVideoTranscript,
    EventType,
    OAuthClient,
    Organization,
    RefreshToken,
    SlotReservation,
    Team,
    User,
    iso_utc,
)

__all__ = ["SECTIONS", "NotJson", "decode", "decode_json_state", "decode_sections", "encode", "parse_instant"]

# The sections of a state document, in the order they are loaded (references point backwards).
SECTIONS: tuple[tuple[str, type], ...] = (
    ("organizations", Organization),
    ("teams", Team),
    ("users", User),
    ("apiKeys", ApiKey),
    ("oauthClients", OAuthClient),
    ("accessTokens", AccessToken),
    ("refreshTokens", RefreshToken),
    ("eventTypes", EventType),
    ("bookings", Booking),
    ("reports", BookingReport),
    ("bookingReferences", BookingReference),
    ("calVideoRecordings", CalVideoRecording),
    ("calVideoTranscripts", CalVideoTranscript),
    ("reservations", SlotReservation),
)

T = TypeVar("T")


def encode(value: object) -> Any:
    """A JSON-able rendering of an entity (or any value made of entities, enums and datetimes)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(cls: type[T], data: object, path: str = "$") -> T:
    """Build a `cls` entity from `encode`'s output, or raise `InvalidRequest`."""
    try:
        return cast(T, _decoder(cast(Any, cls))(data))
    except _Mismatch as mismatch:
        where = path + "".join(reversed(mismatch.segments))
        raise _invalid(where, mismatch.expected, mismatch.received) from None


class NotJson(InvalidRequest):
    """A state document that is not JSON at all."""


def decode_sections(state: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The entities of each section of the state document `state` (already parsed), or `InvalidRequest`
    naming the first bad value. Each section is tried with the fast decoder first."""
    sections: dict[str, list[Any]] = {}
    for name, entity in SECTIONS:
        items = state.get(name, [])
        if not isinstance(items, list):
            raise InvalidRequest(f"Invalid state at $.{name}: expected a list")
        try:
            wire = msgspec.convert(items, _list_of(_wire(entity)))
            sections[name] = msgspec.convert(wire, _list_of(entity), from_attributes=True)
        except (msgspec.ValidationError, RecursionError):
            sections[name] = [decode(entity, item, f"$.{name}[{index}]") for index, item in enumerate(items)]
    return sections


def decode_json_state(raw: bytes) -> tuple[object, dict[str, list[Any]]] | None:
    """The version and the entities of each section of the JSON state document `raw`, decoded straight
    from the bytes (no intermediate document of dicts: nothing of it is left behind in the heap); None if
    the fast decoder refuses it, and then `parse_json` and `decode_sections` decide."""
    try:
        # The mirror checks the document and is dropped whole; the entities are then decoded on their
        # own, so that none of their strings sits among the mirror's freed objects, keeping its memory.
        version = msgspec.json.decode(raw, type=_wire_state()).version
        document = msgspec.json.decode(raw, type=_entity_state())
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    return version, {name: getattr(document, name) for name, _entity in SECTIONS}


def parse_json(raw: bytes) -> Any:
    """The JSON document `raw`, parsed as the json module parses it, or `NotJson`."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise NotJson(f"Invalid state: not a JSON document ({error})") from None


# `export()` writes every instant as `iso_utc` does: UTC, milliseconds, `Z`. Only that form is read by
# the fast decoder (msgspec's own RFC 3339 parser then gives the same datetime as `_parse_instant`).
_CANONICAL_INSTANT = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\Z")]


@cache
def _wire(tp: Any) -> Any:
    """The msgspec type that reads what `_decoder(tp)` reads, in `export()`'s form."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [option for option in typing.get_args(tp) if option is not type(None)]
        return _wire(inner) | None
    if origin is tuple:
        return tuple[_wire(typing.get_args(tp)[0]), ...]  # type: ignore[misc]
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        return dict[_wire(key_type), _wire(value_type)]  # type: ignore[misc]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields: list[Any] = []
        for f in dataclasses.fields(tp):
            if f.default is not dataclasses.MISSING:
                fields.append((f.name, _wire(hints[f.name]), f.default))
            elif f.default_factory is not dataclasses.MISSING:
                fields.append((f.name, _wire(hints[f.name]), msgspec.field(default_factory=f.default_factory)))
            else:
                fields.append((f.name, _wire(hints[f.name])))
        return msgspec.defstruct(f"{tp.__name__}Document", fields, kw_only=True, forbid_unknown_fields=True, gc=False)
    if tp is datetime:
        return _CANONICAL_INSTANT
    if tp is Any or tp in (bool, int, str) or (isinstance(tp, type) and issubclass(tp, Enum)):
        return tp
    raise TypeError(f"snapshot cannot decode type {tp!r}")


@cache
def _list_of(item: Any) -> Any:
    return list[item]


@cache
def _wire_state() -> Any:
    fields: list[Any] = [("version", Any, None)]
    fields += [(name, _list_of(_wire(entity)), msgspec.field(default_factory=list)) for name, entity in SECTIONS]
    return msgspec.defstruct("StateDocument", fields, kw_only=True, gc=False)


@cache
def _entity_state() -> Any:
    fields: list[Any] = [(name, _list_of(entity), msgspec.field(default_factory=list)) for name, entity in SECTIONS]
    return msgspec.defstruct("StateEntities", fields, kw_only=True, gc=False)


def parse_instant(text: str, path: str = "$") -> datetime:
    """A strict ISO-8601 instant with an offset (`Z` allowed), as UTC."""
    try:
        return _parse_instant(text)
    except (ValueError, OverflowError):
        raise _invalid(path, "an ISO-8601 date-time with a timezone", text) from None


class _Mismatch(Exception):
    """A value that does not fit its type; `decode` turns it into `InvalidRequest` with the path, whose
    segments are added on the way out (so a valid document never builds a path)."""

    def __init__(self, expected: str, received: object, segments: list[str] | None = None) -> None:
        super().__init__(expected)
        self.expected, self.received, self.segments = expected, received, segments or []


def _invalid(path: str, expected: str, received: object) -> InvalidRequest:
    return InvalidRequest(f"Invalid state at {path}: expected {expected}, received {received!r}")


Decoder = Callable[[object], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    """A decoder for values of type `tp`, built once per type from its annotations: importing a state
    then costs a call per value instead of a walk through `typing` per value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        (inner_type,) = [option for option in options if option is not type(None)]
        inner = _decoder(inner_type)
        if type(None) not in options:
            return inner
        return lambda data: None if data is None else inner(data)
    if tp is Any:
        return lambda data: data
    if origin is tuple:
        return _tuple_decoder(_decoder(typing.get_args(tp)[0]))
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        return _mapping_decoder(key_type is int, _decoder(value_type))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _entity_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_decoder(tp)
    if tp is datetime:
        return _instant
    if tp is bool:
        return _bool
    if tp is int:
        return _int
    if tp is str:
        return _str
    raise TypeError(f"snapshot cannot decode type {tp!r}")


def _tuple_decoder(item: Decoder) -> Decoder:
    def decode_tuple(data: object) -> tuple[Any, ...]:
        if not isinstance(data, list):
            raise _Mismatch("a list", data)
        index = 0
        try:
            values = []
            for index, value in enumerate(data):  # noqa: B007 - the index names the failing item
                values.append(item(value))
            return tuple(values)
        except _Mismatch as mismatch:
            mismatch.segments.append(f"[{index}]")
            raise

    return decode_tuple


def _mapping_decoder(int_keys: bool, value_decoder: Decoder) -> Decoder:
    def decode_mapping(data: object) -> dict[Any, Any]:
        if not isinstance(data, dict):
            raise _Mismatch("an object", data)
        out: dict[Any, Any] = {}
        for raw, value in data.items():
            key = raw
            if int_keys:
                try:
                    key = int(str(raw))
                except ValueError:
                    raise _Mismatch("integer keys", raw) from None
            try:
                out[key] = value_decoder(value)
            except _Mismatch as mismatch:
                mismatch.segments.append(f".{raw}")
                raise
        return out

    return decode_mapping


def _entity_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    names = frozenset(f.name for f in fields)
    plan = [
        (
            f.name,
            _decoder(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in fields
    ]
    kind = f"a {cls.__name__} object"
    only = f"only the fields of {cls.__name__}"
    decoders = {name: decode_field for name, decode_field, _required in plan}
    required = frozenset(name for name, _decode_field, is_required in plan if is_required)

    def first_problem(data: dict[str, Any]) -> _Mismatch:
        """The first field, in the entity's order, that is invalid or missing (what the error names)."""
        for name, decode_field, is_required in plan:
            if name in data:
                try:
                    decode_field(data[name])
                except _Mismatch as mismatch:
                    mismatch.segments.append(f".{name}")
                    return mismatch
            elif is_required:
                return _Mismatch("a value (the field is required)", None, [f".{name}"])
        raise AssertionError("first_problem called on a valid value")  # pragma: no cover

    def decode_entity(data: object) -> Any:
        if not isinstance(data, dict):
            raise _Mismatch(kind, data)
        if not names.issuperset(data):
            raise _Mismatch(only, sorted(set(data) - names))
        if not required.issubset(data):
            raise first_problem(data)
        try:
            values = {name: decoders[name](value) for name, value in data.items()}
        except _Mismatch:
            raise first_problem(data) from None
        return cls(**values)

    return decode_entity


def _enum_decoder(enum: type[Enum]) -> Decoder:
    members = {member.value: member for member in enum}
    expected = f"one of {list(members)}"

    def decode_enum(data: object) -> Enum:
        try:
            return members[data]
        except (KeyError, TypeError):
            raise _Mismatch(expected, data) from None

    return decode_enum


@lru_cache(maxsize=1 << 16)
def _parse_instant(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00")))


def _instant(data: object) -> datetime:
    """Equal instants share one datetime object (many bookings start, end or were made at the same time)."""
    if not isinstance(data, str):
        raise _Mismatch("an ISO-8601 date-time string", data)
    try:
        return _parse_instant(data)
    except (ValueError, OverflowError):
        raise _Mismatch("an ISO-8601 date-time with a timezone", data) from None


def _bool(data: object) -> bool:
    if not isinstance(data, bool):
        raise _Mismatch("a boolean", data)
    return data


def _int(data: object) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise _Mismatch("an integer", data)
    return data


def _str(data: object) -> str:
    """Strings are interned: the same email, time zone or title is stored once, however many bookings
    repeat it."""
    if not isinstance(data, str):
        raise _Mismatch("a string", data)
    return sys.intern(data)
