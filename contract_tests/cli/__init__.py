"""`calcom-contract`: run, doctor and the live progress display."""
