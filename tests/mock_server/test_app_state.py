"""Each app keeps its own state: building one changes nothing global (Starlette's converter registry,
module-level caches of validators), and a line feed in a uid still reaches the routes."""

from __future__ import annotations

from starlette.convertors import CONVERTOR_TYPES, PathConvertor
from starlette.testclient import TestClient

from mock_server import create_app
from mock_server.web import prepared
from tests.mock_client import auth

# Module-level tables that are constants, not state.
CONSTANT_TABLES = {"VALIDATOR_MAP", "_PREPARED_MIDDLEWARES", "FORM_CONTENT_TYPES", "_DECIDED"}


def _module_state(module: object) -> list[str]:
    return [
        name
        for name, value in vars(module).items()
        if isinstance(value, dict | list | set) and not name.startswith("__") and name not in CONSTANT_TABLES
    ]


def test_building_and_serving_an_app_leaves_starlettes_converters_alone() -> None:
    client = TestClient(create_app(seed=1))
    answer = client.get("/v2/bookings/ab%0Acd", headers=auth("cal_test_acme_owner_key"))
    assert answer.status_code == 404
    assert "Cannot GET" not in answer.text  # routed to the operation (booking not found), not unrouted
    assert type(CONVERTOR_TYPES["path"]) is PathConvertor
    assert CONVERTOR_TYPES["path"].regex == ".*"


def test_no_validators_are_kept_at_module_level() -> None:
    """The validators live in each app's operations (prepared.py), not in caches of the modules."""
    assert _module_state(prepared) == []
