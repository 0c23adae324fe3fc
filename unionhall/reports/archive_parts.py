"""The year-end work summary (工作总结) in the year's archive (组织建设), as the chair downloads
it: the organisation's own template when it has a working one, else the default."""

from django.conf import settings
from django.utils.translation import gettext as _

from unionhall.core.archive import ORGANISATION, PLANS_AND_SUMMARIES, ArchiveFile, archive_part
from unionhall.reports import documents, selectors
from unionhall.reports.build import summary_build


@archive_part("reports.summary", category=ORGANISATION, material=PLANS_AND_SUMMARIES)
def summary(org, period):
    built = summary_build(org=org, period=period)
    custom = selectors.summary_template_active(org=org)
    base_url = settings.UNIONHALL_SITE_URL
    try:
        content = documents.render(
            built, bytes(custom.content) if custom else None, base_url=base_url
        )
    except documents.TemplateBroken:
        content = documents.render(built, None, base_url=base_url)
    yield ArchiveFile(_("Work summary %(period)s.docx") % {"period": period.label}, content=content)
