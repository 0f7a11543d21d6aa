"""The lists: filters, order and pagination, exact selections, page ends, the read-only rules, the report."""
