"""The summary as a Word document, rendered from a docxtpl template (Jinja tags inside a .docx).

The default template ships in `reports/docx/summary.docx` (rebuilt by
`manage.py build_summary_template`), laid out as a Chinese official document (GB/T 9704); an
organisation may upload its own. A template sees:

    title, title_lines (the title in one or two lines), org_name, period_label, period_name,
    generated_on (ISO date), signed_on (written out)
    opening: the opening paragraph (rich text: print with {{r opening }})
    parts: the headings of the three parts {work, problems, next} ("一、主要工作和成效" …)
    sections: 一、主要工作和成效, list of {number ("（一）"), title,
                       paragraphs (list of text: the computed ones and the chair's, in order),
                       blocks (the same, each {text, rich, narrative}; print `rich` with {{r … }}
                               to keep each figure a hyperlink to its records),
                       charts (list of images; only charts worth drawing),
                       captioned_charts (the same, each {title, image}),
                       tables (list of {number, title, columns: [left, right],
                                        rows: [{label, value, rich}]})}
    problems: 二、存在的问题和不足, list of {text, rich}, numbered "1. …" (those the chair left
              out are not there); no_problems: the sentence said when there is none
    next_sections: 三、下一步工作打算, sections as above, from next year's plan; no_next
    closing: the last paragraph, kept on the page of the signature
    sources: the appendix "数据来源": list of {number, title,
             rows: [{value, rich, indicator, name, records}]}, one row per figure of a section
    figures: any registered indicator by name → its formatted value, computed only when a
             template prints it, e.g. {{ figures["members.count"] }}; unknown names print nothing
"""

import dataclasses
import datetime as dt
import io
import struct
from pathlib import Path

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2.sandbox import SandboxedEnvironment

from unionhall.core.indicators import Period
from unionhall.reports import periods
from unionhall.reports.build import (
    BuiltChart,
    BuiltParagraph,
    BuiltProblem,
    BuiltRow,
    BuiltSection,
    BuiltTable,
    Segment,
    Summary,
    chinese_number,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "docx" / "summary.docx"
# The character style of a figure that links to its records (defined in the default template;
# Word ignores it in a template that lacks it).
FIGURE_STYLE = "FigureLink"


class TemplateBroken(Exception):
    """A template that cannot be rendered; the message says why, for the person who uploaded it."""


def title_for(summary: Summary) -> str:
    return periods.title(summary.org.name, summary.period)


def part_headings() -> dict[str, str]:
    """The headings of the summary's three parts, numbered 一、二、三、."""
    return {
        "work": _("%(number)s. Main work and results") % {"number": chinese_number(0)},
        "problems": _("%(number)s. Problems and shortcomings") % {"number": chinese_number(1)},
        "next": _("%(number)s. Plans for the next stage") % {"number": chinese_number(2)},
    }


def title_lines(summary: Summary) -> list[str]:
    return periods.title_lines(summary.org.name, summary.period)


def worth_drawing(chart: BuiltChart) -> bool:
    """A chart adds something only when it compares two or more numbers, not all zero."""
    return len(chart.bars) >= 2 and any(value for _label, value in chart.bars)


def value_heading(table: BuiltTable) -> str:
    """The heading of a table's number column, with the unit its figures share: "金额" becomes
    "金额（元）"; a heading that already gives the unit stays as it is."""
    column = table.columns[1]
    units = {
        str(row.cell.figure.indicator.unit) for row in table.rows if row.cell.figure is not None
    }
    if len(units) != 1:
        return column
    unit = units.pop()
    if not unit or column == unit or f"（{unit}）" in column or f"({unit})" in column:
        return column
    return _("%(column)s (%(unit)s)") % {"column": column, "unit": unit}


def records_count(segment: Segment) -> int:
    """How many records are behind a figure (a query for a queryset, counted in the database)."""
    shown = segment.figure
    records = shown.result.records if shown is not None and shown.result is not None else None
    if records is None:
        return 0
    if isinstance(records, QuerySet):
        return records.count()
    return len(list(records))


class _Links:
    """Each figure as rich text linking to its records page (an absolute URL)."""

    def __init__(self, template: DocxTemplate, base_url: str):
        self.template = template
        self.base_url = base_url.rstrip("/")
        self.ids: dict[str, str] = {}

    def url(self, segment: Segment) -> str:
        if not segment.href:
            return ""
        return segment.href if "://" in segment.href else f"{self.base_url}{segment.href}"

    def add(self, rich: RichText, segment: Segment) -> None:
        url = self.url(segment)
        if not url:
            rich.add(segment.text)
            return
        if url not in self.ids:
            self.ids[url] = self.template.build_url_id(url)
        rich.add(segment.text, style=FIGURE_STYLE, url_id=self.ids[url])

    def paragraph(self, paragraph: BuiltParagraph) -> RichText:
        rich = RichText()
        for segment in paragraph.segments:
            self.add(rich, segment)
        return rich

    def figure(self, segment: Segment) -> RichText:
        rich = RichText()
        self.add(rich, segment)
        return rich


def _blocks(built: BuiltSection, links: _Links) -> list[dict]:
    blocks = []
    for kind, item, _position in built.blocks():
        if kind == "narrative":
            # A blank line in the chair's text starts a new paragraph of the document.
            for text in filter(None, (line.strip() for line in item.text.splitlines())):
                blocks.append({"text": text, "rich": RichText(text), "narrative": True})
        else:
            blocks.append({"text": item.text, "rich": links.paragraph(item), "narrative": False})
    return blocks


def _sources(built: BuiltSection, links: _Links) -> list[dict]:
    """One row per figure of the section (each figure once), with the records behind it."""
    segments = [s for p in built.paragraphs for s in p.segments]
    segments += [row.cell for table in built.tables for row in table.rows]
    return _source_rows(segments, links)


def _source_rows(segments, links: _Links) -> list[dict]:
    rows, seen = [], set()
    for segment in segments:
        shown = segment.figure
        # A rate's numerator and denominator are listed with the rate itself.
        if shown is None or shown.detail or (shown.indicator.name, shown.key) in seen:
            continue
        seen.add((shown.indicator.name, shown.key))
        # The figure alone, even where the page says it in a sentence ("…: not recorded.").
        segment = dataclasses.replace(segment, text=shown.text)
        indicator = shown.label
        if shown.key is not None:
            indicator = _("%(indicator)s: %(part)s") % {"indicator": indicator, "part": shown.key}
        rows.append(
            {
                "value": segment.text,
                "rich": links.figure(segment),
                "indicator": indicator,
                "name": shown.indicator.name,
                "records": records_count(segment),
            }
        )
    return rows


def _context(template: DocxTemplate, summary: Summary, base_url: str = "") -> dict:
    # matplotlib takes seconds to import: only a download pays for it, not every page.
    from unionhall.reports import charts

    links = _Links(template, base_url)
    heading = f"{summary.org.name} {summary.period.label}"
    sections, sources = [], []
    for built in (*summary.sections, *summary.next_sections):
        blocks = _blocks(built, links)
        drawn = [
            {
                "title": chart.title,
                "image": _chart_image(template, charts.bar_chart_png(chart, heading=heading)),
            }
            for chart in built.charts
            if worth_drawing(chart)
        ]
        tables, titled = [], 0
        for table in built.tables:
            tables.append(
                {
                    "number": f"{titled + 1}." if table.title else "",
                    "title": table.title,
                    "columns": [table.columns[0], value_heading(table)],
                    "rows": [
                        {"label": row.label, "value": row.cell.text, "rich": links.figure(row.cell)}
                        for row in table.rows
                    ],
                }
            )
            titled += bool(table.title)
        sections.append(
            {
                "number": built.number,
                "title": built.title,
                "paragraphs": [block["text"] for block in blocks],
                "blocks": blocks,
                "tables": tables,
                # The images alone (templates made before charts had headings), and each
                # with its heading (the default template keeps the two on one page).
                "charts": [chart["image"] for chart in drawn],
                "captioned_charts": drawn,
                "next": built in summary.next_sections,
            }
        )
        rows = _sources(built, links)
        if rows:
            sources.append({"number": f"{len(sources) + 1}.", "title": built.title, "rows": rows})
    # The problems' figures are sourced like the sections' (a reworded problem has none).
    said = [s for problem in summary.problems_said for s in problem.paragraph.segments]
    if rows := _source_rows(said, links):
        title = _("Problems and shortcomings")
        sources.append({"number": f"{len(sources) + 1}.", "title": title, "rows": rows})
    today = timezone.localdate()  # the date in the organisation's time zone
    work = [section for section in sections if not section["next"]]
    upcoming = [section for section in sections if section["next"]]
    problems = _problems(summary.problems_said, links)
    if upcoming:
        upcoming[-1]["last"] = True
    return {
        "title": title_for(summary),
        "title_lines": title_lines(summary),
        "opening": _opening(summary, links),
        "parts": part_headings(),
        "problems": problems,
        "no_problems": _("No shortcoming was found in the ledgers for this period."),
        "next_sections": upcoming,
        "closing": _(
            "In the year ahead the union will keep to its duties, rely on its members and do "
            "still better work for the staff and for the school."
        ),
        "no_next": _(
            "Next year's work plan is not drawn up yet; the union will draw it up with the "
            "school's plan."
        ),
        "org_name": summary.org.name,
        "period_label": summary.period.label,
        "period_name": periods.name_of(summary.period),
        "generated_on": today.isoformat(),
        "signed_on": formats.date_format(today, "DATE_FORMAT"),
        "sections": work,
        "sources": sources,
        "labels": {
            "appendix": _("Appendix"),
            "sources": _("Data sources"),
            "sources_note": _(
                "The indicator behind each figure of this summary and the number of ledger "
                "records it counts; follow a figure to see its records."
            ),
            "indicator": _("Indicator"),
            "figure": _("Figure"),
            "records": _("Records"),
        },
        "figures": summary.figures,
    }


# The width of a chart on the page: the A4 text block is 156 mm wide (GB/T 9704 margins).
CHART_WIDTH_MM = 140
# The most a chart stands on the page: a third of the A4 text block (225 mm tall). A chart kept
# with its heading that does not fit in what is left of a page moves to the next one; no taller
# than this, it leaves at most a third of a page blank behind it (a chart of many bars is drawn
# narrower instead).
CHART_MAX_HEIGHT_MM = 75


def chart_size_mm(png: bytes) -> tuple[float, float]:
    """The chart's width and height on the page: the full chart width, or narrower where that
    would make it taller than CHART_MAX_HEIGHT_MM (its proportions kept)."""
    width, height = struct.unpack(">II", png[16:24])  # the PNG's header (IHDR)
    shown = CHART_WIDTH_MM * height / width
    if shown <= CHART_MAX_HEIGHT_MM:
        return CHART_WIDTH_MM, shown
    return CHART_MAX_HEIGHT_MM * width / height, CHART_MAX_HEIGHT_MM


def _chart_image(template: DocxTemplate, png: bytes) -> InlineImage:
    width, height = chart_size_mm(png)
    return InlineImage(template, io.BytesIO(png), width=Mm(width), height=Mm(height))


def _opening(summary: Summary, links: _Links) -> RichText:
    if summary.opening_written is not None:
        return RichText(summary.opening_written.text.strip())
    if summary.opening is None:
        return RichText("")
    return links.paragraph(summary.opening)


def _problems(problems: list[BuiltProblem], links: _Links) -> list[dict]:
    """Each item numbered 1. 2. …, its figure linked to its records (unless reworded)."""
    found = []
    for index, problem in enumerate(problems):
        rich = RichText(f"{index + 1}. ")
        for segment in problem.paragraph.segments:
            links.add(rich, segment)
        found.append({"rich": rich, "text": f"{index + 1}. {problem.paragraph.text}"})
    return found


def render(summary: Summary, template_bytes: bytes | None = None, *, base_url: str = "") -> bytes:
    """The .docx for `summary`, from the given template (or the default one). Figures whose
    segments carry an `href` link to `base_url` + href (their records page).

    Raises TemplateBroken with a readable reason when the template cannot be used."""
    source = io.BytesIO(template_bytes) if template_bytes is not None else DEFAULT_TEMPLATE
    try:
        template = DocxTemplate(source)
        # Uploaded templates are untrusted Jinja: render them in Jinja's sandbox.
        template.render(
            _context(template, summary, base_url), SandboxedEnvironment(), autoescape=True
        )
        output = io.BytesIO()
        template.save(output)
    except Exception as error:  # docxtpl raises zip, XML and Jinja errors alike
        raise TemplateBroken(_describe(error)) from error
    return output.getvalue()


def _describe(error: Exception) -> str:
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from jinja2 import TemplateError

    if isinstance(error, zipfile.BadZipFile | PackageNotFoundError | KeyError):
        return _("The file is not a Word .docx document.")
    if isinstance(error, TemplateError):
        line = getattr(error, "lineno", None)
        if line:
            return _(
                "The template has a tag error near line %(line)s of the template text: %(error)s"
            ) % {"line": line, "error": error}
        return _("The template has a tag error: %(error)s") % {"error": error}
    return _("The template could not be filled in: %(error)s") % {"error": error}


def sample_summary(org) -> Summary:
    """A made-up summary used to check an uploaded template before it is stored."""
    period = Period.year(dt.date.today().year)
    text = _("This is a sample paragraph with a figure: 42.")
    section = BuiltSection(
        key="sample",
        number="一",
        title=_("Sample section"),
        paragraphs=[BuiltParagraph([Segment(text)])],
        tables=[
            BuiltTable(
                _("Sample table"),
                (_("Item"), _("Value")),
                [BuiltRow(_("Members"), Segment("42"))],
            )
        ],
        charts=[BuiltChart(_("Sample chart"), "", [("会员", 42.0), ("女教职工", 24.0)])],
    )
    return Summary(org, period, [section], {"members.count": "42"})
