"""The scenarios, one module per feature, and the Schemathesis side (conformance, hooks, the stateful run)."""
