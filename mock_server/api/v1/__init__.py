"""The v1 bookings routes (`/v1/bookings`, `apiKey` in the query)."""
