"""The bookings domain: entities, the exceptions that carry the real messages, the rules, host assignment,
working hours and the clock. Pure: no HTTP, no store.
"""
