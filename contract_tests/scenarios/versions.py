"""`cal-api-version` routes as on the real server (apps/api/v2/src/bootstrap.ts; docs/real-server/versions.md):
read-only probes, so they run in every mode.

- No header reaches the 2024-04-15 bookings controller: `GET /v2/bookings/{uid}` answers that controller's
  booking (`startTime`, upper-case `status`), not the 2024-08-13 one (`start`, lower-case).
- A version whose controllers lack the route answers Nest's 404, `Cannot <METHOD> <originalUrl>`:
  `cal-api-version: 2024-09-04` on `GET /v2/bookings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from contract_tests.checks import rules
from contract_tests.checks.failures import VersionNotRouted
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import ProfileDataMissing

__all__ = ["no_header_reaches_2024_04_15", "version_without_controller_is_404"]

NO_CONTROLLER = "2024-09-04"  # no bookings controller declares it


def _a_booking_uid(session: ContractSession) -> str:
    listed = rules.answered(session.client.list_bookings({"take": 1}), {200}, "listing one booking")
    items = [i for i in (listed.data or []) if isinstance(i, Mapping) and isinstance(i.get("uid"), str)]
    uids = [str(items[0]["uid"])] if items else list(session.profile.known_booking_uids)
    if not uids:
        raise ProfileDataMissing("known_booking_uids", "a booking the key can see (the target lists none)")
    return uids[0]


def _fail(reply: Reply, expected: str, received: str) -> VersionNotRouted:
    return VersionNotRouted(operation=reply.label, expected=expected, received=received, curl=reply.curl())


def no_header_reaches_2024_04_15(session: ContractSession) -> None:
    uid = _a_booking_uid(session)
    reply = session.client.send(OperationId.GET, path={"bookingUid": uid}, version="")
    booking: Any = reply.data
    expected = (
        f"200 with the 2024-04-15 booking uid={uid} (startTime, upper-case status) for a request without "
        "cal-api-version"
    )
    if reply.status != 200 or not isinstance(booking, Mapping):
        raise _fail(reply, expected, reply.summary())
    status = booking.get("status")
    if booking.get("uid") != uid or "startTime" not in booking or not (isinstance(status, str) and status.isupper()):
        raise _fail(reply, expected, reply.summary())


def version_without_controller_is_404(session: ContractSession) -> None:
    reply = session.client.send(OperationId.LIST, query={"take": 1}, version=NO_CONTROLLER)
    split = urlsplit(reply.url)
    target = split.path + (f"?{split.query}" if split.query else "")
    message = f"Cannot GET {target}"
    error = reply.body.get("error") if isinstance(reply.body, Mapping) else None
    received = error.get("message") if isinstance(error, Mapping) else None
    if reply.status != 404 or received != message:
        raise _fail(reply, f"404 {message!r} for cal-api-version: {NO_CONTROLLER}", reply.summary())
