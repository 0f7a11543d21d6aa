"""Cal.com's own Booker (`@calcom/atoms`, examples/booker) books against a fresh mock in a real Chromium.

The example app is built once per session (`npm ci` from its lock file, then `vite build`) and served from
127.0.0.1; its page points CalProvider at an in-process mock (CORS on) with the fixture OAuth client and
alice.smith's access token. The test opens the page, sees the event and its slots, picks a slot, fills the
form and books; finds the booking through `GET /v2/bookings` and on the page; reschedules it through the
Booker; cancels it from the list; and sees the slot free again. Every request the page sends to the mock is
recorded: any 404, 405 or 5xx fails the test. Screenshots of each step go to reports/booker/.

Needs npm (the test is skipped, saying so, where npm is absent; CI has it) and the distribution's Chromium
(`.ci/run` installs both).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, Request, Response, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mock_server import create_app, serve_in_background
from tests.browser.test_swagger_ui import FLAGS, _chromium

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "booker"
SHOTS = ROOT / "reports" / "booker"
TOKEN = "kinds_access_token_alice"  # alice.smith, managed user of OAuth client clkindsplatf0rmc1ient0001
EVENT_TYPE_ID = 9020
EVENT_TITLE = "Managed user bookings first managed user event type"
BOOKER = {"name": "Bob Tester", "email": "bob.tester@example.com"}


@pytest.fixture(scope="session")
def booker_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once: `npm ci` when node_modules is not the lock file's, then `vite build`."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: the Booker example cannot be built (CI installs Node.js and npm)")
    installed = APP / "node_modules" / ".package-lock.json"
    lock = APP / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        _run([npm, "ci", "--no-audit", "--no-fund"], "npm ci")
    out = tmp_path_factory.mktemp("booker-dist")
    _run([npm, "run", "build", "--", "--outDir", str(out), "--emptyOutDir"], "vite build")
    return out


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, cwd=APP, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


@pytest.fixture(scope="module")
def app_url(booker_dist: Path) -> Iterator[str]:
    """The built files, served as a static site on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(booker_dist))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="booker-static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=21)) as url:
        yield url


@dataclass
class Traffic:
    """Every request the page sent to the mock, with the status it got (None: no answer)."""

    mock_url: str
    seen: list[tuple[str, str, int | None]] = field(default_factory=list)

    def on_response(self, response: Response) -> None:
        if response.url.startswith(self.mock_url):
            self.seen.append((response.request.method, response.url, response.status))

    def on_failed(self, request: Request) -> None:
        # A request the page itself dropped (a reload while it was on its way) was refused by no server.
        if request.url.startswith(self.mock_url) and request.failure != "net::ERR_ABORTED":
            self.seen.append((request.method, request.url, None))

    def refused(self) -> list[tuple[str, str, int | None]]:
        return [s for s in self.seen if s[2] is None or s[2] in (404, 405) or s[2] >= 500]

    def sent(self, method: str, path: str) -> list[tuple[str, str, int | None]]:
        return [s for s in self.seen if s[0] == method and s[1].removeprefix(self.mock_url).split("?")[0] == path]


@pytest.fixture(scope="module")
def traffic(mock_url: str) -> Iterator[Traffic]:
    """The page's requests to the mock; listed in reports/booker/requests.txt, passed or failed."""
    recorded = Traffic(mock_url)
    yield recorded
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "requests.txt").write_text(
        "".join(f"{method} {url.removeprefix(mock_url)} -> {status}\n" for method, url, status in recorded.seen)
    )


@pytest.fixture(scope="module")
def page(app_url: str, mock_url: str, traffic: Traffic, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=_chromium(),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 1600},
            timezone_id="UTC",
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", traffic.on_response)
        page.on("requestfailed", traffic.on_failed)
        # CalProvider's autoUpdateTimezone moves alice's time zone (and so her schedule, as MeService does) to the
        # page's UTC on first load; slots read before that change would be hours she no longer works. Load once,
        # wait for that PATCH /v2/me, and start from a page that reads the moved schedule.
        with page.expect_response(lambda r: r.request.method == "PATCH" and r.url.endswith("/v2/me")) as patched:
            page.goto(f"{app_url}/?api={mock_url}/v2")
        assert patched.value.status == 200
        page.reload()
        yield page
        page.screenshot(path=str(SHOTS / "last.png"))  # the page as the test left it, passed or failed
        context.close()
        assert not errors, f"the page threw: {errors}"


def _bookings(mock_url: str, status: str = "upcoming") -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{mock_url}/v2/bookings",
        params={"status": status, "take": 100},
        headers={"Authorization": f"Bearer {TOKEN}", "cal-api-version": "2024-08-13"},
    )
    assert answer.status_code == 200, answer.text
    return [b for b in answer.json()["data"] if b["eventTypeId"] == EVENT_TYPE_ID]


def _slots(page: Page) -> Locator:
    """The times the Booker offers for its selected day. It opens on today's month and selects the first day
    with slots; near a month's end that month may have none left, so then go to the next month and pick its
    first bookable day."""
    times = page.locator('[data-testid="time"]')
    try:
        times.first.wait_for(timeout=20_000)
    except PlaywrightTimeoutError:
        page.get_by_test_id("incrementMonth").click()
        page.locator('[data-testid="day"][data-disabled="false"]').first.click()
        times.first.wait_for()
    return times


def _pick_first_slot(page: Page) -> str:
    slot = _slots(page).first
    time = slot.get_attribute("data-time")
    assert time
    slot.click()
    return time


def _fill_and_confirm(page: Page) -> None:
    page.locator('input[name="name"]').fill(BOOKER["name"])
    page.locator('input[name="email"]').fill(BOOKER["email"])
    page.screenshot(path=str(SHOTS / "2-form.png"))
    page.get_by_test_id("confirm-book-button").click()


def test_the_booker_books_reschedules_and_cancels_against_the_mock(page: Page, mock_url: str, traffic: Traffic) -> None:
    # 1. The Booker shows the event and its free slots.
    page.get_by_test_id("event-title").filter(has_text=EVENT_TITLE).wait_for()
    _slots(page)
    page.screenshot(path=str(SHOTS / "1-booker-with-slots.png"))

    # 2. Pick a slot, fill the form, book.
    start = _pick_first_slot(page)
    page.locator('input[name="name"]').wait_for()
    _fill_and_confirm(page)
    booked = page.get_by_test_id("booked")
    booked.wait_for()
    uid = booked.get_attribute("data-uid")
    assert uid
    page.screenshot(path=str(SHOTS / "3-booking-confirmed.png"))

    # 3. The booking is there through the API and on the page.
    found = {b["uid"]: b for b in _bookings(mock_url)}
    assert uid in found, found.keys()
    assert found[uid]["start"].replace(".000Z", "Z") == start.replace(".000Z", "Z")
    assert found[uid]["attendees"][0]["email"] == BOOKER["email"]
    row = page.locator(f'[data-testid="booking"][data-uid="{uid}"]')
    row.wait_for()
    page.screenshot(path=str(SHOTS / "4-bookings-list.png"))

    # 4. Reschedule it through the Booker (rescheduleUid): another slot.
    row.get_by_test_id("reschedule").click()
    page.get_by_test_id("rescheduling").wait_for()
    slots = _slots(page)
    target = next(s for s in (slots.nth(i) for i in range(slots.count())) if s.get_attribute("data-time") != start)
    new_start = target.get_attribute("data-time")
    assert new_start
    target.click()
    confirm = page.get_by_test_id("confirm-reschedule-button")
    confirm.wait_for()
    page.screenshot(path=str(SHOTS / "5-reschedule-form.png"))
    confirm.click()
    page.locator(f'[data-testid="booked"]:not([data-uid="{uid}"])').wait_for()
    new_uid = page.get_by_test_id("booked").get_attribute("data-uid")
    assert new_uid and new_uid != uid
    upcoming = {b["uid"]: b for b in _bookings(mock_url)}
    assert uid not in upcoming and new_uid in upcoming
    assert upcoming[new_uid]["start"].replace(".000Z", "Z") == new_start.replace(".000Z", "Z")
    assert upcoming[new_uid]["rescheduledFromUid"] == uid
    page.locator(f'[data-testid="booking"][data-uid="{new_uid}"]').wait_for()
    page.screenshot(path=str(SHOTS / "6-rescheduled.png"))

    # 5. Cancel it from the list; the list no longer shows it, and the slot is free again.
    page.locator(f'[data-testid="booking"][data-uid="{new_uid}"]').get_by_test_id("cancel").click()
    page.locator(f'[data-testid="booking"][data-uid="{new_uid}"]').wait_for(state="detached")
    assert new_uid not in {b["uid"] for b in _bookings(mock_url)}
    assert new_uid in {b["uid"] for b in _bookings(mock_url, "cancelled")}
    page.screenshot(path=str(SHOTS / "7-after-cancel.png"))
    # Picking the new time reserved it (POST /v2/slots/reserve) for five minutes, as on Cal.com; the page is on
    # another origin, so the reservation cookie never comes back and the Booker releases another uid. Move the
    # mock's clock past the reservation, then the slot shows again.
    moved = httpx.put(f"{mock_url}/_mock/clock", json={"advanceSeconds": 301})
    assert moved.status_code == 200, moved.text
    page.reload()
    _slots(page)
    page.locator(f'[data-testid="time"][data-time="{new_start}"]').wait_for()
    page.screenshot(path=str(SHOTS / "8-slot-free-again.png"))

    # Every route the atoms called was answered, none with 404, 405 or 5xx (the list: reports/booker/requests.txt).
    assert traffic.sent("POST", "/v2/bookings"), traffic.seen
    assert traffic.sent("POST", f"/v2/bookings/{new_uid}/cancel"), traffic.seen
    assert traffic.sent("GET", f"/v2/bookings/{uid}/reschedule"), traffic.seen
    assert traffic.sent("PATCH", "/v2/me"), traffic.seen  # autoUpdateTimezone: the page runs in UTC
    assert not traffic.refused(), "\n".join(f"{m} {u} -> {s}" for m, u, s in traffic.refused())
