"""The bookings API of `cal-api-version: 2024-08-13`, and the organization and team booking routes."""
