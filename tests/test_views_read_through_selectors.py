"""Views read through their app's selectors: no `Model.objects` query is written in a view module.

Two uses stay, by rule:
- the object a route's id names, fetched with `get_object_or_404(Model, org=..., pk=...)`, which
  the views do everywhere; its first argument may be `Model.objects.select_related(...)` (or
  `.prefetch_related`/`.only`) to load what the page shows with it, the filters staying in the
  call's keywords, where a reader checks the organisation;
- `Model.objects.none()`, the empty placeholder a form field starts from (it reads nothing).
"""

import ast
from pathlib import Path

import unionhall

APP_ROOT = Path(unionhall.__file__).parent

LOADING = {"select_related", "prefetch_related", "only"}


def _view_modules() -> list[Path]:
    found = set(APP_ROOT.glob("*/views*.py")) | set(APP_ROOT.glob("*/views/*.py"))
    return sorted(found)


def _is_lookup_argument(node: ast.Attribute, parents: dict) -> bool:
    """`node` (a `.objects`) starts the first argument of get_object_or_404, followed only by
    calls that load related rows."""
    current: ast.AST = node
    while True:
        parent = parents.get(current)
        if isinstance(parent, ast.Attribute) and parent.value is current:
            if parent.attr not in LOADING:
                return False
            call = parents.get(parent)
            if not (isinstance(call, ast.Call) and call.func is parent):
                return False
            current = call
            continue
        if isinstance(parent, ast.Call) and parent.args and parent.args[0] is current:
            return isinstance(parent.func, ast.Name) and parent.func.id == "get_object_or_404"
        return False


def _is_placeholder(node: ast.Attribute, parents: dict) -> bool:
    parent = parents.get(node)
    call = parents.get(parent)
    return (
        isinstance(parent, ast.Attribute)
        and parent.attr == "none"
        and isinstance(call, ast.Call)
        and call.func is parent
    )


def _reads(path: Path) -> list[int]:
    """The lines where the module queries `Model.objects` outside the two uses allowed."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and not _is_lookup_argument(node, parents)
        and not _is_placeholder(node, parents)
    ]


def test_it_finds_the_view_modules():
    names = {str(p.relative_to(APP_ROOT)) for p in _view_modules()}
    assert {
        "district/views.py",
        "plans/views.py",
        "archive/views.py",
        "orgs/views.py",
        "polls/views.py",
        "polls/views_kinds.py",
        "polls/views_selections.py",
    } <= names


def test_no_view_module_queries_a_manager_itself():
    offending = {
        str(path.relative_to(APP_ROOT)): lines
        for path in _view_modules()
        if (lines := _reads(path))
    }
    assert offending == {}, "move these reads into the app's selectors module"


def test_the_scan_catches_a_read_and_lets_the_lookups_pass(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def page(request, pk):\n"
        "    a = get_object_or_404(Plan, org=request.org, pk=pk)\n"
        "    b = get_object_or_404(Task.objects.select_related('plan'), org=request.org, pk=pk)\n"
        "    c = forms.ModelChoiceField(queryset=User.objects.none())\n"
        "    d = Plan.objects.filter(org=request.org)\n"
        "    e = get_object_or_404(User.objects.filter(org=request.org), pk=pk)\n"
        "    f = get_object_or_404(Task.objects.select_related('plan').filter(x=1), pk=pk)\n"
    )
    assert _reads(module) == [5, 6, 7]
