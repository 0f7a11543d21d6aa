"""The booking page's reads: slots that agree with what the server books, /v2/me and event types."""
