"""Reaching the target: the profile, the spec's facts, the client, the ledger, the run's session and state,
slots, strategies, redaction and clean-up.
"""
