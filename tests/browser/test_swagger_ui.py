"""Swagger UI in a real headless Chromium: a developer opens the mock, finds the UI authorized and
pointed at this server, and "Try it out" on create, get and cancel answers 2xx from the mock.

Chromium is the distribution's (`apt-get install chromium`; `.ci/run` installs it), driven by
Playwright's Python package; `CHROMIUM` names another binary. Screenshots go to reports/swagger-ui/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Response, sync_playwright

from mock_server import create_app, serve_in_background

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "reports" / "swagger-ui"
KEY = "cal_test_acme_owner_key"  # the key the page is authorized with (mock_server.web.docs.docs_key)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium not found: install it (apt-get install chromium) or set CHROMIUM to its path")
    return found


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_background(create_app(seed=5)) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=_chromium(),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 1400},
        )
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.goto(f"{base_url}/")
        page.wait_for_selector(".opblock-tag-section")
        yield page
        context.close()


def test_root_opens_the_ui_on_this_server_already_authorized(page: Page, base_url: str) -> None:
    assert page.url == f"{base_url}/ui/"
    servers = page.locator(".servers select option").all_inner_texts()
    assert servers[0].startswith(base_url), servers
    authorized: dict[str, Any] = page.evaluate("() => window.ui.authSelectors.authorized().toJS()")
    assert authorized["ApiKeyAuth"]["value"] == KEY
    assert "already authorized" in page.locator(".information-container").inner_text()
    page.screenshot(path=str(SHOTS / "0-overview.png"))


@pytest.mark.parametrize(
    ("step", "operation_id", "method", "status"),
    [
        (1, "BookingsController_2024_08_13_createBooking", "POST", 201),
        (2, "BookingsController_2024_08_13_getBooking", "GET", 200),
        (3, "BookingsController_2024_08_13_cancelBooking", "POST", 200),
    ],
)
def test_try_it_out_answers_success(
    page: Page, base_url: str, step: int, operation_id: str, method: str, status: int
) -> None:
    block = page.locator(f"#operations-Bookings-{operation_id}")
    block.locator(".opblock-summary").click()
    block.locator(".try-out__btn").click()

    def sent_here(response: Response) -> bool:
        return response.request.method == method and response.url.startswith(f"{base_url}/v2/bookings")

    with page.expect_response(sent_here) as answered:
        block.locator(".execute").click()
    response = answered.value
    assert response.status == status, response.text()
    assert response.request.headers["authorization"] == f"Bearer {KEY}"
    assert response.json()["status"] == "success"
    shown = block.locator(".live-responses-table tr.response .response-col_status").first
    assert shown.inner_text().strip() == str(status)
    block.scroll_into_view_if_needed()
    block.screenshot(path=str(SHOTS / f"{step}-{operation_id.rsplit('_', 1)[1]}.png"))
