"""Inside the observatory, reads never import a write module.

The writes are ``services.py`` (and, under it, ``results.py``, which stores scores, and
``demo.py``, which builds demo campaigns); only the views and the commands call them. Every
other module (selectors, pure computation, rights, forms, template tags…) is a read, and
must not reach a write module, directly or through the modules it imports.
"""

import ast
from pathlib import Path

import pytest

import territoires.observatory

PACKAGE = "territoires.observatory"
ROOT = Path(territoires.observatory.__file__).parent
WRITES = {f"{PACKAGE}.services", f"{PACKAGE}.results", f"{PACKAGE}.demo"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imports(source: str) -> set[str]:
    """The modules a source imports (``from a import b`` counts ``a`` and ``a.b``)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def may_write(module: str) -> bool:
    """The views (and the URLs that route to them) and the commands call the writes; the
    writes call each other."""
    return (
        module in WRITES
        or module.rsplit(".", 1)[-1] in ("views", "urls")
        or ".management.commands." in module
    )


def graph() -> dict[str, set[str]]:
    """Each module of the observatory and the observatory modules it imports."""
    modules = {
        module_name(path): path
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    }
    return {
        module: {name for name in imports(path.read_text()) if name in modules}
        for module, path in modules.items()
    }


def writes_reached(module: str, edges: dict[str, set[str]]) -> set[str]:
    """The write modules ``module`` imports, directly or through the modules it imports."""
    seen, todo = set(), [module]
    while todo:
        for name in edges.get(todo.pop(), set()) - seen:
            seen.add(name)
            todo.append(name)
    return seen & WRITES


def test_no_read_of_the_observatory_reaches_a_write_module():
    edges = graph()
    reads = [module for module in edges if not may_write(module)]
    assert f"{PACKAGE}.selectors" in reads and f"{PACKAGE}.dashboard.selectors" in reads
    offenders = {
        module: sorted(reached) for module in reads if (reached := writes_reached(module, edges))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "line",
    [
        "from territoires.observatory import results",
        "from territoires.observatory.services import answers_save",
        "import territoires.observatory.demo",
    ],
)
def test_the_check_catches_a_selector_importing_a_write(line):
    edges = graph()
    edges[f"{PACKAGE}.selectors"] |= imports(line) & set(edges)
    assert writes_reached(f"{PACKAGE}.selectors", edges)
    # …and a selector importing the selectors that import it is caught as well.
    assert writes_reached(f"{PACKAGE}.dashboard.selectors", edges)
