"""The use cases over the store: bookings, organizations, v1, event types and slots, with the scheduling and
listing they share.
"""
