"""Credentials: no key and an unknown key are refused with the real statuses on every kind of route.

A scenario needs only a `ContractSession`; the test modules call it under Hypothesis with drawn inputs,
the self-test against deliberately broken mocks.
"""

from __future__ import annotations

from contract_tests.checks import rules
from contract_tests.scenarios import steps
from contract_tests.target.http import Reply
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId

__all__ = ["missing_and_unknown_keys_are_refused"]

_made = steps.made
_get = steps.read


def missing_and_unknown_keys_are_refused(session: ContractSession) -> None:
    """No key: 403 on PermissionsGuard routes (list, confirm, decline, mark-absent), 401 elsewhere;
    an unknown key: 401 everywhere, also where auth is optional."""
    client, profile = session.client, session.profile
    bad = f"cal_invalid_{session.run_id}"
    made = _made(session, "requires_confirmation")
    org_id, team_id = int(profile.require("org_id")), int(profile.require("team_id"))
    probes: list[tuple[Reply, tuple[int, ...], str]] = [
        (client.list_bookings(key=None), (403,), "no key (PermissionsGuard)"),
        (client.list_bookings(key=bad), (401,), "an unknown key"),
        (client.confirm(made.uid, key=None), (403,), "no key (PermissionsGuard)"),
        (client.confirm(made.uid, key=bad), (401,), "an unknown key"),
        (client.decline(made.uid, key=None), (403,), "no key (PermissionsGuard)"),
        (client.decline(made.uid, key=bad), (401,), "an unknown key"),
        (client.mark_absent(made.uid, {"host": True}, key=None), (403,), "no key (PermissionsGuard)"),
        (client.mark_absent(made.uid, {"host": True}, key=bad), (401,), "an unknown key"),
        (client.org_bookings(org_id, key=None), (401,), "no key"),
        (client.org_bookings(org_id, key=bad), (401,), "an unknown key"),
        (client.team_bookings(org_id, team_id, key=None), (401,), "no key"),
        (
            client.report(org_id, {"bookingUid": made.uid, "reason": "SPAM", "reportType": "EMAIL"}, key=None),
            (401,),
            "no key",
        ),
        (client.get_booking(made.uid, key=bad), (401,), "an unknown key on an optional-auth route"),
        (
            client.cancel(made.uid, {"cancellationReason": "x"}, key=bad),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (
            client.reschedule(made.uid, {"start": iso(session.slots.next())}, key=bad),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (
            client.send(
                OperationId.CREATE,
                key=bad,
                body={
                    "start": iso(session.slots.next()),
                    "eventTypeId": made.booking["eventTypeId"],
                    "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
                },
            ),
            (401,),
            "an unknown key on an optional-auth route",
        ),
        (client.v1_list(key=None), (401,), "no apiKey"),
        (client.v1_list(key=bad), (401,), "an unknown apiKey"),
        (client.v1_get(int(made.booking["id"]), key=None), (401,), "no apiKey"),
    ]
    private = profile.event_types.requires_authentication
    if private:
        body = {
            "start": iso(session.slots.next()),
            "eventTypeId": private,
            "attendee": {"name": "X", "timeZone": "UTC", "email": session.email()},
        }
        probes.append((client.create_booking(body), (401,), "no key, for an event type that requires authentication"))
        if profile.tenancy.other_org_api_key:
            probes.append(
                (
                    client.create_booking(body, key=profile.tenancy.other_org_api_key),
                    (403,),
                    "another organization's key, for an event type that requires authentication",
                )
            )
    for reply, allowed, credentials in probes:
        rules.auth_is_enforced(reply, allowed=allowed, credentials=credentials)
    rules.refused_requests_changed_nothing(
        _get(session, made.uid), uid=made.uid, status="pending", attempts=[p[0] for p in probes[2:8]]
    )
