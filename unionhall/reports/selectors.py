from collections import defaultdict

from unionhall.reports.models import NarrativeParagraph, ProblemChoice, SummaryTemplate


def summary_template_active(*, org) -> SummaryTemplate | None:
    return SummaryTemplate.objects.filter(org=org, retired_at__isnull=True).first()


def summary_template_history(*, org, limit: int = 20) -> list[SummaryTemplate]:
    """Templates this organisation used before, newest first (without their content)."""
    rows = SummaryTemplate.objects.filter(org=org, retired_at__isnull=False)
    return list(rows.defer("content").select_related("uploaded_by")[:limit])


def narrative_of(*, org, period: str) -> dict[str, list[NarrativeParagraph]]:
    """The chair's paragraphs of the summary for `period` (its label), by section key, in
    order; removed ones are left out."""
    rows = NarrativeParagraph.objects.filter(org=org, period=period, deleted_at__isnull=True)
    found: dict[str, list[NarrativeParagraph]] = defaultdict(list)
    for paragraph in rows:
        found[paragraph.section].append(paragraph)
    return dict(found)


def narrative_get(*, org, pk: int) -> NarrativeParagraph | None:
    return NarrativeParagraph.objects.filter(org=org, pk=pk, deleted_at__isnull=True).first()


def problem_choices_of(*, org, period: str) -> dict[str, ProblemChoice]:
    """The chair's choices for the items of 存在的问题和不足 in the summary for `period`."""
    return {c.key: c for c in ProblemChoice.objects.filter(org=org, period=period)}
