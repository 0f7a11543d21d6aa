"""The one store that mutates state, its snapshots and state file, the fixtures it starts from, and the heap's
hand-back of freed memory.
"""
