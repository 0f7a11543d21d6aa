"""Everything one run shares: the profile, the client, the ledger, the slot allocator and the run's
own attendee domain. Built by the pytest plugin (or by the self-test) and handed to scenarios."""

from __future__ import annotations

import itertools
import random
import secrets
import unittest
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from contract_tests.target.cleanup import cancel_all
from contract_tests.target.coverage import CoverageRecorder
from contract_tests.target.http import Client, RateLimiter
from contract_tests.target.ledger import Ledger
from contract_tests.target.redaction import redact
from contract_tests.target.semantics import parse_instant
from contract_tests.target.slots import SlotAllocator
from contract_tests.target.targets import TargetProfile

__all__ = ["ContractSession"]


@dataclass
class ContractSession:
    profile: TargetProfile
    base_url: str
    client: Client
    ledger: Ledger
    recorder: CoverageRecorder
    slots: SlotAllocator
    run_id: str
    emails: list[str] = field(default_factory=list)  # attendee addresses of this run's bookings
    seen_uids: list[str] = field(default_factory=list)  # existing bookings found by reading (read-only runs)
    seen_ids: list[int] = field(default_factory=list)
    _counter: itertools.count[int] = field(default_factory=itertools.count)

    @classmethod
    def open(
        cls,
        profile: TargetProfile,
        base_url: str,
        *,
        recorder: CoverageRecorder | None = None,
        limiter: RateLimiter | None = None,
        run_id: str | None = None,
        journal: Path | None = None,
    ) -> ContractSession:
        """`journal`: a file to keep the ledger in as the run goes (for `contract_tests.target.cleanup`)."""
        run_id = run_id or secrets.token_hex(3)
        base_url = base_url.rstrip("/")
        ledger = Ledger(
            domain=attendee_domain(run_id, profile),
            journal=journal,
            header={"run": run_id, "target": redact(base_url), "profile": profile.name},
        )
        recorder = recorder or CoverageRecorder()
        client = Client(profile, base_url=base_url, ledger=ledger, recorder=recorder, limiter=limiter)
        return cls(
            profile=profile,
            base_url=base_url,
            client=client,
            ledger=ledger,
            recorder=recorder,
            slots=SlotAllocator(
                profile.slots,
                rng=random.Random(profile.run.window_seed) if profile.run.window_seed is not None else None,
                lane=profile.run.lane,
                lanes=profile.run.lanes,
            ),
            run_id=run_id,
        )

    # ------------------------------------------------------------------------------- attendees

    @property
    def domain(self) -> str:
        """`ct<run>.<attendee_domain>`: only this run's attendees have addresses here."""
        return self.ledger.domain

    def unique(self) -> int:
        return next(self._counter)

    def email(self, local: str = "booker") -> str:
        """A new attendee address at the run's domain."""
        return f"{local}.{self.unique()}@{self.domain}"

    def fresh_domain(self) -> str:
        """A subdomain no booking uses yet, for one DOMAIN report."""
        return f"d{self.unique()}.{self.domain}"

    def missing_uid(self) -> str:
        """A uid in the run's own namespace that no booking has; writes to it are allowed."""
        uid = f"ct{self.run_id}-missing-{self.unique()}"
        self.ledger.invent(uid)
        return uid

    def discover(self, take: int = 20) -> None:
        """Note uids and ids of existing bookings from one list page, for reads to aim at."""
        reply = self.client.list_bookings({"take": take})
        for item in reply.data if isinstance(reply.data, list) else []:
            if isinstance(item, dict) and isinstance(item.get("uid"), str):
                self.seen_uids.append(item["uid"])
                if isinstance(item.get("id"), int):
                    self.seen_ids.append(item["id"])

    # ------------------------------------------------------------------------------------- time

    def require_clock(self) -> None:
        """Skip the test, saying why, unless the target's clock can be moved (this project's mock)."""
        if not self.profile.mock:
            raise unittest.SkipTest(
                "needs time to pass on the target (a booking's start, an end in the past): only the mock's "
                "clock can be moved (profile `mock: true`)"
            )

    @contextmanager
    def clock_past(self, moment: datetime, *, margin: timedelta = timedelta(minutes=5)) -> Iterator[str]:
        """Within the block, the target's "now" is `margin` past `moment`; afterwards it is put back.
        Only this project's mock (profile `mock: true`) lets time pass on demand: on any other target the
        test is skipped, saying so."""
        self.require_clock()
        now = parse_instant(self.client.control("GET", "/clock").json().get("now"))
        assert now is not None, "the mock's clock did not say what time it is"
        shift = (moment + margin - now).total_seconds()
        self.client.control("PUT", "/clock", {"advanceSeconds": shift})
        try:
            yield f"(the mock's clock moved {shift / 86400:+.1f} days)"
        finally:
            self.client.control("PUT", "/clock", {"advanceSeconds": -shift})

    # ---------------------------------------------------------------------------------- cleanup

    def clean_up(self) -> list[str]:
        """Cancel everything this run created; what is still open afterwards, read back."""
        # Clean-up holds no response-time budget: a slow answer must not leave the rest behind.
        return cancel_all(self.client.without_budget(), self.ledger, reason=f"contract tests {self.run_id}: clean-up")


def attendee_domain(run_id: str, profile: TargetProfile) -> str:
    return f"ct{run_id}.{profile.attendee_domain}".lower()
