"""A stateful mock server for the Cal.com bookings API (v2, plus v1), driven by one OpenAPI document."""

__all__: list[str] = []
