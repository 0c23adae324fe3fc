"""Issue 21's proof: one school's year, as the held-out case entered it, in at most 60 requests
that change data.

The register (the school, its 105 members, the care rules, the congress term, the class list's
teachers) comes from factories. Then the year goes through the pages with the test client:
accounts for 60 members on printed slips, a 96-suggestion paper box typed on one page and routed,
classified and answered in bulk, a term of daily exercise from two sign-in spreadsheets, a
47-entry competition with one score grid per judge, a 40-class 学生评教 with its questions from the
teaching spreadsheet and codes for every class at once, 25 care visits from one paper ledger,
proposals answered on paper with their real dates, and a selection decided in its year.

Every POST goes through `Entered.post`, which labels it with its kind; a signal counts every
POST the site receives, so none can slip past the table. The students' ballots are their own
requests (a code each, on the public page), not the chair's data entry: the table lists them
apart and they do not count toward the 60. Run with `-s` to see the table.

The 2025-2026 summary is then read for the figures this module works out on its own: the
on-time answers, the care visits and their sums, the suggestions, the participation per session
and at least once, the competition's entries, the survey's codes used, the selection in its
year and not in the next.
"""

import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal
from html import unescape

import docx
import pytest
from django.core.signals import request_started

from tests.clock import morning_of
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_activities import culture_of, kind
from tests.factories_care import load_rules
from tests.factories_voice import CategoryFactory
from tests.personas import chair_of, leader_of, treasurer_of, welfare_of
from tests.xlsx import upload, xlsx_bytes
from unionhall.congress import services as congress
from unionhall.congress.models import Proposal
from unionhall.orgs.models import User
from unionhall.polls import services
from unionhall.polls.models import Option, Poll, Question, Selection, VoteCode

YEAR, NEXT_YEAR = "2025-2026", "2026-2027"
AFTER_THE_YEAR = dt.date(2026, 9, 10)  # the paper of 2025-2026 is typed in now
SURVEY_DAY = dt.date(2025, 12, 15)  # the 学生评教 is held live, with codes
LIMIT = 60

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "芳伟娜敏静丽强磊军洋"


# ---- counting ------------------------------------------------------------------------------


class Entered:
    """The test client's POSTs, each labelled with its kind. `staff` requests are the officers'
    data entry (counted toward the limit); `students` are the students' own ballots."""

    def __init__(self, client):
        self.client = client
        self.by_kind: Counter = Counter()
        self.students: Counter = Counter()
        self.seen = 0

        def count(sender, environ, **kwargs):
            if environ.get("REQUEST_METHOD") == "POST":
                self.seen += 1

        self._count = count
        request_started.connect(count)

    def close(self):
        request_started.disconnect(self._count)

    def post(self, kind: str, path: str, data=None, **extra):
        self.by_kind[kind] += 1
        return self.client.post(path, data or {}, **extra)

    def ballot(self, kind: str, path: str, data, **extra):
        self.students[kind] += 1
        return self.client.post(path, data, **extra)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def table(self) -> str:
        kinds = [*self.by_kind, *self.students, "total (officers, toward the limit of 60)"]
        width = max(_width(k) for k in kinds) + 2

        def line(kind, n):
            return f"  {kind}{' ' * (width - _width(kind))}{n:>5}"

        lines = ["Requests that change data, by kind:"]
        lines += [line(kind, n) for kind, n in self.by_kind.items()]
        lines.append(line(kinds[-1], self.total))
        lines.append("Not the officers' data entry (the students' own, with one-time codes):")
        lines += [line(kind, n) for kind, n in self.students.items()]
        return "\n".join(lines)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ok(response):
    """A form accepted: the page redirects (run_action's success)."""
    if response.status_code != 302:
        context = response.context or {}
        form = context.get("form")
        result = context.get("result")
        errors = getattr(form, "errors", "") or [str(e) for e in getattr(result, "errors", [])]
        errors = errors or context.get("errors", "")
        raise AssertionError(f"{response.status_code}: {errors}")
    return response


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _weekdays(start: dt.date, end: dt.date, *, off=()) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in off:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _rate(numerator: int, denominator: int) -> str:
    return f"{Decimal(numerator * 100) / denominator:.1f}%"


# ---- the register (factories) -------------------------------------------------------------


def _register(school):
    load_rules(school)
    kind(school, "exercise")  # the school's activity kinds
    teaching = [
        DepartmentFactory(org=school, name=name, is_frontline=True)
        for name in ("语文组", "数学组", "英语组", "综合组")
    ]
    office = DepartmentFactory(org=school, name="行政后勤", is_frontline=False)
    names = [s + g for s in SURNAMES for g in GIVEN][:105]
    members = []
    for n, name in enumerate(names):
        fields = {
            "org": school,
            "name": name,
            "gender": "F" if n % 5 < 3 else "M",
            "birth_date": dt.date(1970 + n % 25, n % 12 + 1, 10),
            "joined_on": dt.date(2010, 9, 1),
            "mobile": f"1390000{n:04d}",
            "department": teaching[n % 4] if n < 88 else office,
        }
        if n >= 102:
            fields |= {"status": "retired", "retired_on": dt.date(2020, 7, 1)}
        members.append(MemberFactory(**fields))
    people = {
        "members": members,
        "teachers": members[:88],
        "in_service": members[:102],
        "retirees": members[102:],
        "chair": chair_of(school, display_name="周主席"),
        "leader": leader_of(school, display_name="林校长"),
        "welfare": welfare_of(school, display_name="吴委员"),
        "culture": culture_of(school, display_name="文体委员"),
        "treasurer": treasurer_of(school, display_name="钱会计"),
        "office": DepartmentFactory(org=school, name="教务处", is_frontline=False),
    }
    term = congress.term_create(
        org=school,
        actor=people["chair"],
        number=3,
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2029, 8, 31),
    )
    congress.session_create(
        org=school, actor=people["chair"], term=term, number=2, held_on=dt.date(2026, 3, 20)
    )
    people["reps"] = [
        congress.representative_add(
            org=school, actor=None, term=term, member=m, electoral_group="语文组"
        )
        for m in members[:8]
    ]
    people["categories"] = {
        name: CategoryFactory(org=school, name=name) for name in ("后勤保障", "教育教学")
    }
    return people


# ---- accounts for 60 members (one request, slips opened back) --------------------------------


def _accounts(entered, school, people):
    client = entered.client
    client.force_login(people["chair"])
    chosen = people["members"][20:80]
    response = entered.post(
        "accounts: 60 logins on slips",
        f"/o/{school.code}/members/logins/",
        {"members": [m.pk for m in chosen]},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    slips = docx.Document(io.BytesIO(response.content))
    parts = []

    def walk(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    walk(inner)

    for table in slips.tables:
        walk(table)
    text = "\n".join(parts)
    usernames = re.findall(r"(1390000\d{4})", text)
    assert sorted(set(usernames)) == sorted(m.mobile for m in chosen)
    users = User.objects.filter(username__in=usernames)
    assert users.count() == 60 and all(u.must_change_password for u in users)
    return chosen


# ---- the 学生评教, held live with codes ------------------------------------------------------

GRADES = ("初一", "初二")
CLASSES = [f"{g}({i})班" for g in GRADES for i in range(1, 21)]
SUBJECTS = ("语文", "数学", "英语", "物理", "历史", "体育")
CODES_PER_CLASS = 45
ON_THE_PAGE = 2  # classes whose students vote through the public page in this test


def _class_size(index: int) -> int:
    """How many of a class's 45 codes were used (the rest: absent that day)."""
    return 38 + index % 6


def _survey(entered, school, people):
    client = entered.client
    chair = people["chair"]
    client.force_login(chair)
    polls = f"/o/{school.code}/polls/"
    staged = _ok(
        entered.post(
            "学生评教: class list import (upload)",
            polls + "classes/import/",
            {
                "file": upload(
                    xlsx_bytes([[c[:2], c] for c in CLASSES], header=["年级", "班级"]),
                    "班级.xlsx",
                )
            },
        )
    )
    _ok(entered.post("学生评教: class list import (confirm)", staged["Location"]))
    _ok(
        entered.post(
            "学生评教: the survey",
            polls + "new/",
            {
                "title": "2025学年第一学期学生评教",
                "kind": "satisfaction",
                "mode": "codes",
                "held_on": SURVEY_DAY.isoformat(),
            },
        )
    )
    poll = Poll.objects.get(org=school, title="2025学年第一学期学生评教")
    base = f"{polls}{poll.pk}/"
    teachers = people["teachers"]
    rows = [
        [group, teachers[(c * len(SUBJECTS) + s) % len(teachers)].name, subject]
        for c, group in enumerate(CLASSES)
        for s, subject in enumerate(SUBJECTS)
    ]
    staged = _ok(
        entered.post(
            "学生评教: questions from the teaching spreadsheet (upload)",
            base + "teaching/",
            {"file": upload(xlsx_bytes(rows, header=["班级", "教师", "学科"]), "任课.xlsx")},
        )
    )
    _ok(entered.post("学生评教: questions (confirm)", staged["Location"]))
    assert poll.questions.filter(scale="satisfaction").count() == len(CLASSES) * len(SUBJECTS)
    _ok(
        entered.post(
            "学生评教: codes for every class",
            base + "codes/",
            {"every_class": "on", "count": CODES_PER_CLASS},
        )
    )
    holders = [people["treasurer"], people["welfare"]]
    for holder in holders:
        _ok(
            entered.post(
                "学生评教: key holder named", base + "key-holders/", {"username": holder.username}
            )
        )
    for n, holder in enumerate(holders):
        client.force_login(holder)
        phrase = f"第{n + 1}把钥匙一直放在我的心里"
        _ok(
            entered.post(
                "学生评教: key holder's passphrase",
                base + "passphrase/",
                {"passphrase": phrase, "again": phrase},
            )
        )
    client.force_login(chair)
    _ok(entered.post("学生评教: open / close / publish", base + "move/open/"))

    # The students vote, each with the code on their slip: the first classes on the public
    # page (the code typed, then the ballot), the others through the same service the page
    # calls, to keep the test short. Neither is the officers' data entry.
    client.logout()
    questions: dict[str, list[int]] = {}
    for q in Question.objects.filter(poll=poll, scale="satisfaction"):
        questions.setdefault(q.group, []).append(q.pk)
    answers = ("satisfied", "satisfied", "fairly", "basic", "dissatisfied", "satisfied")
    used = pleased = rated = 0
    for c, group in enumerate(CLASSES):
        codes = VoteCode.objects.filter(poll=poll, group=group).values_list("code", flat=True)
        for s, code in enumerate(list(codes)[: _class_size(c)]):
            choice = {q: answers[(s + q) % len(answers)] for q in questions[group]}
            used += 1
            rated += len(choice)
            pleased += sum(v != "dissatisfied" for v in choice.values())
            if c >= ON_THE_PAGE:
                entered.students["students: ballots cast through the service (not the page)"] += 1
                services.ballot_cast(org=school, poll=None, choices=choice, code=code)
                continue
            address = f"10.{c}.{s // 250}.{s % 250 + 1}"
            page = entered.ballot(
                "students: a code typed on the public page (its ballot shown)",
                f"/p/{school.code}/polls/",
                {"code": code},
                REMOTE_ADDR=address,
            )
            ticket = re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)
            done = entered.ballot(
                "students: a ballot cast on the public page",
                f"/p/{school.code}/polls/ballot/",
                {"ticket": ticket, **{f"q{q}": v for q, v in choice.items()}},
                REMOTE_ADDR=address,
            )
            assert done.status_code == 200 and "ticket" not in done.content.decode()

    client.force_login(chair)
    _ok(entered.post("学生评教: open / close / publish", base + "move/closed/"))
    client.force_login(holders[0])
    _ok(
        entered.post(
            "学生评教: the sealed box opened",
            base + "box/open/",
            {
                "holder_1": poll.scrutineers.get(user=holders[0]).pk,
                "passphrase_1": "第1把钥匙一直放在我的心里",
                "holder_2": poll.scrutineers.get(user=holders[1]).pk,
                "passphrase_2": "第2把钥匙一直放在我的心里",
            },
        )
    )
    client.force_login(chair)
    _ok(entered.post("学生评教: open / close / publish", base + "move/published/"))
    return {
        "issued": len(CLASSES) * CODES_PER_CLASS,
        "used": used,
        "pleased": pleased,
        "rated": rated,
    }


# ---- the paper box: 96 suggestions on one page, then in bulk -----------------------------------

BOX_OPENED = dt.date(2025, 11, 20)
ROUTED_ON = dt.date(2025, 11, 24)
ANSWERED_ON = dt.date(2025, 12, 12)


def _box_rows(with_login) -> list[tuple[str, str, str]]:
    rows = []
    for n in range(96):
        topic = "食堂" if n % 3 == 0 else "教学"
        if n < 56:
            # a staff member signs with the name on the register (one with a login)
            source, name = "member", with_login[n].name if n % 4 == 0 else ""
        elif n < 72:
            source, name = "student", ""
        elif n < 88:
            source, name = "parent", f"家长{n}"
        else:
            source, name = "public", f"市民{n}"
        rows.append((f"第{n + 1}条：关于{topic}的建议", source, name))
    return rows


def _voice(entered, school, people, with_login):
    client = entered.client
    client.force_login(people["chair"])
    rows = _box_rows(with_login)
    data = {
        "token": "box-2025-11",
        "box-opened_on": BOX_OPENED.isoformat(),
        "box-category": people["categories"]["教育教学"].pk,
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": 0,
        "save": "1",
    }
    for n, (text, source, name) in enumerate(rows):
        data |= {f"form-{n}-text": text, f"form-{n}-source": source, f"form-{n}-name": name}
    assert client.get(f"/o/{school.code}/voice/paper/?rows=96").content.decode().count(
        "data-row="
    ) == len(rows)
    _ok(
        entered.post("suggestions: the paper box (96 rows)", f"/o/{school.code}/voice/paper/", data)
    )
    bulk = f"/o/{school.code}/voice/all/bulk/"
    _ok(
        entered.post(
            "suggestions: classified in bulk",
            bulk,
            {
                "search": "q=食堂",
                "scope": "matching",
                "action": "categorise",
                "category": people["categories"]["后勤保障"].pk,
            },
        )
    )
    _ok(
        entered.post(
            "suggestions: routed in bulk to a school leader",
            bulk,
            {
                "search": "state=new",
                "scope": "matching",
                "action": "route",
                "assignee": people["leader"].pk,
                "happened_on": ROUTED_ON.isoformat(),
            },
        )
    )
    _ok(
        entered.post(
            "suggestions: answered in bulk with one text",
            bulk,
            {
                "search": "state=routed",
                "scope": "matching",
                "action": "answer",
                "answer": "学校已研究，逐条落实。",
                "adopted": "on",
                "happened_on": ANSWERED_ON.isoformat(),
            },
        )
    )
    return rows


# ---- daily exercise over the autumn term, from two sign-in spreadsheets -----------------------

HOLIDAYS = {dt.date(2025, 10, d) for d in range(1, 9)} | {dt.date(2026, 1, 1)}
TERM = _weekdays(dt.date(2025, 9, 1), dt.date(2026, 1, 16), off=HOLIDAYS)


def _away(n: int, d: int) -> bool:
    """Teacher n missed day d: four places in a hundred stay empty."""
    return (n * 7 + d) % 25 == 0


def _exercise(entered, school, people):
    client = entered.client
    client.force_login(people["culture"])
    _ok(
        entered.post(
            "daily exercise: the activity",
            f"/o/{school.code}/activities/new/",
            {
                "kind": kind(school, "exercise").pk,
                "title": "教职工工间操",
                "starts_on": TERM[0].isoformat(),
                "ends_on": TERM[-1].isoformat(),
                "organiser": people["culture"].pk,
                "target": "teachers",
                "budget_category": "expense_activities",
                "recurring": "on",
            },
        )
    )
    from unionhall.activities.models import Activity

    act = Activity.objects.get(org=school, title="教职工工间操")
    teachers = people["teachers"]
    present = [
        (day, m.name)
        for d, day in enumerate(TERM)
        for n, m in enumerate(teachers)
        if not _away(n, d)
    ]
    halves = [
        [row for row in present if row[0] < dt.date(2025, 11, 1)],
        [row for row in present if row[0] >= dt.date(2025, 11, 1)],
    ]
    for n, half in enumerate(halves):
        assert len(half) <= 5000
        content = xlsx_bytes(
            [[day.isoformat(), name, ""] for day, name in half],
            header=["日期*", "姓名*", "身份证号"],
        )
        staged = _ok(
            entered.post(
                "daily exercise: sign-in sheet import (upload)",
                f"/o/{school.code}/activities/{act.pk}/sign-in-sheet/",
                {"file": upload(content, f"工间操签到表{n + 1}.xlsx")},
            )
        )
        _ok(entered.post("daily exercise: sign-in sheet import (confirm)", staged["Location"]))
    assert act.sessions.count() == len(TERM)
    return {
        "present": len(present),
        "expected": len(TERM) * len(teachers),
        "sessions": len(TERM),
        "teachers": len(teachers),
    }


# ---- a 47-entry competition ------------------------------------------------------------------


def _competition(entered, school, people):
    client = entered.client
    culture = people["culture"]
    client.force_login(culture)
    _ok(
        entered.post(
            "competition: the activity",
            f"/o/{school.code}/activities/new/",
            {
                "kind": kind(school, "training").pk,
                "title": "青年教师教学比武",
                "starts_on": "2025-11-12",
                "organiser": culture.pk,
                "target": "teachers",
                "budget_category": "expense_activities",
            },
        )
    )
    from unionhall.activities.models import Activity
    from unionhall.competitions.models import Competition, Entry

    act = Activity.objects.get(org=school, title="青年教师教学比武")
    _ok(
        entered.post(
            "competition: created with its prizes",
            f"/o/{school.code}/competitions/new/",
            {
                "activity": act.pk,
                "scoring": "mean",
                "trim": 0,
                "level": 10,
                "first_places": 1,
                "first_amount": "300.00",
                "second_places": 3,
                "second_amount": "200.00",
                "merit_places": 6,
                "merit_gift": "笔记本",
            },
        )
    )
    comp = Competition.objects.get(activity=act)
    url = f"/o/{school.code}/competitions/{comp.pk}/"
    entrants = people["teachers"][:47]
    _ok(
        entered.post(
            "competition: 47 entries from a list of names",
            url + "entries/many/",
            {"names": "\n".join(f"{m.name}\t《课例{n + 1}》" for n, m in enumerate(entrants))},
        )
    )
    made = list(Entry.objects.filter(competition=comp).order_by("id"))
    assert len(made) == 47
    for j, judge in enumerate(("评委甲", "评委乙")):
        data = {"judge": judge} | {
            f"score-{e.pk}": str(70 + (n * 7 + j) % 29) for n, e in enumerate(made)
        }
        _ok(entered.post("competition: a judge's score grid", url + "scores/grid/", data))
    _ok(entered.post("competition: ranked and published", url + "rank/"))
    _ok(
        entered.post(
            "competition: ranked and published", url + "publish/", {"awarded_on": "2025-11-20"}
        )
    )
    return len(made)


# ---- 25 care visits from one paper ledger ---------------------------------------------------

CARE_HEADER = [
    "日期*",
    "慰问类别*",
    "节日",
    "慰问对象*",
    "每人金额（元）*",
    "发放形式*",
    "支出渠道",
    "疾病或住院",
    "备注",
]


def _care_rows(people) -> list[list[str]]:
    staff = people["in_service"]
    rows = [
        ["2025-10-03", "节日", "中秋节", "全体在职教职工", "300", "月饼", "工会经费", "", ""],
        ["2026-02-10", "节日", "春节", "全体在职教职工", "500", "大米、食用油", "", "", ""],
        ["2025-10-29", "节日", "重阳", "全体退休人员", "300", "现金", "学校", "", "学校行政出资"],
    ]
    rows += [
        [
            f"{2025 + (n + 9) // 13}-{(n + 8) % 12 + 1:02d}-15",
            "生日",
            "",
            staff[60 + n].name,
            "200",
            "蛋糕券",
            "",
            "",
            "",
        ]
        for n in range(12)
    ]
    rows += [
        ["2025-10-14", "住院", "", staff[3].name, "800", "现金", "", "阑尾炎手术", ""],
        ["2025-12-02", "疾病或住院", "", staff[9].name, "500", "水果、牛奶", "", "骨折", ""],
        ["2026-03-18", "疾病或住院", "", people["retirees"][0].name, "500", "现金", "", "肺炎", ""],
        ["2026-04-07", "疾病或住院", "", staff[15].name, "1000", "现金", "工会", "心脏支架", ""],
        ["2026-01-09", "困难帮扶", "", staff[21].name, "2000", "现金", "", "", "大病致困"],
        ["2026-01-12", "困难帮扶", "", staff[33].name, "1000", "现金", "", "", ""],
        ["2026-05-01", "结婚", "", staff[41].name, "600", "现金", "", "", ""],
        ["2026-06-20", "生育", "", staff[42].name, "600", "现金", "", "", ""],
        ["2026-07-20", "丧事", "", staff[50].name, "1000", "现金", "", "", "父亲去世"],
        ["2026-03-06", "其他", "", staff[51].name, "300", "水果", "", "", "家访慰问"],
    ]
    return rows


def _care(entered, school, people):
    client = entered.client
    client.force_login(people["welfare"])
    rows = _care_rows(people)
    assert len(rows) == 25
    staged = _ok(
        entered.post(
            "care: the paper ledger import (upload)",
            f"/o/{school.code}/care/import/",
            {"file": upload(xlsx_bytes(rows, header=CARE_HEADER), "慰问登记.xlsx")},
        )
    )
    _ok(entered.post("care: the paper ledger import (confirm)", staged["Location"]))
    return rows


# ---- proposals answered on paper, with their real dates -------------------------------------

PROPOSALS = [
    # title, handed in, accepted, due, answered
    ("关于增设教师休息室的建议", "2026-03-20", "2026-03-27", "2026-05-31", "2026-04-15"),
    ("关于改善食堂伙食的建议", "2026-03-20", "2026-03-27", "2026-05-31", "2026-05-20"),
    ("关于减少非教学任务的建议", "2026-03-21", "2026-03-27", "2026-06-30", "2026-06-26"),
]


def _proposals(entered, school, people):
    client = entered.client
    client.force_login(people["chair"])
    base = f"/o/{school.code}/congress/"
    reps = people["reps"]
    for n, (title, handed_in, accepted, due, answered) in enumerate(PROPOSALS):
        _ok(
            entered.post(
                "proposals: typed from paper",
                base + "proposals/paper/",
                {
                    "token": f"paper-{n}",
                    "on_behalf_of": reps[n].pk,
                    "happened_on": handed_in,
                    "title": title,
                    "category": "welfare",
                    "reasons": "代表书面提出。",
                    "measures": "请学校研究解决。",
                    "cosigners": [reps[n + 1].pk, reps[n + 2].pk],
                },
            )
        )
        p = Proposal.objects.get(org=school, title=title)
        _ok(
            entered.post(
                "proposals: accepted, with the minutes' date",
                base + f"proposals/{p.pk}/accept/",
                {
                    "accept-lead_department": people["office"].pk,
                    "accept-responsible": people["leader"].pk,
                    "accept-answer_due": due,
                    "accept-happened_on": accepted,
                },
            )
        )
        _ok(
            entered.post(
                "proposals: the answer on paper, with its date",
                base + f"proposals/{p.pk}/paper/answer/",
                {
                    "paper_answer-on_behalf_of": people["leader"].pk,
                    "paper_answer-happened_on": answered,
                    "paper_answer-text": "同意，已落实。",
                },
            )
        )


# ---- a selection decided in its year ---------------------------------------------------------

SELECTION = "2025-2026学年师德标兵评选"


def _selection(entered, school, people):
    client = entered.client
    chair, treasurer = people["chair"], people["treasurer"]
    client.force_login(chair)
    base = f"/o/{school.code}/selections/"
    _ok(
        entered.post(
            "selection: created",
            base + "new/",
            {
                "title": SELECTION,
                "honour_title": "校级师德标兵",
                "honour_level": 10,
                "held_on": "2026-05-10",
                "quota": 1,
                "exclude_holders": "on",
                "threshold_percent": 50,
                "notice_days": 5,
            },
        )
    )
    selection = Selection.objects.get(org=school, title=SELECTION)
    nominee = people["teachers"][5]
    step = base + f"{selection.pk}/%s/"
    _ok(
        entered.post(
            "selection: nominee, vote, notice, decision",
            step % "nominate",
            {"member": nominee.pk, "by": "committee"},
        )
    )
    _ok(
        entered.post(
            "selection: nominee, vote, notice, decision",
            step % "vote",
            {"mode": "paper", "held_on": "2026-05-20"},
        )
    )
    selection.refresh_from_db()
    poll = selection.poll
    polls = f"/o/{school.code}/polls/{poll.pk}/"
    _ok(entered.post("selection: the paper vote's count", polls + "move/open/"))
    voters = list(poll.voters.values_list("pk", flat=True))
    present = voters[: len(voters) - 4]
    _ok(entered.post("selection: the paper vote's count", polls + "paper/", {"present": present}))
    _ok(entered.post("selection: the paper vote's count", polls + "move/closed/"))
    for person in (chair, treasurer):
        _ok(
            entered.post(
                "selection: the paper vote's count", polls + "paper/", {"username": person.username}
            )
        )
    n = len(present)
    _ok(
        entered.post(
            "selection: the paper vote's count",
            polls + "paper/",
            {"issued": n, "returned": n, "valid": n, "invalid": 0, "spoiled": 0, "unused": 0},
        )
    )
    option = Option.objects.get(question__poll=poll)
    for person in (chair, treasurer):
        client.force_login(person)
        _ok(
            entered.post(
                "selection: the scrutineers' tallies",
                polls + "tally/",
                {f"o:{option.pk}:approve": n - 3, f"o:{option.pk}:reject": 3},
            )
        )
    client.force_login(chair)
    _ok(entered.post("selection: the paper vote's count", polls + "move/published/"))
    _ok(
        entered.post(
            "selection: nominee, vote, notice, decision",
            step % "notice",
            {"starts_on": "2026-05-21", "contact": "校工会办公室 王老师 电话 6612 3456"},
        )
    )
    _ok(
        entered.post(
            "selection: nominee, vote, notice, decision", step % "decide", {"on": "2026-06-05"}
        )
    )
    selection.refresh_from_db()
    assert selection.decided_on == dt.date(2026, 6, 5)
    return nominee


class _Stopwatch:
    """Seconds each part of the year took (printed with -s): where the time of the test goes."""

    def __call__(self, name, step, *args):
        import time

        start = time.perf_counter()
        try:
            return step(*args)
        finally:
            print(f"\n{name}: {time.perf_counter() - start:.1f} s", end="")


# ---- the year -------------------------------------------------------------------------------


@pytest.fixture
def entered(client):
    counting = Entered(client)
    yield counting
    counting.close()


def test_a_schools_year_is_entered_in_at_most_60_requests_and_the_summary_tells_it(
    client, school, time_machine, entered
):
    clock = _Stopwatch()
    time_machine.move_to(morning_of(dt.date(2025, 9, 8)), tick=False)
    people = clock("register (factories)", _register, school)
    with_login = clock("accounts", _accounts, entered, school, people)

    time_machine.move_to(morning_of(SURVEY_DAY), tick=False)
    survey = clock("学生评教", _survey, entered, school, people)

    # After the year, its paper is typed in with the dates it happened.
    time_machine.move_to(morning_of(AFTER_THE_YEAR), tick=False)
    box = clock("suggestions", _voice, entered, school, people, with_login)
    exercise = clock("daily exercise", _exercise, entered, school, people)
    entries = clock("competition", _competition, entered, school, people)
    ledger = clock("care", _care, entered, school, people)
    clock("proposals", _proposals, entered, school, people)
    nominee = clock("selection", _selection, entered, school, people)

    print("\n" + entered.table())
    direct = "students: ballots cast through the service (not the page)"
    on_pages = sum(n for k, n in entered.students.items() if k != direct)
    assert entered.seen == entered.total + on_pages  # every POST the site received is labelled
    assert entered.total <= LIMIT, entered.table()

    # ---- what the 2025-2026 summary says ----
    client.force_login(people["chair"])
    html = client.get(f"/o/{school.code}/reports/summary/?period={YEAR}").content.decode()
    shown = _figures(html)
    said = re.sub(r"\s+", "", _text_of(html))
    assert "2025—2026学年工作总结" in said

    # Proposals answered on paper with their real dates: every one on time.
    answered = len(PROPOSALS)
    assert shown[("congress.proposals_answered", "")] >= {str(answered)}
    assert shown[("congress.proposals_answered_on_time", "")] == {str(answered)}
    assert "100.0%" in shown[("congress.on_time_rate", "")]
    assert f"按时答复{answered}件，按时答复率为100.0%" in said

    # The paper box: 96 received, by source; routed, answered and adopted in bulk.
    staff_rows = sum(1 for _t, source, _n in box if source == "member")
    assert shown[("voice.received", "")] == {"96"}
    assert shown[("voice.received_staff", "")] == {str(staff_rows)}
    assert shown[("voice.received_public", "")] == {str(96 - staff_rows)}
    for name in ("voice.routed", "voice.answered", "voice.adopted"):
        assert "96" in shown[(name, "")], (name, shown.get((name, "")))
    canteen = sum(1 for text, _s, _n in box if "食堂" in text)
    assert shown[("voice.by_category", "后勤保障")] == {str(canteen)}
    assert shown[("voice.by_category", "教育教学")] == {str(96 - canteen)}

    # Daily exercise: everyone came at least once; 96% of member-days, not 100%.
    e = exercise
    assert e["present"] * 100 // e["expected"] == 96
    assert (
        f"至少参加一次：教师{e['teachers']}人中参与{e['teachers']}人（100.0%）；"
        f"按场次：{e['sessions']}场应到{e['expected']}人次、实到{e['present']}人次，"
        f"到场率{_rate(e['present'], e['expected'])}"
    ) in said

    # The competition's 47 entries.
    assert shown[("competitions.entries", "")] == {str(entries)}

    # The 学生评教: one survey, the codes used of those issued, the satisfaction rate.
    satisfied = _rate(survey["pleased"], survey["rated"])
    assert shown[("polls.surveys", "")] == {"1", satisfied}
    assert _rate(survey["used"], survey["issued"]) in shown[("polls.code_participation", "")]
    assert f"满意率为{satisfied}" in said

    # 25 care visits from the ledger: visits, person-visits, people and the sums.
    care = _care_expected(ledger, people)
    assert shown[("care.visits", "")] == {"25"}
    assert shown[("care.person_visits", "")] == {str(care["person_visits"])}
    assert shown[("care.people", "")] == {str(care["people"])}
    assert shown[("care.amount", "")] == {_money(care["amount"])}
    assert shown[("care.visiting_person_visits", "")] == {str(care["visiting"])}
    assert shown[("care.amount_by_payer", "学校行政经费")] == {_money(care["school"])}
    assert shown[("care.amount_by_payer", "工会经费")] == {_money(care["amount"] - care["school"])}

    # The selection, decided on 5 June 2026: in 2025-2026, with its honour.
    selections = shown[("polls.selections", "")]
    assert "1" in selections and any(t.startswith(f"“{SELECTION}”") for t in selections)
    assert "（经2026-05-21至2026-05-27公示）" in said
    assert SELECTION in said and f"{nominee.name}校级师德标兵" in said

    # ... and nothing of it in 2026-2027, the year the paper was typed in.
    later = client.get(f"/o/{school.code}/reports/summary/?period={NEXT_YEAR}").content.decode()
    later_shown, later_said = _figures(later, NEXT_YEAR), re.sub(r"\s+", "", _text_of(later))
    assert "2026—2027学年工作总结" in later_said
    assert SELECTION not in later_said and "校级师德标兵" not in later_said
    for name in (
        "polls.selections",
        "congress.proposals_answered_on_time",
        "voice.received",
        "care.visits",
        "competitions.entries",
        "polls.surveys",
    ):
        assert (name, "") not in later_shown, (name, later_shown.get((name, "")))
    assert len(with_login) == 60


# ---- reading the summary --------------------------------------------------------------------

FIGURE = re.compile(r'<a [^>]*href="([^"]*/reports/indicator/[^"]*)"[^>]*>(.*?)</a>', re.S)


def _text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _figures(html: str, period: str = YEAR) -> dict[tuple[str, str], set[str]]:
    """{(indicator, breakdown row): the texts of its links} on a summary page."""
    from urllib.parse import parse_qs

    shown: dict[tuple[str, str], set[str]] = {}
    for href, text in FIGURE.findall(html):
        path, _, query = unescape(href).partition("?")
        params = parse_qs(query)
        assert params["period"] == [period], href
        key = (path.rstrip("/").rsplit("/", 1)[1], params.get("part", [""])[0])
        shown.setdefault(key, set()).add(re.sub(r"\s+", "", _text_of(text)))
    return shown


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _care_expected(rows, people) -> dict:
    """The ledger's figures as this module counts them: a row for everyone in service or every
    retiree counts each of them; the rest name one member."""
    groups = {"全体在职教职工": people["in_service"], "全体退休人员": people["retirees"]}
    retired = {m.name for m in people["retirees"]}
    visiting_kinds = {"住院", "疾病或住院", "困难帮扶", "结婚", "生育", "丧事", "其他"}
    person_visits = visiting = 0
    amount = school_paid = Decimal(0)
    people_cared = set()
    for date, what, _festival, whom, each, _given, payer, _illness, _note in rows:
        names = [m.name for m in groups[whom]] if whom in groups else [whom]
        paid = Decimal(each) * len(names)
        person_visits += len(names)
        people_cared |= set(names)
        amount += paid
        visiting += len(names) if what in visiting_kinds else 0
        # The school pays what its own budget pays, and a retiree's illness (the care rules).
        if payer == "学校" or (what == "疾病或住院" and whom in retired):
            school_paid += paid
        assert date.startswith(("2025-", "2026-"))
    return {
        "person_visits": person_visits,
        "people": len(people_cared),
        "amount": amount,
        "visiting": visiting,
        "school": school_paid,
    }
