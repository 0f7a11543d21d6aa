"""The OpenAPI document is found through the installed package, and CALCOM_SPEC still overrides it."""

from __future__ import annotations

import tomllib
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


def test_every_package_of_the_checkout_goes_into_the_wheel() -> None:
    """pyproject.toml lists the packages one by one: a new one (an API surface) must be listed too."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("mock_server", "contract_tests")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found - listed == set()
