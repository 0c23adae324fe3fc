from unionhall.reports.models import SummaryTemplate


def summary_template_active(*, org) -> SummaryTemplate | None:
    return SummaryTemplate.objects.filter(org=org, retired_at__isnull=True).first()
