// Where the example finds the mock and who it signs in as. Every value can be set at build or dev time with
// an environment variable (Vite exposes VITE_* to the page); the defaults are the mock's own fixtures
// (mock_server/fixtures/default.yaml): Platform Co's OAuth client and its managed user alice.smith.
// A page opened with ?api=<url> (e.g. the browser test's mock on a random port) uses that API instead.
const query = new URLSearchParams(window.location.search);

export const API_URL = query.get("api") ?? import.meta.env.VITE_CAL_API_URL ?? "http://127.0.0.1:5555/v2";
export const CLIENT_ID = import.meta.env.VITE_CAL_CLIENT_ID ?? "clkindsplatf0rmc1ient0001";
export const ACCESS_TOKEN = query.get("token") ?? import.meta.env.VITE_CAL_ACCESS_TOKEN ?? "kinds_access_token_alice";
export const USERNAME = import.meta.env.VITE_CAL_USERNAME ?? "alice-smith";
export const EVENT_SLUG =
  import.meta.env.VITE_CAL_EVENT_SLUG ?? "managed-user-bookings-first-managed-user-event-type";
