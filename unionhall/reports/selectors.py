from unionhall.reports.models import SummaryTemplate


def summary_template_active(*, org) -> SummaryTemplate | None:
    return SummaryTemplate.objects.filter(org=org, retired_at__isnull=True).first()


def summary_template_history(*, org, limit: int = 20) -> list[SummaryTemplate]:
    """Templates this organisation used before, newest first (without their content)."""
    rows = SummaryTemplate.objects.filter(org=org, retired_at__isnull=False)
    return list(rows.defer("content").select_related("uploaded_by")[:limit])
