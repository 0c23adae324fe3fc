"""A trimmed Bootstrap stylesheet: only the rules whose selectors can match markup unionhall makes.

Bootstrap's full bootstrap.min.css (about 230 KB, from the django-bootstrap-static package) blocks
the first paint of every page, and most of it styles components the project never shows. `trim()`
reads it and keeps every rule a page could use; `make css` (the `trim_css` command) writes the
result to core/static/core/bootstrap.trimmed.css, which base.html links instead.

What counts as used is decided conservatively, since keeping a rule too many costs a few bytes and
dropping a used one breaks a page:
- every word in the project's templates, JavaScript and Python sources (widgets and views name
  classes too) is taken for a class name, and a word ending in "-" right before a template tag or
  a quote (`alert-{{ tag }}`, f"text-bg-{kind}") keeps every class that starts with it;
- a selector is kept when each class it requires is used; classes inside :not(), :is(), :has()
  and :where() are not required; a selector naming no class (reboot, :root) is always kept;
- the classes Bootstrap's JavaScript adds for the components the pages use (collapse: the navbar
  toggler) are used;
- @media, @supports and @container blocks are kept around the rules kept inside them, @keyframes
  when a kept rule names them, the licence comment always.

tinycss2 (a dev dependency) parses the stylesheet; only `make css` and the tests need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = PROJECT_ROOT / "unionhall"
OUTPUT = SOURCE_DIR / "core" / "static" / "core" / "bootstrap.trimmed.css"

# Classes Bootstrap's JavaScript (bootstrap.min.js) sets on elements, for the components
# the templates use (data-bs-toggle="collapse": the navbar's menu), and the transition classes
# every component shares. Kept even though no source names them.
JS_CLASSES = frozenset(
    {
        "show",
        "showing",
        "hiding",
        "collapse",
        "collapsing",
        "collapsed",
        "collapse-horizontal",
        "fade",
        "active",
    }
)

# Pseudo-classes whose argument need not match: a class inside them is not required.
_OPTIONAL_ARGUMENT = frozenset({"not", "is", "where", "has", "-webkit-any", "-moz-any"})

_WORD = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
# A class prefix completed at render time: "alert-{{ x }}", "alert-{% if %}", f"bg-{x}", "bg-" + x.
_PREFIX = re.compile(r"(-?[A-Za-z_][A-Za-z0-9_-]*-)(?=\{|[\"']\s*[+%])")


def bootstrap_css_path() -> Path:
    import bootstrap  # django-bootstrap-static

    return (
        Path(bootstrap.__file__).resolve().parent
        / "static"
        / "bootstrap"
        / "css"
        / "bootstrap.min.css"
    )


def source_files(root: Path = SOURCE_DIR) -> list[Path]:
    """The files whose words may be class names: templates, the project's JavaScript, Python."""
    files = []
    for pattern in ("*.html", "*.js", "*.py", "*.txt"):
        for path in root.rglob(pattern):
            if (
                "migrations" in path.parts
                or "__pycache__" in path.parts
                or path == Path(__file__).resolve()
            ):
                continue
            files.append(path)
    return sorted(files)


def used_names(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """The words (candidate class names) and the class-name prefixes in `texts`."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text))
        prefixes.update(_PREFIX.findall(text))
    return words, prefixes


def _required_classes(tokens) -> Iterable[str]:
    """The classes a selector's tokens require (not those inside :not(), :is() and the like)."""
    previous = None
    for token in tokens:
        if (
            token.type == "ident"
            and previous is not None
            and previous.type == "literal"
            and previous.value == "."
        ):
            yield token.value
        elif token.type == "function" and token.lower_name not in _OPTIONAL_ARGUMENT:
            yield from _required_classes(token.arguments)
        elif token.type == "[] block":
            pass
        previous = token


def _split_selectors(prelude) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


class Trimmer:
    def __init__(self, words: set[str], prefixes: set[str], *, attributes_text: str = ""):
        self.words = words | JS_CLASSES
        self.prefixes = tuple(sorted(prefixes))
        self.attributes_text = attributes_text

    def is_used(self, name: str) -> bool:
        return name in self.words or name.startswith(self.prefixes)

    def keep_selector(self, tokens) -> bool:
        import tinycss2

        text = tinycss2.serialize(tokens)
        # Bootstrap's dark colour mode applies only where markup sets data-bs-theme.
        if "data-bs-theme" in text and "data-bs-theme" not in self.attributes_text:
            return False
        return all(self.is_used(name) for name in _required_classes(tokens))

    def rules(self, nodes) -> list[str]:
        import tinycss2

        out: list[str] = []
        for node in nodes:
            if node.type == "qualified-rule":
                kept = [s for s in _split_selectors(node.prelude) if self.keep_selector(s)]
                if kept:
                    prelude = ",".join(tinycss2.serialize(s).strip() for s in kept)
                    out.append(f"{prelude}{{{tinycss2.serialize(node.content).strip()}}}")
            elif node.type == "at-rule":
                name = node.lower_at_keyword
                if name in ("media", "supports", "container", "layer") and node.content is not None:
                    inner = self.rules(
                        tinycss2.parse_rule_list(
                            node.content, skip_whitespace=True, skip_comments=True
                        )
                    )
                    if inner:
                        out.append(
                            f"@{node.at_keyword}{tinycss2.serialize(node.prelude).rstrip()}{{{''.join(inner)}}}"
                        )
                else:
                    out.append(tinycss2.serialize([node]))
        return out


def trim(css: str, sources: Iterable[str]) -> str:
    """The rules of `css` (a whole stylesheet) that markup in `sources` can use."""
    import tinycss2

    texts = list(sources)
    words, prefixes = used_names(texts)
    trimmer = Trimmer(words, prefixes, attributes_text="\n".join(texts))
    nodes = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=False)
    licence = [n.value for n in nodes if n.type == "comment" and n.value.startswith("!")]
    rules = trimmer.rules([n for n in nodes if n.type != "comment"])
    # @keyframes only when a kept rule (outside the keyframes themselves) names them.
    body_without_keyframes = "".join(r for r in rules if not r.startswith("@keyframes"))
    kept = []
    for rule in rules:
        if rule.startswith("@keyframes"):
            name = rule[len("@keyframes") :].split("{", 1)[0].strip()
            if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body_without_keyframes):
                continue
        kept.append(rule)
    # @charset counts only as the file's very first bytes.
    charset = [r for r in kept if r.lower().startswith("@charset")]
    kept = [r for r in kept if r not in charset]
    header = "".join(f"{r}\n" for r in charset) + "".join(f"/*{c}*/\n" for c in licence)
    note = (
        "/* Trimmed by `make css` (unionhall/core/csstrim.py) to the rules the markup can use. */\n"
    )
    return header + note + "\n".join(kept) + "\n"


def build(output: Path = OUTPUT, *, root: Path = SOURCE_DIR) -> Path:
    css = bootstrap_css_path().read_text(encoding="utf-8")
    texts = (path.read_text(encoding="utf-8", errors="replace") for path in source_files(root))
    output.write_text(trim(css, texts), encoding="utf-8")
    return output
