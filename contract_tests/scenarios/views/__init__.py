"""Every write read back through every view that shows it: v2 get and lists, v1 get and list."""
