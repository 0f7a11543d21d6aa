"""The platform routes `CalProvider` starts with: the OAuth client (`/v2/provider/{clientId}`), the
managed user's access token (`.../access-token`, refreshed through `/v2/oauth/{clientId}/refresh`) and the
profile's time zone (`PATCH /v2/me`)."""
