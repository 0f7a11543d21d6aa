"""Entities to JSON-able values and back, validating every field on the way in.

The store's `export()`/`import_()` use this so a saved state can be inspected, edited and loaded
again; anything that does not fit the entity types is refused with `InvalidRequest` naming the path.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Any, TypeVar, cast

from mock_server.domain.clock import to_utc
from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import iso_utc

__all__ = ["decode", "encode", "parse_instant"]

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
