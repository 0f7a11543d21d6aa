"""ee/bookings/2024-08-13/controllers/e2e/date-range-bookings.e2e-spec.ts, replayed against the mock.

The e2e user has four bookings, a week and sixty days either side of now: here wes (803). Four of the e2e
tests assume the list answers only a month either side of now when no range is given; the newest
user-bookings.e2e-spec.ts contradicts that (its default list includes a booking of 2020), so those four are
not translated (tests/fidelity/README.md). The four that give their own range are.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from mock_server.domain.model import iso_utc
from tests.fidelity.conftest import NOW, auth

SOURCE = "ee/bookings/2024-08-13/controllers/e2e/date-range-bookings.e2e-spec.ts"
WES = auth("cal_test_wes_key")


def days(n: int) -> str:
    """`getDateDaysFromNow({days: n})` (negative: before now)."""
    return iso_utc(NOW + timedelta(days=n))


RANGES = {
    "should get upcoming bookings N months in future": (f"status=upcoming&beforeEnd={days(61)}", 2),
    "should get past bookings N months in past": (f"status=past&afterStart={days(-61)}", 2),
    "should get bookings within specified time range in past and future": (
        f"afterStart={days(-61)}&beforeEnd={days(61)}",
        4,
    ),
    "should get bookings within specified time range in past": (f"afterStart={days(-30)}&beforeEnd={days(1)}", 1),
}


@pytest.mark.parametrize(
    ("query", "count"),
    [pytest.param(*case, id=title, marks=pytest.mark.e2e(SOURCE, title)) for title, case in RANGES.items()],
)
def test_list_in_a_range(client: TestClient, query: str, count: int) -> None:
    response = client.get(f"/v2/bookings?{query}", headers=WES)
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    assert len(response.json()["data"]) == count
