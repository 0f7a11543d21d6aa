"""One `Failure` subclass per check, each with a fixed title.

    ContractFailure (schemathesis Failure, an AssertionError)
    ├── response checks (checks.py): FilterNotApplied, SortOrderBroken, PaginationArithmeticWrong,
    │   CreatedBookingDiffers, CancelNotApplied, ConfirmNotApplied, DeclineNotApplied,
    │   RescheduleNotLinked, ReportCountsInconsistent, AbsenceNotRecorded, V1UpdateNotApplied
    ├── rule checks (rules.py): ReadBackDiffers, SecondCancelAccepted, SeatCancelWrong, SeatsOverbooked,
    │   AcceptedBookingNotRefused, OriginalNotCancelled, CreatedBookingMissing, PagesDoNotTile,
    │   ReportCancelledWrongSet, SecondReportAccepted, TenancyLeak, CrossTenantAccess,
    │   CrossTenantChange, AuthNotEnforced, WrongErrorStatus, ValidRequestRefused,
    │   AbsenceBeforeStartAccepted
    └── stateful checks (stateful.py): ChangeAfterCancelAccepted, CreatedBookingUnavailable
    LedgerViolation, ReadOnlyViolation: the suite refused to send a request (not a target failure)

Every message reads `Expected:` / `Received:`, names the booking and the step that set it up, and
ends with a curl command that reproduces what was observed. The message is redacted when built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from schemathesis.core.failures import Failure, Severity

from contract_tests.target.redaction import redact

__all__ = [
    "AbsenceBeforeStartAccepted",
    "AbsenceNotRecorded",
    "AcceptedBookingNotRefused",
    "AuthNotEnforced",
    "CancelNotApplied",
    "ChangeAfterCancelAccepted",
    "ConfirmNotApplied",
    "ContractFailure",
    "CreateOptionIgnored",
    "CreatedBookingDiffers",
    "CreatedBookingMissing",
    "CreatedBookingUnavailable",
    "CrossTenantAccess",
    "CrossTenantChange",
    "DeclineNotApplied",
    "FilterNotApplied",
    "LedgerViolation",
    "ListNotExact",
    "OccupiedSlotAccepted",
    "OriginalNotCancelled",
    "PagesDoNotTile",
    "PaginationArithmeticWrong",
    "ReadBackDiffers",
    "ReadOnlyViolation",
    "ReportCancelledWrongSet",
    "ReportCountsInconsistent",
    "RescheduleNotLinked",
    "ReservedSlotOffered",
    "ResponseTooSlow",
    "SeatCancelWrong",
    "SeatsOverbooked",
    "SecondCancelAccepted",
    "SecondReportAccepted",
    "SeriesOccurrenceWrong",
    "SortOrderBroken",
    "TenancyLeak",
    "V1UpdateNotApplied",
    "ValidRequestRefused",
    "ViewsDisagree",
    "WrongErrorStatus",
    "format_message",
]


def format_message(
    *,
    expected: str,
    received: str,
    curl: str | None = None,
    caused_by: str | None = None,
    context: Sequence[str] = (),
) -> str:
    lines = [f"Expected: {expected}", f"Received: {received}", *context]
    if caused_by:
        lines += ["After:", f"    {caused_by}"]
    if curl:
        lines += ["Reproduce with:", f"    {curl}"]
    return redact("\n".join(lines))


class ContractFailure(Failure):
    """A property of the Cal.com bookings contract does not hold."""

    code: ClassVar[str] = "CT900"
    kind_title: ClassVar[str] = "Contract rule broken"
    default_severity: ClassVar[Severity] = Severity.HIGH

    def __init__(
        self,
        *,
        operation: str,
        expected: str,
        received: str,
        curl: str | None = None,
        caused_by: str | None = None,
        context: Sequence[str] = (),
    ) -> None:
        super().__init__(
            operation=operation,
            title=self.kind_title,
            message=format_message(
                expected=expected, received=received, curl=curl, caused_by=caused_by, context=context
            ),
            severity=self.default_severity,
        )
        self.expected = redact(expected)
        self.received = redact(received)

    @property
    def _unique_key(self) -> str:
        # One finding per operation and rule, as Schemathesis keys its own checks: the message names
        # the case (its booking, its curl), so a key built from it would never let repeats collapse.
        return self.kind_title


# --------------------------------------------------------------------------------- response checks


class FilterNotApplied(ContractFailure):
    """A list answered an item that fails one of the request's filters."""

    code = "CT101"
    kind_title = "Listed booking does not match the filter"


class SortOrderBroken(ContractFailure):
    """A list is not ordered by the sort key that applies (or the default order)."""

    code = "CT102"
    kind_title = "Bookings are not in the requested order"


class PaginationArithmeticWrong(ContractFailure):
    """The pagination object disagrees with take, skip and totalItems, or with the page's length."""

    code = "CT103"
    kind_title = "Pagination does not follow the reference arithmetic"


class CreatedBookingDiffers(ContractFailure):
    """The answer to a create does not carry the fields sent."""

    code = "CT104"
    kind_title = "Created booking differs from the request"


class CancelNotApplied(ContractFailure):
    """After a successful cancel the booking does not read as cancelled with its reason."""

    code = "CT105"
    kind_title = "Cancelled booking is not cancelled"
    default_severity = Severity.CRITICAL


class ConfirmNotApplied(ContractFailure):
    """After a successful confirm the booking does not read as accepted."""

    code = "CT106"
    kind_title = "Confirmed booking is not accepted"
    default_severity = Severity.CRITICAL


class DeclineNotApplied(ContractFailure):
    """After a successful decline the booking does not read as rejected."""

    code = "CT107"
    kind_title = "Declined booking is not rejected"
    default_severity = Severity.CRITICAL


class RescheduleNotLinked(ContractFailure):
    """The new booking lacks rescheduledFromUid, or the original lacks rescheduledToUid."""

    code = "CT108"
    kind_title = "Rescheduled booking is not linked both ways"


class ReportCountsInconsistent(ContractFailure):
    """reportedCount is not 1, cancelledCount differs from the bookings cancelled, or the message disagrees."""

    code = "CT109"
    kind_title = "Report counts do not say what happened"


class AbsenceNotRecorded(ContractFailure):
    """After a successful mark-absent the host or attendee absences differ from the request."""

    code = "CT110"
    kind_title = "Absence was not recorded"


class V1UpdateNotApplied(ContractFailure):
    """PATCH /v1/bookings/{id} answered a booking without the changed fields."""

    code = "CT111"
    kind_title = "v1 update did not apply the fields sent"


# ------------------------------------------------------------------------------------- rule checks


class ReadBackDiffers(ContractFailure):
    """A created booking reads back (v2 get, v2 list, v1 get or v1 list) with fields other than those sent."""

    code = "CT201"
    kind_title = "Booking does not read back as created"


class SecondCancelAccepted(ContractFailure):
    """Cancelling a booking that is already cancelled did not answer 400."""

    code = "CT202"
    kind_title = "A second cancel was accepted"


class SeatCancelWrong(ContractFailure):
    """Giving up one seat removed no seat, several seats, or cancelled the whole booking."""

    code = "CT203"
    kind_title = "Seat cancel did not remove exactly one seat"


class SeatsOverbooked(ContractFailure):
    """Booking a seat of a full seated booking did not answer 409."""

    code = "CT204"
    kind_title = "A full seated booking accepted another seat"


class AcceptedBookingNotRefused(ContractFailure):
    """An accepted booking must refuse confirm and decline with 400 and stay accepted."""

    code = "CT205"
    kind_title = "Confirm or decline of an accepted booking was not refused"


class OriginalNotCancelled(ContractFailure):
    """After a reschedule the original booking does not read as cancelled, or accepts another change."""

    code = "CT206"
    kind_title = "Rescheduled booking's original is not cancelled"


class CreatedBookingMissing(ContractFailure):
    """A booking this run created matches every filter of a list, but the list does not contain it."""

    code = "CT207"
    kind_title = "A matching booking is missing from the list"


class PagesDoNotTile(ContractFailure):
    """Pages of take/skip have duplicates, gaps or a different order than the whole list."""

    code = "CT208"
    kind_title = "Pages do not tile the list"


class ReportCancelledWrongSet(ContractFailure):
    """A report must cancel exactly the upcoming, unreported bookings of the organization that match."""

    code = "CT209"
    kind_title = "Report cancelled the wrong bookings"
    default_severity = Severity.CRITICAL


class SecondReportAccepted(ContractFailure):
    """Reporting a booking that is already reported did not answer 400."""

    code = "CT210"
    kind_title = "A second report was accepted"


class TenancyLeak(ContractFailure):
    """A team list shows another team's booking, or a user list shows another organization's booking."""

    code = "CT211"
    kind_title = "A list shows a booking from outside its scope"
    default_severity = Severity.CRITICAL


class CrossTenantAccess(ContractFailure):
    """A key of another organization reached a resource of this one (expected 403 or 404)."""

    code = "CT212"
    kind_title = "Another organization's key was not refused"
    default_severity = Severity.CRITICAL


class CrossTenantChange(ContractFailure):
    """A refused request of another organization still changed the booking."""

    code = "CT213"
    kind_title = "Another organization's key changed a booking"
    default_severity = Severity.CRITICAL


class AuthNotEnforced(ContractFailure):
    """A missing key must get 401 (403 on PermissionsGuard routes), an invalid key 401."""

    code = "CT214"
    kind_title = "Request without valid credentials was not refused"
    default_severity = Severity.CRITICAL


class WrongErrorStatus(ContractFailure):
    """A request the API must refuse got another status than the documented one."""

    code = "CT215"
    kind_title = "Malformed request got the wrong status"
    default_severity = Severity.MEDIUM


class ValidRequestRefused(ContractFailure):
    """A request the suite built to be valid (a free slot, an existing booking) was refused."""

    code = "CT217"
    kind_title = "A valid request was refused"


class AbsenceBeforeStartAccepted(ContractFailure):
    """Marking absences of a booking that has not started must answer 400 and change nothing."""

    code = "CT216"
    kind_title = "Absence before the start was accepted"


# -------------------------------------------------------------------------------- stateful checks


class ChangeAfterCancelAccepted(ContractFailure):
    """Once cancelled (or rescheduled away), a booking must refuse cancel, reschedule, confirm and decline."""

    code = "CT301"
    kind_title = "A cancelled booking accepted a change"
    default_severity = Severity.CRITICAL


class CreatedBookingUnavailable(ContractFailure):
    """A booking answered by create or reschedule must stay readable by its uid, whatever happens to it."""

    code = "CT302"
    kind_title = "A created booking could not be read"


class ListNotExact(ContractFailure):
    """A list answered a different set of bookings than its filters select among the run's own."""

    code = "CT218"
    kind_title = "List does not hold exactly the bookings its filters select"


class SeriesOccurrenceWrong(ContractFailure):
    """A change to one occurrence or to a whole series left the occurrences in the wrong states."""

    code = "CT219"
    kind_title = "Recurring series occurrences in the wrong state"


class ViewsDisagree(ContractFailure):
    """After a change, one view of the booking (v2 get, v2 list, v1 get, v1 list) does not show it."""

    code = "CT220"
    kind_title = "A change is not shown by every view of the booking"


class CreateOptionIgnored(ContractFailure):
    """A create option the event type offers (length, guests, metadata, location, fields) was not applied."""

    code = "CT221"
    kind_title = "Create did not honour an option of the event type"


class OccupiedSlotAccepted(ContractFailure):
    """A second booking of an occupied slot of a non-seated event type was accepted, or left a booking behind."""

    code = "CT222"
    kind_title = "Occupied slot booked twice"


class VersionNotRouted(ContractFailure):
    """`cal-api-version` did not choose the controller the real server chooses: no header must reach the
    2024-04-15 controller, and a version without a controller for the route must answer Nest's 404."""

    code = "CT230"
    kind_title = "cal-api-version routed to the wrong controller"


class ReservedSlotOffered(ContractFailure):
    """A slot another booker reserved (`POST /v2/slots/reserve`) was still offered while the reservation held,
    or was not offered again once it was released."""

    code = "CT223"
    kind_title = "Reserved slot offered to others"


class ResponseTooSlow(ContractFailure):
    """An answer took longer than the run's response-time budget (`--max-response-time`)."""

    code = "CT401"
    kind_title = "Response slower than the budget"


class LedgerViolation(RuntimeError):
    """The suite refused to send a write to a booking it did not create in this run."""

    def __init__(self, operation: str, target: str) -> None:
        super().__init__(
            f"refused to send {operation} to {target}: this run did not create it "
            "(the suite only changes bookings it created; see contract_tests/ledger.py)"
        )


class ReadOnlyViolation(RuntimeError):
    """The suite refused to send a write in --read-only mode."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"refused to send {operation}: the run is --read-only")
