"""Regenerate `facts.json` from a full copy of the real API's document: its facts kept, its prose stripped.

The tests compare the spec and the mock's views with the real document's facts: paths, methods,
parameters, schemas, required lists, enums, formats, defaults. Descriptions, summaries, examples and tags
are prose, so they are dropped, and the result is small enough to keep in the repository, where a clone
finds it with nothing beside it.

    python -m tests.reference.regenerate PATH/TO/calcom-v2-bookings-subset.json [--source TEXT]

writes tests/reference/facts.json, with `x-provenance` saying where it came from (the source, the file
name and the SHA-256 of the full copy it was made from).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

FACTS_PATH = Path(__file__).resolve().with_name("facts.json")
# The real document, as published: apps/api/v2/swagger/documentation.json of calcom/cal.com; the copy the
# project was built from is its bookings subset at this commit.
DEFAULT_SOURCE = "calcom/cal.com apps/api/v2/swagger/documentation.json at commit d2f8076c (bookings subset)"
# Keywords that carry prose or grouping only; none of them changes what an instance must look like.
PROSE = frozenset({"description", "summary", "example", "examples", "tags", "contact"})
# Maps whose keys are names chosen by the document (a property may well be called "description").
NAMED_MAPS = frozenset({"properties", "schemas", "paths", "responses", "content"})


def strip(node: Any, parent: str | None = None) -> Any:
    """The node without its prose keywords, at every depth; the keys of named maps are kept as they are."""
    if isinstance(node, dict):
        return {
            key: strip(value, key)
            for key, value in node.items()
            if parent in NAMED_MAPS or (key not in PROSE and key != "x-provenance")
        }
    if isinstance(node, list):
        return [strip(item, parent) for item in node]
    return node


def facts(full: bytes, name: str, source: str = DEFAULT_SOURCE) -> dict[str, Any]:
    """The stripped document with its provenance."""
    stripped: dict[str, Any] = strip(json.loads(full))
    provenance = {"source": source, "file": name, "sha256": hashlib.sha256(full).hexdigest()}
    return {"x-provenance": provenance, **stripped}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("full", type=Path, help="a full copy of the real document (JSON)")
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="where that copy came from")
    parser.add_argument("--output", type=Path, default=FACTS_PATH)
    args = parser.parse_args(argv)
    args.output.write_text(render(facts(args.full.read_bytes(), args.full.name, args.source)))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
