"""Cancelling what a run made: at the end of every run, and afterwards from a run's ledger file.

Every booking of the ledger is cancelled (only the seats of a booking the run joined); whatever the
cancel answers, a booking it did not cancel is read back, and only one that reads cancelled (or
rejected, or without the run's seat) counts as closed. The rest is reported as it reads.

    python -m contract_tests.target.cleanup --ledger reports/contract-ledger-<run>.jsonl [--base-url URL]
        [--api-key KEY] [--target-profile FILE]

cancels what a run that was killed left behind, through the same client and ledger guard as the run.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from contract_tests.target.http import DEFAULT_KEY, Client, Reply
from contract_tests.target.ledger import Entry, Ledger
from contract_tests.target.redaction import install_log_redaction, redact, register_secrets
from contract_tests.target.targets import ProfileError, RunOptions, load_profile

__all__ = ["cancel_all", "main"]

logger = logging.getLogger("contract_tests")

CLOSED = ("cancelled", "rejected")


def _items(reply: Reply) -> list[Mapping[str, Any]]:
    data = reply.data
    return [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, Mapping)]


def _still_open(reply: Reply, uid: str) -> str | None:
    """Why a booking read back is still open, or None when it is closed."""
    if reply.status == 404:
        return None  # nothing left to cancel
    if not reply.ok:
        return f"could not be read back ({reply.summary()})"
    statuses = sorted({str(item.get("status")) for item in _items(reply) if item.get("uid", uid) == uid} or {"?"})
    open_ = [status for status in statuses if status not in CLOSED]
    return f"still reads {', '.join(open_)}" if open_ else None


def _our_seats(ledger: Ledger, reply: Reply) -> set[str]:
    """Seats of the run's attendees in a booking read back."""
    return {
        str(attendee["seatUid"])
        for item in _items(reply)
        for attendee in item.get("attendees") or []
        if isinstance(attendee, Mapping) and attendee.get("seatUid") and ledger.is_ours(attendee.get("email"))
    }


def _strangers(ledger: Ledger, reply: Reply) -> list[str]:
    """Attendees of a booking read back who are not the run's: in a seated booking, any; otherwise the
    booker (the first attendee; a team booking lists its other hosts after the booker)."""
    found = []
    for item in _items(reply):
        attendees = [a for a in item.get("attendees") or [] if isinstance(a, Mapping)]
        seated = any(a.get("seatUid") for a in attendees) or bool(item.get("seatUid"))
        for attendee in attendees if seated else attendees[:1]:
            if not ledger.is_ours(attendee.get("email")):
                found.append(str(attendee.get("email")))
    return found


def _cancel_booking(client: Client, ledger: Ledger, entry: Entry, reason: str) -> str | None:
    """Cancel a booking the ledger says the run made. A seated one (the answer that made it named a seat)
    is read first: one that holds somebody else (a seat the run took in their booking, which the ledger could
    not tell from the answer) has only the run's seats cancelled. Closed only when it reads back closed: a
    200 alone proves nothing."""
    if entry.seat_uids:
        read = client.get_booking(entry.uid, key=DEFAULT_KEY)
        if read.ok and _strangers(ledger, read):
            entry.whole = False
            return _cancel_seats(client, ledger, entry, read)
    if entry.closed and _still_open(client.get_booking(entry.uid, key=DEFAULT_KEY), entry.uid) is None:
        return None  # a test cancelled or declined it, and it reads so
    cancel = client.cancel(entry.uid, {"cancellationReason": reason})
    problem = _still_open(client.get_booking(entry.uid, key=DEFAULT_KEY), entry.uid)
    return None if problem is None else f"{entry.uid}: cancel answered {cancel.summary()}; the booking {problem}"


def _cancel_seats(client: Client, ledger: Ledger, entry: Entry, read: Reply | None = None) -> str | None:
    read = read or client.get_booking(entry.uid, key=DEFAULT_KEY)
    for seat in _our_seats(ledger, read) - entry.seat_uids:
        ledger.claim_seat(entry.uid, seat)  # a seat a v1 create took: the answer did not name it
    problems = []
    for seat in sorted(entry.seat_uids):
        cancel = client.cancel(entry.uid, {"seatUid": seat})
        if not cancel.ok:
            problems.append(f"seat {seat}: cancel answered {cancel.summary()}")
    if problems or entry.seat_uids:
        left = _our_seats(ledger, client.get_booking(entry.uid, key=DEFAULT_KEY))
        if left:
            return f"{entry.uid}: the run's seats {sorted(left)} are still taken ({'; '.join(problems) or 'no error'})"
    return None


def cancel_all(client: Client, ledger: Ledger, *, reason: str) -> list[str]:
    """Cancel every booking (or seat) of the ledger; what is still open afterwards, one line each."""
    problems = []
    for entry in ledger.entries():
        try:
            problem = (
                _cancel_booking(client, ledger, entry, reason) if entry.whole else _cancel_seats(client, ledger, entry)
            )
        except Exception as error:  # keep cleaning the rest
            problem = f"{entry.uid}: {error}"
        if problem is not None:
            problems.append(problem)
            logger.warning("clean-up left open %s", problem)
    return problems


# ---------------------------------------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m contract_tests.target.cleanup",
        description="Cancel the bookings a contract run recorded in its ledger file (a run that was killed).",
    )
    parser.add_argument("--ledger", required=True, type=Path, metavar="FILE", help="the run's ledger file")
    parser.add_argument("--base-url", metavar="URL", help="the server (default: the one the ledger names)")
    parser.add_argument("--api-key", metavar="KEY", help="API key to act with (env CALCOM_API_KEY); never printed")
    parser.add_argument(
        "--target-profile", metavar="FILE", help="YAML profile of the target (env CALCOM_TARGET_PROFILE)"
    )
    parser.add_argument("--request-timeout", type=float, default=10.0, metavar="S", help="seconds per request")
    parser.add_argument("--rate-limit", type=float, default=None, metavar="N", help="at most N requests per second")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when nothing of the ledger is left open, 1 when something is, 2 on a usage error."""
    args = _parser().parse_args(argv)
    try:
        ledger, header = Ledger.load(args.ledger)
        profile = load_profile(
            profile_path=args.target_profile,
            base_url=args.base_url or header.get("target"),
            api_key=args.api_key,
            run=RunOptions(timeout=args.request_timeout, rate_limit=args.rate_limit),
            environ=os.environ,
        )
    except (OSError, ValueError, ProfileError) as error:
        print(f"cleanup: {redact(error)}", file=sys.stderr)
        return 2
    if profile.base_url is None:
        print("cleanup: the ledger names no target; pass --base-url", file=sys.stderr)
        return 2
    register_secrets(*profile.secrets())
    install_log_redaction()
    client = Client(profile, base_url=profile.base_url, ledger=ledger)
    run = header.get("run", "?")
    problems = cancel_all(client, ledger, reason=f"contract tests {run}: clean-up after the run")
    print(
        redact(f"run {run} at {profile.base_url}: {len(ledger)} booking(s) in the ledger; left open: {len(problems)}")
    )
    for problem in problems:
        print(redact(f"  {problem}"))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
