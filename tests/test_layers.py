"""The packages' layers, and the one direction their imports run in.

mock_server:    domain  <-  state  <-  services  <-  api  <-  web  <-  cli (and the package's entry points)
contract_tests: target, checks  <-  scenarios, generated  <-  plugin  <-  cli  <-  the test modules pytest collects

A module may import from its own layer and the layers below it, never from one above. The domain is pure
(no HTTP framework), and each API surface of mock_server (a version of the real API, the control API)
holds nothing another surface imports: what surfaces share lives in `api/`'s own modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LAYERS = {
    "mock_server": ["resources", "domain", "state", "services", "api", "web", "cli"],
    "contract_tests": ["target|checks", "scenarios|generated", "plugin", "cli", "test"],
}
HTTP_FRAMEWORKS = ("connexion", "starlette", "uvicorn", "httpx", "requests")


def _layer(package: str, module: str) -> int:
    """The layer of `package.module...`: its first part, or `test` for the collected test modules."""
    first = module.split(".")[1] if "." in module else ""
    if package == "contract_tests" and first.startswith("test_"):
        first = "test"
    for rank, names in enumerate(LAYERS[package]):
        if first in names.split("|"):
            return rank
    return len(LAYERS[package])  # the package's own __init__, __main__: the top


def _imports(path: Path, package: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: a relative import; the layers are read from absolute ones")
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            yield from ((node.lineno, name if name.startswith(package + ".") else node.module) for name in names)
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_imports_run_down_the_layers(package: str) -> None:
    upward = []
    for path in _modules(package):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for line, target in _imports(path, package):
            if target.startswith(package + ".") and _layer(package, target) > _layer(package, module):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not upward, "imports that run back up a layer:\n" + "\n".join(upward)


def test_the_domain_knows_no_http() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in _modules("mock_server/domain")
        for line, target in _imports(path, "mock_server")
        if target.split(".")[0] in HTTP_FRAMEWORKS
    ]
    assert not found, found


def _surfaces() -> list[str]:
    return sorted(p.name for p in (ROOT / "mock_server" / "api").iterdir() if (p / "__init__.py").exists())


def test_each_api_surface_keeps_to_itself() -> None:
    crossing = []
    for surface in _surfaces():
        for path in _modules(f"mock_server/api/{surface}"):
            for line, target in _imports(path, "mock_server"):
                parts = target.split(".")
                if parts[:2] == ["mock_server", "api"] and len(parts) > 2 and parts[2] in _surfaces():
                    if parts[2] != surface:
                        crossing.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not crossing, crossing


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph(package: str) -> dict[str, set[str]]:
    """Each module of `package` and the modules of the package it imports, at any depth of its code
    (an import inside a function closes a cycle all the same, only later)."""
    modules = {_dotted(path): path for path in _modules(package)}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = set()
        for _line, target in _imports(path, package):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_no_import_cycles(package: str) -> None:
    """Within a layer too: modules of one layer import each other one way (e.g. the plugin's companions
    reach the run's state through plugin/state.py, never through the plugin package that loads them)."""
    assert _cycles(_import_graph(package)) == []


def test_the_cycle_check_can_fail() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_layer_checks_can_fail() -> None:
    """An import from a higher layer is one; an import from the same or a lower one is not."""
    assert _layer("mock_server", "mock_server.web.app") > _layer("mock_server", "mock_server.services.bookings")
    assert _layer("mock_server", "mock_server.domain.model") < _layer("mock_server", "mock_server.state.store")
    assert _layer("contract_tests", "contract_tests.plugin") > _layer(
        "contract_tests", "contract_tests.scenarios.lists.reads"
    )
    assert _layer("contract_tests", "contract_tests.target.http") == _layer(
        "contract_tests", "contract_tests.checks.rules"
    )
    assert _layer("contract_tests", "contract_tests.test_conformance") > _layer(
        "contract_tests", "contract_tests.cli.main"
    )
    assert len(_surfaces()) >= 3
