"""Turn the registered summary sections into a summary: prose, tables and charts whose every
figure is an indicator's value, computed once per summary and traceable to its records."""

import dataclasses
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionhall.core import indicators as indicator_registry
from unionhall.core import summary as summary_registry
from unionhall.core import versions
from unionhall.core.indicators import RATE, Indicator, IndicatorValue, Period
from unionhall.core.indicators import format_value as format_value  # re-exported for callers
from unionhall.core.summary import NEXT, WORK, Breakdown, Figure, Paragraph, Records, Section
from unionhall.core.text import join_list
from unionhall.reports.selectors import narrative_of, problem_choices_of

CHINESE_NUMERALS = "一二三四五六七八九十"
# The section keys of the chair's paragraphs that are not a section's: the opening paragraph.
OPENING = "opening"


def chinese_number(index: int) -> str:
    """一, 二 … 十, 十一 … 二十 … (index from 0)."""
    n = index + 1
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else f"{CHINESE_NUMERALS[tens - 1]}十"
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


def sub_number(index: int) -> str:
    """The second level of numbered headings: （一）, （二） …"""
    return f"（{chinese_number(index)}）"


def as_number(value: Any) -> float:
    """For drawing only: charts are pictures, figures in text stay exact."""
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


@dataclass
class ShownFigure:
    indicator: Indicator
    key: str | None
    value: Any
    text: str
    # The indicator's computed value and records (a breakdown entry's own part, if it has one).
    result: IndicatorValue | None = None
    # "numerator" or "denominator" when this shows a part of a rate's detail, not the rate.
    detail: str | None = None

    @property
    def label(self) -> str:
        # Templates call callables, and an Indicator is one: hand them its label instead.
        return str(self.indicator.label)

    @property
    def recorded(self) -> bool:
        return self.value is not None

    def __getstate__(self):
        # A summary kept for the page (`summary_kept`) keeps what is shown, not the records
        # behind it (a queryset would be read to be kept).
        return {**self.__dict__, "result": None}


@dataclass
class Segment:
    """A piece of a paragraph: plain text, or a figure."""

    text: str
    figure: ShownFigure | None = None
    # The records page behind the figure, set by the view when the user may see the records.
    href: str = ""


@dataclass
class BuiltParagraph:
    segments: list[Segment]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass
class BuiltRow:
    label: str
    cell: Segment


@dataclass
class BuiltTable:
    title: str
    columns: tuple[str, str]
    rows: list[BuiltRow]


@dataclass
class BuiltChart:
    title: str
    unit: str
    bars: list[tuple[str, float]]


@dataclass
class BuiltSection:
    key: str
    number: str
    title: str
    paragraphs: list[BuiltParagraph] = field(default_factory=list)
    tables: list[BuiltTable] = field(default_factory=list)
    charts: list[BuiltChart] = field(default_factory=list)
    # The chair's own paragraphs, by the number of computed paragraphs before them.
    narrative: dict[int, list[Any]] = field(default_factory=dict)
    # What the section as the page shows it is kept under, with its narrative (the versions of
    # the apps it reads and of the chair's paragraphs; `summary_kept`): "" when built afresh.
    kept_as: str = ""

    def blocks(self) -> Iterator[tuple[str, Any, int]]:
        """The section's paragraphs in reading order, each ("figures", BuiltParagraph, the
        position just after it) or ("narrative", the chair's paragraph, its position); a chair's
        paragraph placed after more computed paragraphs than there are now comes at the end."""
        for index, paragraph in enumerate(self.paragraphs):
            for written in self.narrative.get(index, []):
                yield "narrative", written, index
            yield "figures", paragraph, index + 1
        for position in sorted(p for p in self.narrative if p >= len(self.paragraphs)):
            for written in self.narrative[position]:
                yield "narrative", written, position


@dataclass
class BuiltProblem:
    """One item of 存在的问题和不足: the computed sentence, and what the chair chose for it."""

    key: str
    computed: BuiltParagraph
    # "keep" (the default), "reword" (the chair's `text` is said instead) or "drop".
    action: str = "keep"
    text: str = ""

    @property
    def dropped(self) -> bool:
        return self.action == "drop"

    @property
    def paragraph(self) -> BuiltParagraph:
        """What the summary says: the chair's words where reworded (the figures stay linked
        on the page beside it), else the computed sentence."""
        if self.action == "reword" and self.text:
            return BuiltParagraph([Segment(self.text)])
        return self.computed


@dataclass
class Summary:
    org: Any
    period: Period
    # 一、主要工作和成效: the sections, numbered （一）（二）…
    sections: list[BuiltSection]
    # Every registered indicator by name → its formatted value, computed when first read (a
    # custom .docx template may print any of them: {{ figures["care.visits"] }}).
    figures: Mapping[str, str]
    # The opening paragraph: the chair's (`opening_written`) or the computed default.
    opening: BuiltParagraph | None = None
    opening_written: Any = None
    # 二、存在的问题和不足, computed from the ledgers, with the chair's choices.
    problems: list[BuiltProblem] = field(default_factory=list)
    # 三、下一步工作打算: the sections from next year's plan.
    next_sections: list[BuiltSection] = field(default_factory=list)

    @property
    def problems_said(self) -> list[BuiltProblem]:
        return [problem for problem in self.problems if not problem.dropped]

    @property
    def opening_text(self) -> str:
        if self.opening_written is not None:
            return self.opening_written.text
        return self.opening.text if self.opening else ""


class _Values:
    """Each indicator computed at most once per summary; unregistered ones are None."""

    def __init__(self, org, period: Period):
        self.org = org
        self.period = period
        self.registered = indicator_registry.all_indicators()
        self.computed: dict[str, IndicatorValue] = {}

    def has(self, figure: Figure) -> bool:
        return figure.indicator in self.registered

    def show(self, figure: Figure) -> ShownFigure:
        found = self.registered[figure.indicator]
        if figure.indicator not in self.computed:
            self.computed[figure.indicator] = found(self.org, self.period)
        computed = self.computed[figure.indicator]
        result = computed
        value = computed.value
        if figure.key is not None:
            value = value.get(figure.key) if isinstance(value, dict) else None
            result = computed.parts.get(figure.key, computed)
        if figure.detail is not None:
            # A rate's numerator and denominator are not recorded when the rate is not.
            value = None if value is None else computed.detail.get(figure.detail)
            return ShownFigure(found, figure.key, value, format_value(value), result, figure.detail)
        text = found.format(value, part=figure.key is not None)
        return ShownFigure(found, figure.key, value, text, result)

    def records(self, name: str) -> tuple[ShownFigure, list]:
        """The indicator's value and the records behind it."""
        shown = self.show(Figure(name))
        records = self.computed[name].records
        return shown, list(records) if records is not None and shown.value is not None else []

    def breakdown(self, name: str) -> list[tuple[str, ShownFigure]]:
        whole = self.show(Figure(name))
        if not isinstance(whole.value, dict):
            return []
        return [(str(label), self.show(Figure(name, str(label)))) for label in whole.value]


class _LazyFigures(Mapping):
    def __init__(self, values: "_Values"):
        self.values = values

    def __getitem__(self, name: str) -> str:
        if name not in self.values.registered:
            raise KeyError(name)
        return self.values.show(Figure(name)).text

    def __iter__(self) -> Iterator[str]:
        return iter(self.values.registered)

    def __len__(self) -> int:
        return len(self.values.registered)


PER_CENT = ("%", "％")


def _unit_after(shown: ShownFigure) -> tuple[str, ...]:
    """What a sentence may print right after the figure that the figure's text already says
    (a rate's per cent sign), or that makes no sense after "not recorded" (its unit)."""
    if shown.indicator.kind == RATE and shown.key is None:
        return PER_CENT
    if not shown.recorded and str(shown.indicator.unit).strip():
        return (str(shown.indicator.unit).strip(),)
    return ()


def _drop_prefix(literal: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        stripped = literal.lstrip(" ")
        if stripped.startswith(prefix):
            return stripped[len(prefix) :]
    return literal


def _unrecorded(part, values: _Values) -> list[ShownFigure]:
    """The figures of a paragraph that are not recorded (or a breakdown with no entry)."""
    return [
        shown
        for shown in (values.show(figure) for figure in part.figures())
        if not shown.recorded or (isinstance(shown.value, dict) and not any(shown.value.values()))
    ]


def _said_empty(part, values: _Values) -> bool:
    """A paragraph none of whose figures is recorded, with its own whole sentence for that."""
    figures = part.figures()
    return bool(part.empty and figures and len(_unrecorded(part, values)) == len(figures))


def _breakdown_segments(placeholder: Breakdown, values: _Values) -> list[Segment]:
    """ "一等奖4项、二等奖7项": each entry with its figure linked to the entry's records."""
    segments: list[Segment] = []
    for label, shown in values.breakdown(placeholder.indicator):
        if not shown.value:
            continue
        if segments:
            segments.append(Segment(join_list(["", ""])))
        unit = placeholder.unit if placeholder.unit is not None else shown.indicator.unit
        segments.append(Segment(label))
        segments.append(Segment(shown.text, shown))
        segments.append(Segment(str(unit)))
    return segments


def _paragraph(part, values: _Values) -> BuiltParagraph | None:
    """The paragraph with its figures; None when one of them is not registered, or not
    recorded: a sentence never says "not recorded" in its middle (the section says once what
    was not recorded)."""
    if not all(values.has(figure) for figure in part.figures()):
        return None
    if _said_empty(part, values):
        return BuiltParagraph([Segment(str(part.empty))])
    if _unrecorded(part, values):
        return None
    segments = []
    after: tuple[str, ...] = ()
    for literal, name, _spec, _conversion in string.Formatter().parse(str(part.text)):
        literal = _drop_prefix(literal, after) if after else literal
        after = ()
        if literal:
            segments.append(Segment(literal))
        if name is None:
            continue
        placeholder = part.placeholders.get(name, "")
        if isinstance(placeholder, Figure):
            figure = values.show(placeholder)
            segments.append(Segment(figure.text, figure))
            after = _unit_after(figure)
        elif isinstance(placeholder, Records):
            figure, records = values.records(placeholder.indicator)
            items = placeholder.written(records)
            if placeholder.separator is None:
                text = join_list(items)
            else:
                text = str(placeholder.separator).join(items)
            segments.append(Segment(text or figure.text, figure))
        elif isinstance(placeholder, Breakdown):
            segments.extend(_breakdown_segments(placeholder, values))
        else:
            segments.append(Segment(str(placeholder)))
    return BuiltParagraph(segments)


def _table(part, values: _Values) -> BuiltTable | None:
    rows = []
    if part.records_of:
        if not values.has(Figure(part.records_of)):
            return None
        _shown, records = values.records(part.records_of)
        for label, text in part.written(records):
            rows.append(BuiltRow(str(label), Segment(str(text))))
    elif part.breakdown_of:
        if not values.has(Figure(part.breakdown_of)):
            return None
        for label, shown in values.breakdown(part.breakdown_of):
            rows.append(BuiltRow(label, Segment(shown.text, shown)))
    else:
        for label, cell in part.rows:
            if isinstance(cell, Figure):
                if not values.has(cell):
                    continue
                shown = values.show(cell)
                rows.append(BuiltRow(str(label), Segment(shown.text, shown)))
            else:
                rows.append(BuiltRow(str(label), Segment(str(cell))))
    figures = [row.cell.figure for row in rows if row.cell.figure is not None]
    if not rows or (figures and not any(figure.recorded for figure in figures)):
        return None  # nothing recorded in it: the paragraphs say so
    return BuiltTable(str(part.title), (str(part.columns[0]), str(part.columns[1])), rows)


def _chart(part, values: _Values) -> BuiltChart | None:
    """The chart's bars, leaving out what is not recorded; None when there is nothing to draw
    (no bar, or every bar zero): a chart is never drawn without data."""
    if part.breakdown_of:
        if not values.has(Figure(part.breakdown_of)):
            return None
        shown = values.breakdown(part.breakdown_of)
    else:
        shown = [
            (str(label), values.show(figure)) for label, figure in part.bars if values.has(figure)
        ]
    bars = [(label, as_number(figure.value)) for label, figure in shown if figure.recorded]
    if not any(number for _label, number in bars):
        return None
    return BuiltChart(str(part.title), str(part.unit), bars)


def _missing_labels(built: Section, values: _Values) -> list[str]:
    """What the section's sentences leave out for want of records, each once, by its
    indicator's label (a rate's numerator and denominator by the rate's)."""
    found: dict[tuple[str, str | None], str] = {}
    for part in built.paragraphs:
        if not all(values.has(figure) for figure in part.figures()) or _said_empty(part, values):
            continue
        for shown in _unrecorded(part, values):
            label = f"{shown.label} {shown.key}" if shown.key else shown.label
            found.setdefault((shown.indicator.name, shown.key), label)
    return list(found.values())


def _nothing_recorded(built: Section, values: _Values) -> bool:
    figures = [figure for figure in built.figures() if values.has(figure)]
    return bool(figures) and not any(values.show(figure).recorded for figure in figures)


def _built_section(spec, values: _Values) -> BuiltSection | None:
    """The section as the summary shows it (numbered by its place, `_summary_build`), or None."""
    built = spec.build(values.org, values.period)
    return None if built is None else _section(spec, built, values)


def _section(spec, built: Section, values: _Values) -> BuiltSection | None:
    # Unnumbered: its number is its place among the sections shown (`_summary_build`).
    result = BuiltSection(spec.key, "", str(built.title or spec.title))
    if _nothing_recorded(built, values):
        # One sentence, no table, no chart.
        sentence = str(built.empty) or _(
            "Nothing was recorded for this part of the union's work in the period (%(period)s)."
        ) % {"period": values.period.label}
        result.paragraphs = [BuiltParagraph([Segment(sentence)])]
        return result
    result.paragraphs = [p for p in (_paragraph(x, values) for x in built.paragraphs) if p]
    missing = _missing_labels(built, values)
    if missing:
        sentence = _("Not recorded in this period: %(items)s.") % {"items": join_list(missing)}
        result.paragraphs.append(BuiltParagraph([Segment(sentence)]))
    result.tables = [t for t in (_table(x, values) for x in built.tables) if t]
    result.charts = [c for c in (_chart(x, values) for x in built.charts) if c]
    if not (result.paragraphs or result.tables or result.charts):
        return None
    return result


# How long a summary is kept at most: a change of its school's records moves the key at once;
# this only frees what nobody asks for any more.
KEPT_SECONDS = 24 * 60 * 60
# The apps the default opening's figures read (OPENING_FIGURES).
OPENING_READS = ("members", "activities", "care", "congress", "voice")


class _Parts:
    """Where a summary's parts come from: built now (`found` None: `summary_build`), or kept in
    the cache (`summary_kept`) under the school, the period, today's date (figures such as the
    plan tasks done depend on it), the language it is written in, and the data versions
    (`found`, `core.versions.of`) of the apps the part reads: a section of the register is kept
    while attendance is ticked."""

    def __init__(self, org, period: Period, found: dict[str, int] | None = None):
        self.org = org
        self.period = period
        self.found = found

    def key(self, kind: str, name: str, reads: tuple[str, ...] | None) -> str:
        return ":".join(
            str(part)
            for part in (
                "reports.summary",
                kind,
                name,
                self.org.pk,
                self.period.start,
                self.period.end,
                timezone.localdate(),
                translation.get_language(),
                *(f"{app}={version}" for app, version in versions.kept_under(self.found, reads)),
            )
        )

    def shown_key(self, spec) -> str:
        """What a section as the page shows it is kept under: what it reads and the chair's
        paragraphs (`_attach_narrative`), or "" when the summary is built afresh."""
        if self.found is None:
            return ""
        reads = None if spec.reads is None else (*spec.reads, "reports")
        return self.key("shown", spec.key, reads)

    def get(self, kind: str, name: str, reads: tuple[str, ...] | None, build):
        if self.found is None:
            return build()
        key = self.key(kind, name, reads)
        kept = cache.get(key)  # a one-tuple, so that "nothing" (None) is kept too
        if kept is None:
            kept = (build(),)
            cache.set(key, kept, KEPT_SECONDS)
        return kept[0]


def summary_kept(*, org, period: Period) -> Summary:
    """The summary as the page shows it, kept in the cache (README, "Speed"): whole under the
    versions of all the school's apps, and each section, problem and the opening under the
    versions of the apps it reads (`_Parts`), so that a change of one app's records builds only
    what reads it. What depends on the reader (the links to records, the forms) is added by
    the view on every request. A kept summary has its figures' texts, not their records: the
    .docx and the records pages build their own."""
    parts = _Parts(org, period, versions.of(org.pk))
    key = parts.key("whole", "", None)
    summary = cache.get(key)
    if summary is None:
        with indicator_registry.computed_together():
            summary = dataclasses.replace(_summary_build(parts), figures={})
        cache.set(key, summary, KEPT_SECONDS)
    return summary


def summary_build(*, org, period: Period) -> Summary:
    # The indicators share what several of them read (`indicators.shared`), for this build only.
    with indicator_registry.computed_together():
        return _summary_build(_Parts(org, period))


def _summary_build(parts: _Parts) -> Summary:
    org, period = parts.org, parts.period
    values = _Values(org, period)
    sections: dict[str, list[BuiltSection]] = {WORK: [], NEXT: []}
    for spec in summary_registry.all_sections():
        built = parts.get(
            "section", spec.key, spec.reads, lambda spec=spec: _built_section(spec, values)
        )
        if built is not None:
            numbered = sections.setdefault(spec.part, [])
            numbered.append(
                dataclasses.replace(
                    built,
                    number=sub_number(len(numbered)),
                    narrative={},
                    kept_as=parts.shown_key(spec),
                )
            )
    summary = Summary(
        org,
        period,
        sections[WORK],
        _LazyFigures(values),
        opening=parts.get("opening", "", OPENING_READS, lambda: _opening(org, period, values)),
        problems=_problems(parts, values),
        next_sections=sections[NEXT],
    )
    _attach_narrative(summary)
    return summary


# The figures the default opening paragraph states, each in its own clause, in this order.
OPENING_FIGURES = (
    "members.count",
    "activities.held",
    "care.person_visits",
    "congress.proposals_received",
    "voice.received",
)


def _opening(org, period: Period, values: _Values) -> BuiltParagraph:
    """The default opening: who wrote it, under whom, the year in figures, and what follows —
    two or three sentences, each figure linked to its records."""
    clauses = {
        "members.count": _("{figure} members on the register"),
        "activities.held": _("{figure} activities held"),
        "care.person_visits": _("members cared for {figure} times (person-visits)"),
        "congress.proposals_received": (
            _("{figure} proposals put to the assembly of all staff")
            if org.congress_form_in_force == org.CongressForm.ASSEMBLY
            else _("{figure} proposals received")
        ),
        "voice.received": _("{figure} suggestions received"),
    }
    segments = [
        Segment(
            _(
                "In %(period)s the trade union of %(org)s, led by the school's Party "
                "organisation and the trade union above it, served the school's central work "
                "and carried out its duties of protecting, building, taking part and educating."
            )
            % {"period": name_of_period(period), "org": org.name}
        )
    ]
    said = []
    for name in OPENING_FIGURES:
        built = _paragraph(Paragraph(clauses[name], figure=Figure(name)), values)
        if built is not None:
            said.append(built)
    if said:
        segments.append(Segment(_("Over the year the union had ")))
        for index, clause in enumerate(said):
            if index:
                segments.append(Segment(pgettext("separator between clauses", ", ")))
            segments.extend(clause.segments)
        segments.append(Segment(_(". ")))
    segments.append(Segment(_("The year's work is summed up as follows.")))
    return BuiltParagraph(segments)


def name_of_period(period: Period) -> str:
    from unionhall.reports import periods

    return periods.name_of(period)


def _problems(parts: _Parts, values: _Values) -> list[BuiltProblem]:
    chosen = problem_choices_of(org=parts.org, period=parts.period.label)
    found = []
    for spec in summary_registry.all_problems():
        built = parts.get("problem", spec.key, spec.reads, lambda spec=spec: _problem(spec, values))
        if built is None:
            continue
        choice = chosen.get(spec.key)
        found.append(
            BuiltProblem(
                spec.key,
                built,
                action=choice.action if choice else "keep",
                text=choice.text if choice else "",
            )
        )
    return found


def _problem(spec, values: _Values) -> BuiltParagraph | None:
    """The problem's computed sentence, or None when the ledgers show no such problem."""
    part = spec.build(values.org, values.period)
    if part is None:
        return None
    built = _paragraph(part, values)
    shown = [values.show(f) for f in part.figures() if values.has(f)]
    if built is None or not any(figure.value for figure in shown):
        return None
    return built


def _attach_narrative(summary: Summary) -> None:
    written = narrative_of(org=summary.org, period=summary.period.label)
    for section in (*summary.sections, *summary.next_sections):
        for paragraph in written.get(section.key, []):
            section.narrative.setdefault(paragraph.position, []).append(paragraph)
    opening = written.get(OPENING, [])
    summary.opening_written = opening[0] if opening else None
