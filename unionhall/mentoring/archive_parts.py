"""Mentoring in the year's archive (组织建设: the staff's growth): each contract of the year as
its .docx, and a workbook of the pairs with their progress and assessment, and every log."""

from django.utils.translation import gettext as _

from unionhall.core.archive import ORGANISATION, PLANS_AND_SUMMARIES, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes
from unionhall.mentoring import selectors
from unionhall.mentoring.documents import contract_docx
from unionhall.mentoring.models import Log


@archive_part("mentoring.contracts", category=ORGANISATION, material=PLANS_AND_SUMMARIES)
def contracts(org, period):
    found = list(selectors.contract_list(org=org, period=period).select_related("org"))
    folder = _("Mentoring contracts")
    for contract in found:
        yield ArchiveFile(
            f"{folder}/{contract.starts_on:%Y}-{contract.pk}-{contract.mentor.name}.docx",
            content=contract_docx(contract),
        )
    pairs = [pair for contract in found for pair in contract.pairs.all()]
    by_id = {contract.pk: contract for contract in found}
    for pair in pairs:
        pair.contract = by_id[pair.contract_id]
    progress = selectors.progress_of(pairs)
    logs = (
        Log.objects.filter(org=org, contract__in=found)
        .select_related("member", "observed")
        .order_by("contract_id", "date", "id")
    )

    def pair_rows():
        for pair in pairs:
            shown = progress[pair.pk]
            assessment = getattr(pair, "assessment", None)
            yield (
                pair.contract.mentor.name,
                pair.mentee.name,
                pair.contract.starts_on,
                pair.contract.ends_on,
                *(f"{t.done}/{t.target}" for t in shown.targets),
                _("Yes") if shown.met else _("No"),
                assessment.get_grade_display() if assessment else "",
                assessment.comment if assessment else "",
                pair.pk,
            )

    yield ArchiveFile(
        _("Mentoring %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Pairs"),
                    [
                        _("Mentor"),
                        _("Mentee"),
                        _("Term starts"),
                        _("Term ends"),
                        *(str(label) for _key, label, _f, _k in selectors.TARGETS),
                        _("Targets met"),
                        _("Grade"),
                        _("Comment"),
                        _("Record no."),
                    ],
                    pair_rows(),
                ),
                (
                    _("Logs"),
                    [
                        _("Date"),
                        _("What"),
                        _("By"),
                        _("Whose lesson"),
                        _("Class"),
                        _("Subject"),
                        _("Title"),
                        _("Short comment"),
                        _("Record no."),
                    ],
                    (
                        (
                            log.date,
                            log.get_kind_display(),
                            log.member.name,
                            log.observed.name if log.observed else "",
                            log.class_name,
                            log.subject,
                            log.title,
                            log.comment,
                            log.pk,
                        )
                        for log in logs.iterator()
                    ),
                ),
            ]
        ),
    )
