"""Where the OpenAPI document is, installed or not; reading the YAML files.

`CALCOM_SPEC` names another document. Otherwise the installed package's copy: the build maps the
top-level `spec/` folder to the data package `calcom_spec` (pyproject.toml), so `spec/openapi.yaml`
stays the one source and a wheel carries it. In a checkout that was never installed, `spec/` itself.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LEGACY_SPEC_NAME", "SPEC_ENV", "legacy_spec_path", "read_yaml", "spec_path"]

SPEC_ENV = "CALCOM_SPEC"
# The 2024-04-15 controllers, whose routes collide with the newer ones (docs/versions.md).
LEGACY_SPEC_NAME = "openapi-2024-04-15.yaml"
_CHECKOUT_SPEC = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
# libyaml's loader builds the same documents as the pure-Python SafeLoader, about seven times faster
# (the spec, the control spec and the fixtures are read at every start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file's document, with the safe loader (libyaml's when PyYAML was built with it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def spec_path() -> Path:
    """The OpenAPI document of the bookings API, as a file on disk."""
    override = os.environ.get(SPEC_ENV)
    if override:
        return Path(override)
    try:
        packaged = files("calcom_spec").joinpath("openapi.yaml")
    except ModuleNotFoundError:
        return _CHECKOUT_SPEC
    # A wheel is installed unpacked, so the resource is a real file (also in an editable install).
    return Path(str(packaged))


def legacy_spec_path() -> Path:
    """The document of the 2024-04-15 controllers: beside the main document (also when `CALCOM_SPEC` names
    another one that has it), else the packaged or checked-out copy."""
    beside = spec_path().parent / LEGACY_SPEC_NAME
    if beside.exists():
        return beside
    try:
        return Path(str(files("calcom_spec").joinpath(LEGACY_SPEC_NAME)))
    except ModuleNotFoundError:
        return _CHECKOUT_SPEC.parent / LEGACY_SPEC_NAME
