"""What drives Schemathesis: its configuration and schema (conformance), the hooks that aim generated
cases at real state and keep them safe, the stateful model, and the bookings seeded for them to aim at."""
