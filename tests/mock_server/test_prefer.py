"""`Prefer`, as Prism has it: any documented code (2xx included), named examples, and a loud 400 for
a preference the mock does not understand."""

from __future__ import annotations

import pytest
import yaml
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from mock_server.web.app import SPEC_PATH
from mock_server.web.prefer import ForcedError, Prefer
from tests.mock_server.conftest import auth

OWNER = "cal_test_acme_owner_key"
SPEC = yaml.safe_load(SPEC_PATH.read_text())


def test_a_documented_2xx_answers_its_example_without_running_the_operation(client: TestClient) -> None:
    before = client.get("/_mock/state").json()["bookings"]
    created = client.post(
        "/v2/bookings",
        json={"start": "2031-01-06T09:00:00Z", "eventTypeId": 1001, "attendee": {"name": "A", "timeZone": "UTC"}},
        headers=auth(OWNER, Prefer="code=201"),
    )
    example = SPEC["components"]["schemas"]["CreateBookingOutput_2024_08_13"]["example"]
    assert created.status_code == 201 and created.json() == example
    assert client.get("/_mock/state").json()["bookings"] == before


def test_a_forced_404_names_the_uid_asked_for(client: TestClient) -> None:
    response = client.get("/v2/bookings/whatIAskedFor", headers=auth(OWNER, Prefer="code=404"))
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Booking with uid=whatIAskedFor was not found in the database"


@pytest.mark.parametrize(
    ("prefer", "says"),
    [
        ("dynamic=true", "Prefer: dynamic=true is not supported"),
        ("code=404, dynamic=true", "Prefer: dynamic=true is not supported"),
        ("return=minimal", "Prefer: return=minimal is not supported"),
        ("example=unknown", "Prefer: example=unknown is not a named example of this operation (named examples: none)"),
        ("code=abc", "Prefer: code=abc is not documented for this operation"),
        ("", "Prefer is empty"),
    ],
)
def test_a_preference_the_mock_does_not_understand_is_a_loud_400(client: TestClient, prefer: str, says: str) -> None:
    response = client.get("/v2/bookings", headers=auth(OWNER, Prefer=prefer))
    assert response.status_code == 400 and response.json()["error"]["message"].startswith(says), response.text


NAMED = {
    "paths": {
        "/things": {
            "get": {
                "operationId": "op",
                "responses": {
                    "200": {"content": {"application/json": {"examples": {"one": {"value": {"n": 1}}}}}},
                    "409": {
                        "content": {
                            "application/json": {
                                "example": {"error": {"code": "ConflictException", "message": "taken"}},
                                "examples": {"full": {"value": {"error": {"code": "C", "message": "full"}}}},
                            }
                        }
                    },
                },
            }
        }
    }
}


def _named_client() -> TestClient:
    async def routed(scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("extensions", {})["connexion_routing"] = {"operation_id": "op"}
        await Prefer(_ran, spec=NAMED)(scope, receive, send)

    async def _ran(scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"ran": True})(scope, receive, send)

    app = Starlette()
    app.mount("/", routed)
    return TestClient(app)


def test_a_named_example_is_answered_from_whichever_response_has_it() -> None:
    client = _named_client()
    assert client.get("/things", headers={"Prefer": "example=one"}).json() == {"n": 1}
    assert client.get("/things").json() == {"ran": True}
    with pytest.raises(ForcedError) as forced:
        client.get("/things", headers={"Prefer": "code=409; example=full"})
    assert (forced.value.status, forced.value.message) == (409, "full")
    with pytest.raises(ForcedError) as refused:
        client.get("/things", headers={"Prefer": "code=409, example=one"})
    assert refused.value.status == 400 and "(named examples: full)" in refused.value.message
