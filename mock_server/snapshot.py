"""Entities to JSON-able values and back, validating every field on the way in.

The store's `export()`/`import_()` use this so a saved state can be inspected, edited and loaded
again; anything that does not fit the entity types is refused with `InvalidRequest` naming the path.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from .clock import to_utc
from .domain import InvalidRequest
from .model import iso_utc

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
    return cast(T, _decode(cls, data, path))


def parse_instant(text: str, path: str = "$") -> datetime:
    """A strict ISO-8601 instant with an offset (`Z` allowed), as UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
        return to_utc(moment)
    except (ValueError, OverflowError):
        raise _invalid(path, "an ISO-8601 date-time with a timezone", text) from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _invalid(path: str, expected: str, received: object) -> InvalidRequest:
    return InvalidRequest(f"Invalid state at {path}: expected {expected}, received {received!r}")


def _decode(tp: Any, data: object, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if data is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _decode(inner, data, path)
    if tp is Any:
        return data
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        if not isinstance(data, list):
            raise _invalid(path, "a list", data)
        return tuple(_decode(item_type, item, f"{path}[{i}]") for i, item in enumerate(data))
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        if not isinstance(data, dict):
            raise _invalid(path, "an object", data)
        return {_key(key_type, k, path): _decode(value_type, v, f"{path}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _decode_entity(tp, data, path)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise _invalid(path, f"one of {[m.value for m in tp]}", data) from None
    if tp is datetime:
        if not isinstance(data, str):
            raise _invalid(path, "an ISO-8601 date-time string", data)
        return parse_instant(data, path)
    if tp is bool:
        if not isinstance(data, bool):
            raise _invalid(path, "a boolean", data)
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _invalid(path, "an integer", data)
        return data
    if tp is str:
        if not isinstance(data, str):
            raise _invalid(path, "a string", data)
        return data
    raise TypeError(f"snapshot cannot decode type {tp!r}")


def _key(key_type: Any, key: object, path: str) -> Any:
    if key_type is int:
        try:
            return int(str(key))
        except ValueError:
            raise _invalid(path, "integer keys", key) from None
    return key


def _decode_entity(cls: type, data: object, path: str) -> Any:
    if not isinstance(data, dict):
        raise _invalid(path, f"a {cls.__name__} object", data)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise _invalid(path, f"only the fields of {cls.__name__}", unknown)
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name in data:
            values[name] = _decode(hints[name], data[name], f"{path}.{name}")
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            raise _invalid(f"{path}.{name}", "a value (the field is required)", None)
    return cls(**values)
