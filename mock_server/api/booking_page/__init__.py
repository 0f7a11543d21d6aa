"""The reads a booking page needs: event types (2024-06-14), free slots (2024-09-04) and `/v2/me`."""
