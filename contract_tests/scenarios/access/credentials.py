"""Every accepted form of the key, and forms near it that are refused.

The real API v2 reads a key from `Authorization` by removing `Bearer ` (`ApiAuthStrategy.authenticate`,
`apps/api/v2/src/modules/auth/strategies/api-auth/api-auth.strategy.ts`): `Bearer <key>` and the bare
key are the same user; another scheme (`Basic <key>`) is then no `cal_` key and fails as an access token;
keys are looked up by their hash, so another case (after the prefix), one character more or one less,
is unknown (401). v2 reads no `?apiKey=`; v1 reads only `?apiKey=` (a v1 request with the key in
`Authorization` alone is a 401). Derived forms of the key are registered as secrets before they are
sent, so no message shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_tests.checks import rules
from contract_tests.checks.failures import AuthNotEnforced
from contract_tests.target.http import Reply
from contract_tests.target.redaction import register_secrets
from contract_tests.target.session import ContractSession
from contract_tests.target.spec import OperationId

__all__ = ["credential_forms_are_read_as_the_real_server_reads_them"]


def _me(session: ContractSession, headers: Mapping[str, str], query: Mapping[str, Any] | None = None) -> Reply:
    return session.client.send(OperationId.ME, key=None, headers=headers, query=query)


def _user_id(reply: Reply) -> Any:
    return reply.data.get("id") if isinstance(reply.data, Mapping) else None


def credential_forms_are_read_as_the_real_server_reads_them(session: ContractSession) -> None:
    key = str(session.profile.require("api_key"))
    near = {"one character more": key + "x", "one character less": key[:-1]}
    if key[-4:].swapcase() != key[-4:]:
        near["another case at its end"] = key[:-4] + key[-4:].swapcase()  # the prefix (`cal_`) kept
    register_secrets(*near.values())
    reference = rules.answered(_me(session, {"Authorization": f"Bearer {key}"}), {200}, "GET /v2/me with Bearer <key>")
    bare = _me(session, {"Authorization": key})
    if bare.status != 200 or _user_id(bare) != _user_id(reference):
        raise rules.failure(
            AuthNotEnforced,
            bare,
            f"200 and the same user (id {_user_id(reference)!r}) for `Authorization: <key>` without a scheme "
            "(ApiAuthStrategy removes `Bearer ` and reads the rest as the key)",
            bare.summary(),
        )
    refused: list[tuple[Reply, str]] = [
        (_me(session, {"Authorization": f"Basic {key}"}), "`Authorization: Basic <key>`"),
        (_me(session, {}, {"apiKey": key}), "the key as `?apiKey=` on v2, which reads only `Authorization`"),
        *((_me(session, {"Authorization": f"Bearer {form}"}), f"the key in {what}") for what, form in near.items()),
        (
            session.client.send(OperationId.V1_LIST, key=None, headers={"Authorization": f"Bearer {key}"}),
            "v1 with the key in `Authorization` only (v1 reads `?apiKey=`)",
        ),
    ]
    for reply, credentials in refused:
        rules.auth_is_enforced(reply, allowed=(401,), credentials=credentials)
    v1 = session.client.v1_list({"take": 1, "page": 1})
    rules.answered(v1, {200}, "GET /v1/bookings with ?apiKey=<key>")
