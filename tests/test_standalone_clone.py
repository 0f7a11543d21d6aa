"""A clone of the project passes its reference-dependent tests with nothing beside it.

The spec fidelity tests and the view tests compare against the real API's document; the repository keeps
its facts (tests/reference/facts.json), so neither `../shared` nor a variable pointing elsewhere is needed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.reference import ROOT, load_reference
from tests.reference.regenerate import facts, strip

# The tests that read the real document's facts.
REFERENCE_TESTS = ["tests/spec", "tests/mock_server/test_views.py"]
# Where a full copy of the real document may be on a machine of this project's CI (never needed);
# CALCOM_REFERENCE may name one elsewhere.
FULL_COPIES = [
    ROOT.parent / "shared" / "reference" / "calcom-v2-bookings-subset.json",
    *([Path(os.environ["CALCOM_REFERENCE"])] if os.environ.get("CALCOM_REFERENCE") else []),
]


def test_the_kept_facts_carry_no_prose_and_say_where_they_came_from() -> None:
    document = load_reference()
    provenance = document.pop("x-provenance")
    assert {"source", "file", "sha256"} <= provenance.keys()
    assert strip(document) == document
    assert {"paths", "components"} <= document.keys()


def test_the_kept_facts_are_those_of_any_full_copy_on_this_machine() -> None:
    """Where a full copy is around (this project's CI), regenerating from it gives the kept file exactly."""
    kept = load_reference()
    for full in (path for path in FULL_COPIES if path.exists()):
        data = full.read_bytes()
        assert hashlib.sha256(data).hexdigest() == kept["x-provenance"]["sha256"], f"{full} changed: regenerate"
        assert facts(data, full.name, kept["x-provenance"]["source"]) == kept


def test_a_clone_with_nothing_beside_it_passes_the_reference_tests(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    head = _git("rev-parse", "HEAD", cwd=ROOT)
    _git("clone", "--quiet", "--no-checkout", str(ROOT), str(clone), cwd=tmp_path)
    _git("checkout", "--quiet", head, cwd=clone)
    assert not (clone.parent / "shared").exists()
    env = {key: value for key, value in os.environ.items() if key != "CALCOM_REFERENCE"}
    env["PYTHONPATH"] = str(clone)  # the clone's own modules, not the installed checkout's
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *REFERENCE_TESTS],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()
