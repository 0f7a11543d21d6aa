"""Everything one run shares: the profile, the client, the ledger, the slot allocator and the run's
own attendee domain. Built by the pytest plugin (or by the self-test) and handed to scenarios."""

from __future__ import annotations

import itertools
import logging
import secrets
from dataclasses import dataclass, field

from .coverage import CoverageRecorder
from .http import Client, RateLimiter
from .ledger import Ledger
from .slots import SlotAllocator
from .targets import TargetProfile

__all__ = ["ContractSession"]

logger = logging.getLogger("contract_tests")


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
    ) -> ContractSession:
        ledger = Ledger()
        recorder = recorder or CoverageRecorder()
        client = Client(profile, base_url=base_url, ledger=ledger, recorder=recorder, limiter=limiter)
        return cls(
            profile=profile,
            base_url=base_url.rstrip("/"),
            client=client,
            ledger=ledger,
            recorder=recorder,
            slots=SlotAllocator(profile.slots),
            run_id=run_id or secrets.token_hex(3),
        )

    # ------------------------------------------------------------------------------- attendees

    @property
    def domain(self) -> str:
        """`ct<run>.<attendee_domain>`: only this run's attendees have addresses here."""
        return f"ct{self.run_id}.{self.profile.attendee_domain}"

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
        self.ledger.record({"uid": uid})
        self.ledger.mark_cancelled(uid)
        return uid

    def discover(self, take: int = 20) -> None:
        """Note uids and ids of existing bookings from one list page, for reads to aim at."""
        reply = self.client.list_bookings({"take": take})
        for item in reply.data if isinstance(reply.data, list) else []:
            if isinstance(item, dict) and isinstance(item.get("uid"), str):
                self.seen_uids.append(item["uid"])
                if isinstance(item.get("id"), int):
                    self.seen_ids.append(item["id"])

    # ---------------------------------------------------------------------------------- cleanup

    def clean_up(self) -> list[str]:
        """Cancel everything this run created, returning what could not be cancelled. Every booking
        is tried, also those the ledger believes cancelled (a v1 PATCH may have changed a status
        back); 400 means it was cancelled already."""
        problems = []
        reason = {"cancellationReason": f"contract tests {self.run_id}: clean-up"}
        for entry in self.ledger.entries():
            if "-missing-" in entry.uid:
                continue
            try:
                if entry.whole:
                    replies = [self.client.cancel(entry.uid, reason)]
                else:
                    replies = [self.client.cancel(entry.uid, {"seatUid": seat}) for seat in sorted(entry.seat_uids)]
                problems += [f"{entry.uid}: {r.summary()}" for r in replies if not r.ok and r.status != 400]
            except Exception as error:  # keep cleaning the rest
                problems.append(f"{entry.uid}: {error}")
        for problem in problems:
            logger.warning("clean-up could not cancel %s", problem)
        return problems
