"""A contract-test suite for the Cal.com bookings API, driven by spec/openapi.yaml.

Run it with pytest (`pytest contract_tests [--base-url URL --api-key KEY --target-profile FILE]`);
see docs/contract-tests.md. Its layers, imports running one way (tests/test_layers.py):
`target` (the target's profile and facts, the client, the ledger of allowed writes, the run's session,
strategies, redaction, clean-up) and `checks` (response checks, failures, business-rule checks), then
`scenarios` (one module per feature, and the Schemathesis conformance, hooks and stateful runs), then
`plugin` (pytest) and `cli` (`calcom-contract`); the collected `test_*.py` modules sit at the top level.
"""

__all__: list[str] = []
