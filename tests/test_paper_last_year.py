"""Last school year, entered on paper this year: a school now in 2025-2026 types in its 2024-2025
paper through the pages (a proposal answered on time, a selection with its paper vote and 公示,
an award, an election held on paper), each with the day it happened. The 2024-2025 summary, the
2024-2025 archive and the district's congress report state it; the 2025-2026 summary states
nothing of it."""

import datetime as dt
import io
import re
import zipfile
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.clock import morning_of
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_congress import make_rep
from tests.personas import chair_of, leader_of, treasurer_of
from unionhall.congress import services as congress
from unionhall.congress.models import Proposal
from unionhall.core.models import AuditEntry
from unionhall.district import services as district
from unionhall.district.models import CongressReport
from unionhall.honours.models import Honour, Level
from unionhall.polls.models import Option, Poll, Selection, SelectionState
from unionhall.polls.workflow import State

TODAY = dt.date(2025, 10, 20)  # the school is in 2025-2026
pytestmark = [
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]

LAST, NOW = "2024-2025", "2025-2026"
PROPOSAL = "关于改善教师午餐的建议"
SELECTION = "2024-2025学年师德标兵评选"
SELECTION_HONOUR = "校级师德标兵"
AWARD = "市级优秀班主任"
ELECTION = "2024-2025学年工会小组长选举"


def _ok(response):
    if response.status_code != 302:
        form = response.context and response.context.get("form")
        raise AssertionError(f"{response.status_code}: {getattr(form, 'errors', '')}")
    return response


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _congress(client, school, chair, leader):
    term = congress.term_create(
        org=school,
        actor=chair,
        number=3,
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2029, 8, 31),
    )
    session = congress.session_create(
        org=school, actor=chair, term=term, number=1, held_on=dt.date(2025, 3, 20)
    )
    reps = [make_rep(school, term) for _ in range(3)]
    office = DepartmentFactory(org=school, name="总务处", is_frontline=False)
    base = f"/o/{school.code}/congress/"
    client.force_login(chair)
    _ok(
        client.post(
            base + "proposals/paper/",
            {
                "token": "paper-last-year",
                "on_behalf_of": reps[0].pk,
                "happened_on": "2025-03-20",
                "title": PROPOSAL,
                "category": "welfare",
                "reasons": "午餐品种少。",
                "measures": "增加菜品。",
                "cosigners": [reps[1].pk, reps[2].pk],
            },
        )
    )
    proposal = Proposal.objects.get(org=school, title=PROPOSAL)
    # The committee's decision from its minutes, and the leader's own answer from his file copy.
    _ok(
        client.post(
            base + f"proposals/{proposal.pk}/accept/",
            {
                "accept-lead_department": office.pk,
                "accept-responsible": leader.pk,
                "accept-answer_due": "2025-04-30",
                "accept-happened_on": "2025-03-25",
            },
        )
    )
    client.force_login(leader)
    _ok(
        client.post(
            base + f"proposals/{proposal.pk}/answer/",
            {"answer-text": "已增加两个菜品。", "answer-happened_on": "2025-04-15"},
        )
    )
    proposal.refresh_from_db()
    assert proposal.reviewed_at.date() == dt.date(2025, 3, 25)
    assert proposal.first_answered_at.date() == dt.date(2025, 4, 15)
    assert proposal.answered_on_time
    return session


def _paper_count(client, school, chair, scrutineers, poll, tallies):
    """Open, presence, close, two scrutineers' counts, publish: all through the poll's pages."""
    base = f"/o/{school.code}/polls/{poll.pk}/"
    client.force_login(chair)
    _ok(client.post(base + "move/open/"))
    voters = list(poll.voters.values_list("pk", flat=True))
    _ok(client.post(base + "paper/", {"present": voters}))
    _ok(client.post(base + "move/closed/"))
    for person in scrutineers:
        _ok(client.post(base + "paper/", {"username": person.username}))
    n = len(voters)
    _ok(
        client.post(
            base + "paper/",
            {"issued": n, "returned": n, "valid": n, "invalid": 0, "spoiled": 0, "unused": 0},
        )
    )
    for person in scrutineers:
        client.force_login(person)
        _ok(client.post(base + "tally/", tallies))
    client.force_login(chair)
    _ok(client.post(base + "move/published/"))
    poll.refresh_from_db()
    assert poll.state == State.PUBLISHED and poll.held_on < TODAY


def _selection(client, school, chair, scrutineers, people):
    base = f"/o/{school.code}/selections/"
    client.force_login(chair)
    _ok(
        client.post(
            base + "new/",
            {
                "title": SELECTION,
                "honour_title": SELECTION_HONOUR,
                "honour_level": Level.SCHOOL,
                "held_on": "2025-05-10",
                "quota": 1,
                "exclude_holders": "on",
                "threshold_percent": 50,
                "notice_days": 5,
            },
        )
    )
    selection = Selection.objects.get(org=school, title=SELECTION)
    step = base + f"{selection.pk}/%s/"
    _ok(client.post(step % "nominate", {"member": people[0].pk, "by": "committee"}))
    _ok(client.post(step % "vote", {"mode": "paper", "held_on": "2025-05-20"}))
    selection.refresh_from_db()
    poll = selection.poll
    option = Option.objects.get(question__poll=poll)
    # The nominee and the voters on the roll are members who have never logged in.
    assert selection.nominees.get().member.user_id is None
    entitled = poll.voters.count() or len(people)
    _paper_count(client, school, chair, scrutineers, poll, {f"o:{option.pk}:approve": entitled})
    assert poll.voters.filter(user__isnull=True).count() == len(people)
    _ok(client.post(step % "notice", {"starts_on": "2025-05-21", "contact": "工会办公室 王老师"}))
    _ok(client.post(step % "decide", {"on": "2025-06-05"}))
    selection.refresh_from_db()
    assert selection.state == SelectionState.DECIDED
    assert selection.decided_on == dt.date(2025, 6, 5)
    assert poll.held_on == dt.date(2025, 5, 20)
    honour = Honour.objects.get(org=school, title=SELECTION_HONOUR)
    assert honour.awarded_on == dt.date(2025, 6, 5) and honour.member == people[0]


def _election(client, school, chair, scrutineers):
    base = f"/o/{school.code}/polls/"
    client.force_login(chair)
    _ok(
        client.post(
            base + "new/",
            {"title": ELECTION, "kind": "election", "mode": "paper", "held_on": "2025-06-10"},
        )
    )
    poll = Poll.objects.get(org=school, title=ELECTION)
    _ok(
        client.post(
            base + f"{poll.pk}/questions/",
            {
                "text": "工会小组长",
                "scale": "approve",
                "seats": 1,
                "candidates": "教师03\n教师04",
                "surplus_percent": 100,
            },
        )
    )
    first, second = Option.objects.filter(question__poll=poll).order_by("label")
    poll.refresh_from_db()
    _paper_count(
        client,
        school,
        chair,
        scrutineers,
        poll,
        {f"o:{first.pk}:approve": 9, f"o:{second.pk}:approve": 2},
    )


def _award(client, school, chair, member):
    client.force_login(chair)
    _ok(
        client.post(
            f"/o/{school.code}/honours/new/",
            {
                "holder_kind": "member",
                "member": member.pk,
                "title": AWARD,
                "level": Level.CITY,
                "rank": "",
                "body": "某市教育局",
                "awarded_on": "2025-06-20",
            },
        )
    )


def test_last_years_paper_lands_in_last_years_summary_archive_and_district_report(client, school):
    chair = chair_of(school, display_name="主席")
    leader = leader_of(school, display_name="林校长")
    scrutineers = [chair, treasurer_of(school, display_name="钱会计")]
    dept = DepartmentFactory(org=school, name="语文组", is_frontline=True)
    people = [
        MemberFactory(
            org=school, department=dept, name=f"教师{n:02d}", joined_on=dt.date(2010, 9, 1)
        )
        for n in range(8)
    ]
    assert all(p.user_id is None for p in people)  # on the register, none has logged in

    session = _congress(client, school, chair, leader)
    _selection(client, school, chair, scrutineers, people)
    _election(client, school, chair, scrutineers)
    _award(client, school, chair, people[1])

    # Each record says who typed it: the audit names the officer, today.
    typed = AuditEntry.objects.filter(org=school, actor=chair).values_list("at", flat=True)
    assert typed and all(at.date() == TODAY for at in typed)

    client.force_login(chair)
    last = _text(client.get(f"/o/{school.code}/reports/summary/?period={LAST}"))
    assert "Answered by the date set: 1 of the 1 proposals answered" in last, last
    assert "100.0%" in last
    assert "Selections decided: 1" in last and SELECTION in last
    assert AWARD in last
    assert ELECTION in last

    now = _text(client.get(f"/o/{school.code}/reports/summary/?period={NOW}"))
    for fact in (PROPOSAL, SELECTION, SELECTION_HONOUR, AWARD, ELECTION):
        assert fact not in now
    assert "Selections decided: 1" not in now and "Answered by the date set: 1" not in now

    # The 2024-2025 archive holds the selection's vote, the election and the award.
    response = client.post(reverse("archive:home", kwargs={"org": school.code}), {"year": 2024})
    assert response.status_code == 302
    download = client.get(response["Location"].rstrip("/") + "/download/")
    if download.status_code != 200:
        from unionhall.archive.models import Archive

        archive = Archive.objects.get(org=school, year=2024)
        download = client.get(
            reverse("archive:download", kwargs={"org": school.code, "pk": archive.pk})
        )
    package = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = "\n".join(package.namelist())
    assert "2025-06-10-" in names and ELECTION in names
    assert "2025-05-20-" in names and SELECTION in names
    (ledger,) = [n for n in package.namelist() if "荣誉台帐" in n and n.endswith(".xlsx")]
    book = load_workbook(io.BytesIO(package.read(ledger)), read_only=True)
    cells = {
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    }
    assert AWARD in cells and SELECTION_HONOUR in cells

    # The district receives the session's report with the on-time answer.
    district.congress_reports_collect(district=school.parent)
    report = CongressReport.objects.get(session=session)
    assert report.figures["congress.proposals_answered_on_time"] == 1
    assert float(report.figures["congress.on_time_rate"]) == 100.0
