"""Sections of the year-end work summary (工作总结), contributed by each app.

The reports app renders the summary page and the .docx; it never imports another app. Each app
describes its own part of the summary in its own `summary.py` (loaded by `autodiscover`, like
`indicators.py`), with figures that are only ever references to indicators:

    from django.utils.translation import gettext_lazy as _
    from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section

    @section("care", title=_("Caring for members"))
    def care(org, period) -> Section:
        return Section(
            paragraphs=[
                Paragraph(
                    _("The union paid {visits} care visits, giving {amount} yuan in all."),
                    visits=Figure("care.visits"),
                    amount=Figure("care.amount"),
                ),
            ],
            tables=[Table.breakdown("care.by_kind", columns=(_("Kind"), _("Visits")))],
            charts=[Chart.breakdown("care.by_kind", title=_("Care visits by kind"))],
        )

- A section function takes (organisation, period) and returns a `Section` (or None to leave the
  section out). It computes nothing itself: the renderer computes each referenced indicator once
  per summary and shares the value between sections.
- `Paragraph(text, **placeholders)`: `text` is one whole translatable sentence (or several) with
  `{name}` placeholders; each placeholder is a `Figure` (a reference to an indicator, optionally
  one `key` of a breakdown indicator, whose value is a mapping) or plain text. A paragraph that
  refers to an indicator nobody registered is left out, so a section may mention figures of an
  app that is not installed yet. Each figure is shown linked to the records behind it.
- Nothing recorded is said, never printed as 0: a figure with no records reads "not recorded"
  (or its indicator's own phrase), and a rate carries its own per cent sign (write "{rate}", not
  "{rate}%"). A paragraph whose figures are all unrecorded is replaced by its `empty` sentence
  (`Paragraph(text, empty=_("No care visits were recorded."), **placeholders)`); any other
  paragraph with a figure not recorded is left out (a sentence never says "not recorded" in its
  middle), and the section ends with one sentence naming what was not recorded; so write one
  paragraph per fact that may be missing.
  A section whose figures are all unrecorded is one sentence (its `empty`, or a general one),
  with no table and no chart; a table with nothing recorded in it, and a chart with nothing to
  draw, are left out.
- `Table(columns=(left, right), rows=[(label, Figure or text), …])`: a two-column table. Rows with
  an unregistered indicator are left out. `Table.breakdown(name, columns)` makes one row per
  entry of a breakdown indicator (value: mapping of label → number).
- `Chart(title, bars=[(label, Figure), …])` or `Chart.breakdown(name, title)`: a bar chart in the
  .docx (labels may be Chinese).
- `Records(name, show=…)` as a placeholder: the records behind an indicator, each written by
  `show(record)`, as one list ("《甲》、《乙》"). The list comes from the same records as the
  indicator's count, so the two always agree.
- `Figure(name, detail="numerator")`: one entry of an indicator's detail, e.g. a rate's numerator
  and denominator ("12 of 15"); like the rate, it is None (not recorded) when the denominator is
  empty.
- The sections come in the order of `SECTION_ORDER` below (the order of a school union's
  year-end summary); the `title` is shown as the section heading. `key` must be unique.

The summary has the three parts every school union's 工作总结 has: 一、主要工作和成效 (the
sections, `part=WORK`), 二、存在的问题和不足 (the problems below) and 三、下一步工作打算 (sections
declared with `part=NEXT`, from next year's plan).

- `Breakdown(name)` as a placeholder: a breakdown indicator's entries in one phrase ("一等奖4项、
  二等奖7项"), each entry linked to its own records; so a paragraph aggregates where a list of
  names would run on.
- `Table.records(name, columns, row=lambda record: (left, right))`: a table with one row per
  record behind an indicator (the names a paragraph only counts).
- `@problem(key)` registers one item of 存在的问题和不足: a function (organisation, period) →
  `Paragraph` whose figures are counts of the records at fault (late answers, members not
  visited…). The item is said only when every figure is recorded (a count with no records is
  no problem); the chair may keep, reword or drop it (reports stores the choice).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

# The order of the sections, as a school union's year-end summary runs: the union itself and its
# members, political and ethical study, democratic management (the staff congress, suggestions,
# evaluations), care for members, sports and culture, honours, the funds, then next year's plan.
# An app that contributes a section adds its key here, in its place; a key not listed here sorts
# by the `order` given to @section (after every listed one unless it says otherwise).
SECTION_ORDER: tuple[str, ...] = (
    "members",  # 组织建设: 会员
    "ideology",  # 思想建设、师德建设
    "congress",  # 民主管理: 教代会
    "voice",  # 民主管理: 建言献策
    "polls",  # 民主管理: 民主选举、民主测评、评选与公示
    "care",  # 送温暖、关怀
    "activities",  # 文体活动
    "women",  # 女职工工作
    "competitions",  # 竞赛、比武
    "honours",  # 评先评优、荣誉
    "mentoring",  # 师徒结对、青年教师培养
    "funds",  # 经费
    "plans",  # 工作计划
)
UNLISTED_ORDER = 1000


def order_of(key: str, declared: int | None = None) -> int:
    """Where a section goes: its place in SECTION_ORDER, else the order it declared."""
    if key in SECTION_ORDER:
        return (SECTION_ORDER.index(key) + 1) * 10
    return UNLISTED_ORDER if declared is None else declared


@dataclass(frozen=True)
class Figure:
    """A reference to an indicator's value, to one entry of a breakdown indicator (`key`), or to
    one entry of its detail (`detail`, e.g. a rate's "numerator" or "denominator")."""

    indicator: str
    key: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Records:
    """The records behind an indicator, each written by `show(record)`, as one list in a
    paragraph: the same rows its count is made of, so the list and the count agree."""

    indicator: str
    show: Callable[[Any], str]
    # Between two items; None: the language's list separator ("、" in Chinese).
    separator: Promise | str | None = None
    # Instead of `show` one by one: all the records written at once, for records whose text
    # needs reads of its own (one read for them all, not one per record).
    show_all: Callable[[list], list[str]] | None = None

    def written(self, records) -> list[str]:
        records = list(records)
        if self.show_all is not None:
            return self.show_all(records)
        return [self.show(record) for record in records]


@dataclass(frozen=True)
class Breakdown:
    """A breakdown indicator's entries said in one phrase, each "label figure unit"."""

    indicator: str
    # Written after each entry's figure (a measure word: "项", "个"); default: the indicator's.
    unit: Promise | str | None = None


@dataclass(init=False)
class Paragraph:
    text: Promise | str
    placeholders: dict[str, "Figure | Records | Promise | str"] = field(default_factory=dict)
    # The whole sentence said instead when none of the paragraph's figures is recorded.
    empty: Promise | str = ""

    def __init__(
        self,
        text: Promise | str,
        *,
        empty: Promise | str = "",
        **placeholders: "Figure | Records | Promise | str",
    ):
        self.text = text
        self.empty = empty
        self.placeholders = placeholders

    def figures(self) -> list[Figure]:
        found = []
        for placeholder in self.placeholders.values():
            if isinstance(placeholder, Figure):
                found.append(placeholder)
            elif isinstance(placeholder, Records | Breakdown):
                found.append(Figure(placeholder.indicator))
        return found


@dataclass
class Table:
    columns: tuple[Promise | str, Promise | str]
    rows: list[tuple[Promise | str, "Figure | Promise | str"]] = field(default_factory=list)
    title: Promise | str = ""
    # When set, rows are made from this breakdown indicator's mapping, one row per entry.
    breakdown_of: str | None = None
    # When set, one row per record behind this indicator, written by `row(record)`.
    records_of: str | None = None
    row: Callable[[Any], tuple[str, str]] | None = None
    # Instead of `row` one by one: all the rows written at once, for records whose row needs
    # reads of its own (one read for them all, not one per record).
    rows_all: Callable[[list], list[tuple[str, str]]] | None = None

    @classmethod
    def records(
        cls,
        name: str,
        *,
        columns: tuple[Promise | str, Promise | str],
        row: Callable[[Any], tuple[str, str]],
        rows_all: Callable[[list], list[tuple[str, str]]] | None = None,
        title: Promise | str = "",
    ) -> "Table":
        return cls(columns=columns, title=title, records_of=name, row=row, rows_all=rows_all)

    def written(self, records) -> list[tuple[str, str]]:
        records = list(records)
        if self.rows_all is not None:
            return self.rows_all(records)
        return [self.row(record) for record in records]

    @classmethod
    def breakdown(
        cls, name: str, *, columns: tuple[Promise | str, Promise | str], title: Promise | str = ""
    ) -> "Table":
        return cls(columns=columns, title=title, breakdown_of=name)

    def figures(self) -> list[Figure]:
        if self.breakdown_of or self.records_of:
            return [Figure(self.breakdown_of or self.records_of)]
        return [cell for _label, cell in self.rows if isinstance(cell, Figure)]


@dataclass
class Chart:
    title: Promise | str
    bars: list[tuple[Promise | str, Figure]] = field(default_factory=list)
    breakdown_of: str | None = None
    unit: Promise | str = ""

    @classmethod
    def breakdown(cls, name: str, *, title: Promise | str, unit: Promise | str = "") -> "Chart":
        return cls(title=title, breakdown_of=name, unit=unit)

    def figures(self) -> list[Figure]:
        if self.breakdown_of:
            return [Figure(self.breakdown_of)]
        return [figure for _label, figure in self.bars]


@dataclass
class Section:
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # Filled in by the registry from the @section declaration when left empty.
    title: Promise | str = ""
    # The one sentence said instead when none of the section's figures is recorded.
    empty: Promise | str = ""

    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        for part in (*self.paragraphs, *self.tables, *self.charts):
            found.extend(part.figures())
        return found


SectionFunction = Callable[[Any, Any], Section | None]


# The parts of the summary a section belongs to: 一、主要工作和成效, 三、下一步工作打算.
WORK = "work"
NEXT = "next"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    order: int
    title: Promise | str
    build: SectionFunction
    part: str = WORK
    reads: tuple[str, ...] | None = None


_REGISTRY: dict[str, SectionSpec] = {}


def section(
    key: str,
    *,
    title: Promise | str,
    order: int | None = None,
    part: str = WORK,
    reads: tuple[str, ...] | None = None,
):
    """Register a section. Its place comes from SECTION_ORDER; `order` only places a section
    that SECTION_ORDER does not list; `part` says which part of the summary it is in. `reads`:
    the apps whose records it (and every indicator it shows) reads besides the organisation's
    own; the summary page keeps it built until one of them changes (`core.versions.kept_under`;
    None: until any record changes). tests/test_summary_parts_kept.py holds each to it."""

    def register(func: SectionFunction) -> SectionFunction:
        if key in _REGISTRY and _REGISTRY[key].build is not func:
            raise ValueError(f"summary section {key!r} is registered twice")
        _REGISTRY[key] = SectionSpec(key, order_of(key, order), title, func, part, reads)
        return func

    return register


ProblemFunction = Callable[[Any, Any], Paragraph | None]


@dataclass(frozen=True)
class ProblemSpec:
    key: str
    order: int
    build: ProblemFunction
    reads: tuple[str, ...] | None = None


_PROBLEMS: dict[str, ProblemSpec] = {}


def problem(key: str, *, order: int | None = None, reads: tuple[str, ...] | None = None):
    """Register one item of 存在的问题和不足; items come in the order of their app's section
    in SECTION_ORDER (the part before the first dot of `key`), or `order`. `reads`: as a
    section's (`section`)."""

    def register(func: ProblemFunction) -> ProblemFunction:
        if key in _PROBLEMS and _PROBLEMS[key].build is not func:
            raise ValueError(f"summary problem {key!r} is registered twice")
        _PROBLEMS[key] = ProblemSpec(key, order_of(key.split(".")[0], order), func, reads)
        return func

    return register


def all_problems() -> list[ProblemSpec]:
    autodiscover()
    return sorted(_PROBLEMS.values(), key=lambda spec: (spec.order, spec.key))


_discovered = False


def autodiscover() -> None:
    """Import every app's `summary.py`, once per process: looking for the modules again on every
    call cost several milliseconds a page (an import attempt per app)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("summary")
        _discovered = True


def all_sections() -> list[SectionSpec]:
    autodiscover()
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.key))
