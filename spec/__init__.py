"""The OpenAPI document of the Cal.com bookings API (openapi.yaml), installed as the data package
`calcom_spec` so that an installed mock server and contract suite can read it (pyproject.toml maps
this folder; mock_server/resources.py reads it)."""
