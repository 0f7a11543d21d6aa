"""The suite proves it can fail: each fault below is planted in a fresh mock (by monkeypatching one
public function or method of `mock_server`), the suite's own probe for that behaviour runs against it,
and the test asserts that the probe fails with the check that should catch it. The same probes pass
against the clean mock.

Probes are the suite's scenarios (the feature modules of `contract_tests.scenarios`) and hand-built
Schemathesis cases through every check (`conformance.check_one_case`), run in-process against
`mock_server.serve_in_background`.
`test_cli.py` runs the pytest command itself against a broken mock.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode

from contract_tests.checks import failures as ct
from contract_tests.generated.conformance import check_one_case, schema_for
from contract_tests.scenarios.access import auth, credentials, key_states, tenancy
from contract_tests.scenarios.booking_page import me_and_event_types, reservations, slots_agree
from contract_tests.scenarios.bookings import (
    cancel,
    clock_rules,
    confirm,
    create_options,
    extras,
    mark_absent,
    read_back,
    reschedule,
    series,
    summer_time,
)
from contract_tests.scenarios.lists import exact_lists, lists, page_ends, report
from contract_tests.scenarios.views import details_everywhere, v1_cancel, v1_partial, views_agree
from contract_tests.target import runtime
from contract_tests.target.bookings import AttendeeSpec, BookingSpec
from contract_tests.target.session import ContractSession
from contract_tests.target.slots import iso
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import RunOptions, load_profile
from mock_server import create_app, serve_in_background
from mock_server.api import shapes
from mock_server.api.booking_page import views as page_views
from mock_server.api.v1 import views as v1_views
from mock_server.api.v2_2024_08_13 import views
from mock_server.domain import calendar_links as calendar_links_module
from mock_server.domain import model, reassignment, rules
from mock_server.services import booking_extras, bookings, listing, organizations, scheduling, v1
from mock_server.services import event_types as event_type_service
from mock_server.services import reservations as mock_reservations
from mock_server.services import slots as slot_service
from mock_server.state import store
from mock_server.web import query_arrays
from mock_server.web import versions as routing

pytestmark = pytest.mark.selftest

KNOWN_UID = "awSwmVI4wxFymMjsrh5AU3"  # an accepted, upcoming booking of the default fixtures


def plant(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, replacement: Any) -> None:
    """Replace `module.name` everywhere mock_server bound it (modules import functions by name)."""
    original = getattr(module, name)
    monkeypatch.setattr(module, name, replacement)
    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("mock_server") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, replacement)


# ------------------------------------------------------------------------------------------ probes

Probe = Callable[[ContractSession, Any], None]


def conformance(operation_id: OperationId, **parts: Any) -> Probe:
    def probe(session: ContractSession, schema: Any) -> None:
        resolved = {k: (v(session) if callable(v) else v) for k, v in parts.items()}
        check_one_case(
            schema, base_url=session.base_url, profile=session.profile, operation_id=operation_id, **resolved
        )

    return probe


def create_body(session: ContractSession) -> dict[str, Any]:
    return {
        "start": iso(session.slots.next()),
        "eventTypeId": session.profile.event_types.regular,
        "attendee": {"name": "Self Test", "timeZone": "UTC", "email": session.email()},
    }


def corpus_list(query: dict[str, Any], take: int = 2) -> Probe:
    def probe(session: ContractSession, schema: Any) -> None:
        lists.list_holds_its_promises(session, lists.build_corpus(session), query, take=take)

    return probe


# The scenario modules `named` finds a scenario in, by its name.
SCENARIO_MODULES = (auth, cancel, confirm, lists, mark_absent, read_back, report, reschedule, tenancy)


def corpus_by_first_name(take: int = 2) -> Probe:
    """The corpus listed by its first attendee name (unique to the run)."""

    def probe(session: ContractSession, schema: Any) -> None:
        corpus = lists.build_corpus(session)
        lists.list_holds_its_promises(session, corpus, {"attendeeName": corpus.names[0]}, take=take)

    return probe


def named(name: str, *args: Any, **kwargs: Any) -> Probe:
    (module,) = [module for module in SCENARIO_MODULES if name in module.__all__]

    def probe(session: ContractSession, schema: Any) -> None:
        getattr(module, name)(session, *args, **kwargs)

    return probe


def named_in(module: Any, name: str, *args: Any, **kwargs: Any) -> Probe:
    def probe(session: ContractSession, schema: Any) -> None:
        getattr(module, name)(session, *args, **kwargs)

    return probe


# ------------------------------------------------------------------------------------------ faults


@dataclass(frozen=True)
class Fault:
    name: str
    plant: Callable[[pytest.MonkeyPatch], None]
    probe: Probe
    caught_by: type[BaseException]
    fresh_app: bool = False  # the fault is in a handler, bound when the app is built

    def __str__(self) -> str:
        return self.name


def _wrap(cls: Any, name: str, after: Callable[..., Any]) -> Callable[[pytest.MonkeyPatch], None]:
    """Patch method `name` of `cls` to pass its result through `after(result, *args, **kwargs)`."""
    original = getattr(cls, name)

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def patched(self: Any, *args: Any, **kwargs: Any) -> Any:
            return after(self, original(self, *args, **kwargs), *args, **kwargs)

        monkeypatch.setattr(cls, name, patched)

    return plant_it


def _drop_location(monkeypatch: pytest.MonkeyPatch) -> None:
    original = views.to_v2
    plant(
        monkeypatch, views, "to_v2", lambda *a, **k: {k2: v for k2, v in original(*a, **k).items() if k2 != "location"}
    )


def _upper_status(monkeypatch: pytest.MonkeyPatch) -> None:
    original = views.to_v2
    plant(
        monkeypatch,
        views,
        "to_v2",
        lambda *a, **k: {**original(*a, **k), "status": original(*a, **k)["status"].upper()},
    )


def _create_answers_200(monkeypatch: pytest.MonkeyPatch) -> None:
    from mock_server.api.v2_2024_08_13.handlers import BookingsHandlers

    original = BookingsHandlers.create_booking

    async def create_booking(self: Any, body: Any) -> Any:
        answer, _ = await original(self, body)
        return answer, 200

    monkeypatch.setattr(BookingsHandlers, "create_booking", create_booking)


def _ignore_attendee_name(monkeypatch: pytest.MonkeyPatch) -> None:
    original = listing.select

    def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
        return original(store_, replace(query, attendee_name=None), now, within=within)

    plant(monkeypatch, listing, "select", select)


def _remaining_off_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    original = views.pagination
    plant(
        monkeypatch,
        views,
        "pagination",
        lambda total, take, skip: {
            **original(total, take, skip),
            "remainingItems": original(total, take, skip)["remainingItems"] + 1,
        },
    )


def _overlapping_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    original = listing.select

    def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
        page = original(store_, query, now, within=within)
        if query.skip > 0:  # every page after the first starts one item early; lengths stay right
            early = original(store_, replace(query, skip=query.skip - 1), now, within=within)
            return listing.Page(items=early.items[: len(page.items)], total=page.total)
        return page

    plant(monkeypatch, listing, "select", select)


def _reverse_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    original = listing.select
    flip = {listing.SortOrder.ASC: listing.SortOrder.DESC, listing.SortOrder.DESC: listing.SortOrder.ASC}
    sorts = ("sort_start", "sort_end", "sort_created", "sort_updated_at")

    def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
        flipped = {name: flip[getattr(query, name)] for name in sorts if getattr(query, name) is not None}
        return original(store_, replace(query, **flipped), now, within=within)

    plant(monkeypatch, listing, "select", select)


def _cancel_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def cancel(self: Any, uid: str, **kwargs: Any) -> Any:
        return self.get(uid)

    monkeypatch.setattr(bookings.BookingService, "cancel", cancel)


def _everyone_sees_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, listing, "visible_uids", lambda store_, user: set(store_.all_uids()))


def _team_list_ignores_team(monkeypatch: pytest.MonkeyPatch) -> None:
    def list_team_bookings(self: Any, caller: Any, org_id: int, team_id: int, query: Any) -> Any:
        return self.list_org_bookings(caller, org_id, query)

    monkeypatch.setattr(organizations.OrgService, "list_team_bookings", list_team_bookings)


def _undo_report(keep: Callable[[int, Any], bool], *, recount: bool) -> Callable[[pytest.MonkeyPatch], None]:
    """Let a report run, then put back the bookings it cancelled (the reported one aside) for which
    `keep(index, booking_before)` holds; with `recount` the answer's count leaves them out too."""

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        original = organizations.OrgService.report

        def report(self: Any, *args: Any, **kwargs: Any) -> Any:
            before = {uid: self.store.booking(uid) for uid in sorted(self.store.all_uids())}
            outcome = original(self, *args, **kwargs)
            cancelled = [
                booking
                for uid, booking in before.items()
                if uid != outcome.booking_uid
                and booking is not None
                and booking.status is not model.BookingStatus.CANCELLED
                and (after := self.store.booking(uid)) is not None
                and after.status is model.BookingStatus.CANCELLED
            ]
            restored = [booking for index, booking in enumerate(cancelled) if keep(index, booking)]
            for booking in restored:
                self.store.save(booking)
            return replace(outcome, cancelled_count=outcome.cancelled_count - len(restored)) if recount else outcome

        monkeypatch.setattr(organizations.OrgService, "report", report)

    return plant_it


# Pending bookings are spared, and the count says so.
_report_spares_pending = _undo_report(
    lambda index, booking: booking.status is model.BookingStatus.PENDING, recount=True
)
# Every other booking the report says it cancelled stays as it was.
_report_overclaims = _undo_report(lambda index, booking: index % 2 == 1, recount=False)


def _report_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store.BookingStore, "report_for", lambda self, uid: None)


def _any_key_works(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.authenticate

    def authenticate(self: Any, api_key: str | None, **kwargs: Any) -> Any:
        if api_key is not None and self.store.api_key(api_key) is None:
            api_key = "cal_test_acme_owner_key"  # an unknown key acts as the org owner
        return original(self, api_key, **kwargs)

    monkeypatch.setattr(bookings.BookingService, "authenticate", authenticate)


def _second_cancel_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "check_cancellable", lambda booking: None)


def _confirm_accepted_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "check_confirmable", lambda booking: None)


def _decline_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model.Booking, "rejected", lambda self, now, *, reason: self.accepted(now))


def _reschedule_unlinked(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.reschedule

    def reschedule(self: Any, uid: str, **kwargs: Any) -> Any:
        created = original(self, uid, **kwargs)
        old = self.store.booking(uid)
        if old is not None:
            self.store.save(replace(old, rescheduled_to_uid=None))  # the original no longer names the new one
        return created

    monkeypatch.setattr(bookings.BookingService, "reschedule", reschedule)


def _seat_cancel_empties_booking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        model.Booking, "without_seat", lambda self, seat_uid, now: replace(self, attendees=(), updated_at=now)
    )


def _seats_never_full(monkeypatch: pytest.MonkeyPatch) -> None:
    original = scheduling.Scheduler.open_seated_booking

    def open_seated_booking(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except Exception:
            return None  # a full booking: open a second one at the same time instead

    monkeypatch.setattr(scheduling.Scheduler, "open_seated_booking", open_seated_booking)


def _metadata_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    original = scheduling.Scheduler.create
    monkeypatch.setattr(
        scheduling.Scheduler, "create", lambda self, data, *a, **k: original(self, replace(data, metadata={}), *a, **k)
    )


def _v1_start_shifted(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    original = v1_views.to_v1
    plant(
        monkeypatch,
        v1_views,
        "to_v1",
        lambda booking, directory: original(replace(booking, start=booking.start + timedelta(hours=1)), directory),
    )


def _mark_absent_noop(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.mark_absent

    def mark_absent(self: Any, uid: str, **kwargs: Any) -> Any:
        original(self, uid, **{**kwargs, "host": False, "attendees": {}})
        return self.store.booking(uid)

    monkeypatch.setattr(bookings.BookingService, "mark_absent", mark_absent)


def _absence_before_start(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "check_absence_time", lambda booking, now: None)


def _other_org_may_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "can_manage_booking", lambda user, context: True)


PLAIN = BookingSpec(attendee=AttendeeSpec(name="Self Test"), metadata={"source": "selftest"})

FAULTS = [
    Fault(
        "missing required field (v2 booking without location)",
        _drop_location,
        conformance(OperationId.GET, path={"bookingUid": KNOWN_UID}),
        JsonSchemaError,
    ),
    Fault(
        "wrong enum value (status in upper case)",
        _upper_status,
        conformance(OperationId.GET, path={"bookingUid": KNOWN_UID}),
        JsonSchemaError,
    ),
    Fault(
        "wrong status code (create answers 200)",
        _create_answers_200,
        conformance(OperationId.CREATE, body=create_body),
        UndefinedStatusCode,
        fresh_app=True,
    ),
    Fault(
        "filter ignored (attendeeName)",
        _ignore_attendee_name,
        corpus_by_first_name(),
        ct.FilterNotApplied,
    ),
    Fault(
        "pagination arithmetic off (remainingItems + 1)",
        _remaining_off_by_one,
        conformance(OperationId.LIST, query={"take": 5, "skip": 0}),
        ct.PaginationArithmeticWrong,
    ),
    Fault("pages overlap (skip starts one early)", _overlapping_pages, corpus_list({}, take=3), ct.PagesDoNotTile),
    Fault("sort order reversed", _reverse_sort, corpus_list({"sortStart": "asc"}), ct.SortOrderBroken),
    Fault(
        "a cancel that changes nothing", _cancel_changes_nothing, named("cancel_reads_cancelled"), ct.CancelNotApplied
    ),
    Fault(
        "a second cancel is accepted", _second_cancel_allowed, named("cancel_reads_cancelled"), ct.SecondCancelAccepted
    ),
    Fault(
        "a seat cancel removes every seat",
        _seat_cancel_empties_booking,
        named("seat_cancel_removes_one_seat"),
        ct.SeatCancelWrong,
    ),
    Fault(
        "a full seated booking takes more seats",
        _seats_never_full,
        named("full_seated_booking_refuses"),
        ct.SeatsOverbooked,
    ),
    Fault(
        "decline leaves the booking accepted",
        _decline_accepts,
        named("pending_booking_is_declined"),
        ct.DeclineNotApplied,
    ),
    Fault(
        "an accepted booking can be confirmed again",
        _confirm_accepted_allowed,
        named("accepted_booking_refuses_confirm_and_decline"),
        ct.AcceptedBookingNotRefused,
    ),
    Fault(
        "reschedule does not link the original",
        _reschedule_unlinked,
        named("reschedule_links_both_ways"),
        ct.RescheduleNotLinked,
    ),
    Fault(
        "created booking loses its metadata",
        _metadata_dropped,
        named("created_booking_reads_back", "regular", PLAIN),
        ct.ReadBackDiffers,
    ),
    Fault(
        "v1 shows another start than v2",
        _v1_start_shifted,
        named("created_booking_reads_back", "regular"),
        ct.ReadBackDiffers,
    ),
    Fault(
        "tenancy leak (every key sees every booking)",
        _everyone_sees_everything,
        named("other_org_is_refused"),
        ct.TenancyLeak,
    ),
    Fault(
        "team list shows the whole organization",
        _team_list_ignores_team,
        named("team_list_stays_in_team"),
        ct.TenancyLeak,
    ),
    Fault(
        "another organization may confirm", _other_org_may_confirm, named("other_org_is_refused"), ct.CrossTenantAccess
    ),
    Fault(
        "report cancels too little (pending spared)",
        _report_spares_pending,
        named("report_cancels_matching", "DOMAIN", accepted=1, pending=1),
        ct.ReportCountsInconsistent,
    ),
    Fault(
        "report counts bookings it did not cancel",
        _report_overclaims,
        named("report_cancels_matching", "EMAIL", accepted=2, pending=1),
        ct.ReportCancelledWrongSet,
    ),
    Fault(
        "reporting twice is accepted", _report_twice, named("report_cancels_matching", "EMAIL"), ct.SecondReportAccepted
    ),
    Fault(
        "auth ignored (unknown keys accepted)",
        _any_key_works,
        named("missing_and_unknown_keys_are_refused"),
        ct.AuthNotEnforced,
    ),
    Fault("mark-absent records nothing", _mark_absent_noop, named("mark_absent_rules"), ct.AbsenceNotRecorded),
    Fault(
        "absence accepted before the start",
        _absence_before_start,
        named("mark_absent_rules"),
        ct.AbsenceBeforeStartAccepted,
    ),
]

# ----------------------------------------------------------------- near misses (a sharper suite)
# Each fault below is a near miss of a correct behaviour: responses stay schema-valid and the coarse
# rules still hold; only the check written for that behaviour can tell.


def near_miss_lists(session: ContractSession, schema: Any) -> None:
    found = exact_lists.build_near_misses(session)
    for query in exact_lists.near_miss_queries(found):
        exact_lists.list_is_exact(session, found, query)


def near_miss_forms(session: ContractSession, schema: Any) -> None:
    found = exact_lists.build_near_misses(session)
    for query in exact_lists.near_miss_queries(found):
        exact_lists.list_forms_agree(session, query)


def reserved_slot(session: ContractSession, schema: Any) -> None:
    reservations.reserved_slot_is_hidden_from_others(session)


def near_miss_v1_list(session: ContractSession, schema: Any) -> None:
    found = exact_lists.build_near_misses(session)
    exact_lists.v1_list_is_exact(session, found, [found.emails["case"], found.emails["longer"]])


def table(changes: Any, name: str) -> Probe:
    def probe(session: ContractSession, schema: Any) -> None:
        changes[name](session)

    return probe


def within(budget_s: float) -> Probe:
    """Reads a booking with a response-time budget of `budget_s` seconds."""

    def probe(session: ContractSession, schema: Any) -> None:
        session.client.profile = replace(session.profile, run=replace(session.profile.run, max_response_time=budget_s))
        session.client.get_booking(KNOWN_UID)

    return probe


def _list_fault(
    loosen: Callable[[Any], Any], keep: Callable[[Any, Any], bool] | None = None
) -> Callable[[pytest.MonkeyPatch], None]:
    """A list that runs `loosen(query)` and, if given, keeps the bookings `keep(query, booking)` admits."""
    original = listing.select

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
            if keep is None:
                return original(store_, loosen(query), now, within=within)
            everything = original(store_, replace(loosen(query), skip=0, take=10**9), now, within=within).items
            kept = [b for b in everything if keep(query, b)]
            return listing.Page(items=kept[query.skip : query.skip + query.take], total=len(kept))

        plant(monkeypatch, listing, "select", select)

    return plant_it


def _emails(booking: Any) -> list[str]:
    return [a.email for a in booking.attendees]


def _names(booking: Any) -> list[str]:
    return [a.name for a in booking.attendees]


_email_any_case = _list_fault(
    lambda q: replace(q, attendee_email=None),
    lambda q, b: q.attendee_email is None or q.attendee_email.strip().lower() in [e.lower() for e in _emails(b)],
)
_email_contains = _list_fault(
    lambda q: replace(q, attendee_email=None),
    lambda q, b: q.attendee_email is None or any(q.attendee_email.strip() in e for e in _emails(b)),
)
_name_prefix = _list_fault(
    lambda q: replace(q, attendee_name=None),
    lambda q, b: q.attendee_name is None or any(n.startswith(q.attendee_name.strip()) for n in _names(b)),
)
_email_or_name = _list_fault(
    lambda q: replace(q, attendee_email=None, attendee_name=None),
    lambda q, b: (
        (q.attendee_email is None and q.attendee_name is None)
        or (q.attendee_email is not None and q.attendee_email.strip() in _emails(b))
        or (q.attendee_name is not None and q.attendee_name.strip() in _names(b))
    ),
)
_first_status_only = _list_fault(lambda q: replace(q, statuses=q.statuses[:1]))
_first_event_type_only = _list_fault(
    lambda q: replace(q, event_type_ids=q.event_type_ids[:1]) if q.event_type_ids else q
)


def _bracket_form_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """`status[]=a&status[]=b` read as an unknown parameter and dropped (the mock's bug before issue 18)."""
    monkeypatch.setattr(query_arrays, "_BRACKETS", re.compile(r"(?!)"))


def _repeated_keys_keep_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    """`status=a&status=b` read as its last value (Connexion's default for a non-exploded array)."""
    monkeypatch.setattr(query_arrays, "_as_array", lambda name, defn, values: query_arrays._single(defn, values[-1]))


def _reservations_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mock_reservations.Reservations, "hides", lambda self, *args, **kwargs: False)


def _v1_first_email_only(monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1.V1BookingService.list

    def list_(self: Any, caller: Any, query: Any) -> Any:
        return original(self, caller, replace(query, attendee_emails=query.attendee_emails[:1]))

    monkeypatch.setattr(v1.V1BookingService, "list", list_)


def _cancel_one_cancels_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.cancel

    def cancel(self: Any, uid: str, **kwargs: Any) -> Any:
        booking = self.store.booking(uid)
        if booking is not None and booking.recurring_booking_uid and not kwargs.get("seat_uid"):
            kwargs["cancel_subsequent"] = True
        return original(self, uid, **kwargs)

    monkeypatch.setattr(bookings.BookingService, "cancel", cancel)


def _subsequent_cancels_the_series(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.cancel

    def cancel(self: Any, uid: str, **kwargs: Any) -> Any:
        booking = self.store.booking(uid)
        if kwargs.get("cancel_subsequent") and booking is not None and booking.recurring_booking_uid:
            return original(self, booking.recurring_booking_uid, **{**kwargs, "cancel_subsequent": False})
        return original(self, uid, **kwargs)

    monkeypatch.setattr(bookings.BookingService, "cancel", cancel)


def _series_cancel_ignores_now(monkeypatch: pytest.MonkeyPatch) -> None:
    def cancel_series(self: Any, series_uid: str, caller: Any, reason: Any, cancel_subsequent: bool) -> Any:
        now = self.clock.now()
        self.store.save_all(
            b.cancelled(now, reason=reason, by_email=None)
            for b in self.store.series(series_uid)
            if b.status is not model.BookingStatus.CANCELLED
        )
        return self.store.series(series_uid)

    monkeypatch.setattr(bookings.BookingService, "_cancel_series", cancel_series)


def _confirm_one_occurrence_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bookings.BookingService, "_pending_together", lambda self, booking: [booking])


def _decline_reason_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    original = model.Booking.rejected
    monkeypatch.setattr(model.Booking, "rejected", lambda self, now, *, reason: original(self, now, reason=None))


def _v1_patch_not_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1.V1BookingService.patch

    def patch(self: Any, caller: Any, booking_id: int, change: Any) -> Any:
        before = self.store.booking_by_id(booking_id)
        updated = original(self, caller, booking_id, change)
        self.store.save(before)  # answered as changed, kept as it was
        return updated

    monkeypatch.setattr(v1.V1BookingService, "patch", patch)


def _v1_output(**overrides: Any) -> Callable[[pytest.MonkeyPatch], None]:
    original = v1_views.to_v1

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        plant(monkeypatch, v1_views, "to_v1", lambda booking, directory: {**original(booking, directory), **overrides})

    return plant_it


def _length_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "check_length", lambda event_type, requested: event_type.length_in_minutes)


def _guests_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    original = scheduling.Scheduler.create
    monkeypatch.setattr(
        scheduling.Scheduler, "create", lambda self, data, *a, **k: original(self, replace(data, guests=()), *a, **k)
    )


def _slot_never_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduling.Scheduler, "check_free", lambda self, *a, **k: None)


def _expired_keys_work(monkeypatch: pytest.MonkeyPatch) -> None:
    original = rules.check_api_key
    plant(monkeypatch, rules, "check_api_key", lambda api_key, now: original(api_key, now) if api_key is None else None)


def _members_list_the_org(monkeypatch: pytest.MonkeyPatch) -> None:
    plant(monkeypatch, rules, "require_org_admin", lambda user, org: None)


def _report_cancels_the_past(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model.Booking, "is_upcoming", lambda self, now: self.status in model.BLOCKING_STATUSES)


def _status_by_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    original = listing.matches_status
    plant(
        monkeypatch,
        listing,
        "matches_status",
        lambda booking, status, now: original(booking, status, datetime.now(UTC)),
    )


def _slow_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    original = bookings.BookingService.get

    def get(self: Any, uid: str) -> Any:
        time.sleep(2.5)
        return original(self, uid)

    monkeypatch.setattr(bookings.BookingService, "get", get)


FAULTS += [
    Fault("attendeeEmail matched in any case", _email_any_case, near_miss_lists, ct.FilterNotApplied),
    Fault("attendeeEmail matched as a substring", _email_contains, near_miss_lists, ct.FilterNotApplied),
    Fault("attendeeName matched as a prefix", _name_prefix, near_miss_lists, ct.FilterNotApplied),
    Fault("attendeeEmail and attendeeName combined with OR", _email_or_name, near_miss_lists, ct.FilterNotApplied),
    Fault("only the first status of a list counts", _first_status_only, near_miss_lists, ct.ListNotExact),
    Fault("only the first of eventTypeIds counts", _first_event_type_only, near_miss_lists, ct.ListNotExact),
    Fault("v1 list: only the first attendeeEmail counts", _v1_first_email_only, near_miss_v1_list, ct.ListNotExact),
    Fault("a filter sent as name[]= is dropped", _bracket_form_dropped, near_miss_forms, ct.ListNotExact),
    Fault(
        "a repeated filter keeps only its last value", _repeated_keys_keep_the_last, near_miss_forms, ct.ListNotExact
    ),
    Fault("a reserved slot is still offered to others", _reservations_ignored, reserved_slot, ct.ReservedSlotOffered),
    Fault(
        "cancelling one occurrence cancels the later ones",
        _cancel_one_cancels_the_rest,
        table(series.SERIES_CHANGES, "cancel one occurrence"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault(
        "cancelSubsequentBookings cancels the earlier occurrences too",
        _subsequent_cancels_the_series,
        table(series.SERIES_CHANGES, "cancel subsequent occurrences"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault(
        "a series cancel also cancels occurrences that have begun",
        _series_cancel_ignores_now,
        table(series.SERIES_CHANGES, "cancel the series uid once it has begun"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault(
        "confirming a pending series confirms one occurrence",
        _confirm_one_occurrence_only,
        table(series.SERIES_CHANGES, "confirm a pending series"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault("the decline reason is lost", _decline_reason_lost, table(views_agree.CHANGES, "decline"), ct.ViewsDisagree),
    Fault(
        "a v1 PATCH is answered but not kept",
        _v1_patch_not_saved,
        table(views_agree.CHANGES, "v1 patch"),
        ct.ViewsDisagree,
    ),
    Fault(
        "v1 does not show a booking as rescheduled",
        _v1_output(rescheduled=False),
        table(views_agree.CHANGES, "reschedule"),
        ct.ViewsDisagree,
    ),
    Fault(
        "v1 does not show the host's absence",
        _v1_output(noShowHost=False),
        table(views_agree.CHANGES, "mark-absent"),
        ct.ViewsDisagree,
    ),
    Fault(
        "lengthInMinutes ignored",
        _length_ignored,
        named_in(create_options, "chosen_length_is_kept", 45),
        ct.CreateOptionIgnored,
    ),
    Fault(
        "guests dropped on create",
        _guests_dropped,
        named_in(create_options, "options_read_back", BookingSpec(guests=("guest.one",))),
        ct.CreateOptionIgnored,
    ),
    Fault(
        "an occupied slot is booked twice",
        _slot_never_busy,
        named_in(create_options, "occupied_slot_is_refused"),
        ct.OccupiedSlotAccepted,
    ),
    Fault(
        "expired keys still work",
        _expired_keys_work,
        table(key_states.KEY_STATES, "expired key"),
        ct.AuthNotEnforced,
    ),
    Fault(
        "a plain member lists the organization",
        _members_list_the_org,
        table(key_states.KEY_STATES, "key of a plain member"),
        ct.AuthNotEnforced,
    ),
    Fault(
        "a report cancels past bookings too",
        _report_cancels_the_past,
        table(clock_rules.CLOCK_RULES, "a report spares past bookings"),
        ct.ReportCountsInconsistent,
    ),
    Fault(
        "list statuses judged by the wall clock, not the server's",
        _status_by_wall_clock,
        table(clock_rules.CLOCK_RULES, "past and upcoming split at the server's now"),
        ct.ListNotExact,
    ),
    Fault("answers slower than the budget", _slow_reads, within(1.5), ct.ResponseTooSlow),
]

# ------------------------------------------------ booking sub-resources (contract_tests/scenarios/booking_extras.py)


def _reassign_drops_the_location(monkeypatch: pytest.MonkeyPatch) -> None:
    """The host changes as it should, but the booking loses its location on the way (one field more)."""
    original = reassignment.Reassignment.apply

    def apply(self: Any, booking: Any, now: Any) -> Any:
        return replace(original(self, booking, now), location="")

    monkeypatch.setattr(reassignment.Reassignment, "apply", apply)


def _reassign_to_user_not_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer names the new host, but the booking is never saved with them."""

    def reassign_to(self: Any, uid: str, user_id: int, caller: Any) -> Any:
        booking = self._reassignable(uid, caller)
        new = self.store.user(user_id)
        event_type = self.store.context(booking).event_type
        return reassignment.manual(booking, event_type, new, user=self._user).apply(booking, self.clock.now())

    monkeypatch.setattr(booking_extras.BookingExtrasService, "reassign_to", reassign_to)


def _org_user_list_in_the_callers_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    """The member's list is filtered right, but over the caller's (the org admin's) scope."""

    def list_user_bookings(self: Any, caller: Any, org_id: int, user_id: int, query: Any) -> Any:
        self._admin_route(caller, org_id)
        return listing.select(self.store, query, self.clock.now(), within=[listing.visible_uids(self.store, caller)])

    monkeypatch.setattr(organizations.OrgService, "list_user_bookings", list_user_bookings)


def _references_of_every_booking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A booking's references come with those of every other booking (the booking filter is lost)."""

    def references_of(self: Any, booking_uid: str) -> Any:
        return sorted(self._references.values(), key=lambda r: r.id)

    monkeypatch.setattr(store.BookingStore, "references_of", references_of)


def _links_from_the_creation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The links are built, but from when the booking was made rather than when it takes place."""
    original = calendar_links_module.calendar_links

    def calendar_links(booking: Any, *args: Any, **kwargs: Any) -> Any:
        moved = replace(booking, start=booking.created_at, end=booking.created_at + booking.duration)
        return original(moved, *args, **kwargs)

    plant(monkeypatch, calendar_links_module, "calendar_links", calendar_links)


# ------------------------------------------------- the booking page's reads and their corners (issue 22)
# Each fault keeps every answer valid under the spec; only the rule written for that promise can tell.


def _slots_fault(
    adjust_query: Callable[[Any], Any] | None = None, drop: Callable[[Any, Any], bool] | None = None
) -> Callable[[pytest.MonkeyPatch], None]:
    """`SlotService.available` on `adjust_query(query)`, leaving out the slots at the start of a booking of
    the event type for which `drop(booking, query)` holds."""
    original = slot_service.SlotService.available

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def available(self: Any, query: Any) -> Any:
            found = original(self, adjust_query(query) if adjust_query else query)
            if drop is None:
                return found
            taken = {
                b.start
                for b in self.store.bookings(self.store.uids_for_event_type(found.event_type.id))
                if drop(b, query)
            }
            return replace(found, slots=tuple(s for s in found.slots if s.start not in taken))

        monkeypatch.setattr(slot_service.SlotService, "available", available)

    return plant_it


def _free_fault(
    change: Callable[[Callable[..., Any], Any, Any, Any, Any, Any, Any], Any],
) -> Callable[[pytest.MonkeyPatch], None]:
    """`SlotService._free` through `change(original, self, event_type, start, length, hours, reschedule_uid)`."""
    original = slot_service.SlotService._free

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def _free(self: Any, event_type: Any, start: Any, length: Any, hours: Any, reschedule_uid: Any) -> Any:
            return change(original, self, event_type, start, length, hours, reschedule_uid)

        monkeypatch.setattr(slot_service.SlotService, "_free", _free)

    return plant_it


def _booked_still_offered(original: Any, self: Any, event_type: Any, start: Any, length: Any, *rest: Any) -> Any:
    found = original(self, event_type, start, length, *rest)
    if found is None and not event_type.seats_per_time_slot:
        return slot_service.FreeSlot(start, start + length)
    return found


def _full_seats_offered(original: Any, self: Any, event_type: Any, start: Any, length: Any, *rest: Any) -> Any:
    found = original(self, event_type, start, length, *rest)
    if found is None and event_type.seats_per_time_slot:
        total = event_type.seats_per_time_slot
        at = [b.uid for b in self.store.bookings_at(event_type.id, start) if b.status in model.BLOCKING_STATUSES]
        return slot_service.FreeSlot(start, start + length, slot_service.SeatCount(total, total, at[0] if at else None))
    return found


def _starts_only(original: Any, self: Any, event_type: Any, start: Any, length: Any, *rest: Any) -> Any:
    """A slot is free when its first minute is: a booking that starts inside it does not take it."""
    from datetime import timedelta

    found = original(self, event_type, start, timedelta(minutes=1), *rest)
    return None if found is None else replace(found, end=start + length)


def _cancelled(booking: Any, query: Any) -> bool:
    return booking.status is model.BookingStatus.CANCELLED and booking.rescheduled_to_uid is None


def _rescheduled_away(booking: Any, query: Any) -> bool:
    return booking.rescheduled_to_uid is not None


def _end_date_as_midnight(query: Any) -> Any:
    end = query.end
    if (end.hour, end.minute, end.second) == (23, 59, 59):
        end = end.replace(hour=0, minute=0, second=0)
    return replace(query, end=end)


def _page_output(rewrite: Callable[[dict[str, Any], Any], dict[str, Any]]) -> Callable[[pytest.MonkeyPatch], None]:
    """`slots_output` through `rewrite(days, time_zone)`."""
    original = page_views.slots_output

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def slots_output(slots: Any, time_zone: Any, *, range_format: bool) -> Any:
            return rewrite(original(slots, time_zone, range_format=range_format), time_zone)

        plant(monkeypatch, page_views, "slots_output", slots_output)

    return plant_it


def _by_utc_day(days: dict[str, Any], time_zone: Any) -> dict[str, Any]:
    from contract_tests.target.semantics import parse_instant

    regrouped: dict[str, Any] = {}
    for item in (item for items in days.values() for item in items):
        start = parse_instant(item["start"])
        assert start is not None
        regrouped.setdefault(start.date().isoformat(), []).append(item)
    return regrouped


def _offset_of_the_first_slot(days: dict[str, Any], time_zone: Any) -> dict[str, Any]:
    """Every slot written with the offset the zone has at the first one: right instants, summer time ignored."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from contract_tests.target.semantics import parse_instant

    items = [item for items in days.values() for item in items]
    if not time_zone or not items:
        return days
    first = parse_instant(items[0]["start"])
    assert first is not None
    fixed = timezone(first.astimezone(ZoneInfo(time_zone)).utcoffset() or first.utcoffset())  # type: ignore[arg-type]

    def write(text: str) -> str:
        moment = parse_instant(text)
        assert moment is not None
        return moment.astimezone(fixed).isoformat(timespec="milliseconds")

    return {
        day: [{**item, **{k: write(item[k]) for k in ("start", "end") if k in item}} for item in items_]
        for day, items_ in days.items()
    }


def _seats_never_taken(days: dict[str, Any], time_zone: Any) -> dict[str, Any]:
    return {
        day: [{**item, "seatsRemaining": item["seatsTotal"]} if "seatsTotal" in item else item for item in items]
        for day, items in days.items()
    }


def _event_types_find(**overrides: Any) -> Callable[[pytest.MonkeyPatch], None]:
    original = event_type_service.EventTypeService.find

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def find(self: Any, caller: Any, **kwargs: Any) -> Any:
            return original(self, caller, **{**kwargs, **overrides})

        monkeypatch.setattr(event_type_service.EventTypeService, "find", find)

    return plant_it


def _colleagues_event_types_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller's own list also shows the personal event types of the other members of their organization."""
    original = event_type_service.EventTypeService.find

    def find(self: Any, caller: Any, **kwargs: Any) -> Any:
        found = original(self, caller, **kwargs)
        if kwargs.get("username") is None and caller.org_id is not None:
            for member in self.store.members_of_org(caller.org_id):
                if member.id != caller.id:
                    found = found + self.store.event_types_of_user(member.id)[:1]
                    break
        return found

    monkeypatch.setattr(event_type_service.EventTypeService, "find", find)


def _org_team_event_types_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The list also shows the team event types of the caller's organization (they have their own route)."""
    original = event_type_service.EventTypeService.find

    def find(self: Any, caller: Any, **kwargs: Any) -> Any:
        found = original(self, caller, **kwargs)
        teams = {team.id for team in self.store.teams_of_org(caller.org_id)} if caller.org_id else set()
        return found + self.store.event_types_of_teams(teams)

    monkeypatch.setattr(event_type_service.EventTypeService, "find", find)


def _any_event_type_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """By id, any personal event type answers, whoever owns it."""
    from mock_server.domain.exceptions import UserEventTypeNotFound

    def get(self: Any, caller: Any, event_type_id: int) -> Any:
        event_type = self.store.event_type(event_type_id)
        if event_type is None or event_type.team_id is not None:
            raise UserEventTypeNotFound(event_type_id)
        return event_type

    monkeypatch.setattr(event_type_service.EventTypeService, "get", get)


def _by_id_answers_the_lists_404(monkeypatch: pytest.MonkeyPatch) -> None:
    """By id, a missing event type is a 404 with the list's message instead of the real one."""
    from mock_server.domain.exceptions import EventTypesNotFound, UserEventTypeNotFound

    original = event_type_service.EventTypeService.get

    def get(self: Any, caller: Any, event_type_id: int) -> Any:
        try:
            return original(self, caller, event_type_id)
        except UserEventTypeNotFound:
            raise EventTypesNotFound() from None

    monkeypatch.setattr(event_type_service.EventTypeService, "get", get)


def _me(**changes: Any) -> Callable[[pytest.MonkeyPatch], None]:
    original = shapes.me_output

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def me_output(user: Any) -> Any:
            output = {**original(user), **{k: (v(user) if callable(v) else v) for k, v in changes.items()}}
            return {k: v for k, v in output.items() if v is not _DROP}

        plant(monkeypatch, shapes, "me_output", me_output)

    return plant_it


_DROP = object()


def slots_rule(name: str, *args: Any) -> Probe:
    return named_in(slots_agree, name, *args)


def page_rule(name: str) -> Probe:
    return named_in(me_and_event_types, name)


def _unversioned_is_2024_08_13(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor reads a missing header as the newest bookings version instead of 2024-04-15."""
    original = routing.extract_version
    plant(
        monkeypatch,
        routing,
        "extract_version",
        lambda headers: "2024-08-13" if routing.HEADER not in headers else original(headers),
    )


def _any_version_reaches_a_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """A version without a controller for the route falls through to whichever operation has it."""
    original = routing.VersionTable.find

    def find(self: Any, method: str, path: str, version: str) -> Any:
        try:
            return original(self, method, path, version)
        except routing.NoControllerForVersion:
            return self.matching(method, path)[0]

    monkeypatch.setattr(routing.VersionTable, "find", find)


FAULTS += [
    Fault(
        "a reassign drops the booking's location",
        _reassign_drops_the_location,
        table(extras.EXTRAS, "reassign to an automatically chosen host"),
        ct.ReassignChangedMore,
    ),
    Fault(
        "a reassign to a named host is answered but not saved",
        _reassign_to_user_not_saved,
        table(extras.EXTRAS, "reassign to a named host"),
        ct.ReassignChangedMore,
    ),
    Fault(
        "the organization user list holds the caller's bookings",
        _org_user_list_in_the_callers_scope,
        table(extras.EXTRAS, "organization user list is the user's own"),
        ct.OrgUserListWrong,
    ),
    Fault(
        "a booking's references include other bookings'",
        _references_of_every_booking,
        table(extras.EXTRAS, "references, links and recordings are the booking's"),
        ct.NotTheBookingAskedFor,
    ),
    Fault(
        "calendar links start when the booking was made",
        _links_from_the_creation_time,
        table(extras.EXTRAS, "references, links and recordings are the booking's"),
        ct.NotTheBookingAskedFor,
    ),
]

FAULTS += [
    Fault(
        "slots still offer a booked slot",
        _free_fault(_booked_still_offered),
        slots_rule("offered_slots_are_bookable"),
        ct.SlotsDisagreeWithBookings,
    ),
    Fault(
        "a cancelled booking's slot does not come back",
        _slots_fault(drop=_cancelled),
        slots_rule("offered_slots_are_bookable"),
        ct.SlotsDisagreeWithBookings,
    ),
    Fault(
        "a rescheduled booking's old slot does not come back",
        _slots_fault(drop=_rescheduled_away),
        slots_rule("offered_slots_are_bookable"),
        ct.SlotsDisagreeWithBookings,
    ),
    Fault(
        "bookingUidToReschedule ignored",
        _slots_fault(adjust_query=lambda q: replace(q, reschedule_uid=None)),
        slots_rule("offered_slots_are_bookable"),
        ct.SlotsDisagreeWithBookings,
    ),
    Fault(
        "a full seated slot is still offered (0 seats remaining)",
        _free_fault(_full_seats_offered),
        slots_rule("seats_are_counted"),
        ct.SeatsMiscounted,
    ),
    Fault(
        "seatsRemaining never goes down",
        _page_output(_seats_never_taken),
        slots_rule("seats_are_counted"),
        ct.SeatsMiscounted,
    ),
    Fault(
        "slots free when their first minute is (a booking inside them does not take them)",
        _free_fault(_starts_only),
        slots_rule("durations_follow_bookings"),
        ct.SlotsDisagreeWithBookings,
    ),
    Fault(
        "slots ignore duration",
        lambda monkeypatch: monkeypatch.setattr(
            slot_service.SlotService, "_length", staticmethod(lambda event_type, duration: event_type.length_in_minutes)
        ),
        slots_rule("durations_follow_bookings"),
        ct.SlotDurationWrong,
    ),
    Fault(
        "slots grouped by their UTC day, not the asked zone's",
        _page_output(_by_utc_day),
        slots_rule("slots_follow_the_asked_zone"),
        ct.SlotsInWrongZone,
    ),
    Fault(
        "slot offsets ignore a change of summer time",
        _page_output(_offset_of_the_first_slot),
        slots_rule("slots_follow_the_asked_zone"),
        ct.SlotsInWrongZone,
    ),
    Fault(
        "a date end is read as its midnight (its day left out)",
        _slots_fault(adjust_query=_end_date_as_midnight),
        slots_rule("range_is_inclusive"),
        ct.SlotRangeWrong,
    ),
    Fault(
        "a slot ending exactly at the range's end left out",
        _slots_fault(adjust_query=lambda q: replace(q, end=q.end - __import__("datetime").timedelta(seconds=1))),
        slots_rule("range_is_inclusive"),
        ct.SlotRangeWrong,
    ),
    Fault(
        "a slot starting exactly at the range's start left out",
        _slots_fault(adjust_query=lambda q: replace(q, start=q.start + __import__("datetime").timedelta(seconds=1))),
        slots_rule("range_is_inclusive"),
        ct.SlotRangeWrong,
    ),
    Fault(
        "event types of another member of the organization listed",
        _colleagues_event_types_listed,
        page_rule("event_types_are_the_users"),
        ct.EventTypesLeak,
    ),
    Fault(
        "team event types of the caller's organization listed as theirs",
        _org_team_event_types_listed,
        page_rule("event_types_are_the_users"),
        ct.EventTypesLeak,
    ),
    Fault(
        "another user's event type readable by id",
        _any_event_type_by_id,
        page_rule("event_types_are_the_users"),
        ct.EventTypesLeak,
    ),
    Fault(
        "a foreign event type by id answers the list's 404 message",
        _by_id_answers_the_lists_404,
        page_rule("event_types_are_the_users"),
        ct.NotFoundAnswerWrong,
    ),
    Fault(
        "event types: username ignored",
        _event_types_find(username=None),
        page_rule("event_types_are_the_users"),
        ct.EventTypesLeak,
    ),
    Fault(
        "event types: eventSlug ignored",
        _event_types_find(event_slug=None),
        page_rule("event_types_are_the_users"),
        ct.EventTypesLeak,
    ),
    Fault(
        "/v2/me answers another user's email",
        _me(email=lambda user: "bob@acme.com" if user.email != "bob@acme.com" else "alice@acme.com"),
        page_rule("me_is_the_keys_user"),
        ct.MeIsNotTheKeysUser,
    ),
    Fault(
        "/v2/me without the user's organization",
        _me(organizationId=None, organization=_DROP),
        page_rule("me_is_the_keys_user"),
        ct.MeIsNotTheKeysUser,
    ),
]


def _exact_end_has_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """hasNextPage on a page that ends exactly at the last item."""
    original = views.pagination

    def pagination(total: int, take: int, skip: int) -> Any:
        answer = original(total, take, skip)
        return {**answer, "hasNextPage": answer["hasNextPage"] or (total > 0 and skip + take == total)}

    plant(monkeypatch, views, "pagination", pagination)


def _filtered_last_page_one_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """With attendeeEmail, a page that ends exactly at the last item starts one item early (its length right)."""
    original = listing.select

    def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
        page = original(store_, query, now, within=within)
        if query.attendee_email and query.skip > 0 and query.skip + query.take == page.total:
            early = original(store_, replace(query, skip=query.skip - 1), now, within=within)
            return listing.Page(items=early.items[: len(page.items)], total=page.total)
        return page

    plant(monkeypatch, listing, "select", select)


def _team_filter_searches_the_org(monkeypatch: pytest.MonkeyPatch) -> None:
    """The team list filtered by attendeeEmail finds the organization's bookings of that address."""
    original = organizations.OrgService.list_team_bookings

    def list_team_bookings(self: Any, caller: Any, org_id: int, team_id: int, query: Any) -> Any:
        if query.attendee_email:
            original(self, caller, org_id, team_id, query)  # the team's checks still run
            return self.list_org_bookings(caller, org_id, query)
        return original(self, caller, org_id, team_id, query)

    monkeypatch.setattr(organizations.OrgService, "list_team_bookings", list_team_bookings)


def _v1_pages_from_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1.V1BookingService.list

    def list_(self: Any, caller: Any, query: Any) -> Any:
        if query.page is not None:
            query = replace(query, page=query.page + 1)
        return original(self, caller, query)

    monkeypatch.setattr(v1.V1BookingService, "list", list_)


FAULTS += [
    Fault(
        "hasNextPage on a page that ends exactly at the last item",
        _exact_end_has_next,
        named_in(page_ends, "pages_end_exactly"),
        ct.PaginationArithmeticWrong,
    ),
    Fault(
        "a filtered page ending exactly at the last item starts one early",
        _filtered_last_page_one_early,
        named_in(page_ends, "pages_end_exactly"),
        ct.PagesDoNotTile,
    ),
    Fault(
        "the team list's attendeeEmail searches the whole organization",
        _team_filter_searches_the_org,
        named_in(page_ends, "pages_end_exactly"),
        ct.ListNotExact,
    ),
    Fault(
        "v1 pages counted from 0",
        _v1_pages_from_zero,
        named_in(page_ends, "v1_pages_end_exactly"),
        ct.PagesDoNotTile,
    ),
]


def _bearer_token(read: Callable[[Any], Any]) -> Callable[[pytest.MonkeyPatch], None]:
    """`reading.bearer_token` as `read(request)` reads it."""

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        from connexion import request

        from mock_server.api import reading

        plant(monkeypatch, reading, "bearer_token", lambda: read(request))

    return plant_it


def _token_or_api_key_query(request: Any) -> Any:
    header = request.headers.get("authorization")
    if header is None:
        return request.query_params.get("apiKey")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else header


def _any_scheme(request: Any) -> Any:
    header = request.headers.get("authorization")
    return None if header is None else (header.partition(" ")[2].strip() or header)


def _bearer_only(request: Any) -> Any:
    header = request.headers.get("authorization")
    if header is None or not header.startswith("Bearer "):
        return None
    return header[len("Bearer ") :].strip()


def _api_keys_matched(match: Callable[[str, str], bool]) -> Callable[[pytest.MonkeyPatch], None]:
    original = store.BookingStore.api_key

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def api_key(self: Any, key: str) -> Any:
            return original(self, key) or next((k for k in self.api_keys() if match(k.key, key)), None)

        monkeypatch.setattr(store.BookingStore, "api_key", api_key)

    return plant_it


def _v1_reads_bearer(monkeypatch: pytest.MonkeyPatch) -> None:
    from connexion import request

    from mock_server.api.v1 import handlers as v1_handlers

    def _v1_caller(self: Any) -> Any:
        key = request.query_params.get("apiKey")
        header = request.headers.get("authorization") or ""
        return self.v1.authenticate(key or (header.partition(" ")[2] or None))

    monkeypatch.setattr(v1_handlers.V1Handlers, "_v1_caller", _v1_caller)


def credential_forms(session: ContractSession, schema: Any) -> None:
    credentials.credential_forms_are_read_as_the_real_server_reads_them(session)


FAULTS += [
    Fault(
        "v2 reads the key from ?apiKey=", _bearer_token(_token_or_api_key_query), credential_forms, ct.AuthNotEnforced
    ),
    Fault("any Authorization scheme carries the key", _bearer_token(_any_scheme), credential_forms, ct.AuthNotEnforced),
    Fault("a bare key (no Bearer) is refused", _bearer_token(_bearer_only), credential_forms, ct.AuthNotEnforced),
    Fault(
        "keys matched in any case",
        _api_keys_matched(lambda known, sent: known.lower() == sent.lower()),
        credential_forms,
        ct.AuthNotEnforced,
    ),
    Fault(
        "a key one character short is accepted",
        _api_keys_matched(lambda known, sent: len(sent) >= 8 and known.startswith(sent)),
        credential_forms,
        ct.AuthNotEnforced,
    ),
    Fault("v1 reads a Bearer header", _v1_reads_bearer, credential_forms, ct.AuthNotEnforced),
]


def _list_items(service: str, **changes: Any) -> Callable[[pytest.MonkeyPatch], None]:
    """`OrgService.<service>` answering its bookings with `changes` applied (GET one still reads them right)."""
    original = getattr(organizations.OrgService, service)

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def listed(self: Any, *args: Any, **kwargs: Any) -> Any:
            page = original(self, *args, **kwargs)
            return listing.Page(items=[replace(b, **changes) for b in page.items], total=page.total)

        monkeypatch.setattr(organizations.OrgService, service, listed)

    return plant_it


def _rescheduler_not_carried(monkeypatch: pytest.MonkeyPatch) -> None:
    original = bookings.BookingService.reschedule

    def reschedule(self: Any, uid: str, **kwargs: Any) -> Any:
        created = original(self, uid, **kwargs)
        old = self.store.booking(uid)
        new = self.store.booking(old.rescheduled_to_uid) if old and old.rescheduled_to_uid else None
        if new is not None:
            self.store.save(replace(new, rescheduled_by_email=None))
        return created

    monkeypatch.setattr(bookings.BookingService, "reschedule", reschedule)


FAULTS += [
    Fault(
        "the organization's list drops reschedulingReason",
        _list_items("list_org_bookings", rescheduling_reason=None),
        named_in(details_everywhere, "reschedule_details_everywhere"),
        ct.ViewsDisagree,
    ),
    Fault(
        "the team's list shows no host absence",
        _list_items("list_team_bookings", absent_host=False),
        named_in(details_everywhere, "absences_everywhere"),
        ct.ViewsDisagree,
    ),
    Fault(
        "rescheduledByEmail not carried to the new booking",
        _rescheduler_not_carried,
        named_in(details_everywhere, "reschedule_details_everywhere"),
        ct.ViewsDisagree,
    ),
]


def _team_filter_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """`teamId` ignored where `teamsIds` is absent (the mock reads teamsIds first)."""
    original = listing.select

    def select(store_: Any, query: Any, now: Any, *, within: Any = ()) -> Any:
        return original(store_, replace(query, team_id=None), now, within=within)

    plant(monkeypatch, listing, "select", select)


def _user_ids_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    original = organizations.OrgService.list_org_bookings

    def list_org_bookings(self: Any, caller: Any, org_id: int, query: Any, user_ids: Any = None) -> Any:
        return original(self, caller, org_id, query, None)

    monkeypatch.setattr(organizations.OrgService, "list_org_bookings", list_org_bookings)


FAULTS += [
    Fault(
        "teamId ignored on the v2 lists",
        _team_filter_dropped,
        named_in(page_ends, "team_and_user_filters_scope"),
        ct.ListNotExact,
    ),
    Fault(
        "userIds ignored on the organization's list",
        _user_ids_ignored,
        named_in(page_ends, "team_and_user_filters_scope"),
        ct.ListNotExact,
    ),
]


def _series_stepped_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Occurrences stepped in UTC: right across most weeks, an hour off after a change of summer time."""
    original = model.Recurrence.starts

    def starts(self: Any, first: Any, count: int, time_zone: str = "UTC") -> Any:
        return original(self, first, count, "UTC")

    monkeypatch.setattr(model.Recurrence, "starts", starts)


FAULTS += [
    Fault(
        "a weekly series keeps its UTC time across a change of summer time",
        _series_stepped_in_utc,
        named_in(summer_time, "series_keeps_the_attendees_wall_clock"),
        ct.SummerTimeIgnored,
    ),
]


def _v1_patch_resets(**defaults: Any) -> Callable[[pytest.MonkeyPatch], None]:
    """A v1 PATCH that treats the fields it was not sent as sent with `defaults`."""
    original = v1.V1BookingService.patch

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def patch(self: Any, caller: Any, booking_id: int, change: Any) -> Any:
            unsent = {k: v for k, v in defaults.items() if getattr(change, k) is None}
            return original(self, caller, booking_id, replace(change, **unsent))

        monkeypatch.setattr(v1.V1BookingService, "patch", patch)

    return plant_it


FAULTS += [
    Fault(
        "a v1 PATCH without description clears it",
        _v1_patch_resets(description=""),
        named_in(v1_partial, "v1_patch_is_partial"),
        ct.V1UpdateNotApplied,
    ),
    Fault(
        "a v1 PATCH without title gives it a default",
        _v1_patch_resets(title="Booking"),
        named_in(v1_partial, "v1_patch_is_partial"),
        ct.V1UpdateNotApplied,
    ),
]


def _event_type_slug_of_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """A booking's `eventType.slug` made from its id: the id right, the slug not the event type's."""
    original = views.to_v2

    def to_v2(*args: Any, **kwargs: Any) -> Any:
        answer = original(*args, **kwargs)
        named = answer.get("eventType")
        if isinstance(named, dict):
            answer = {**answer, "eventType": {**named, "slug": f"event-type-{named.get('id')}"}}
        return answer

    plant(monkeypatch, views, "to_v2", to_v2)


FAULTS += [
    Fault(
        "a booking's eventType.slug is not its event type's",
        _event_type_slug_of_id,
        named_in(me_and_event_types, "event_types_are_the_users"),
        ct.ReadBackDiffers,
    ),
]


def _v1_cancel(change: Callable[..., Any]) -> Callable[[pytest.MonkeyPatch], None]:
    """`V1BookingService.cancel` through `change(original, self, caller, booking_id, **options)`."""
    original = v1.V1BookingService.cancel

    def plant_it(monkeypatch: pytest.MonkeyPatch) -> None:
        def cancel(self: Any, caller: Any, booking_id: int, **options: Any) -> Any:
            return change(original, self, caller, booking_id, **options)

        monkeypatch.setattr(v1.V1BookingService, "cancel", cancel)

    return plant_it


def _from_this_occurrence_on(original: Any, self: Any, caller: Any, booking_id: int, **options: Any) -> Any:
    booking = self.store.booking_by_id(booking_id)
    earlier = [
        b
        for b in (self.store.series(booking.recurring_booking_uid) if booking and booking.recurring_booking_uid else [])
        if b.start < booking.start
    ]
    outcome = original(self, caller, booking_id, **options)
    self.store.save_all(earlier)  # the occurrences before the one named stay as they were
    return outcome


FAULTS += [
    Fault(
        "v1 cancel ignores allRemainingBookings",
        _v1_cancel(
            lambda original, self, caller, booking_id, **o: original(
                self, caller, booking_id, **{**o, "all_remaining": False}
            )
        ),
        named_in(v1_cancel, "v1_cancel_all_remaining"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault(
        "v1 allRemainingBookings cancels from the occurrence named, not from now",
        _v1_cancel(_from_this_occurrence_on),
        named_in(v1_cancel, "v1_cancel_all_remaining"),
        ct.SeriesOccurrenceWrong,
    ),
    Fault(
        "v1 cancel records the caller, not cancelledBy",
        _v1_cancel(
            lambda original, self, caller, booking_id, **o: original(
                self, caller, booking_id, **{**o, "cancelled_by": None}
            )
        ),
        named_in(v1_cancel, "v1_cancel_names_who_cancelled"),
        ct.ViewsDisagree,
    ),
]


def _patch_keeps_updated_at(monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1.V1BookingService.patch

    def patch(self: Any, caller: Any, booking_id: int, change: Any) -> Any:
        before = self.store.booking_by_id(booking_id)
        updated = original(self, caller, booking_id, change)
        return self.store.save(replace(updated, updated_at=before.updated_at)) if before else updated

    monkeypatch.setattr(v1.V1BookingService, "patch", patch)


FAULTS += [
    Fault(
        "a v1 PATCH leaves updatedAt where it was",
        _patch_keeps_updated_at,
        named_in(details_everywhere, "updated_at_moves"),
        ct.ViewsDisagree,
    ),
]


CLEAN_PROBES = {fault.name: fault.probe for fault in FAULTS}


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def profile() -> Any:
    return load_profile(run=RunOptions(), environ={})


@pytest.fixture(scope="module")
def schema(profile: Any) -> Any:
    return schema_for(profile, "http://127.0.0.1")


@pytest.fixture(scope="module")
def shared_mock() -> Iterator[str]:
    with serve_in_background(create_app(seed=11)) as url:
        yield url


def _session(profile: Any, url: str) -> ContractSession:
    session = ContractSession.open(replace(profile, base_url=url), url)
    session.client.control("POST", "/reset")
    return session


def _caught(probe: Probe, session: ContractSession, schema: Any) -> set[type[BaseException]]:
    try:
        with runtime.using(session):
            probe(session, schema)
    except FailureGroup as group:
        return {type(failure) for failure in group.exceptions}
    except ct.ContractFailure as failure:
        return {type(failure)}
    return set()


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_planted_fault_is_caught(
    fault: Fault, monkeypatch: pytest.MonkeyPatch, profile: Any, schema: Any, shared_mock: str
) -> None:
    fault.plant(monkeypatch)
    if fault.fresh_app:
        with serve_in_background(create_app(seed=11)) as url:
            caught = _caught(fault.probe, _session(profile, url), schema)
    else:
        caught = _caught(fault.probe, _session(profile, shared_mock), schema)
    raised = sorted(c.__name__ for c in caught) or "nothing"
    assert fault.caught_by in caught, f"{fault.name}: expected {fault.caught_by.__name__}, the probe raised {raised}"


@pytest.mark.parametrize("name", sorted(CLEAN_PROBES), ids=str)
def test_clean_mock_passes_the_probe(name: str, profile: Any, schema: Any, shared_mock: str) -> None:
    caught = _caught(CLEAN_PROBES[name], _session(profile, shared_mock), schema)
    assert not caught, f"the clean mock failed probe {name!r}: {sorted(c.__name__ for c in caught)}"


def test_at_least_forty_distinct_faults() -> None:
    assert len({fault.name for fault in FAULTS}) >= 40
    assert len({fault.caught_by for fault in FAULTS}) >= 20
