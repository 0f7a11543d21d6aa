"""Who may do what: credentials in every form and state, tenancy, and malformed requests."""
