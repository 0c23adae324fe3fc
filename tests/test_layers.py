"""The layering in DESIGN.md is a contract: `lint-imports` (pyproject.toml) keeps it, and it
fails the moment an app imports upward, imports demo or reports, or is left out of the layers."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    """Run the contracts in pyproject.toml over the `unionhall` package found in `cwd`."""
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    return subprocess.run(
        [*command, "--no-cache", "--no-logo", str(CONFIG)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _python_only(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name == "__pycache__"
        or (not name.endswith(".py") and not Path(directory, name).is_dir())
    }


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A copy of the unionhall package (Python files only) to break on purpose."""
    shutil.copytree(ROOT / "unionhall", tmp_path / "unionhall", ignore=_python_only)
    return tmp_path


def _add_import(root: Path, module: str, line: str) -> None:
    path = root / "unionhall" / module
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.parent / "__init__.py").exists():
        (path.parent / "__init__.py").write_text("")
    with path.open("a") as file:
        file.write(f"\n{line}\n")


def test_the_project_keeps_its_layer_contracts():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert " BROKEN" not in result.stdout


LAYERS = "Layers: each app imports only the layers below it"


def test_a_copy_of_the_package_keeps_the_contracts_too(package_copy):
    result = _lint_imports(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_named_contract_catches_its_own_wrong_import(package_copy):
    wrong = {
        "members imports only core and orgs": ("members/selectors.py", "care"),
        "core imports no domain app": ("core/excel.py", "orgs"),
        "funds never imports care": ("funds/selectors.py", "care"),
        "Nothing imports demo": ("voice/grouping.py", "demo"),
        "Nothing imports reports but the archive": ("care/summary.py", "reports"),
    }
    for module, app in wrong.values():
        _add_import(package_copy, module, f"import unionhall.{app}")
    result = _lint_imports(package_copy)
    assert result.returncode != 0, result.stdout
    for contract in [LAYERS, *wrong]:
        assert f"{contract} BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        # A lower layer reaching up: members (the register) importing care.
        ("members/selectors.py", "from unionhall.care import models as care_models"),
        # Sideways between apps of one layer, without an ignore that gives the reason.
        ("voice/selectors.py", "from unionhall.congress import models"),
        # An app reaching two layers up: polls importing reports.
        ("polls/models.py", "from unionhall.reports import models"),
        # A new package that was given no layer at all.
        ("widgets/models.py", "from unionhall.core import audit"),
    ],
)
def test_the_layers_catch_an_upward_or_sideways_import_and_an_unplaced_app(
    package_copy, module, line
):
    _add_import(package_copy, module, line)
    result = _lint_imports(package_copy)
    assert result.returncode != 0, result.stdout
    assert f"{LAYERS} BROKEN" in result.stdout, result.stdout
