"""What a staging user meets on the way (issue 20): SIGTERM cleans up as Ctrl-C does, curls show
`Authorization: Bearer [REDACTED]`, and a base URL that is not the API's root is told so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from schemathesis.core.failures import FailureGroup

from contract_tests.generated.conformance import check_one_case, schema_for
from contract_tests.plugin.preflight import PreflightFailed, run_checks
from contract_tests.target.redaction import redact, register_secrets
from contract_tests.target.spec import OperationId
from contract_tests.target.targets import STAGING_BUDGET, RunOptions, load_profile
from mock_server import create_app, serve_in_background
from tests.contract_tests.test_run_after_run import staging_profile


class Answers:
    """A server answering `status` with `body` wherever `matches(scope)`, the mock elsewhere."""

    def __init__(self, app: Any, matches: Any, status: int, body: bytes) -> None:
        self.app, self.matches, self.status, self.body = app, matches, status, body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.matches(scope):
            headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(self.body))]
            await send({"type": "http.response.start", "status": self.status, "headers": headers})
            await send({"type": "http.response.body", "body": self.body})
            return
        await self.app(scope, receive, send)


def test_a_schemathesis_curl_shows_the_bearer_scheme_and_redacts_only_the_key() -> None:
    broken = Answers(
        create_app(seed=11),
        lambda scope: scope["path"] == "/v2/bookings" and scope["method"] == "GET",
        200,
        b'{"status":"success","data":"not a list"}',
    )
    with serve_in_background(broken) as url:
        profile = replace(load_profile(run=RunOptions(), environ={}), base_url=url)
        register_secrets(*profile.secrets())
        with pytest.raises(FailureGroup) as failed:
            check_one_case(
                schema_for(profile, url),
                base_url=url,
                profile=profile,
                operation_id=OperationId.LIST,
                query={"take": 1, "attendeeName": "Pat Token"},
            )
    shown = redact(failed.value.message)
    assert "-H 'Authorization: Bearer [REDACTED]'" in shown, shown
    assert "[Filtered]" not in shown and "attendeeName=Pat" in shown
    assert str(profile.api_key) not in shown


def test_a_base_url_answering_404_everywhere_is_told_to_be_the_apis_root() -> None:
    with serve_in_background(Answers(create_app(seed=11), lambda scope: True, 404, b'{"message":"Not Found"}')) as url:
        profile = load_profile(base_url=url + "/v2", api_key="cal_test_acme_owner_key", environ={})
        with pytest.raises(PreflightFailed) as failed:
            run_checks(profile, url + "/v2")
    assert "must be the API's root" in str(failed.value) and "without /v2" in str(failed.value)


def test_sigterm_cleans_up_what_the_run_made(tmp_path: Path) -> None:
    profile = staging_profile(tmp_path)
    with serve_in_background(create_app(seed=11)) as url:
        fixtures = {b["uid"] for b in requests.get(f"{url}/_mock/state", timeout=10).json()["bookings"]}
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CALCOM_", "PYTEST_"))}
        run = subprocess.Popen(
            [sys.executable, "-m", "contract_tests.cli.main", "run", "--base-url", url, "--target-profile",
             str(profile), "--no-progress", "--", "-k", "test_rules"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        made: list[dict[str, Any]] = []
        while time.monotonic() < deadline and len(made) < 12:
            time.sleep(0.5)
            bookings = requests.get(f"{url}/_mock/state", timeout=10).json()["bookings"]
            made = [b for b in bookings if b["uid"] not in fixtures]
        assert made, "the run made no booking to clean up"
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=180)
        bookings = requests.get(f"{url}/_mock/state", timeout=10).json()["bookings"]
    open_ = [b["uid"] for b in bookings if b["uid"] not in fixtures and b["status"] not in ("CANCELLED", "REJECTED")]
    assert "SIGTERM received" in out, out[-3000:] + err[-2000:]
    assert run.returncode != -signal.SIGTERM
    assert not open_ or "calcom-contract cleanup --ledger" in out, out[-3000:]
    assert "left uncancelled: 0" in out or "calcom-contract cleanup --ledger" in out, out[-3000:]


def test_the_ci_example_is_for_a_project_that_installs_the_package() -> None:
    import shlex

    import yaml

    from contract_tests.cli.main import _parser

    workflow = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "ci-example.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = [" ".join(str(step.get("run", "")).split()) for step in steps]
    assert not any("make " in c or ".venv/" in c or "pytest contract_tests" in c for c in commands)
    assert any(c.startswith("pip install") for c in commands)
    staging = workflow["jobs"]["staging"]
    assert staging["timeout-minutes"] >= 30  # ~1,400 requests at 120 a minute, and the clean-up
    run = next(c for c in commands if c.startswith("calcom-contract run --staging"))
    args = shlex.split(run.replace("${{ inputs.budget || '1400' }}", "1400"))[1:]
    options = _parser().parse_args(args)
    assert options.staging and options.budget == STAGING_BUDGET == 1400
    cleanup = next(step for step in staging["steps"] if "cleanup --ledger" in str(step.get("run", "")))
    assert cleanup["if"] == "failure() || cancelled()"
