"""ee/event-types/event-types_2024_04_15/controllers/event-types.controller.e2e-spec.ts, its reads replayed.

The e2e test creates its user's event type through the same controller (not an operation of the spec); here
the user is xena (841, "Xena Xu") of tests/fidelity/test_bookings_2024_04_15.py and the event type her 8401.
The e2e test sends `cal-api-version: 2024-04-15` (or 2024-06-11), which reaches the 2024-04-15 controller.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

SOURCE = "ee/event-types/event-types_2024_04_15/controllers/event-types.controller.e2e-spec.ts"
XENA = {"Authorization": "Bearer cal_test_xena_key"}
EVENT_TYPE = {"id": 8401, "title": "Bookings 2024-04-15 event type", "slug": "bookings-2024-04-15-event-type"}


def e2e(title: str) -> pytest.MarkDecorator:
    return pytest.mark.e2e(SOURCE, title)


def _get(client: TestClient, version: str) -> None:
    response = client.get("/v2/event-types/8401", headers={"cal-api-version": version, **XENA})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    event_type = body["data"]["eventType"]
    assert {key: event_type[key] for key in EVENT_TYPE} == EVENT_TYPE
    assert event_type["userId"] == 841


@e2e("/GET/:id")
def test_get_one(client: TestClient) -> None:
    _get(client, "2024-04-15")


@e2e("/GET/:id with version VERSION_2024_06_11")
def test_get_one_with_2024_06_11(client: TestClient) -> None:
    _get(client, "2024-06-11")


@e2e("/GET/")
def test_get_all(client: TestClient) -> None:
    response = client.get("/v2/event-types", headers={"cal-api-version": "2024-04-15", **XENA})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    groups = body["data"]["eventTypeGroups"]
    assert groups[0]["profile"]["name"] == "Xena Xu"
    assert groups[0]["eventTypes"][0]["id"] == 8401
    assert body["data"]["profiles"][0]["name"] == "Xena Xu"


@e2e("/GET/:id not existing")
def test_get_one_not_existing(client: TestClient) -> None:
    response = client.get("/v2/event-types/1000", headers={"cal-api-version": "2024-04-15", **XENA})
    assert response.status_code == 404
