"""Every package our code imports is declared in pyproject.toml, not only installed because a
declared package happens to pull it in today (numpy through scikit-learn, lxml through
python-docx): an upgrade that drops such a package would otherwise break a fresh install."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CODE = BASE_DIR / "unionhall"

# Modules run only by developers, whose imports may come from the dev dependency group: the
# stylesheet trimmer behind `make css` (tinycss2).
DEV_TOOLS = {"unionhall/core/csstrim.py"}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    """The distribution names of PEP 508 requirements ("psycopg[binary]>=3.2" → "psycopg")."""
    return {_normalised(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in requirements}


def _declared() -> tuple[set[str], set[str]]:
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    return (
        _names(pyproject["project"]["dependencies"]),
        _names(pyproject["dependency-groups"]["dev"]),
    )


def _third_party_imports(source: str) -> set[str]:
    """The top-level names of the modules `source` imports, at the top or inside a function,
    leaving out the standard library and our own package."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names | {"unionhall"}}


def undeclared(sources: dict[str, str], declared: set[str], dev: set[str]) -> list[str]:
    """'file: module (distribution)' for each import that no declared distribution provides."""
    providers = importlib.metadata.packages_distributions()
    problems = []
    for path, source in sorted(sources.items()):
        allowed = declared | dev if path in DEV_TOOLS else declared
        for module in sorted(_third_party_imports(source)):
            distributions = {_normalised(d) for d in providers.get(module, [])}
            if not distributions:
                problems.append(f"{path}: {module} (no installed distribution provides it)")
            elif not distributions & allowed:
                problems.append(f"{path}: {module} ({', '.join(sorted(distributions))})")
    return problems


def test_every_package_the_code_imports_is_declared():
    sources = {
        path.relative_to(BASE_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in CODE.rglob("*.py")
    }
    declared, dev = _declared()
    assert undeclared(sources, declared, dev) == []


def test_an_import_only_pulled_in_by_another_package_is_reported():
    declared, dev = _declared()
    sources = {
        "unionhall/voice/example.py": "import numpy as np\nfrom sklearn import cluster\n",
        "unionhall/reports/example.py": "def render():\n    from tinycss2 import parse\n",
        "unionhall/core/csstrim.py": "import tinycss2\n",
    }
    without_numpy = declared - {"numpy"}
    assert undeclared(sources, without_numpy, dev) == [
        "unionhall/reports/example.py: tinycss2 (tinycss2)",
        "unionhall/voice/example.py: numpy (numpy)",
    ]
