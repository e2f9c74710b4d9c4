"""Every third-party module that the package (and bookkit, when present) or a notebook imports is
declared in pyproject.toml, so that `pip install` of the book (Colab, a fresh venv) can run it."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import tomllib

from conftest import ROOT

FIRST_PARTY = {"alliance", "bookkit", "conftest"}


def _top_level_imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _imports_by_file() -> dict[str, set[str]]:
    found = {}
    for package in ("alliance", "bookkit"):
        for path in sorted((ROOT / package).rglob("*.py")):
            found[path.relative_to(ROOT).as_posix()] = _top_level_imports(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        # IPython magics and shell escapes are not Python: leave those lines out
        lines = [line for block in code for line in block.splitlines() if not line.lstrip().startswith(("%", "!"))]
        found[path.relative_to(ROOT).as_posix()] = _top_level_imports("\n".join(lines))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])
            for requirement in project["dependencies"]}


def test_the_import_parser_sees_plain_from_and_nested_imports():
    source = "import a.b as c, d\nfrom e.f import g\nfrom . import h\ndef k():\n    import yaml\n"
    assert _top_level_imports(source) == {"a", "d", "e", "yaml"}


def test_every_third_party_import_is_declared():
    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    missing = []
    for where, modules in _imports_by_file().items():
        for module in sorted(modules - FIRST_PARTY - set(sys.stdlib_module_names)):
            dists = {_normalise(d) for d in distributions.get(module, [module])}
            if not dists & declared:
                missing.append(f"{where} imports {module} (distribution {', '.join(sorted(dists))})")
    assert not missing, "not in pyproject.toml [project] dependencies:\n" + "\n".join(missing)


def test_scipy_is_declared_for_networkx_eigenvector_centrality():
    # networkx imports scipy inside eigenvector_centrality_numpy: no import of ours shows it
    assert "scipy" in _declared()
    assert "eigenvector_centrality_numpy" in (ROOT / "alliance" / "network.py").read_text(encoding="utf-8")
