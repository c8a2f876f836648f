"""The layers of the project, and the check that no module reaches above its own.

Imports flow one way (docs/adr/0006): a module of ``territoires`` uses its own layer's
module and those below it, never one above it nor a sibling of its layer. What a lower
page shows of a higher module goes through ``core.panels``. Checked, without importing
anything:

- Python imports (absolute or relative, at the top of a module or inside a function),
  and template names written in Python (``render(request, "observatory/…html")``);
- in templates, ``{% load %}`` of a template tag library, ``{% include %}`` and
  ``{% extends %}`` of another module's template.

``config`` (settings and URLs) sits above everything and may use anything; it is not
checked, and no module imports it (``django.conf.settings`` gives the settings).

Run by ``make quality``: ``python -m territoires.core.layering``.
"""

import ast
import dataclasses
import re
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "territoires"
# Settings and URLs of the site: above every layer.
SITE = "config"

# From the bottom up; the modules of one layer are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("geo",),
    ("accounts",),
    ("observatory",),
    ("exchange", "commons", "events"),
    # The labels build on the agenda (tour stages, the Forum) and the communs (a laureate's
    # experience report); the debates on the agenda (public meetings) and the communs (kits).
    ("awards", "debates"),
    ("api",),
)

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")
TEMPLATE_NAME = re.compile(r"^([\w-]+)/[\w./-]+\.(?:html|txt|xml|json)$")


@dataclasses.dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    module: str
    target: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.module} {self.what} ({self.target})"


def layer_of(module: str) -> int | None:
    for index, modules in enumerate(LAYERS):
        if module in modules:
            return index
    return None


def allowed(module: str, target: str) -> bool:
    """Whether ``module`` may use ``target``: itself, or a module of a lower layer."""
    if module == target:
        return True
    module_layer, target_layer = layer_of(module), layer_of(target)
    return module_layer is not None and target_layer is not None and target_layer < module_layer


def check(root: Path) -> list[Violation]:
    """Every use of a module above its user under ``root`` (the ``territoires`` folder)."""
    modules = sorted(path.name for path in root.iterdir() if (path / "__init__.py").exists())
    violations = [
        Violation(root / module, 1, module, module, "n’est placé dans aucune couche de LAYERS")
        for module in modules
        if layer_of(module) is None
    ]
    libraries = {
        library.stem: module
        for module in modules
        for library in (root / module / "templatetags").glob("*.py")
        if library.stem != "__init__"
    }
    template_folders = {
        folder.name: module
        for module in modules
        for folder in (root / module / "templates").glob("*")
        if folder.is_dir()
    }
    for module in modules:
        for path in sorted((root / module).rglob("*.py")):
            for line, target, what in _python_uses(root, path, template_folders):
                if not allowed(module, target):
                    violations.append(Violation(path, line, module, target, what))
        templates = (path for path in (root / module / "templates").rglob("*") if path.is_file())
        for path in sorted(templates):
            for line, target, what in _template_uses(path, libraries, template_folders):
                if not allowed(module, target):
                    violations.append(Violation(path, line, module, target, what))
    return violations


def _python_uses(
    root: Path, path: Path, template_folders: dict[str, str]
) -> Iterator[tuple[int, str, str]]:
    """(line, module, what) for each module of the package that ``path`` imports."""
    # The package a relative import starts from: the folder of the file.
    package = path.relative_to(root.parent).parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join(filter(None, [*parent, base]))
            names = [f"{base}.{alias.name}" if base == PACKAGE else base for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = TEMPLATE_NAME.match(node.value)
            if match and match[1] in template_folders:
                yield node.lineno, template_folders[match[1]], f"utilise le gabarit {node.value}"
            continue
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == PACKAGE and len(parts) > 1:
                yield node.lineno, parts[1], f"importe {name}"
            elif parts[0] == SITE:
                yield node.lineno, SITE, f"importe {name}"


def _template_uses(
    path: Path, libraries: dict[str, str], template_folders: dict[str, str]
) -> Iterator[tuple[int, str, str]]:
    """(line, module, what) for each tag library and template of the package ``path`` uses."""
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        for match in LOAD.finditer(text):
            words = match[1].split()
            # {% load a b %} or {% load name1 name2 from library %}
            names = words[-1:] if "from" in words else words
            for name in names:
                if name in libraries:
                    yield number, libraries[name], f"charge la bibliothèque de balises {name}"
        for match in TEMPLATE_REFERENCE.finditer(text):
            folder = match[1].split("/")[0]
            if folder in template_folders:
                yield number, template_folders[folder], f"utilise le gabarit {match[1]}"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    root = Path(arguments[0]) if arguments else Path(__file__).resolve().parents[1]
    violations = check(root)
    for violation in violations:
        print(dataclasses.replace(violation, path=violation.path.relative_to(root.parent)))
    if violations:
        print(
            f"{len(violations)} dépendance(s) vers une couche supérieure ou voisine : "
            "passer par core.panels (docs/adr/0006-couches-et-panneaux.md).",
            file=sys.stderr,
        )
        return 1
    print(f"Couches respectées ({' ← '.join('/'.join(layer) for layer in LAYERS)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
