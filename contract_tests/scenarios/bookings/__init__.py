"""Single bookings: read-back, cancel, confirm, reschedule, mark-absent, create options, series, summer
time, reassign and the booking's sub-resources, and rules that need the mock's clock."""
