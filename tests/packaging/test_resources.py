"""The OpenAPI document is found through the installed package, and CALCOM_SPEC still overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.resources import SPEC_ENV, spec_path

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_spec_is_the_checkout_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SPEC_ENV, raising=False)
    found = spec_path()
    assert found.is_file()
    assert found.read_bytes() == (ROOT / "spec" / "openapi.yaml").read_bytes()


def test_calcom_spec_names_another_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("openapi: 3.0.3\n")
    monkeypatch.setenv(SPEC_ENV, str(other))
    assert spec_path() == other
