"""Every list and report page reads a fixed number of queries, whatever the size of the school.

Two schools are filled the same way, the second with five times the records of the first
(members, care visits, ledger entries, dues, proposals, suggestions, activities, clubs,
competitions, honours, polls, mentoring pairs, logged reads); each page is read in both as an
officer who may see it, and must cost the same number of queries, and exactly the number pinned
here (a new query is something to explain, not to hide). The district pages are read the same way
in a district of two schools and one of ten.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clock import morning_of
from tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    MemberFactory,
    SchoolFactory,
    UserFactory,
    grant,
)
from tests.factories_activities import activity
from tests.factories_care import load_rules, record, with_dues
from tests.factories_competitions import competition, entries
from tests.factories_congress import accept, make_congress, submit
from tests.factories_district import make_district
from tests.factories_funds import post
from tests.factories_voice import SuggestionFactory
from unionhall.activities import services as activities
from unionhall.congress import services as congress
from unionhall.core import audit
from unionhall.district import assessment
from unionhall.district import services as district
from unionhall.dues.services import dues_collect
from unionhall.funds.models import Category
from unionhall.honours.models import Level
from unionhall.honours.services import honour_record
from unionhall.members.models import Member
from unionhall.mentoring.services import contract_create
from unionhall.notices.services import notice_send
from unionhall.orgs.roles import SCHOOL_ROLES
from unionhall.plans.services import plan_create_from_template
from unionhall.polls import services as polls
from unionhall.polls.models import Kind, Mode
from unionhall.polls.selections import selection_create
from unionhall.voice import services as voice

TODAY = dt.date(2026, 3, 20)  # mid-year of the 2025-2026 school year
YEAR = 2025

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]

SMALL, LARGE = 2, 10  # units of records in each school: the larger has five times as many


def _fill(school, n: int):
    """`n` units of every kind of record in `school`; returns an officer holding every school
    role (so each page answers) and some of what was made, for pages that take an id."""
    officer = grant(UserFactory(), school, *sorted(SCHOOL_ROLES))
    load_rules(school)
    departments = [DepartmentFactory(org=school, name=f"教研组{i}") for i in range(3)]
    members = [
        MemberFactory(
            org=school,
            department=departments[i % 3],
            gender="F" if i % 2 else "M",
            hardship="severe" if i % 5 == 0 else "",
            joined_on=dt.date(2010, 1, 1),
        )
        for i in range(10 * n)
    ]
    for member in members:
        with_dues(school, officer, member)
    for month in (9, 10, 11):
        dues_collect(
            org=school,
            actor=officer,
            period=dt.date(YEAR, month, 1),
            date=dt.date(YEAR, month, 15),
            members=members[::2],
        )
    for i in range(n):
        record(school, officer, members=members[i * 3 : i * 3 + 5], date=dt.date(2025, 10, 1 + i))
        record(
            school,
            officer,
            members=members[i : i + 1],
            kind="hardship",
            is_cash=True,
            amount=Decimal("2500"),
            date=dt.date(2025, 12, 1 + i),
            override_reason="集体研究同意",
        )
        post(school, 100 + i, Category.ACTIVITIES, date=dt.date(2025, 11, 1 + i), actor=officer)
        post(school, 50 + i, Category.ALLOCATION, date=dt.date(2026, 1, 5 + i), actor=officer)
        audit.log_sensitive_read(
            org=school,
            actor=officer,
            model=Member,
            object_id=members[i].pk,
            purpose="member_detail",
            fields=("hardship",),
        )
        SuggestionFactory(org=school, submitted_on=dt.date(2026, 3, 2))
        routed = voice.suggestion_route(
            suggestion=SuggestionFactory(org=school, submitted_on=dt.date(2026, 3, 2)),
            actor=officer,
            assignee=officer,
        )
        answered = voice.suggestion_answer(
            suggestion=voice.suggestion_route(
                suggestion=SuggestionFactory(org=school, submitted_on=dt.date(2026, 3, 2)),
                actor=officer,
                assignee=officer,
            ),
            actor=officer,
            answer="已经改进。",
            adopted=True,
            manager=True,
        )
        voice.suggestion_publish(suggestion=answered, actor=officer, board="members")
        assert routed.assignee_id == officer.pk
        selection_create(org=school, actor=officer, title=f"评选{i}", honour_title="优秀教师")
        notice_send(org=school, user=officer, kind="assigned", title=f"通知{i}")
        honour_record(
            org=school,
            actor=officer,
            member=members[i],
            title="优秀班主任",
            level=Level.COUNTY,
            body="某区教育局",
            awarded_on=dt.date(2025, 9, 10),
        )
        upcoming = activity(
            school,
            organiser=officer,
            title=f"报名活动{i}",
            starts_on=dt.date(2026, 4, 1 + i),
            signup_required=True,
            session_dates=[dt.date(2026, 4, 1 + i)],
        )
        for member in members[i : i + 5]:
            activities.signup_create(activity=upcoming, member=member, actor=officer)
        club = activities.club_create(org=school, actor=officer, name=f"社团{i}")
        for member in members[i : i + 4]:
            activities.club_member_add(
                club=club, member=member, actor=officer, joined_on=dt.date(2025, 9, 1)
            )
        # held in the school year, one for each kind of target group, with who came
        for target, fields in (
            ("all", {}),
            ("women", {}),
            ("department", {"target_department": departments[i % 3]}),
            ("club", {"target_club": club}),
        ):
            held = activity(
                school,
                organiser=officer,
                title=f"活动{i}{target}",
                starts_on=dt.date(2025, 10, 10 + i),
                target=target,
                session_dates=[dt.date(2025, 10, 10 + i)],
                **fields,
            )
            activities.attendance_tick(
                session=held.sessions.get(), actor=officer, present=members[i : i + 4]
            )
        contest = competition(school, organiser=officer, title=f"比武{i}")
        entries(contest, officer, 3)
        poll = polls.poll_create(
            org=school,
            actor=officer,
            kind=Kind.EVALUATION if i % 2 else Kind.ELECTION,
            mode=Mode.ONLINE,
            title=f"测评{i}",
            held_on=TODAY,
        )
        polls.question_add(
            org=school,
            actor=officer,
            poll=poll,
            text="工会委员会委员",
            scale="approve",
            seats=1,
            candidates=["王芳", "李明"],
        )
        contract_create(
            org=school,
            actor=officer,
            mentor=members[2 * i],
            mentees=[members[2 * i + 1]],
            starts_on=dt.date(2025, 9, 1),
            ends_on=dt.date(2026, 7, 31),
            signed_on=dt.date(2025, 9, 10),
            observations=3,
            open_lessons=1,
            papers=1,
            reading_notes=1,
        )
    congress = make_congress(school, reps=5)
    for i in range(3 * n):
        proposal = submit(congress, title=f"提案{i}")
        if i % 2:  # accepted, its answer overdue
            accept(congress, proposal, due=TODAY - dt.timedelta(days=1))
    grant(congress.chair, school, *sorted(SCHOOL_ROLES))
    plan_create_from_template(org=school, actor=officer, start_year=YEAR)
    return officer


# Each page of a school, and the queries it reads, exactly. The first four of every page are
# the session, the user, the organisation with the user's roles, and the bell's count.
SCHOOL_PAGES = {
    "home": ("", 27),  # the figures and the "to do" list of an officer holding every role
    "members": ("members/", 8),
    "members filtered": ("members/?q=&department=&status=active&gender=F&sort=department", 8),
    "members in hardship": ("members/?hardship=any", 8),
    "care visits": (f"care/?year={YEAR}", 7),
    "care overrides": ("care/overrides/", 6),
    "care reminders": ("care/reminders/", 9),
    "funds ledger": ("funds/", 9),
    "funds budget": (f"funds/budget/?year={YEAR + 1}", 7),
    "funds disclosure": (f"funds/disclosure/?kind=year&year={YEAR}", 8),
    "dues": ("dues/", 10),
    "dues arrears": (f"dues/arrears/?year={YEAR}", 8),
    "proposals": ("congress/proposals/", 7),
    "proposals overdue": ("congress/proposals/overdue/", 7),
    "congress": ("congress/", 6),
    "suggestions": ("voice/all/", 11),  # with the bulk form's handlers and categories
    "suggestion board": ("voice/board/", 6),
    "suggestion inbox": ("voice/inbox/", 5),
    "honours": (f"honours/?year={YEAR}", 6),
    "honours counts": ("honours/counts/", 5),
    "activities": ("activities/", 7),
    "clubs": ("clubs/", 6),
    "competitions": ("competitions/", 7),
    "polls": ("polls/", 8),
    "selections": ("selections/", 5),
    "mentoring": ("mentoring/", 9),
    "plan": (f"plans/{YEAR}/", 17),
    "plan check": (f"plans/{YEAR}/check/", 14),
    # + 走访慰问 and its kinds, the opening's figures, the problems (存在的问题和不足) chosen,
    # the archive parts missing (one query), the school's data version (one query)
    "summary": (f"reports/summary/?period={YEAR}-{YEAR + 1}", 97),
    "care visits records": (f"reports/indicator/care.visits/?period={YEAR}-{YEAR + 1}", 8),
    "sensitive reads": ("sensitive-reads/", 7),
    "roles": ("roles/", 8),
    "notices": ("notices/", 6),
}


def _count(client, url: str) -> tuple[int, int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.status_code, [q["sql"] for q in queries.captured_queries]


def test_every_school_page_reads_as_many_queries_in_a_school_five_times_larger(client):
    district = DistrictFactory()
    small, large = SchoolFactory(parent=district), SchoolFactory(parent=district)
    officers = {small: _fill(small, SMALL), large: _fill(large, LARGE)}
    found = {}
    for name, (path, _pinned) in SCHOOL_PAGES.items():
        counts = []
        for school in (small, large):
            client.force_login(officers[school])
            counts.append(_count(client, f"/o/{school.code}/{path}"))
        found[name] = counts
    refused = {name: [c[1] for c in counts] for name, counts in found.items()}
    refused = {name: codes for name, codes in refused.items() if codes != [200, 200]}
    assert not refused, refused
    grows = {name: (c[0][0], c[1][0]) for name, c in found.items() if c[0][0] != c[1][0]}
    assert not grows, grows
    wrong = {
        name: f"{counts[0][0]} queries, pinned {SCHOOL_PAGES[name][1]}"
        for name, counts in found.items()
        if counts[0][0] != SCHOOL_PAGES[name][1]
    }
    assert not wrong, wrong


def _district(schools: int):
    """A district of `schools` schools with members and care visits, its annual returns
    (half of them submitted), a call for files (half of them answered), its assessment round,
    and a congress session in each school, reported to the district."""
    made = make_district(schools=schools)
    returns = district.return_round_open(
        district=made.district, actor=made.admin, year=YEAR, due_on=dt.date(2026, 6, 30)
    )
    call = district.call_create(
        district=made.district,
        actor=made.admin,
        title="困难职工建档统计",
        due_on=dt.date(2026, 6, 30),
    )
    for n, (school, chair) in enumerate(zip(made.schools, made.chairs, strict=True)):
        term = congress.term_create(
            org=school,
            actor=chair,
            number=1,
            starts_on=dt.date(2025, 9, 1),
            ends_on=dt.date(2028, 8, 31),
        )
        congress.session_create(
            org=school, actor=chair, term=term, number=1, held_on=dt.date(2026, 3, 1)
        )
        if n % 2:
            district.return_submit(
                annual_return=district.return_prepare(school=school, year=YEAR), actor=chair
            )
            district.call_reply(
                call=call,
                school=school,
                actor=chair,
                file=SimpleUploadedFile("档案.xlsx", b"PK\x03\x04 data"),
            )
    # The sessions reach the district once each, with their figures, by cron (district_collect)
    # or the first opening of the reports page: a write per session held, not a read per visit.
    district.congress_reports_collect(district=made.district)
    rubric = assessment.rubric_default_create(district=made.district, actor=made.admin)
    assessment.assessment_round_open(
        district=made.district,
        actor=made.admin,
        rubric=rubric,
        year=YEAR,
        self_due_on=dt.date(2026, 6, 30),
    )
    return made, returns, call


# Each page of a district, and the queries it reads, exactly.
DISTRICT_PAGES = {
    "schools": ("schools/", 7),
    "schools managed": ("schools/manage/", 6),
    "district work": ("district/", 4),
    # the first visit works out the figures' snapshots (one grouped query per figure), the next
    # reads them
    "comparison": (f"district/compare/?year={YEAR}", 69),
    "comparison again": (f"district/compare/?year={YEAR}", 6),
    "returns": ("district/returns/", 5),
    "returns of the year": (f"district/returns/{YEAR}/", 9),
    "calls": ("district/calls/", 6),
    "a call": ("district/calls/{call}/", 8),
    "congress reports": ("district/congress-reports/", 6),
    "assessments": ("district/assessment/", 6),
    "assessment of the year": (f"district/assessment/{YEAR}/", 6),
}


def test_every_district_page_reads_as_many_queries_in_a_district_five_times_larger(client):
    found = {}
    for schools in (SMALL, LARGE):
        made, _returns, call = _district(schools)
        client.force_login(made.admin)
        for name, (path, _pinned) in DISTRICT_PAGES.items():
            url = f"/o/{made.district.code}/{path.format(call=call.pk)}"
            found.setdefault(name, []).append(_count(client, url))
    refused = {name: [c[1] for c in counts] for name, counts in found.items()}
    refused = {name: codes for name, codes in refused.items() if codes != [200, 200]}
    assert not refused, refused
    grows = {name: (c[0][0], c[1][0]) for name, c in found.items() if c[0][0] != c[1][0]}
    assert not grows, grows
    wrong = {
        name: f"{counts[0][0]} queries, pinned {DISTRICT_PAGES[name][1]}"
        for name, counts in found.items()
        if counts[0][0] != DISTRICT_PAGES[name][1]
    }
    assert not wrong, wrong
