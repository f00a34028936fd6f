"""scripts/app_graph.py prints the imports between apps and fails on a cycle between them."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load_app_graph():
    path = Path(__file__).resolve().parents[1] / "scripts" / "app_graph.py"
    spec = importlib.util.spec_from_file_location("app_graph", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


app_graph = _load_app_graph()

LAYERED = {
    "core/models.py": "",
    "cases/models.py": "from shop.core import models\n",
    "cases/views.py": "from shop.core.models import Thing\nfrom ..cases import models\n",
    "cases/tests/test_views.py": "from shop.risk import views\n",  # tests are left out
    "risk/views.py": "from shop.cases import models\nfrom shop.core import models as core\n",
    "risk/api.py": "import shop.cases.models\nimport json\n",
}


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "shop"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(text)
    return root


def test_layered_apps_are_printed_with_their_links_and_pass(tmp_path, capsys):
    status = app_graph.main(["app_graph.py", str(_package(tmp_path, LAYERED))])

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        "3 imports between 3 apps (5 module links, tests left out):",
        "  cases -> core (2)",
        "  risk -> cases (2)",
        "  risk -> core (1)",
        "0 cycle(s)",
    ]


def test_a_cycle_between_apps_is_printed_and_fails(tmp_path, capsys):
    files = {**LAYERED, "core/scope.py": "def cases():\n    from shop.risk import views\n"}

    status = app_graph.main(["app_graph.py", str(_package(tmp_path, files))])

    output = capsys.readouterr().out.splitlines()
    assert status == 1
    assert "  core -> risk (1)" in output
    assert output[-3:] == [
        "2 cycle(s):",
        "  cases -> core -> risk -> cases",
        "  core -> risk -> core",
    ]
