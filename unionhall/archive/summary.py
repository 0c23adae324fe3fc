"""The archive's item of 存在的问题和不足: the parts every school year's archive should hold and
this year has nothing for (archive.parts_missing), named one by one, so that the chair can fill
them before the archive is handed over (or keep, reword or drop the item)."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Figure, Paragraph, Records, problem


@problem("archive.parts_missing", reads=("archive", "care", "plans"))
def parts_missing(org, period) -> Paragraph:
    return Paragraph(
        _(
            "The year's archive lacks {count} of the materials every year should hold: {list}; "
            "they are to be filed before the archive is handed over."
        ),
        count=Figure("archive.parts_missing"),
        list=Records("archive.parts_missing", show=lambda spec: str(spec.expected.what)),
    )
