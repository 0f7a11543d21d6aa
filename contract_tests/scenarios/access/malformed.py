"""Malformed requests get the documented error statuses.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId

__all__ = ["malformed_requests_are_refused"]

_made = steps.made
_get = steps.read


def malformed_requests_are_refused(session: ContractSession) -> None:
    """Malformed requests get the documented error statuses."""
    client = session.client
    json_body, text_body = {"Content-Type": "application/json"}, {"Content-Type": "text/plain"}
    create = OperationId.CREATE
    probes: list[tuple[Reply, tuple[int, ...], str]] = [
        (
            client.send(create, raw=b"{not json", headers=json_body, key=None),
            (400,),
            "a body that is not JSON",
        ),
        (
            client.send(create, raw=b"start=2030", headers=text_body, key=None),
            (415,),
            "a text/plain body",
        ),
        (
            client.send(
                create,
                raw=b'{"pad": "' + b"x" * (1024 * 1024 + 16) + b'"}',
                headers=json_body,
                key=None,
            ),
            (413,),
            "a body over 1 MiB",
        ),
        (client.get_booking(session.missing_uid()), (404,), "a uid no booking has"),
        (client.cancel(session.missing_uid(), {"cancellationReason": "x"}), (404,), "cancelling a uid no booking has"),
        (client.list_bookings({"status": "someday"}), (400,), "an unknown status filter"),
        (client.list_bookings({"take": 0}), (400,), "take=0"),
        (
            client.create_booking(
                {
                    "start": iso(session.slots.next()),
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (400, 404),
            "a create that names no event type",
        ),
        (
            client.create_booking(
                {
                    "start": iso(datetime.now(UTC) - timedelta(days=1)),
                    "eventTypeId": int(session.profile.require("event_types.regular")),
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (400,),
            "a start in the past",
        ),
    ]
    probes += _oversized_bodies(session)
    unknown = 2_000_000_000 + session.unique()
    probes += [
        (
            client.create_booking(
                {
                    "start": iso(session.slots.next()),
                    "eventTypeId": unknown,
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                }
            ),
            (404,),
            "an unknown event type",
        ),
        (client.v1_get(unknown), (403, 404), "an unknown v1 booking id"),
    ]
    for reply, expected, what in probes:
        rules.error_status_is(reply, expected=expected, what=what)


def _oversized_bodies(session: ContractSession) -> list[tuple[Reply, tuple[int, ...], str]]:
    """Every operation with a body refuses one over 1 MiB with 413 (before looking at the booking)."""
    client = session.client
    made = _made(session, "regular")
    pad = {"pad": "x" * (1024 * 1024 + 16)}
    missing = session.missing_uid()
    sends: list[tuple[OperationId, dict[str, Any]]] = [
        (OperationId.RESCHEDULE, {"bookingUid": missing}),
        (OperationId.CANCEL, {"bookingUid": missing}),
        (OperationId.MARK_ABSENT, {"bookingUid": missing}),
        (OperationId.DECLINE, {"bookingUid": missing}),
        (OperationId.REPORT, {"orgId": session.profile.org_id or 1}),
        (OperationId.V1_CREATE, {}),
        (OperationId.V1_UPDATE, {"id": int(made.booking["id"])}),
    ]
    probes: list[tuple[Reply, tuple[int, ...], str]] = []
    for operation_id, path in sends:
        if operation_id == OperationId.REPORT:
            body: dict[str, Any] = {
                "bookingUid": made.uid,
                "reason": "SPAM",
                "reportType": "EMAIL",
                "description": pad["pad"],
            }
        else:
            body = pad
        reply = client.send(operation_id, path=path, body=body)
        probes.append((reply, (413,), f"a body over 1 MiB to {reply.label}"))
    return probes
