"""The layering check of ``make quality``: a module never uses one above it."""

import shutil
import textwrap
from pathlib import Path

import territoires
from territoires.core.layering import check, main

REAL_TREE = Path(territoires.__file__).parent


def _write(root: Path, name: str, text: str = "") -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def _uses(violations, root: Path) -> set[tuple[str, int, str]]:
    return {(str(v.path.relative_to(root)), v.line, v.target) for v in violations}


def test_the_real_tree_keeps_to_its_layers(capsys):
    assert check(REAL_TREE) == []
    assert main([str(REAL_TREE)]) == 0
    assert "Couches respectées" in capsys.readouterr().out


def test_a_backward_import_injected_into_the_real_tree_fails(tmp_path, capsys):
    tree = tmp_path / "territoires"
    shutil.copytree(REAL_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    selectors = tree / "geo" / "selectors.py"
    lines = selectors.read_text().splitlines()
    selectors.write_text("\n".join([*lines, "from territoires.observatory.models import Campaign"]))

    violations = check(tree)

    assert _uses(violations, tree) == {("geo/selectors.py", len(lines) + 1, "observatory")}
    assert main([str(tree)]) == 1
    output = capsys.readouterr()
    assert (
        f"territoires/geo/selectors.py:{len(lines) + 1}: geo importe "
        "territoires.observatory.models (observatory)"
    ) in output.out
    assert "1 dépendance(s) vers une couche supérieure ou voisine" in output.err


def test_every_kind_of_use_is_checked(tmp_path):
    root = tmp_path / "territoires"
    for module in ("core", "geo", "observatory", "exchange", "commons", "api", "newapp"):
        _write(root, f"{module}/__init__.py")
    _write(root, "observatory/templatetags/dashboard_tags.py")
    _write(root, "observatory/templates/observatory/_link.html")
    _write(
        root,
        "geo/views.py",
        """\
        from territoires.core import panels
        from territoires.observatory.models import Campaign
        from territoires import api


        def view(request):
            import territoires.exchange.selectors

            return render(request, "observatory/_link.html")
        """,
    )
    _write(root, "geo/sub/relative.py", "from ...observatory import perms\nfrom .. import views\n")
    _write(root, "observatory/fine.py", "from territoires.geo.models import Territory\n")
    _write(root, "exchange/sibling.py", "from territoires.commons.models import Commun\n")
    _write(root, "api/top.py", "from territoires.exchange import models\n")
    _write(root, "core/settings.py", "from config.settings import DEBUG\nimport django.conf\n")
    _write(
        root,
        "geo/templates/geo/page.html",
        """\
        {% load humanize dashboard_tags %}
        {% load link from dashboard_tags %}
        {% include "observatory/_link.html" with x=1 %}
        {% extends "geo/base.html" %}
        """,
    )

    _write(root, "geo/templates/geo/mail/body.txt", '{% include "observatory/_link.html" %}\n')

    assert _uses(check(root), root) == {
        ("newapp", 1, "newapp"),
        ("geo/views.py", 2, "observatory"),
        ("geo/views.py", 3, "api"),
        ("geo/views.py", 7, "exchange"),
        ("geo/views.py", 9, "observatory"),
        ("geo/sub/relative.py", 1, "observatory"),
        ("exchange/sibling.py", 1, "commons"),
        ("core/settings.py", 1, "config"),
        ("geo/templates/geo/page.html", 1, "observatory"),
        ("geo/templates/geo/page.html", 2, "observatory"),
        ("geo/templates/geo/page.html", 3, "observatory"),
        ("geo/templates/geo/mail/body.txt", 1, "observatory"),
    }
