"""README.md's layout section names every app, one line each, in the order of the layers that
`lint-imports` checks (pyproject.toml), so that a new app cannot be left out of it again; the
design (docs/design.md) lists the same apps and the same layers."""

import re
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _layout() -> str:
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def _layers() -> list[list[str]]:
    """The layers contract's layers, from the bottom up, each a list of its apps."""
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c for c in pyproject["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    )
    return [[app.strip() for app in layer.split("|")] for layer in reversed(contract["layers"])]


def test_every_app_has_one_line_in_the_layout_from_the_bottom_layer_up():
    apps = {path.parent.name for path in (BASE_DIR / "unionhall").glob("*/apps.py")}
    described = re.findall(r"^- `(\w+)`: \S", _layout(), flags=re.MULTILINE)
    assert sorted(described) == sorted(apps)
    layer_of = {app: i for i, layer in enumerate(_layers()) for app in layer}
    assert [layer_of[app] for app in described] == sorted(layer_of[app] for app in described)


def test_the_layer_order_in_the_layout_is_the_contracts():
    sentence = re.search(r"The layers run (.*?):", _layout(), flags=re.DOTALL).group(1)
    written = [re.findall(r"`(\w+)`", step) for step in sentence.split("→")]
    assert written == _layers()


def _design() -> str:
    return (BASE_DIR / "docs" / "design.md").read_text(encoding="utf-8")


def test_the_design_names_the_layers_of_the_contracts():
    sentence = re.search(r"The layers run (.*?):", _design(), flags=re.DOTALL).group(1)
    written = [re.findall(r"`(\w+)`", step) for step in sentence.split("→")]
    assert written == _layers()


def test_the_design_lists_every_app_from_the_bottom_layer_up():
    listed = re.search(r"The apps, lowest layer first: (.*?)\(README", _design(), re.DOTALL)
    apps = {path.parent.name for path in (BASE_DIR / "unionhall").glob("*/apps.py")}
    named = re.findall(r"`(\w+)`", listed.group(1))
    assert sorted(named) == sorted(apps)
    assert named == [app for layer in _layers() for app in sorted(layer, key=named.index)]


def test_the_readme_points_at_the_design_in_the_repository():
    assert "(docs/design.md)" in _layout()
    assert "../shared" not in (BASE_DIR / "README.md").read_text(encoding="utf-8")
