"""How the real server reads a query parameter that comes more than once, or as `name[]=`.

API v2 (Nest on Express 4) parses the query string with qs, Express's default `extended` query parser:
`status=a&status=b`, `status[]=a&status[]=b` and `status[0]=a&status[1]=b` all give the array `["a", "b"]`;
`status=a,b` stays the string `"a,b"`. The query DTO then reads the array (research: issue 18, section 5;
`packages/platform/types/bookings/2024-08-13/inputs/get-bookings.input.ts`):

* `status` splits a string on commas but keeps an array as it is, so the three forms give the same set and an
  element such as `"upcoming,past"` is an invalid status;
* `eventTypeIds`, `teamsIds` split a string on commas and map an array with `+x`: every form gives the same
  ids, and an element that is itself a comma list is `NaN`, refused;
* `take`, `skip` are `parseInt(value)`: an array is read as its first number;
* every other parameter is a single value (`@IsString`, `@IsInt`, `@IsEnum`, `@IsISO8601`): an array is
  refused with that decorator's message.

API v1 (Next.js pages) reads repeated keys as an array and keeps brackets in the key, so `attendeeEmail[]` is
another, unknown, parameter there; its zod schemas refuse an array where they expect one value.

The spec says which, per parameter: `x-repeated` is `list` (array parameters: the values, each unsplit),
`join` (comma-separated id lists: the values joined with commas), `first`, or the refusal message (`$name` is
the parameter's name); without it, an array parameter is a `list` and any other is refused with
class-validator's type message. `x-query-syntax: next` marks a v1 parameter (no brackets).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mock_server.domain.exceptions import InvalidRequest

__all__ = ["resolve"]

# `name[]` and `name[3]`: qs's array forms (indices up to its arrayLimit of 20; a larger one makes an object).
_BRACKETS = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<index>[0-9]*)\]$")
_QS_ARRAY_LIMIT = 20

_TYPE_MESSAGES = {
    "string": "$name must be a string",
    "integer": "$name must be an integer number",
    "number": "$name must be a number conforming to the specified constraints",
    "boolean": "$name must be a boolean value",
}


def _reads_brackets(defn: Mapping[str, Any]) -> bool:
    return defn.get("x-query-syntax") != "next"


def _grouped(
    defns: Mapping[str, Mapping[str, Any]], query: Mapping[str, list[str]]
) -> tuple[dict[str, list[str]], set[str]]:
    """The values of each name, brackets folded into the declared name they belong to; and the names that
    came as arrays (a bracket form or more than one value)."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    arrays: set[str] = set()
    for key, values in query.items():
        name, order = key, -1
        match = _BRACKETS.match(key)
        if match is not None and key not in defns:
            base = match["name"]
            index = match["index"]
            defn = defns.get(base)
            if defn is not None and _reads_brackets(defn) and (index == "" or int(index) <= _QS_ARRAY_LIMIT):
                name, order = base, (int(index) if index else -1)
                arrays.add(name)
        entries = grouped.setdefault(name, [])
        entries.extend((order, value) for value in values)
    out: dict[str, list[str]] = {}
    for name, entries in grouped.items():
        # qs places indexed items by index, after the unindexed ones it met first; sets are what matter here.
        indexed = sorted((entry for entry in entries if entry[0] >= 0), key=lambda entry: entry[0])
        out[name] = [value for order, value in entries if order < 0] + [value for _, value in indexed]
        if len(out[name]) > 1:
            arrays.add(name)
    return out, arrays


def _as_array(name: str, defn: Mapping[str, Any], values: list[str]) -> Any:
    schema = defn.get("schema", {})
    how = defn.get("x-repeated", "list" if schema.get("type") == "array" else None)
    if how == "list":
        return list(values)
    if how == "join":
        if any("," in value for value in values):
            raise InvalidRequest(f"each value in {name} must be a number conforming to the specified constraints")
        return ",".join(values)
    if how == "first":
        return values[0]
    kind = schema.get("type", "string")
    if isinstance(how, str):
        message = how
    elif not _reads_brackets(defn):  # zod's invalid_type
        message = f"$name: Expected {'number' if kind == 'integer' else kind}, received array"
    else:
        message = _TYPE_MESSAGES.get(kind, _TYPE_MESSAGES["string"])
    raise InvalidRequest(message.replace("$name", name))


def _single(defn: Mapping[str, Any], value: str) -> Any:
    schema = defn.get("schema", {})
    if schema.get("type") != "array":
        return value
    explode = defn.get("explode", defn.get("style", "form") == "form")
    # A v2 array (explode false) is a comma list when it comes once; v1's (explode true) is one value.
    return [value] if explode else value.split(",")


def resolve(defns: Mapping[str, Mapping[str, Any]], query: Mapping[str, list[str]]) -> dict[str, Any]:
    """The query parameters as the operation's handler gets them: each declared one as its single value, or
    (arrays) its list; undeclared ones as their list of values, for the validator to judge."""
    grouped, arrays = _grouped(defns, query)
    resolved: dict[str, Any] = {}
    for name, values in grouped.items():
        defn = defns.get(name)
        if defn is None:
            resolved[name] = values
        elif name in arrays:
            resolved[name] = _as_array(name, defn, values)
        else:
            resolved[name] = _single(defn, values[0])
    return resolved
