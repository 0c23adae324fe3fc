"""The register as a spreadsheet: the blank import template and the filtered list."""

from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core import idcard
from unionhall.core.excel import workbook_bytes
from unionhall.core.text import join_list
from unionhall.members.importer import COLUMNS, header_label
from unionhall.members.models import Member
from unionhall.orgs.models import Department


def template_bytes(*, org) -> bytes:
    departments = list(Department.objects.filter(org=org).values_list("name", flat=True))
    example = [
        (departments[0] if departments else "") if col.key == "department" else col.example
        for col in COLUMNS
    ]
    guide = [
        (_("Columns marked * are required. Keep the header row as it is; one member per row."),),
        (_("Format the ID card number column as text, so Excel keeps all 18 characters."),),
        (_("Dates look like 1985-03-02."),),
        (_("Gender and date of birth may be left blank: they come from the ID card number."),),
        (_("Employment status is one of 在职、退休、调出、去世."),),
        (_("Hardship status is one of 无、困难、特困."),),
        (_("Departments of this union: %(names)s") % {"names": join_list(departments)},),
        (_("Delete the example row before importing."),),
    ]
    return workbook_bytes(
        [
            (_("Members"), [header_label(col) for col in COLUMNS], [example]),
            (_("How to fill in"), [_("How to fill in")], guide),
        ]
    )


def register_bytes(*, members, sensitive: bool) -> bytes:
    header = [
        _("Name"),
        _("Gender"),
        _("Date of birth"),
        _("ID card number"),
        _("Mobile"),
        _("Department"),
        _("Post or title"),
        _("Employment status"),
        _("Joined the union"),
        _("Retired on"),
    ]
    if sensitive:
        header.append(_("Hardship status"))

    # Each choice's label in the reader's language, looked up once per file, not once per cell.
    genders = _labels(Member, "gender")
    statuses = _labels(Member, "status")
    hardships = _labels(Member, "hardship")
    columns = ("name", "gender", "birth_date", "id_number", "mobile", "department__name", "post")
    columns += ("status", "joined_on", "retired_on", "hardship")

    def rows():
        for m in members.values_list(*columns, named=True).iterator(chunk_size=1000):
            row = [
                m.name,
                genders.get(m.gender, m.gender),
                m.birth_date,
                m.id_number if sensitive else idcard.mask(m.id_number),
                m.mobile,
                m.department__name,
                m.post,
                statuses.get(m.status, m.status),
                m.joined_on,
                m.retired_on,
            ]
            if sensitive:
                row.append(hardships.get(m.hardship, m.hardship) if m.hardship else "")
            yield row

    title = _("Members %(date)s") % {"date": timezone.localdate().isoformat()}
    return workbook_bytes([(title, header, rows())])


def _labels(model, field_name: str) -> dict:
    """A choice field's values and their labels, as `get_FOO_display` shows them."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
