"""The routes `@calcom/atoms` call on a booking page besides bookings and slots: the public event type,
the email-verification check, the time zones and the connected calendars (docs/atoms.md)."""
