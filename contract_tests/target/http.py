"""The one way the suite reaches the target. `TargetReader` sends an operation of the spec by its
`OperationId`, with the route, `cal-api-version` and credentials `spec.Operation` gives it, through one
paced session; it reads only (pre-flight and doctor use it, and the mock's control API for a profile that
says `mock: true`). `Client` is that reader with writes: one method per operation of the spec, the ledger
guard and read-only mode applied in one place, and every answer returned as a `Reply` that can print
itself as a redacted curl command."""

from __future__ import annotations

import copy
import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import requests

from contract_tests.checks.failures import ReadOnlyViolation, ResponseTooSlow
from contract_tests.target.coverage import CoverageRecorder
from contract_tests.target.ledger import Ledger
from contract_tests.target.pacing import Pacer, paced_session
from contract_tests.target.redaction import redact
from contract_tests.target.spec import VERSION_HEADER, Operation, OperationId, documented_operations
from contract_tests.target.targets import TargetProfile

__all__ = [
    "DEFAULT_KEY",
    "Client",
    "RateLimiter",
    "Reply",
    "TargetReader",
    "answered_within_budget",
    "curl_command",
]


class _DefaultKey:
    def __repr__(self) -> str:
        return "DEFAULT_KEY"


DEFAULT_KEY: Any = _DefaultKey()  # "the profile's key"; pass None for no credentials
_NO_BODY: Any = object()


def curl_command(method: str, url: str, headers: Mapping[str, str], body: Any = None, raw: bytes | None = None) -> str:
    """A redacted curl command line for one request."""
    parts = ["curl", "-X", method.upper(), shlex.quote(url)]
    for name, value in headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if raw is not None:
        parts += ["--data-binary", shlex.quote(_capped(raw.decode("utf-8", "replace"), 200))]
    elif body is not None:
        parts += ["-d", shlex.quote(_capped(json.dumps(body, ensure_ascii=False), CURL_BODY_LIMIT))]
    return redact(" ".join(parts))


CURL_BODY_LIMIT = 1000  # characters of a body pasted into a curl line


def _capped(text: str, limit: int) -> str:
    """At most `limit` characters of a body, saying how long it was (a 1 MiB body stays out of the log)."""
    return text if len(text) <= limit else f"{text[:limit]}… [{len(text):,} characters in all]"


@dataclass(frozen=True)
class Reply:
    """One exchange: what was sent and what came back."""

    operation: Operation
    method: str
    url: str
    request_headers: Mapping[str, str]
    request_body: Any
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: Any  # parsed JSON, or None
    text: str
    raw_request: bytes | None = field(default=None, repr=False)
    elapsed: float = 0.0  # seconds from sending the request to the end of the answer's headers

    @property
    def label(self) -> str:
        return self.operation.label

    @property
    def data(self) -> Any:
        return self.body.get("data") if isinstance(self.body, Mapping) else None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def curl(self) -> str:
        return curl_command(self.method, self.url, self.request_headers, self.request_body, self.raw_request)

    def summary(self) -> str:
        """`<status> <short body>`, redacted, for `Received:` lines."""
        text = self.text if len(self.text) <= 300 else self.text[:300] + "…"
        return redact(f"{self.status} {text}")


# The suite's rate limiter is the pacer every request goes through (pacing.py).
RateLimiter = Pacer


class TargetReader:
    """Reads the target: the spec's operations that do not write, each sent as the spec says (route,
    `cal-api-version`, credentials in the header or the query), paced and counted by `limiter`. The key is
    sent, never kept in a message: a refusal names the operation, not the request."""

    def __init__(
        self,
        profile: TargetProfile,
        *,
        base_url: str,
        limiter: RateLimiter | None = None,
        timeout: float | None = None,
    ) -> None:
        self.profile = profile
        self.base_url = base_url.rstrip("/")
        # The mock reports Cal.com's limit without enforcing it unless told to: trust its headers once it refuses.
        self.limiter = limiter or Pacer(profile.run.rate_limit, trust_headers=not profile.mock)
        self.session = paced_session(self.limiter)
        self.timeout = profile.run.timeout if timeout is None else timeout

    def read(
        self,
        operation_id: OperationId,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        key: Any = DEFAULT_KEY,
    ) -> requests.Response:
        """Send one operation that does not write; `key=None` (or an empty key) sends no credentials."""
        operation = documented_operations()[operation_id]
        if operation.writes:
            raise RuntimeError(f"refused {operation.label}: a reader of the target sends no writes")
        key = self.profile.api_key if key is DEFAULT_KEY else key
        url, headers = self._request(operation, path, query, key or None)
        return self.session.request(operation.method, url, headers=headers, timeout=self.timeout)

    def _request(
        self,
        operation: Operation,
        path: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        key: Any,
        version: str | None = None,
    ) -> tuple[str, dict[str, str]]:
        """The URL and headers of one request of `operation`: its route, its query and its credentials."""
        key = self.profile.api_key if key is DEFAULT_KEY else key
        headers, credentials = operation.credentials(key, self.profile.api_versions, version)
        if version == "":
            headers.pop(VERSION_HEADER, None)
        params: dict[str, Any] = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        params.update(credentials)
        encoded = ("?" + urlencode(params, doseq=True, safe=",")) if params else ""
        return self.base_url + operation.route(path) + encoded, headers

    def mock_health(self) -> requests.Response:
        """`GET /_mock/health`: only this project's mock answers it (with its own health document)."""
        return self.session.get(f"{self.base_url}/_mock/health", timeout=self.timeout)

    def control(self, method: str, path: str, body: Any = None) -> requests.Response:
        """`/_mock/...`: only for a target the profile declares to be the mock."""
        if not self.profile.mock:
            raise RuntimeError(f"refused {method} /_mock{path}: the target profile does not say `mock: true`")
        return self.session.request(method, f"{self.base_url}/_mock{path}", json=body, timeout=self.timeout)


class Client(TargetReader):
    """Sends the spec's operations to the target. Writes go through the ledger guard."""

    def __init__(
        self,
        profile: TargetProfile,
        *,
        base_url: str,
        ledger: Ledger,
        recorder: CoverageRecorder | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(profile, base_url=base_url, limiter=limiter)
        self.ledger = ledger
        self.recorder = recorder
        # Schemathesis's requests: the same pace, one count; no default headers of its own (Schemathesis
        # would send them in place of its own).
        self.generated = paced_session(self.limiter)
        self.generated.headers.clear()

    def without_budget(self) -> Client:
        """This client, sharing its connection, ledger and rate limit, without `--max-response-time`."""
        unbudgeted = copy.copy(self)
        unbudgeted.profile = replace(self.profile, run=replace(self.profile.run, max_response_time=None))
        return unbudgeted

    # ------------------------------------------------------------------------------------ sending

    def send(
        self,
        operation_id: OperationId,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        body: Any = _NO_BODY,
        key: Any = DEFAULT_KEY,
        headers: Mapping[str, str] | None = None,
        raw: bytes | None = None,
        version: str | None = None,
    ) -> Reply:
        """Send one operation. `raw` sends bytes as they are (for malformed-request probes); `version`
        replaces the operation's `cal-api-version`, and `version=""` sends none."""
        operation = documented_operations()[operation_id]
        path = dict(path or {})
        if operation.writes:
            self._guard(operation, path, body)
        url, sent_headers = self._request(operation, path, query, key, version)
        data: bytes | None = raw
        if body is not _NO_BODY and raw is None:
            sent_headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        sent_headers.update(headers or {})
        response = self.session.request(
            operation.method, url, data=data, headers=sent_headers, timeout=self.profile.run.timeout
        )
        try:
            parsed: Any = response.json()
        except ValueError:
            parsed = None
        reply = Reply(
            operation=operation,
            method=operation.method,
            url=url,
            request_headers=sent_headers,
            request_body=None if body is _NO_BODY else body,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=parsed,
            text=response.text,
            raw_request=raw,
            elapsed=response.elapsed.total_seconds(),
        )
        if self.recorder is not None:
            self.recorder.record(operation_id, reply.status)
        self.ledger.observe(operation, path, reply.request_body, reply.status, parsed)
        answered_within_budget(reply, self.profile.run.max_response_time)
        return reply

    def _guard(self, operation: Operation, path: Mapping[str, Any], body: Any) -> None:
        if self.profile.run.read_only:
            raise ReadOnlyViolation(operation.label)
        if not operation.makes_new_booking and not operation.holds_slots:
            self.ledger.check_write(operation.label, operation.target(path, body))

    # ------------------------------------------------------------------------------ v2 bookings

    def create_booking(self, body: Mapping[str, Any], *, key: Any = None) -> Reply:
        """Create without credentials by default, as a booker would (the API allows it)."""
        return self.send(OperationId.CREATE, body=body, key=key)

    def get_booking(self, uid: str, *, key: Any = None) -> Reply:
        return self.send(OperationId.GET, path={"bookingUid": uid}, key=key)

    def list_bookings(self, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.LIST, query=query, key=key)

    def cancel(self, uid: str, body: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.CANCEL, path={"bookingUid": uid}, body=dict(body or {}), key=key)

    def reschedule(self, uid: str, body: Mapping[str, Any], *, key: Any = None) -> Reply:
        return self.send(OperationId.RESCHEDULE, path={"bookingUid": uid}, body=body, key=key)

    def confirm(self, uid: str, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.CONFIRM, path={"bookingUid": uid}, key=key)

    def decline(self, uid: str, reason: str | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        body = {} if reason is None else {"reason": reason}
        return self.send(OperationId.DECLINE, path={"bookingUid": uid}, body=body, key=key)

    def mark_absent(self, uid: str, body: Mapping[str, Any], *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.MARK_ABSENT, path={"bookingUid": uid}, body=body, key=key)

    # ---------------------------------------------------------------------------- organizations

    def org_bookings(self, org_id: int, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.ORG_LIST, path={"orgId": org_id}, query=query, key=key)

    def team_bookings(
        self, org_id: int, team_id: int, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY
    ) -> Reply:
        return self.send(
            OperationId.TEAM_LIST,
            path={"orgId": org_id, "teamId": team_id},
            query=query,
            key=key,
        )

    def report(self, org_id: int, body: Mapping[str, Any], *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.REPORT, path={"orgId": org_id}, body=body, key=key)

    # --------------------------------------------------------------------------------------- v1

    def v1_list(self, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.V1_LIST, query=query, key=key)

    def v1_create(self, body: Mapping[str, Any], *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.V1_CREATE, body=body, key=key)

    def v1_get(self, booking_id: int, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.V1_GET, path={"id": booking_id}, key=key)

    def v1_update(self, booking_id: int, body: Mapping[str, Any], *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.V1_UPDATE, path={"id": booking_id}, body=body, key=key)

    def v1_cancel(self, booking_id: int, query: Mapping[str, Any] | None = None, *, key: Any = DEFAULT_KEY) -> Reply:
        return self.send(OperationId.V1_CANCEL, path={"id": booking_id}, query=query, key=key)


def answered_within_budget(reply: Reply, budget: float | None) -> None:
    """The suite's own requests are held to the same response-time budget as Schemathesis's
    (`max_response_time`); the answer is recorded in the ledger first, so nothing it made is lost."""
    if budget is None or reply.elapsed <= budget:
        return
    raise ResponseTooSlow(
        operation=reply.label,
        expected=f"an answer within {budget * 1000:.0f} ms (--max-response-time)",
        received=f"{reply.status} after {reply.elapsed * 1000:.0f} ms",
        curl=reply.curl(),
    )


def _query_value(value: Any) -> str | list[str]:
    """Booleans as true/false; a list repeats the parameter (v1's attendeeEmail). Comma-separated
    v2 parameters are passed already joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [_query_value(v) for v in value]  # type: ignore[misc]
    return str(value)
