"""Fixed facts of the benchmark: paths, the fixture key and uids it uses, the shapes of generated data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
PRISM_DIR = ROOT / "bench" / ".prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@^5"
DOCS = ROOT / "docs" / "benchmarks.md"

API_VERSION = "2024-08-13"
API_KEY = "cal_test_acme_admin_key"  # Bob Porter, admin of the Acme organization (fixtures)
GET_UID = "awSwmVI4wxFymMjsrh5AU3"  # fixture booking 2, upcoming
LIST_PATH = "/v2/bookings?attendeeEmail=peter%40initech.com&status=upcoming,past&sortStart=asc&take=10"
CREATE_EVENT_TYPE = 4001  # Nina's "Coffee chat", 30 minutes, no confirmation, outside Acme's list scope
# Creates take 30-minute slots from this Monday on, weekdays only, 14 a day from 08:00 UTC: inside Nina's
# working hours (Monday to Friday 09:00-17:00 Europe/Ljubljana) in winter and summer time alike, so every
# create is one the mock accepts (a slot outside them is a 400, and a benchmark of 400s measures nothing).
CREATE_BASE = datetime(2040, 1, 2, tzinfo=UTC)
CREATE_DAY_START_S = 8 * 3600
CREATE_SLOTS_PER_DAY = 14
CANCEL_TEMPLATE_EVENT_TYPE = 1001  # Alice's "Intro call": pre-loaded cancel targets copy its bookings
CANCEL_PREFIX = "bench"  # cancel target uids: bench + 17 digits = 22 characters, like Cal.com uids
SCALE_PREFIX = "scale"
ATTENDEE_POOL = 1000  # scale bookings are spread over this many attendee emails
MAX_CANCEL_TARGETS = 60_000
BENCH_HEADERS = {"cal-api-version": API_VERSION, "Authorization": f"Bearer {API_KEY}"}
SETTLE_S = 0.5  # wait after an import before reading the mock's resident memory
