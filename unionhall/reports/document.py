"""The summary as a Word document, rendered from a docxtpl template (Jinja tags inside a .docx).

The default template ships in `reports/docx/summary.docx` (rebuilt by
`manage.py build_summary_template`); an organisation may upload its own. A template sees:

    title, org_name, period_label, generated_on
    sections: list of {number, title, paragraphs (list of text), charts (list of images),
                       tables (list of {title, columns: [left, right], rows: [{label, value}]})}
    figures: any registered indicator by name → its formatted value, computed only when a
             template prints it, e.g. {{ figures["members.count"] }}; unknown names print nothing
"""

import datetime as dt
import io
from pathlib import Path

from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from unionhall.core.indicators import Period
from unionhall.reports.build import (
    BuiltChart,
    BuiltParagraph,
    BuiltRow,
    BuiltSection,
    BuiltTable,
    Segment,
    Summary,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "docx" / "summary.docx"


class TemplateBroken(Exception):
    """A template that cannot be rendered; the message says why, for the person who uploaded it."""


def title_for(summary: Summary) -> str:
    return _("%(org)s work summary for %(period)s") % {
        "org": summary.org.name,
        "period": summary.period.label,
    }


def _context(template: DocxTemplate, summary: Summary) -> dict:
    # matplotlib takes seconds to import: only a download pays for it, not every page.
    from unionhall.reports import charts

    heading = f"{summary.org.name} {summary.period.label}"
    sections = []
    for built in summary.sections:
        sections.append(
            {
                "number": built.number,
                "title": built.title,
                "paragraphs": [paragraph.text for paragraph in built.paragraphs],
                "tables": [
                    {
                        "title": table.title,
                        "columns": list(table.columns),
                        "rows": [
                            {"label": row.label, "value": row.cell.text} for row in table.rows
                        ],
                    }
                    for table in built.tables
                ],
                "charts": [
                    InlineImage(
                        template,
                        io.BytesIO(charts.bar_chart_png(chart, heading=heading)),
                        width=Mm(150),
                    )
                    for chart in built.charts
                ],
            }
        )
    return {
        "title": title_for(summary),
        "org_name": summary.org.name,
        "period_label": summary.period.label,
        "generated_on": dt.date.today().isoformat(),
        "sections": sections,
        "figures": summary.figures,
    }


def render(summary: Summary, template_bytes: bytes | None = None) -> bytes:
    """The .docx for `summary`, from the given template (or the default one).

    Raises TemplateBroken with a readable reason when the template cannot be used."""
    source = io.BytesIO(template_bytes) if template_bytes is not None else DEFAULT_TEMPLATE
    try:
        template = DocxTemplate(source)
        # Uploaded templates are untrusted Jinja: render them in Jinja's sandbox.
        template.render(_context(template, summary), SandboxedEnvironment(), autoescape=True)
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
