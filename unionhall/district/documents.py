"""The district's own documents: its summary rolling up its schools (.docx, in the official
layout), and the comparison, returns and ranking as .xlsx."""

from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core import documents
from unionhall.core.excel import workbook_bytes
from unionhall.core.indicators import Period, format_rate, format_value
from unionhall.district import selectors
from unionhall.district.models import (
    RETURN_AMOUNTS,
    RETURN_COUNTS,
    RETURN_FLAGS,
    AnnualReturn,
    ReturnRound,
)
from unionhall.orgs.models import Organisation


def _figure(value) -> str:
    return format_value(value)


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


NUMERALS = "一二三四五六七八九十"
# The schools' table is cut into tables of this many figures beside the school's name, so that
# each column is wide enough for a number on one line (A4 portrait, 15.6 cm of text width).
FIGURES_A_TABLE = 3
NAME_CM = 4.5
TEXT_CM = 15.6


def _day(day) -> str:
    """A date as an official document writes it: 2026年9月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _headed(found) -> str:
    """A figure's column heading: its label, and its unit in brackets where it has one."""
    return f"{found.label}（{found.unit}）" if found.unit else str(found.label)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def rollup_docx(*, district: Organisation, year: int, names: list[str]) -> bytes:
    """The district's summary for `year`: the figures of its schools from the indicators,
    summed (one grouped query per indicator), the annual returns summed, each school listed."""
    period = Period.year(year)
    compared = selectors.comparison(district=district, names=names, period=period)
    doc = documents.official_document()
    documents.title(
        doc,
        _("%(district)s: the work of its school unions in %(year)s")
        % {"district": district.name, "year": year},
    )
    schools = len(compared.rows)
    documents.paragraph(
        doc,
        _(
            "The district has %(n)s school unions. The figures below are the schools' own "
            "records, added up."
        )
        % {"n": schools},
    )
    sections = iter(NUMERALS)

    def heading(text: str) -> None:
        documents.heading(doc, f"{next(sections)}、{text}")

    heading(_("Main figures"))
    documents.grid(
        doc,
        [_("Indicator"), _("District total"), _("Median school")],
        [
            (
                _headed(c.found),
                c.found.format(c.total) if c.adds_up else "—",
                c.found.format(c.median),
            )
            for c in compared.columns
        ],
        numeric=(1, 2),
        widths_cm=(8.4, 3.6, 3.6),
    )
    round = ReturnRound.objects.filter(org=district, year=year).first()
    if round is not None:
        totals = selectors.return_totals(round=round)
        heading(_("Annual returns"))
        documents.paragraph(
            doc,
            _("%(n)s of %(schools)s schools submitted their annual return for %(year)s.")
            % {"n": totals["schools"], "schools": schools, "year": year},
        )
        rows = [(str(label), _figure(totals[name])) for name, label in RETURN_COUNTS]
        rows += [(str(label), _figure(totals[name])) for name, label in RETURN_AMOUNTS]
        rows += [
            (str(label), _("%(n)s schools") % {"n": totals[name]}) for name, label in RETURN_FLAGS
        ]
        rate = totals["join_rate"]
        rows.append((_("Join rate"), format_rate(rate) if rate is not None else "—"))
        documents.grid(
            doc, [_("Indicator"), _("District total")], rows, numeric=(1,), widths_cm=(10, 5.6)
        )
    heading(_("The schools"))
    indexed = list(enumerate(compared.columns))
    for part in _chunks(indexed, FIGURES_A_TABLE) if indexed else [[]]:
        width = (TEXT_CM - NAME_CM) / max(len(part), 1)
        documents.grid(
            doc,
            [_("School union"), *[_headed(c.found) for _i, c in part]],
            [
                (row.school.name, *[c.found.format(row.values[i]) for i, c in part])
                for row in compared.rows
            ],
            numeric=range(1, len(part) + 1),
            widths_cm=(NAME_CM, *[width] * len(part)),
        )
        documents.paragraph(doc, indent=False)
    documents.paragraph(
        doc,
        _(
            "The figures are those the schools had recorded in unionhall on %(day)s; a school "
            "without a figure had recorded none."
        )
        % {"day": _day(timezone.localdate())},
    )
    documents.signature(doc, district.name, _day(timezone.localdate()))
    return documents.to_bytes(doc)


def comparison_xlsx(compared: selectors.Comparison) -> bytes:
    header = [_("School union"), *[f"{c.found.label}（{c.found.unit}）" for c in compared.columns]]

    def cell(value):
        return float(value) if value is not None and not isinstance(value, int) else value

    rows = [[row.school.name, *[cell(v) for v in row.values]] for row in compared.rows]
    rows.append(
        [_("District total"), *[cell(c.total) if c.adds_up else None for c in compared.columns]]
    )
    rows.append([_("Median school"), *[cell(c.median) for c in compared.columns]])
    return workbook_bytes([(_("Schools"), header, rows)])


def returns_xlsx(statuses: list[selectors.ReturnStatus]) -> bytes:
    names = [n for n, _l in RETURN_COUNTS + RETURN_AMOUNTS + RETURN_FLAGS]
    labels = [str(label) for _n, label in RETURN_COUNTS + RETURN_AMOUNTS + RETURN_FLAGS]
    header = [_("School union"), _("Status"), *labels, _("Join rate")]
    rows = []
    for status in statuses:
        found: AnnualReturn | None = status.annual_return
        if found is None or not found.is_submitted:
            rows.append([status.school.name, _("Not submitted")])
            continue
        values = [getattr(found, name) for name in names]
        values = [
            _yes(v) if isinstance(v, bool) else (float(v) if not isinstance(v, int) else v)
            for v in values
        ]
        rows.append([status.school.name, _("Submitted"), *values, found.join_rate])
    return workbook_bytes([(_("Annual returns"), header, rows)])


def ranking_xlsx(ranked) -> bytes:
    header = [
        _("Position"),
        _("School union"),
        _("Self-assessed"),
        _("Bonus"),
        _("Total"),
        _("Tier"),
    ]
    rows = [
        [
            index,
            a.org.name,
            float(a.self_total),
            float(a.bonus),
            float(a.total),
            a.tier or (_("vetoed") if a.vetoed else _("no tier")),
        ]
        for index, a in enumerate(ranked, start=1)
    ]
    return workbook_bytes([(_("Ranking"), header, rows)])
