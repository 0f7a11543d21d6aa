"""The bookings API of `cal-api-version` 2024-04-15, 2024-06-11 and 2024-06-14, and of no header at all."""
