"""Reading a care ledger spreadsheet (a paper 慰问登记 typed in), a staged import of
`core.importing`: every row checked, every error named by row and column, the care rules too.

One row is one visit: its date, kind (a festival's name will do), who received it (a member by
name, several names, or a group such as 全体在职教职工), the amount each received, cash or the
goods given, and who paid (blank: as the care rules say for each member's status on the date).
Rows are checked against the care rules in the order of the file, each counting what the rows
before it gave, so a cap reached halfway down the file is named on the row that passes it. The
care rules are rules of union funds: shares the school's budget pays are not judged by them.

Nothing here writes. `services.care_import` records a file only when it has no errors, every
row at once.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.care.batch import Group, group_members
from unionhall.care.models import CareRule, Festival, Kind, Payer
from unionhall.care.rules import CareHistory, breaches_by_member, dues_breaches
from unionhall.care.services import not_a_member_on, payer_on, retirement_warnings
from unionhall.core.backdate import stated_date
from unionhall.core.excel import workbook_bytes
from unionhall.core.importing import (
    CellError,
    Column,
    Row,
    SheetParser,
    cell_text,
    choice_lookup,
    header_label,
    norm,
    read_date,
)
from unionhall.core.money import validate_amount
from unionhall.core.text import join_list
from unionhall.dues.models import DuesAccount, DuesPolicy
from unionhall.dues.selectors import settings_for
from unionhall.members.models import Member
from unionhall.members.selectors import status_on

MAX_ROWS = 5000

COLUMNS = (
    Column("date", gettext_lazy("Date"), True, "2025-01-20", ("日期", "慰问日期", "发放日期")),
    Column(
        "kind",
        gettext_lazy("Kind of care"),
        True,
        "节日",
        ("类别", "慰问类别", "慰问类型", "事由", "类型"),
    ),
    Column("festival", gettext_lazy("Festival"), False, "春节", ("节日", "节日名称")),
    Column(
        "recipients",
        gettext_lazy("Member or group"),
        True,
        "全体在职教职工",
        ("慰问对象", "姓名", "对象", "人员", "会员"),
    ),
    Column(
        "amount",
        gettext_lazy("Amount per member (yuan)"),
        True,
        "300",
        ("金额", "金额（元）", "慰问金额", "每人金额", "标准"),
    ),
    Column(
        "given_as",
        gettext_lazy("Cash or goods given"),
        True,
        "大米、食用油",
        ("发放形式", "慰问品", "物品", "现金/实物", "形式"),
    ),
    Column("payer", gettext_lazy("Paid by"), False, "工会经费", ("支付方", "经费来源", "出资")),
    Column("illness", gettext_lazy("Illness or hospital stay"), False, "", ("病情", "病种")),
    Column("note", gettext_lazy("Note"), False, "", ("备注",)),
)

# Words a paper ledger uses for the kinds, the festivals, cash and who paid, beside the labels.
KIND_ALIASES = {
    "生病": Kind.ILLNESS,
    "疾病": Kind.ILLNESS,
    "住院": Kind.ILLNESS,
    "病": Kind.ILLNESS,
    "探病": Kind.ILLNESS,
    "婚嫁": Kind.WEDDING,
    "新婚": Kind.WEDDING,
    "生小孩": Kind.BIRTH,
    "生育慰问": Kind.BIRTH,
    "丧葬": Kind.BEREAVEMENT,
    "去世": Kind.BEREAVEMENT,
    "丧": Kind.BEREAVEMENT,
    "退休慰问": Kind.RETIREMENT,
    "生日慰问": Kind.BIRTHDAY,
    "节日慰问": Kind.FESTIVAL,
    "困难": Kind.HARDSHIP,
    "帮扶": Kind.HARDSHIP,
    "困难职工帮扶": Kind.HARDSHIP,
}
FESTIVAL_ALIASES = {
    "春节": Festival.SPRING,
    "元旦春节": Festival.SPRING,
    "三八": Festival.WOMEN,
    "三八节": Festival.WOMEN,
    "妇女节": Festival.WOMEN,
    "端午": Festival.DRAGON_BOAT,
    "教师节": Festival.TEACHERS,
    "中秋": Festival.MID_AUTUMN,
    "中秋节": Festival.MID_AUTUMN,
    "重阳": Festival.DOUBLE_NINTH,
    "重阳节": Festival.DOUBLE_NINTH,
    "敬老节": Festival.DOUBLE_NINTH,
}
CASH_WORDS = {"现金", "cash", "红包", "慰问金"}
PAYER_ALIASES = {
    "工会": Payer.UNION,
    "学校": Payer.ADMINISTRATION,
    "学校行政": Payer.ADMINISTRATION,
    "行政": Payer.ADMINISTRATION,
    "学校经费": Payer.ADMINISTRATION,
    "学校预算": Payer.ADMINISTRATION,
    "school": Payer.ADMINISTRATION,
}
GROUP_ALIASES = {
    "全体教职工": Group.STAFF,
    "在职教职工": Group.STAFF,
    "全体在职": Group.STAFF,
    "全体女教职工": Group.WOMEN,
    "女教职工": Group.WOMEN,
    "女会员": Group.WOMEN,
    "退休人员": Group.RETIREES,
    "退休教职工": Group.RETIREES,
    "全体退休教职工": Group.RETIREES,
    "全体会员": Group.EVERYONE,
}
# Several names in one cell: 张明、李华 (also commas and semicolons, full or half width).
_NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")
# A name with its department to tell two members of the same name apart: 张明（语文组）.
_NAME_WITH_DEPARTMENT = re.compile(r"^(.+?)\s*[（(]\s*(.+?)\s*[)）]$")
# Which column shows each rule's sentence (a checker's `field`).
RULE_COLUMNS = {"is_cash": "given_as", "amount": "amount", "kind": "kind", "illness": "illness"}


def template_bytes() -> bytes:
    """The template to fill in, its headings in Chinese: the columns with two example rows, and
    how to fill it in."""
    with translation.override("zh-hans"):
        guide = [
            (
                _(
                    "Columns marked * are required. Keep the header row as it is; one visit "
                    "per row, as the paper ledger lists them."
                ),
            ),
            (_("Dates look like 2025-01-20; a visit cannot be dated in the future."),),
            (
                _("Kind of care is one of %(kinds)s; a festival's name (春节、中秋) will do.")
                % {"kinds": join_list(str(k.label) for k in Kind)},
            ),
            (
                _(
                    "Member or group: a member's name as on the register, several names "
                    "separated by 、, or one of %(groups)s. When two members share a name, "
                    "add the department: 张明（语文组）."
                )
                % {"groups": join_list(str(g.label) for g in Group)},
            ),
            (_("Cash or goods given: 现金, or the goods (e.g. 水果、牛奶)."),),
            (
                _(
                    "Paid by: 工会经费 or 学校行政经费; blank: as the care rules say for each "
                    "member. The care rules judge only what union funds pay."
                ),
            ),
            (_("Delete the example rows before importing."),),
        ]
        header = [header_label(col) for col in COLUMNS]
        examples = [
            [col.example for col in COLUMNS],
            ["2025-03-12", "疾病或住院", "", "张明", "500", "现金", "工会经费", "阑尾炎住院", ""],
        ]
        return workbook_bytes(
            [
                (_("Care visits"), header, examples),
                (_("How to fill in"), [_("How to fill in")], guide),
            ]
        )


def _names(cell) -> list[str]:
    return [name.strip() for name in _NAME_SEPARATORS.split(cell_text(cell)) if name.strip()]


class CareLedgerParser(SheetParser):
    """Parse one sheet of care visits for one organisation, the care rules checked row by row
    in the order of the file. Build once per file."""

    columns = COLUMNS
    max_rows = MAX_ROWS
    no_rows_message = gettext_lazy("The file has a header row but no care visits.")

    def __init__(self, *, org):
        super().__init__(org=org)
        self.register = list(
            Member.objects.filter(org=org)
            .select_related("department")
            .order_by("department__sort_order", "name_pinyin", "id")
        )
        self.members_by_name: dict[str, list[Member]] = {}
        for member in self.register:
            self.members_by_name.setdefault(norm(member.name), []).append(member)
        self.kinds = choice_lookup(Kind.choices)
        self.kinds.update({norm(k): v for k, v in KIND_ALIASES.items()})
        self.festivals = choice_lookup(Festival.choices)
        self.festivals.update({norm(k): v for k, v in FESTIVAL_ALIASES.items()})
        self.payers = choice_lookup(Payer.choices)
        self.payers.update({norm(k): v for k, v in PAYER_ALIASES.items()})
        self.groups = choice_lookup(Group.choices)
        self.groups.update({norm(k): v for k, v in GROUP_ALIASES.items()})
        self.rules = {rule.kind: rule for rule in CareRule.objects.filter(org=org)}
        self.dues_policy = settings_for(org=org).benefits_need_dues
        # Only a member with dues set can owe them: the others need no look-up.
        self.with_dues = (
            set(DuesAccount.objects.filter(org=org).values_list("member_id", flat=True))
            if self.dues_policy != DuesPolicy.OFF
            else set()
        )
        # What union funds gave each member, read a year at a time as the rows need it.
        self.history = CareHistory(org=org)

    # One parser per column, in the order a row is checked (and its errors listed).

    def date(self, cell, row: Row) -> dt.date | None:
        try:
            day = read_date(cell)
        except CellError as error:
            row.fail("date", str(error))
            return None
        if day is None:
            row.fail("date", _("is required"))
            return None
        try:  # a paper record's date: never in the future (core.backdate)
            return stated_date(day, field="date")
        except ValidationError as error:
            row.fail("date", error.messages[0])
            return None

    def kind(self, cell, row: Row) -> str:
        text = norm(cell)
        if not text:
            row.fail("kind", _("is required"))
            return ""
        if text in self.kinds:
            return self.kinds[text]
        if text in self.festivals:  # 春节: a festival visit at the Spring Festival
            row.data["festival_of_kind"] = self.festivals[text]
            return Kind.FESTIVAL
        row.fail(
            "kind",
            _("“%(value)s” is not one of %(kinds)s")
            % {"value": cell_text(cell), "kinds": join_list(str(k.label) for k in Kind)},
        )
        return ""

    def festival(self, cell, row: Row) -> str:
        text = norm(cell)
        implied = row.data.pop("festival_of_kind", "")
        if not text:
            if row.data.get("kind") == Kind.FESTIVAL and not implied:
                row.fail("festival", _("name the festival for a festival visit"))
            return implied
        festival = self.festivals.get(text)
        if festival is None:
            row.fail(
                "festival",
                _("“%(value)s” is not one of %(festivals)s")
                % {
                    "value": cell_text(cell),
                    "festivals": join_list(str(f.label) for f in Festival),
                },
            )
            return ""
        return festival if row.data.get("kind") == Kind.FESTIVAL else ""

    def recipients(self, cell, row: Row) -> list[Member]:
        """A group by its name, or members by name (a department in brackets when two share a
        name), each on the register on the visit's date."""
        text = cell_text(cell)
        if not text:
            row.fail("recipients", _("is required"))
            return []
        group = self.groups.get(norm(text))
        day = row.data.get("date")
        if group is not None:
            if day is None:
                return []
            members = group_members(org=self.org, group=group, date=day, register=self.register)
            if not members:
                row.fail(
                    "recipients",
                    _("nobody in “%(group)s” was on the register on %(date)s")
                    % {"group": text, "date": day.isoformat()},
                )
            return members
        found, seen = [], set()
        for name in _names(text):
            member = self._member(name, row)
            if member is None:
                continue
            if member.pk in seen:
                row.fail("recipients", _("%(name)s is named twice") % {"name": name})
                continue
            seen.add(member.pk)
            found.append(member)
            if day is not None:
                refusal = not_a_member_on(
                    member, status_on(member, day), kind=row.data.get("kind", ""), date=day
                )
                if refusal:
                    row.fail("recipients", refusal)
        return found

    def _member(self, name: str, row: Row) -> Member | None:
        department = ""
        match = _NAME_WITH_DEPARTMENT.match(name)
        if match:
            name, department = match.groups()
        found = self.members_by_name.get(norm(name), [])
        if department:
            found = [m for m in found if norm(m.department.name) == norm(department)]
        if not found:
            if department:
                row.fail(
                    "recipients",
                    _("no member named %(name)s is in %(department)s")
                    % {"name": name, "department": department},
                )
            else:
                row.fail(
                    "recipients",
                    _("no member named %(name)s is on the register") % {"name": name},
                )
            return None
        if len(found) > 1:
            row.fail(
                "recipients",
                _(
                    "%(n)d members are named %(name)s (%(departments)s): add the department, "
                    "as in %(example)s"
                )
                % {
                    "n": len(found),
                    "name": name,
                    "departments": "、".join(m.department.name for m in found),
                    "example": f"{name}（{found[0].department.name}）",
                },
            )
            return None
        return found[0]

    def amount(self, cell, row: Row) -> Decimal | None:
        text = cell_text(cell)
        if not text:
            row.fail("amount", _("is required"))
            return None
        written = re.sub(r"[¥￥元,，\s]", "", text)
        try:
            value = Decimal(written)
        except InvalidOperation:
            row.fail("amount", _("“%(value)s” is not an amount of money") % {"value": text})
            return None
        try:
            return validate_amount(value)
        except ValidationError as error:
            row.fail("amount", error.messages[0])
            return None

    def given_as(self, cell, row: Row) -> tuple[bool, str]:
        """(given in cash, the goods): 现金, or the goods as written."""
        text = cell_text(cell)
        if not text:
            row.fail("given_as", _("write 现金, or the goods given"))
            return False, ""
        if norm(text) in CASH_WORDS:
            return True, ""
        return False, text[:200]

    def payer(self, cell, row: Row) -> str:
        text = norm(cell)
        if not text:
            return ""
        payer = self.payers.get(text)
        if payer is None:
            row.fail(
                "payer",
                _("“%(value)s” is not one of %(payers)s, or blank")
                % {"value": cell_text(cell), "payers": join_list(str(p.label) for p in Payer)},
            )
        return payer or ""

    def illness(self, cell, row: Row) -> str:
        illness = cell_text(cell)[:100]
        if row.data.get("kind") == Kind.ILLNESS and not illness:
            row.fail(
                "illness",
                _("name the illness or hospital stay, so that the same illness is recognised"),
            )
        return illness if row.data.get("kind") == Kind.ILLNESS else ""

    def note(self, cell, row: Row) -> str:
        return cell_text(cell)

    PARSERS = {
        "date": date,
        "kind": kind,
        "festival": festival,
        "recipients": recipients,
        "amount": amount,
        "given_as": given_as,
        "payer": payer,
        "illness": illness,
        "note": note,
    }

    def check_row(self, row: Row) -> None:
        """The care rules, for a row whose every cell is good: each broken rule named in the
        column it judges. A row that passes counts towards the rows after it."""
        data = row.data
        members, kind, day = data["recipients"], data["kind"], data["date"]
        is_cash, _goods = data["given_as"]
        rule = self.rules.get(kind)
        payers = {
            m.pk: payer_on(rule=rule, status=status_on(m, day) or "", stated=data["payer"])
            for m in members
        }
        of_visit, of_member = breaches_by_member(
            org=self.org,
            rule=rule,
            kind=kind,
            members=members,
            date=day,
            is_cash=is_cash,
            amount=data["amount"],
            illness=data["illness"],
            payers=payers,
            history=self.history,
        )
        for breach in of_visit + [b for m in members for b in of_member[m.pk]]:
            row.fail(RULE_COLUMNS[breach.field], breach.sentence)
        union_paid = [m for m in members if payers[m.pk] == Payer.UNION]
        data["warnings"] = []
        owing = [m for m in union_paid if m.pk in self.with_dues]
        if owing:
            found = dues_breaches(org=self.org, members=owing, date=day)[0]
            if self.dues_policy == DuesPolicy.REFUSE:
                for sentence in found:
                    row.fail("recipients", sentence)
            else:
                data["warnings"].extend(found)
        if row.ok:
            data["row"] = row.number
            data["payers"] = {m: payers[m.pk] for m in members}
            data["warnings"].extend(retirement_warnings(kind=kind, members=members, date=day))
            self.history.add_visit(
                kind=kind,
                date=day,
                illness=data["illness"],
                amount=data["amount"],
                union_member_ids=[m.pk for m in union_paid],
            )

    def ready(self, data: dict) -> dict:
        """A parsed row as `services.care_import` records it: its number, the members each
        with who pays for them, the warnings to show."""
        is_cash, goods = data.pop("given_as")
        data["members"] = data.pop("recipients")
        data["is_cash"], data["goods"] = is_cash, goods
        return data
