"""The trimmed Bootstrap stylesheet base.html links (core/static/core/bootstrap.trimmed.css).

`make css` writes it from Bootstrap's full stylesheet and the project's sources (core/csstrim.py);
these tests fail when a template, widget or script uses a Bootstrap class the committed file lacks.
"""

import re

import pytest
import tinycss2

from unionhall.core import csstrim

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _selectors(css: str) -> set[str]:
    """Every selector in `css` (inside @media and the like too), as written."""
    found: set[str] = set()

    def walk(nodes):
        for node in nodes:
            if node.type == "qualified-rule":
                for part in csstrim._split_selectors(node.prelude):
                    found.add(tinycss2.serialize(part).strip())
            elif (
                node.type == "at-rule"
                and node.content is not None
                and node.lower_at_keyword != "keyframes"
            ):
                walk(
                    tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True)
                )

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))
    return found


def _classes(selectors: set[str]) -> set[str]:
    return {
        name for selector in selectors for name in re.findall(r"\.(-?[A-Za-z_][\w-]*)", selector)
    }


_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""class=["']([^"']*)["']|["']class["']\s*:\s*["']([^"']*)["']""")


def _classes_in_sources() -> dict[str, str]:
    """Each class in a class="..." attribute (or a widget's "class": "...") -> a file using it."""
    used: dict[str, str] = {}
    for path in csstrim.source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _CLASS_ATTRIBUTE.finditer(text):
            value = _TAG.sub(" ", match.group(1) or match.group(2) or "")
            for name in value.split():
                used.setdefault(name, str(path.relative_to(csstrim.PROJECT_ROOT)))
    return used


@pytest.fixture(scope="module")
def full_css():
    return csstrim.bootstrap_css_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def trimmed_css():
    return csstrim.OUTPUT.read_text(encoding="utf-8")


def test_the_committed_stylesheet_is_what_make_css_writes_now(tmp_path):
    written = csstrim.build(tmp_path / "bootstrap.trimmed.css")
    assert written.read_text(encoding="utf-8") == csstrim.OUTPUT.read_text(encoding="utf-8"), (
        "core/static/core/bootstrap.trimmed.css is out of date with the sources: run `make css`"
    )


def test_every_bootstrap_class_the_sources_use_is_in_the_trimmed_stylesheet(full_css, trimmed_css):
    full_selectors, trimmed_selectors = _selectors(full_css), _selectors(trimmed_css)
    bootstrap_classes = _classes(full_selectors)
    used = _classes_in_sources()
    assert {"navbar", "btn", "table", "form-control", "alert"} <= used.keys()
    missing = {
        name: where
        for name, where in used.items()
        if name in bootstrap_classes
        and (f".{name}" in full_selectors) != (f".{name}" in trimmed_selectors)
    }
    assert not missing, f"Bootstrap classes used but trimmed away (run `make css`): {missing}"
    # Every selector those classes (and the ones Bootstrap's script adds) can match is kept.
    available = used.keys() | csstrim.JS_CLASSES
    needed = set()
    for selector in full_selectors:
        tokens = tinycss2.parse_component_value_list(selector)
        if "data-bs-theme" not in selector and set(csstrim._required_classes(tokens)) <= available:
            needed.add(selector)
    assert needed - trimmed_selectors == set()


def test_the_trimmed_stylesheet_is_much_smaller_and_keeps_the_base(full_css, trimmed_css):
    assert len(trimmed_css) < len(full_css) / 2
    assert trimmed_css.startswith('@charset "UTF-8";\n/*!')
    assert "sourceMappingURL" not in trimmed_css  # no map file beside it for collectstatic to find
    selectors = _selectors(trimmed_css)
    # :root variables, reboot, and what the navbar's collapse toggles.
    assert {
        ":root",
        "body",
        "h1",
        ".collapse:not(.show)",
        ".collapsing",
        ".navbar-toggler-icon",
    } <= selectors
    # Components no page shows are gone.
    assert not {".carousel", ".toast", ".accordion", ".offcanvas"} & selectors


SAMPLE = """@charset "UTF-8";/*! licence */:root{--x:1}body{margin:0}
.used{color:red}.unused{color:blue}.used,.unused{top:0}.used:not(.unused){left:0}
.used .unused{right:0}.alert-danger{a:b}.alert-info{a:b}.spin{animation:spinner 1s}
.gone{animation:gone 1s}@keyframes spinner{to{x:1}}@keyframes gone{to{x:1}}
@media (min-width:576px){.unused{x:1}.used{x:2}}@supports (x:y){.unused{x:1}}
[data-bs-theme=dark]{--x:2}/*# sourceMappingURL=x.map */"""


def test_trim_keeps_rules_the_markup_can_match_and_drops_the_rest():
    out = csstrim.trim(SAMPLE, ['<p class="used spin alert-{{ tag }}">'])
    assert out.startswith('@charset "UTF-8";\n/*! licence */\n')
    rules = out.split("\n")
    for kept in (
        ":root{--x:1}",
        "body{margin:0}",
        ".used{color:red}",
        ".used{top:0}",
        ".used:not(.unused){left:0}",
        ".alert-danger{a:b}",
        ".alert-info{a:b}",
        "@keyframes spinner{to{x:1}}",
        "@media (min-width:576px){.used{x:2}}",
    ):
        assert kept in rules, kept
    for dropped in (
        ".unused{",
        ".used .unused",
        ".gone",
        "@keyframes gone",
        "@supports",
        "data-bs-theme",
        "sourceMapping",
    ):
        assert dropped not in out, dropped


def test_classes_bootstraps_script_adds_are_kept():
    out = csstrim.trim(
        ".collapse:not(.show){display:none}.collapsing{height:0}.carousel-item{x:1}", [""]
    )
    assert ".collapse:not(.show){display:none}" in out
    assert ".collapsing{height:0}" in out
    assert ".carousel-item" not in out
