"""What a stateful run remembers between steps, and the two checks that need that memory.

`StateModel` follows the bookings a scenario created and the ones it made unchangeable (cancelled,
or rescheduled away). Its checks run on every step beside the built-in ones (use_after_free,
ensure_resource_availability, ...):

* `cancelled_booking_refuses_changes`: a cancel, reschedule, confirm or decline of such a booking
  must not succeed (use-after-free for bookings, whose cancel is a POST, not a DELETE);
* `created_booking_stays_available`: a booking answered by create or reschedule never reads 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from contract_tests.checks.cases import body_of, curl_of, declared, operation_of, path_of
from contract_tests.checks.failures import ChangeAfterCancelAccepted, CreatedBookingUnavailable
from contract_tests.target.spec import OperationId

__all__ = ["StateModel"]

# What must be refused once a booking is cancelled or rescheduled away.
CHANGES = frozenset({OperationId.CANCEL, OperationId.RESCHEDULE, OperationId.CONFIRM, OperationId.DECLINE})


@dataclass
class StateModel:
    created: dict[str, str] = field(default_factory=dict)  # uid -> curl of the step that made it
    ended: dict[str, str] = field(default_factory=dict)  # uid -> curl of the step that cancelled it
    uid_of_id: dict[int, str] = field(default_factory=dict)  # v1 ids of the bookings created

    def observe(self, response: Any, case: Any) -> None:
        """Update the model after a step (called before the checks run)."""
        operation = operation_of(case)
        if operation is None or not declared(case) or not 200 <= response.status_code < 300:
            return
        try:
            answer = response.json()
        except ValueError:
            answer = None
        for item in operation.created_bookings(answer):
            self.created.setdefault(item["uid"], curl_of(case))
            if isinstance(item.get("id"), int):
                self.uid_of_id[item["id"]] = item["uid"]
        target = operation.target(path_of(case), case.body)
        body = body_of(case)
        ends_whole = not target.seat_uid and not body.get("cancelSubsequentBookings")
        if operation.operation_id in (OperationId.CANCEL, OperationId.RESCHEDULE) and target.uid and ends_whole:
            self.ended.setdefault(target.uid, curl_of(case))
        if operation.operation_id == OperationId.V1_CANCEL and target.booking_id in self.uid_of_id:
            self.ended.setdefault(self.uid_of_id[target.booking_id], curl_of(case))

    def checks(self) -> list[Callable[[Any, Any, Any], None]]:
        return [self.cancelled_booking_refuses_changes, self.created_booking_stays_available]

    def cancelled_booking_refuses_changes(self, ctx: Any, response: Any, case: Any) -> None:
        operation = operation_of(case)
        uid = path_of(case).get("bookingUid")
        if operation is None or operation.operation_id not in CHANGES or not declared(case) or uid not in self.ended:
            return
        if operation.operation_id == OperationId.CANCEL and body_of(case).get("seatUid"):
            return
        cause = self.ended[str(uid)]
        if 200 <= response.status_code < 300 and curl_of(case) != cause:
            raise ChangeAfterCancelAccepted(
                operation=case.operation.label,
                expected=f"4xx: booking uid={uid} was cancelled (or rescheduled away) earlier in this scenario",
                received=f"{response.status_code}",
                curl=curl_of(case),
                caused_by=cause,
            )

    def created_booking_stays_available(self, ctx: Any, response: Any, case: Any) -> None:
        operation = operation_of(case)
        uid = path_of(case).get("bookingUid")
        if operation is None or operation.operation_id != OperationId.GET or uid not in self.created:
            return
        if response.status_code == 404:
            raise CreatedBookingUnavailable(
                operation=case.operation.label,
                expected=f"200 for booking uid={uid}, created earlier in this scenario",
                received="404",
                curl=curl_of(case),
                caused_by=self.created[str(uid)],
            )


# ------------------------------------------------------------------------------------ the workflow

DEFAULT_SEED = 20240813
ATTEMPTS = 3


def workflow_for(schema: Any) -> type[Any]:
    """The state machine over `schema`'s links, with create as a root and the model's checks.

    Schemathesis does not start scenarios at create: it infers that `eventTypeId` refers to a
    resource no operation produces. Creating is where every link starts, so it is a root here (the
    hooks aim `eventTypeId` at the profile's event types)."""
    from hypothesis.stateful import Bundle
    from schemathesis.core.failures import FailureGroup
    from schemathesis.generation import GenerationMode
    from schemathesis.generation.stateful.state_machine import StepInput
    from schemathesis.specs.openapi.stateful import transition

    from contract_tests.target import runtime

    create = schema.find_operation_by_id(OperationId.CREATE.value)
    base = schema.as_state_machine()

    class BookingWorkflow(base):  # type: ignore[misc,valid-type]
        found: ClassVar[list[FailureGroup]] = []  # failures the checks saw during the current attempt
        completed = 0  # scenarios run to the end, over every attempt

        create_booking = transition(
            name="RANDOM__POST_v2_bookings",
            target=Bundle("catch_all"),
            input=create.as_strategy(generation_mode=GenerationMode.POSITIVE).map(StepInput.initial),
            precondition=lambda machine: True,
        )

        def setup(self) -> None:
            session = runtime.current_session()
            assert session is not None, "a ContractSession must be active (the contract_session fixture)"
            self.session = session
            self.model = StateModel()

        def teardown(self) -> None:
            type(self).completed += 1
            super().teardown()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {
                "base_url": self.session.base_url,
                "session": self.session.client.generated,  # paced and counted with the rest
                "timeout": self.session.profile.run.timeout,
            }

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            self.model.observe(response, case)

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            checks = list(additional_checks or []) + self.model.checks()
            try:
                super().validate_response(response, case, additional_checks=checks, **kwargs)
            except FailureGroup as group:
                type(self).found.append(group)
                raise

    return BookingWorkflow


def run_workflow(machine: type[Any], settings: Any) -> None:
    """Run the state machine, seeded like the rest of the run (--hypothesis-seed, else a fixed seed).

    A stateful server answers a replayed prefix of choices differently than the first time, and
    Hypothesis then stops with `Flaky`/`FlakyStrategyDefinition`. As Schemathesis's own runner does,
    that is not a failure of the target: a failure a check saw on the way is reported, and otherwise
    the run goes on from the next seed until the budget of scenarios is spent. (Derandomizing
    instead makes this happen every time.)"""
    import hypothesis.core
    from hypothesis.errors import Flaky, FlakyStrategyDefinition
    from schemathesis.core.failures import as_reported_failure
    from schemathesis.generation.stateful import run_state_machine_as_test

    previous = hypothesis.core.global_force_seed
    base = previous if previous is not None else DEFAULT_SEED
    machine.completed = 0
    try:
        for attempt in range(ATTEMPTS):
            machine.found.clear()
            # Hypothesis declares this module global as None (its default) and sets it from --hypothesis-seed.
            hypothesis.core.global_force_seed = base + attempt  # type: ignore[assignment]
            try:
                run_state_machine_as_test(machine, settings=settings)
                return
            except (Flaky, FlakyStrategyDefinition) as flaky:
                if machine.found:
                    raise as_reported_failure(machine.found[0]) from flaky
                if machine.completed >= settings.max_examples:
                    return
    finally:
        hypothesis.core.global_force_seed = previous
