"""Every amount a page prints goes through the `money` filter, so it reads 1,234.50 everywhere.

The scan reads each template under unionhall/ and looks at what it prints: `{{ … }}` outside
blocktranslate, and the values a `{% blocktranslate with … %}` or `{% with … %}` binds (the
placeholders inside a blocktranslate are those names, so the bound value is what counts). A
printed variable whose last name ends in a money word (amount, total, balance, budget …) must
have `|money` among its filters. Counts that happen to be called "total" are listed below.
"""

import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from django.utils.text import smart_split

from tests.factories import MemberFactory
from tests.factories_care import record
from tests.personas import welfare_of

pytestmark = pytest.mark.usefixtures("english")

TEMPLATES = Path(__file__).resolve().parent.parent / "unionhall"

# The last word of a variable's last name (`report.income_total` → "total") that marks money.
MONEY_WORDS = frozenset(
    {
        "amount",
        "balance",
        "budget",
        "cap",
        "closing",
        "expense",
        "income",
        "monthly",
        "opening",
        "pay",
        "remaining",
        "spent",
        "standard",
        "sum",
        "total",
    }
)
# Variables with a money word that are not money, each with what it counts.
NOT_MONEY = {
    "composition.total": "representatives in a term",
    "quorum.total": "representatives of a session",
    "a.total": "assessment points of a school",
    "a.self_total": "assessment points a school gave itself",
    "assessment.total": "assessment points of a school",
    "assessment.self_total": "assessment points a school gave itself",
}

BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>.*?)%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
WITH = re.compile(r"{%\s*with\b(?P<args>.*?)%}", re.S)
PRINTED = re.compile(r"{{\s*(?P<expression>.*?)\s*}}", re.S)


def _is_money(variable: str) -> bool:
    if variable in NOT_MONEY or not re.fullmatch(r"[A-Za-z_][\w.]*", variable):
        return False  # a literal string or number
    last_name = variable.rsplit(".", 1)[-1]
    return last_name.rsplit("_", 1)[-1] in MONEY_WORDS


def _unformatted(expression: str) -> bool:
    """True when the expression prints money without the `money` filter."""
    variable, *filters = expression.split("|")
    return _is_money(variable.strip()) and "money" not in (f.split(":")[0] for f in filters)


def _bound_values(args: str) -> list[str]:
    """The values of `name=value` pairs in a tag's arguments, but for blocktranslate's
    `count n=…`, which is the number that chooses the plural: never an amount."""
    values = []
    for before, bit in pairwise(["", *smart_split(args)]):
        if "=" in bit and before != "count":
            values.append(bit.split("=", 1)[1])
    return values


def raw_amounts(source: str) -> list[tuple[int, str]]:
    """(line, expression) for each amount the template prints without `|money`."""
    found = []

    def check(expression: str, at: int) -> None:
        if _unformatted(expression):
            found.append((source.count("\n", 0, at) + 1, expression))

    for block in BLOCKTRANSLATE.finditer(source):
        for value in _bound_values(block["args"]):
            check(value, block.start())
    for tag in WITH.finditer(source):
        for value in _bound_values(tag["args"]):
            check(value, tag.start())
    # Placeholders inside a blocktranslate name the values checked above: blank the blocks out,
    # keeping their newlines so the line numbers stay right.
    outside = BLOCKTRANSLATE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), source)
    for printed in PRINTED.finditer(outside):
        check(printed["expression"], printed.start())
    return sorted(found)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("{{ v.amount }}", [(1, "v.amount")]),
        ("<td>\n{{ row.spent|floatformat:2 }}</td>", [(2, "row.spent|floatformat:2")]),
        ('{{ r.annual_cap|default:"—" }}', [(1, 'r.annual_cap|default:"—"')]),
        ("{{ report.income_total }}", [(1, "report.income_total")]),
        (
            "{% blocktranslate with amount=visit.amount %}{{ amount }} each{% endblocktranslate %}",
            [(1, "visit.amount")],
        ),
        ("{% with due=r.owed_amount %}{{ due }}{% endwith %}", [(1, "r.owed_amount")]),
        ("{{ v.amount|money }}", []),
        ('{{ r.cap|money|default:"—" }}', []),
        ("{% blocktranslate with a=visit.amount|money %}{{ a }}{% endblocktranslate %}", []),
        ("{{ m.income_percent }} {{ e.budget_flag }} {{ report.care_count }}", []),
        ("{% blocktranslate with t=composition.total %}{{ t }}{% endblocktranslate %}", []),
        ('{{ "total" }} {{ page.paginator.num_pages }}', []),
        (
            "{% blocktranslate count n=total %}{{ n }} item{% plural %}{{ n }} items"
            "{% endblocktranslate %}",
            [],
        ),
    ],
)
def test_the_scan_finds_raw_amounts_and_nothing_else(source, found):
    assert raw_amounts(source) == found


def test_every_template_prints_money_through_the_money_filter():
    offending = [
        f"{path.relative_to(TEMPLATES.parent)}:{line}: {{{{ {expression} }}}}"
        for path in sorted(TEMPLATES.rglob("templates/**/*.html"))
        for line, expression in raw_amounts(path.read_text(encoding="utf-8"))
    ]
    assert not offending, "Print these amounts with |money ({% load money %}):\n" + "\n".join(
        offending
    )


def test_every_template_that_prints_money_compiles():
    """A template that uses `|money` without `{% load money %}` fails here, not on a page."""
    from django.template.loader import get_template

    for path in sorted(TEMPLATES.rglob("templates/**/*.html")):
        if "|money" in path.read_text(encoding="utf-8"):
            name = path.as_posix().split("/templates/", 1)[1]
            get_template(name)


def test_a_care_list_prints_amounts_formatted(client, school):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    record(school, officer, [member], amount=Decimal("1234.50"))
    client.force_login(officer)
    page = client.get(f"/o/{school.code}/care/").content.decode()
    assert "1,234.50" in page
    assert "1234.50" not in page
    page = client.get(f"/o/{school.code}/care/member/{member.pk}/").content.decode()
    assert "1,234.50" in page
    assert "1234.50" not in page
