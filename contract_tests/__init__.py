"""A contract-test suite for the Cal.com bookings API, driven by spec/openapi.yaml.

Run it with pytest (`pytest contract_tests [--base-url URL --api-key KEY --target-profile FILE]`);
see docs/contract-tests.md. The modules are small, each with one job: `targets` (what is tested),
`plugin` (pytest), `http` and `ledger` (how requests are sent, and which writes are allowed),
`checks`, `rules` and `scenarios` (what is verified), `hooks` and `conformance` (Schemathesis).
"""

__all__: list[str] = []
