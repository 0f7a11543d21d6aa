"""The state decoders: msgspec's fast one and the per-field one accept and refuse exactly the same documents."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import InvalidRequest
from mock_server.state import fixtures
from mock_server.state.snapshot import SECTIONS, NotJson, decode, decode_json_state, decode_sections
from mock_server.state.store import BookingStore

_EXPORT = fixtures.load(clock=Clock(), rng=random.Random(1)).export()

# Values that fit some fields and not others, in and out of `export()`'s own forms.
_VALUES = st.sampled_from(
    [
        None,
        True,
        0,
        7,
        1.5,
        "",
        "x",
        "ACCEPTED",
        "2024-09-25T16:00:00.000Z",
        "2024-09-25T16:00:00Z",
        "2024-09-25T18:00:00.000+02:00",
        "2024-09-25T16:00:00.123456Z",
        "2024-09-25T16:00:00.000Z\n",
        "2024-02-30T16:00:00.000Z",
        "2024-09-25T16:00:60.000Z",
        "2024-09-25T16:00:00.000",
        [],
        ["x"],
        {},
        {"07": "ADMIN"},
        {"x": "ADMIN"},
    ]
)


def _slow(state: dict[str, Any]) -> dict[str, list[Any]]:
    """What the per-field decoder alone makes of every section (the reference)."""
    return {
        name: [decode(entity, item, f"$.{name}[{index}]") for index, item in enumerate(state.get(name, []))]
        for name, entity in SECTIONS
    }


def _outcome(decoder: Any, state: Any) -> object:
    try:
        return decoder(state)
    except InvalidRequest as error:
        return error.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_decoder_accepts_and_refuses_what_the_per_field_one_does(data: st.DataObject) -> None:
    state = copy.deepcopy(_EXPORT)
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from([n for n, _ in SECTIONS if state[n]]))
        item = data.draw(st.sampled_from(state[name]))
        field = data.draw(st.sampled_from([*item, "unknown_field"]))
        if data.draw(st.booleans()) and field in item:
            del item[field]
        else:
            item[field] = data.draw(_VALUES)
    expected = _outcome(_slow, state)
    assert _outcome(decode_sections, state) == expected
    from_bytes = decode_json_state(json.dumps(state).encode())
    if from_bytes is not None:  # refused by the fast decoder: the per-field one decides (tested above)
        assert from_bytes == (1, expected)


def test_an_export_is_read_by_the_fast_decoder() -> None:
    decoded = decode_json_state(json.dumps(_EXPORT).encode())
    assert decoded is not None
    assert decoded == (1, _slow(_EXPORT))


@pytest.mark.parametrize(
    ("raw", "error", "message"),
    [
        (b'{"version": 1, "bookings": [', NotJson, "not a JSON document"),
        (b"[]", InvalidRequest, "expected an object with version 1"),
        (b'{"version": 2}', InvalidRequest, "expected an object with version 1"),
        (b'{"version": 1, "bookings": null}', InvalidRequest, r"\$\.bookings: expected a list"),
        (b'{"version": 1, "users": [{"id": 1}]}', InvalidRequest, r"\$\.users\[0\]\.username: expected a value"),
        (b"[" * 100_000 + b"]" * 100_000, NotJson, "not a JSON document"),
    ],
)
def test_importing_bad_json_is_refused_and_keeps_the_state(raw: bytes, error: type, message: str) -> None:
    store = fixtures.load(clock=Clock(), rng=random.Random(1))
    before = store.export()
    with pytest.raises(error, match=message):
        store.import_json(raw)
    assert store.export() == before


def test_importing_json_round_trips_the_whole_state() -> None:
    store = BookingStore()
    store.import_json(json.dumps(_EXPORT).encode())
    assert store.export() == _EXPORT
