"""No route hands one school's (or district's) records to another's people, whatever id is put
in the address: every route of the URL walk with an object id or slug is requested by school
A's chair and by A's plain member (and by district 1's officer for the district's routes) with
the ids of school B (of district 2), by GET and by POST, and answers 404 or 403; so does every
route with parameters (a year too) at B's own address.

The ids come from a table: each route parameter names the record it stands for (`ROUTE_IDS`),
and `test_every_route_parameter_is_in_the_table` fails when a route takes a parameter the table
does not know, so a new route joins the walk the day it is written. A route with several ids
is also requested with one foreign id among its own ones (our activity, their session). Before
counting a 404 as a wall, the walk checks that the same route with our own ids is found: an id
that names nothing would prove nothing."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import DepartmentFactory, DistrictFactory, MemberFactory, SchoolFactory
from tests.factories_activities import activity, culture_of
from tests.factories_care import record
from tests.factories_competitions import competition, entries
from tests.factories_congress import make_congress, submit
from tests.factories_funds import post
from tests.factories_polls import count_box, election, open_poll, survey
from tests.factories_voice import SuggestionFactory
from tests.personas import chair_of, district_admin_of, member_of
from tests.urlwalk import all_routes
from tests.xlsx import xlsx_bytes
from unionhall.orgs.capabilities import PUBLIC
from unionhall.polls.models import Mode

TODAY = dt.date(2026, 3, 2)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class Same:
    """A parameter that names no record of one organisation (a year, a step, a kind): the
    same value on both sides."""

    value: object


# Route name → {parameter → the record it names (a key of `_side`), or Same(value)}.
# `org` is the requester's own organisation throughout.
ROUTE_IDS: dict[str, dict[str, object]] = {
    "activities:detail": {"pk": "activity"},
    "activities:cancel": {"pk": "activity"},
    "activities:checkin": {"pk": "activity", "token": "checkin_token"},
    "activities:cost": {"pk": "activity"},
    "activities:signups_xlsx": {"pk": "activity"},
    "activities:edit": {"pk": "activity"},
    "activities:paper": {"pk": "activity"},
    "activities:qr": {"pk": "activity"},
    "activities:session": {"pk": "activity", "session": "activity_session"},
    "activities:session_add": {"pk": "activity"},
    "activities:sheet": {"pk": "activity"},
    "activities:sheet_template": {"pk": "activity"},
    "activities:sheet_preview": {"pk": "activity", "batch": "attendance_import"},
    "activities:signup": {"pk": "activity"},
    "activities:withdraw": {"pk": "activity"},
    "activities:club": {"pk": "club"},
    "activities:club_edit": {"pk": "club"},
    "activities:club_member_add": {"pk": "club"},
    "activities:club_member_leave": {"pk": "club", "membership": "club_membership"},
    "activities:club_subsidy": {"pk": "club"},
    "archive:detail": {"pk": "archive"},
    "archive:download": {"pk": "archive"},
    "care:detail": {"pk": "care_visit"},
    "care:cancel": {"pk": "care_visit"},
    "care:discharge": {"pk": "care_visit"},
    "care:photo": {"pk": "care_visit", "photo": "care_photo"},
    "care:member": {"member": "member"},
    "care:import_preview": {"pk": "care_import"},
    "care:rule_edit": {"kind": Same("illness")},
    "care:pick": {"field": Same("members")},
    "competitions:detail": {"pk": "competition"},
    "competitions:entry_add": {"pk": "competition"},
    "competitions:entries_many": {"pk": "competition"},
    "competitions:score_grid": {"pk": "competition"},
    "competitions:entry_withdraw": {"pk": "competition", "entry": "competition_entry"},
    "competitions:prize_table": {"pk": "competition"},
    "competitions:prizes": {"pk": "competition"},
    "competitions:publish": {"pk": "competition"},
    "competitions:rank": {"pk": "competition"},
    "competitions:score": {"pk": "competition"},
    "congress:proposal": {"pk": "proposal"},
    "congress:accept": {"pk": "proposal"},
    "congress:answer": {"pk": "proposal"},
    "congress:cosign": {"pk": "proposal"},
    "congress:done": {"pk": "proposal"},
    "congress:proposal_docx": {"pk": "proposal"},
    "congress:merge": {"pk": "proposal"},
    "congress:paper": {"pk": "proposal", "action": Same("accept")},
    "congress:progress": {"pk": "proposal"},
    "congress:rate": {"pk": "proposal"},
    "congress:reject": {"pk": "proposal"},
    "congress:second": {"pk": "proposal"},
    "congress:tally": {"pk": "resolution"},
    "congress:resolution_document": {"pk": "resolution"},
    "congress:session": {"pk": "congress_session"},
    "congress:attendance": {"pk": "congress_session"},
    "congress:report": {"pk": "congress_session"},
    "congress:report_records": {"pk": "congress_session", "name": Same("congress.acceptance_rate")},
    "congress:resolution_create": {"pk": "congress_session"},
    "congress:term": {"pk": "term"},
    "congress:rep_add": {"pk": "term"},
    "congress:session_create": {"pk": "term"},
    "department_edit": {"pk": "department"},
    "district:ranking_xlsx": {"year": Same(TODAY.year - 1)},
    "district:assessment": {"year": Same(TODAY.year - 1)},
    "district:assessment_school": {"year": Same(TODAY.year - 1), "school": "school_code"},
    "district:call": {"pk": "call"},
    "district:call_chase": {"pk": "call"},
    "district:call_template": {"pk": "call"},
    "district:evidence_file": {"pk": "item_score"},
    "district:reply_file": {"pk": "call_reply"},
    "district:returns_xlsx": {"year": Same(TODAY.year - 1)},
    "district:returns": {"year": Same(TODAY.year - 1)},
    "district:return_detail": {"year": Same(TODAY.year - 1), "school": "school_code"},
    "district:returns_chase": {"year": Same(TODAY.year - 1)},
    "district:rubric": {"pk": "rubric"},
    "district:my_assessment": {"year": Same(TODAY.year - 1)},
    "district:call_reply": {"pk": "call"},
    "district:my_call_template": {"pk": "call"},
    "district:my_evidence_file": {"pk": "item_score"},
    "district:my_return": {"year": Same(TODAY.year - 1)},
    "dues:account": {"member": "member"},
    "funds:detail": {"pk": "ledger_entry"},
    "funds:receipt_add": {"pk": "ledger_entry"},
    "funds:reverse": {"pk": "ledger_entry"},
    "funds:receipt": {"pk": "receipt"},
    "funds:receipt_remove": {"pk": "receipt"},
    "honours:detail": {"pk": "honour"},
    "honours:edit": {"pk": "honour"},
    "honours:evidence": {"pk": "honour"},
    "honours:withdraw": {"pk": "honour"},
    "honours:import_preview": {"pk": "honour_import"},
    "login_unlock": {"pk": "login"},
    "members:detail": {"pk": "member"},
    "members:edit": {"pk": "member"},
    "members:event": {"pk": "member"},
    "members:login": {"pk": "member"},
    "members:login_slip": {"pk": "member"},
    "members:photo": {"pk": "member"},
    "members:import_preview": {"pk": "member_import"},
    "mentoring:detail": {"pk": "contract"},
    "mentoring:docx": {"pk": "contract"},
    "mentoring:log": {"pk": "contract"},
    "mentoring:assess": {"pk": "pair"},
    "notices:open": {"pk": "notice"},
    "plans:plan": {"year": Same(2025)},
    "plans:area_add": {"year": Same(2025)},
    "plans:check": {"year": Same(2025)},
    "plans:goals": {"year": Same(2025)},
    "plans:draft_next": {"year": Same(2025)},
    "plans:docx": {"year": Same(2025)},
    "plans:create": {"year": Same(2025)},
    "plans:task_add": {"year": Same(2025)},
    "plans:area_edit": {"pk": "work_area"},
    "plans:task_edit": {"pk": "task"},
    "plans:task_tick": {"pk": "task"},
    "polls:detail": {"pk": "poll"},
    "polls:code_slips": {"pk": "code_poll"},
    "polls:codes": {"pk": "code_poll"},
    "polls:codes_void": {"pk": "code_poll"},
    "polls:move": {"pk": "poll", "target": Same("open")},
    "polls:paper": {"pk": "poll"},
    "polls:paper_ballots": {"pk": "paper_poll"},
    "polls:question_add": {"pk": "poll"},
    "polls:edit": {"pk": "draft_poll"},
    "polls:delete": {"pk": "draft_poll"},
    "polls:question_edit": {"pk": "draft_poll", "question_pk": "draft_question"},
    "polls:question_delete": {"pk": "draft_poll", "question_pk": "draft_question"},
    "polls:report": {"pk": "closed_poll"},
    "polls:runoff": {"pk": "poll"},
    "polls:tally": {"pk": "closed_poll"},
    "polls:vote": {"pk": "poll"},
    "polls:results": {"pk": "published_survey"},
    "polls:results_xlsx": {"pk": "published_survey"},
    "polls:winners": {"pk": "published_survey"},
    "polls:teaching_import": {"pk": "draft_survey"},
    "polls:questions_copy": {"pk": "draft_survey"},
    "polls:teaching_preview": {"pk": "draft_survey", "batch": "teaching_import"},
    "polls:class_retire": {"pk": "school_class"},
    "polls:classes_preview": {"batch": "class_import"},
    "polls:key_holder_name": {"pk": "poll"},
    "polls:passphrase": {"pk": "closed_poll"},  # the chair is one of its scrutineers
    "polls:box_open": {"pk": "closed_poll"},
    "polls:box_unopenable": {"pk": "closed_poll"},
    "polls:selection": {"pk": "selection"},
    "polls:selection_scores": {"pk": "selection"},
    "polls:selection_paper_scores": {"pk": "selection", "judge": "judge"},
    "polls:selection_notice": {"pk": "selection"},
    "polls:selection_step": {"pk": "selection", "step": Same("nominate")},
    "polls_public:old_slip": {"_code": "vote_code"},
    "reports:records": {"name": Same("members.active")},
    "reports:chart": {"section": Same("members"), "number": Same(1)},
    "reports:narrative_edit": {"pk": "narrative"},
    "reports:narrative_remove": {"pk": "narrative"},
    "role_revoke": {"pk": "role"},
    "district_school_records": {"school": "school_code", "name": Same("members.active")},
    "district_school": {"school": "school_code"},
    "district_school_archive": {"school": "school_code"},
    "district_chair_password": {"school": "school_code", "pk": "chair_login"},
    "voice:detail": {"pk": "suggestion"},
    "voice:answer": {"pk": "suggestion"},
    "voice:categorise": {"pk": "suggestion"},
    "voice:merge": {"pk": "suggestion"},
    "voice:publish": {"pk": "suggestion"},
    "voice:route": {"pk": "suggestion"},
    "voice:theme": {"pk": "theme"},
}

# Routes that answer a foreign id with a refusal page instead of 404/403, and why that is not
# a leak. A check-in code is signed for its organisation and activity: another's is refused
# (400) with a message naming no record of theirs.
# The address of a slip printed before codes left the URL reads no code: every code, theirs
# or ours or none, is sent to the entry page (302) alike.
REFUSED_OTHERWISE = {"activities:checkin": {400}, "polls_public:old_slip": {302}}


def _routes():
    return [r for r in all_routes() if set(r.params) - {"org"}]


def test_every_route_parameter_is_in_the_table():
    missing = [
        f"{r.name} ({r.route}): {sorted(set(r.params) - {'org'} - set(ROUTE_IDS.get(r.name, {})))}"
        for r in _routes()
        if set(r.params) - {"org"} - set(ROUTE_IDS.get(r.name, {}))
    ]
    assert not missing, "route parameters the walk cannot fill (add them to ROUTE_IDS):\n" + (
        "\n".join(missing)
    )
    names = {r.name for r in _routes()}
    assert not set(ROUTE_IDS) - names, f"no such routes: {sorted(set(ROUTE_IDS) - names)}"


def _side(district, school) -> dict[str, object]:
    """One district with one school, with a record of every kind a route names; keys as in
    ROUTE_IDS, values as they go in the address."""
    from unionhall.activities import services as activities
    from unionhall.activities.models import AttendanceImport
    from unionhall.archive.services import archive_request
    from unionhall.care.models import CareImport, CarePhoto
    from unionhall.congress import services as congress
    from unionhall.district import assessment
    from unionhall.district import services as district_services
    from unionhall.funds.models import Receipt
    from unionhall.honours import services as honours
    from unionhall.honours.models import HonourImport
    from unionhall.members.models import MemberImport
    from unionhall.mentoring import services as mentoring
    from unionhall.notices.services import notice_send
    from unionhall.orgs.models import RoleAssignment
    from unionhall.plans import services as plans
    from unionhall.polls import services as polls
    from unionhall.polls.models import ClassImport, SchoolClass, Selection, TeachingImport
    from unionhall.polls.selections import judge_add, selection_create
    from unionhall.polls.workflow import State
    from unionhall.reports.services import narrative_add
    from unionhall.voice.models import Theme

    admin = district_admin_of(district)
    chair = chair_of(school)
    department = DepartmentFactory(org=school, name="语文组")
    member = MemberFactory(org=school, department=department)
    member.user = member_of(school, display_name=member.name)
    member.photo.save("photo.png", ContentFile(PNG), save=False)
    member.save(update_fields=["user", "photo"])

    organiser = culture_of(school)
    event = activity(school, organiser=organiser, starts_on=TODAY)
    club = activities.club_create(org=school, actor=chair, name="书法社")
    membership = activities.club_member_add(club=club, member=member, actor=chair)

    visit = record(school, chair, members=[member], kind="illness", illness="骨折住院")
    visit = visit[0] if isinstance(visit, tuple) else visit
    photo = CarePhoto.objects.create(
        org=school, visit=visit, image=ContentFile(PNG, name="visit.png")
    )

    contest = competition(school, organiser=organiser)
    (entry,) = entries(contest, organiser, 1)

    c = make_congress(school, reps=3)
    proposal = submit(c)
    resolution = congress.resolution_create(
        org=school,
        actor=c.chair,
        session=c.session,
        title="关于教职工绩效方案的决议",
        document=ContentFile(b"%PDF-1.4\n%%EOF\n", name="resolution.pdf"),
    )

    entry_posted = post(school, Decimal("120.00"), actor=chair)
    receipt = Receipt.objects.create(
        org=school,
        entry=entry_posted,
        file=ContentFile(PNG, name="receipt.png"),
        name="receipt.png",
        uploaded_by=chair,
    )

    honour = honours.honour_record(
        org=school,
        actor=chair,
        member=member,
        title="优秀教师",
        level=20,
        body="区教育局",
        awarded_on=TODAY - dt.timedelta(days=30),
        evidence=SimpleUploadedFile("certificate.png", PNG, content_type="image/png"),
    )
    honour_import = HonourImport.objects.create(
        org=school,
        uploaded_by=chair,
        filename="h.xlsx",
        file=ContentFile(xlsx_bytes([]), name="h.xlsx"),
    )
    attendance_import = AttendanceImport.objects.create(
        org=school,
        activity=event,
        uploaded_by=chair,
        filename="a.xlsx",
        file=ContentFile(xlsx_bytes([]), name="a.xlsx"),
    )
    care_import = CareImport.objects.create(
        org=school,
        uploaded_by=chair,
        filename="c.xlsx",
        file=ContentFile(xlsx_bytes([]), name="c.xlsx"),
    )
    member_import = MemberImport.objects.create(
        org=school,
        uploaded_by=chair,
        filename="m.xlsx",
        file=ContentFile(xlsx_bytes([]), name="m.xlsx"),
    )

    mentor = MemberFactory(org=school, department=department)
    mentee = MemberFactory(org=school, department=department, joined_on=TODAY.replace(month=1))
    contract = mentoring.contract_create(
        org=school,
        actor=chair,
        mentor=mentor,
        mentees=[mentee],
        starts_on=TODAY - dt.timedelta(days=60),
        ends_on=TODAY + dt.timedelta(days=300),
    )

    notice = notice_send(org=school, user=member.user, kind="info", title="测试通知")
    plan = plans.plan_create_from_template(org=school, actor=chair, start_year=2025)

    poll = election(school, chair=chair, voters_n=3)[0]
    open_poll(school, chair, poll)
    closed = election(school, chair=chair, voters_n=3)[0]
    polls.scrutineer_add(org=school, actor=chair, poll=closed, user=chair, name="监票人")
    open_poll(school, chair, closed)
    count_box(school, chair, closed)  # closed, its sealed box opened
    code_poll, codes, _chair = survey(school, per_class=2)
    paper_poll = election(school, chair=chair, voters_n=1, mode=Mode.PAPER)[0]
    published_survey = survey(school, per_class=2)[0]
    count_box(school, chair, published_survey)
    polls.poll_move(org=school, actor=chair, poll=published_survey, target=State.PUBLISHED)
    draft_survey = polls.poll_create(
        org=school, actor=chair, kind="satisfaction", mode="codes", title="评教", held_on=TODAY
    )
    school_class = SchoolClass.objects.create(org=school, grade="初一", name="初一(9)班")
    class_import = ClassImport.objects.create(
        org=school,
        uploaded_by=chair,
        filename="c.xlsx",
        file=ContentFile(
            xlsx_bytes([["初一", "初一(8)班"]], header=["年级", "班级"]), name="c.xlsx"
        ),
    )
    teaching_import = TeachingImport.objects.create(
        org=school,
        poll=draft_survey,
        uploaded_by=chair,
        filename="t.xlsx",
        file=ContentFile(
            xlsx_bytes([["初一(9)班", "王芳", "语文"]], header=["班级", "教师", "学科"]),
            name="t.xlsx",
        ),
    )
    draft_poll, draft_question, *_rest = election(school, chair=chair, voters_n=0)
    selection = selection_create(
        org=school, actor=chair, title="优秀班主任评选", honour_title="优秀班主任"
    )
    judge = judge_add(org=school, actor=chair, selection=selection, member=member)  # their sheet
    # on public notice (its printed notice), as if the vote had been held
    Selection.objects.filter(pk=selection.pk).update(
        notice_starts_on=dt.date(2025, 6, 9), notice_ends_on=dt.date(2025, 6, 13)
    )
    narrative = narrative_add(
        org=school, actor=chair, period="2025", section="members", position=0, text="本年度。"
    )
    suggestion = SuggestionFactory(org=school)
    theme = Theme.objects.create(org=school, name="食堂", accepted_by=chair)

    call = district_services.call_create(
        district=district,
        actor=admin,
        title="教代会统计",
        due_on=TODAY + dt.timedelta(days=9),
        template=SimpleUploadedFile("template.xlsx", xlsx_bytes([])),
    )
    reply = district_services.call_reply(
        call=call, school=school, actor=chair, file=ContentFile(PNG, name="reply.png")
    )
    rubric = assessment.rubric_default_create(district=district, actor=admin)
    assessment.assessment_round_open(
        district=district,
        actor=admin,
        rubric=rubric,
        year=TODAY.year - 1,
        self_due_on=TODAY + dt.timedelta(days=20),
    )
    district_services.return_round_open(
        district=district, actor=admin, year=TODAY.year - 1, due_on=TODAY + dt.timedelta(days=20)
    )
    from unionhall.district.models import ItemScore

    score = ItemScore.objects.filter(org=school).order_by("pk").first()
    score.evidence_file.save("evidence.png", ContentFile(PNG))
    district_services.return_prepare(school=school, year=TODAY.year - 1)

    return {
        "activity": event.pk,
        "activity_session": event.sessions.first().pk,
        "attendance_import": attendance_import.pk,
        "checkin_token": activities.checkin_token(session=event.sessions.first()),
        "club": club.pk,
        "club_membership": membership.pk,
        "archive": archive_request(org=school, actor=chair, year=2025).pk,
        "care_visit": visit.pk,
        "care_photo": photo.pk,
        "care_import": care_import.pk,
        "member": member.pk,
        "competition": contest.pk,
        "competition_entry": entry.pk,
        "proposal": proposal.pk,
        "resolution": resolution.pk,
        "congress_session": c.session.pk,
        "term": c.term.pk,
        "department": department.pk,
        "school_code": school.code,
        "call": call.pk,
        "call_reply": reply.pk,
        "item_score": score.pk,
        "rubric": rubric.pk,
        "ledger_entry": entry_posted.pk,
        "receipt": receipt.pk,
        "honour": honour.pk,
        "honour_import": honour_import.pk,
        "login": member.user.pk,
        "member_import": member_import.pk,
        "contract": contract.pk,
        "pair": contract.pairs.first().pk,
        "notice": notice.pk,
        "work_area": plan.areas.first().pk,
        "task": plan.tasks.first().pk,
        "poll": poll.pk,
        "closed_poll": closed.pk,
        "code_poll": code_poll.pk,
        "paper_poll": paper_poll.pk,
        "published_survey": published_survey.pk,
        "draft_survey": draft_survey.pk,
        "school_class": school_class.pk,
        "class_import": class_import.pk,
        "teaching_import": teaching_import.pk,
        "draft_poll": draft_poll.pk,
        "draft_question": draft_question.pk,
        "selection": selection.pk,
        "judge": judge.pk,
        "vote_code": next(iter(codes.values()))[0].code,
        "narrative": narrative.pk,
        "role": RoleAssignment.objects.get(user=member.user, org=school).pk,
        "chair_login": chair.pk,
        "suggestion": suggestion.pk,
        "theme": theme.pk,
        "representative": c.reps[0].pk,
        "leader": c.leader.pk,
        "activity_kind": event.kind_id,
        "_org": {"school": school, "district": district},
        "_people": {"chair": chair, "member": member.user, "district": admin},
    }


@pytest.fixture
def world(db, time_machine):
    """District 1 with school A (ours), district 2 with school B (theirs)."""
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False)
    first, second = DistrictFactory(), DistrictFactory()
    return _side(first, SchoolFactory(parent=first)), _side(second, SchoolFactory(parent=second))


def _url(route, values: dict[str, object]) -> str:
    url = "/" + route.route
    for name, value in values.items():
        url = re.sub(rf"<(\w+:)?{name}>", str(value), url)
    return url


def _values(route, org, own: dict, theirs: dict, foreign: set[str]) -> dict[str, object]:
    values = {"org": org.code}
    for name, meaning in ROUTE_IDS[route.name].items():
        if isinstance(meaning, Same):
            values[name] = meaning.value
        else:
            values[name] = (theirs if name in foreign else own)[meaning]
    return values


def _foreign_choices(route) -> list[set[str]]:
    """Which parameters carry their ids: all of them, and (with several) each one alone."""
    ids = [n for n, meaning in ROUTE_IDS[route.name].items() if not isinstance(meaning, Same)]
    choices = [set(ids)]
    if len(ids) > 1:
        choices += [{name} for name in ids]
    return choices


ACTORS = (("chair", "school"), ("member", "school"), ("district", "district"))


def test_no_route_answers_with_another_schools_records(client, world):
    ours, theirs = world
    leaks, found = [], set()
    for person, side in ACTORS:
        org = ours["_org"][side]
        client.force_login(ours["_people"][person])
        their_org = theirs["_org"][side]
        for route in _routes():
            if route.view.capability != PUBLIC:
                # Their own address, whole: their organisation and their ids.
                url = _url(route, _values(route, their_org, theirs, theirs, set()))
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status not in {403, 404} | ({405} if method == "get" else set()):
                        leaks.append(f"{method.upper()} {url} as {person} of {org.code}: {status}")
            if not _foreign_choices(route)[0]:
                continue  # only years, steps and kinds: nothing of another school to name
            own = _url(route, _values(route, org, ours, theirs, set()))
            # A view that is only posted to may answer a GET with 404 (a selection's steps).
            if client.get(own).status_code not in {403, 404} or (
                client.post(own).status_code not in {403, 404}
            ):
                found.add(route.name)
            refused = {403, 404} | REFUSED_OTHERWISE.get(route.name, set())
            for foreign in _foreign_choices(route):
                url = _url(route, _values(route, org, ours, theirs, foreign))
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status not in refused | ({405} if method == "get" else set()):
                        leaks.append(
                            f"{method.upper()} {url} as {person} of {org.code} "
                            f"(theirs: {sorted(foreign)}): {status}"
                        )
    assert not leaks, "another school's records answered:\n" + "\n".join(leaks)
    unproven = sorted(
        r.name
        for r in _routes()
        if _foreign_choices(r)[0] and r.name not in found and r.view.capability != PUBLIC
    )
    assert not unproven, (
        "routes no one found with our own ids, so their 404s prove nothing (fix the table or "
        "the record it names):\n" + "\n".join(unproven)
    )


def _counts():
    """Rows a refused form must not have written, by kind."""
    from unionhall.activities.models import Attendance, ClubMembership
    from unionhall.care.models import CareRecipient
    from unionhall.competitions.models import Entry
    from unionhall.congress.models import Attendance as CongressAttendance
    from unionhall.congress.models import Proposal
    from unionhall.dues.models import DuesPayment
    from unionhall.honours.models import Honour
    from unionhall.mentoring.models import Contract
    from unionhall.plans.models import Task
    from unionhall.voice.models import Suggestion

    return {
        model.__name__: model.objects.count()
        for model in (
            Attendance,
            ClubMembership,
            CareRecipient,
            Entry,
            CongressAttendance,
            Proposal,
            DuesPayment,
            Honour,
            Contract,
            Task,
        )
    } | {"routed": Suggestion.objects.exclude(assignee=None).count()}


def _forms_with_their_ids(ours, theirs):
    """(what, our form's address, its body holding one of their ids, the field that must say
    no or None for a list of ids that is filtered)."""
    day = TODAY.isoformat()
    base = f"/o/{ours['_org']['school'].code}"
    return [
        (
            "a care visit for their member",
            f"{base}/care/new/",
            {"kind": "other", "members": theirs["member"], "date": day, "amount": "100.00"},
            "members",
        ),
        (
            "an honour for their member",
            f"{base}/honours/new/",
            {"holder": "member", "member": theirs["member"], "title": "优秀教师", "level": 20},
            "member",
        ),
        (
            "an entry of their member in our competition",
            f"{base}/competitions/{ours['competition']}/entries/",
            {"member": theirs["member"]},
            "member",
        ),
        (
            "their member among many entries of our competition",
            f"{base}/competitions/{ours['competition']}/entries/many/",
            {"members": theirs["member"]},
            "members",
        ),
        (
            "their suggestion routed with ours in bulk",
            f"{base}/voice/all/bulk/",
            {
                "scope": "ticked",
                "ids": [ours["suggestion"], theirs["suggestion"]],
                "action": "route",
                "assignee": ours["leader"],
            },
            "ids",
        ),
        (
            "their member into our club",
            f"{base}/clubs/{ours['club']}/members/",
            {"member": theirs["member"], "role": "member"},
            "member",
        ),
        (
            "their member ticked present at our activity",
            f"{base}/activities/{ours['activity']}/sessions/{ours['activity_session']}/",
            {"present": theirs["member"], "shown": theirs["member"]},
            None,
        ),
        (
            "their representative present at our congress session",
            f"{base}/congress/sessions/{ours['congress_session']}/attendance/",
            {"present": theirs["representative"]},
            None,
        ),
        (
            "their representatives co-signing our proposal",
            f"{base}/congress/proposals/new/",
            {
                "token": "t-foreign",
                "title": "关于食堂的建议",
                "category": "welfare",
                "reasons": "理由。",
                "measures": "措施。",
                "cosigners": theirs["representative"],
            },
            "cosigners",
        ),
        (
            "their leader answering our suggestion",
            f"{base}/voice/{ours['suggestion']}/route/",
            {"assignee": theirs["leader"]},
            "assignee",
        ),
        (
            "a mentoring contract between their members",
            f"{base}/mentoring/new/",
            {"mentor": theirs["member"], "mentees": theirs["member"], "starts_on": day},
            "mentor",
        ),
        (
            "dues collected from their member",
            f"{base}/dues/collect/",
            {"month": TODAY.strftime("%Y-%m"), "date": day, "member": theirs["member"]},
            None,
        ),
        (
            "an activity of their kind",
            f"{base}/activities/new/",
            {"kind": theirs["activity_kind"], "title": "外校活动", "starts_on": day},
            "kind",
        ),
        (
            "a task in their plan's work area",
            f"{base}/plans/2025/tasks/new/",
            {"title": "外校任务", "area": theirs["work_area"], "starts_on": day, "due_on": day},
            "area",
        ),
    ]


def test_their_ids_in_our_forms_are_refused(client, world):
    ours, theirs = world
    client.force_login(ours["_people"]["chair"])
    wrong = []
    for what, url, data, field in _forms_with_their_ids(ours, theirs):
        before = _counts()
        response = client.post(url, data)
        after = _counts()
        if after != before:
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            wrong.append(f"{what}: {url} wrote {changed}")
        form = (response.context or {}).get("form") if response.status_code == 200 else None
        said_no = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
        refused = (form is not None and field in form.errors) or (
            response.status_code == 302 and said_no  # an action's refusal, shown on its page
        )
        if field is not None and response.status_code not in {400, 403, 404} and not refused:
            wrong.append(f"{what}: {url} answered {response.status_code} without refusing {field}")
    assert not wrong, "\n".join(wrong)
