"""Every service that changes a record writes its history: which field, the old value, the new.

One case per editing service (those named `*_update`, `*_edit`, `*_correct`, `*_rename`,
`*_save` and `*_set` in the apps' modules): it makes a record, changes one field through the
service, and names the record, the field and the values the history must show. A new editing
service without a case here fails `test_every_editing_service_has_a_case`: the audit hole
that hid every activity and club edit (the values were set before `audited_update` took its
"before") is caught the day such a service is written."""

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal

import pytest
from django.utils import timezone

import unionhall
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_activities import activity, culture_of
from tests.factories_care import load_rules
from tests.factories_care import record as care_visit
from tests.factories_competitions import competition, entries
from tests.personas import chair_of, district_admin_of
from unionhall.core import audit
from unionhall.core.money import format_money

EDITING = re.compile(r"_(update|edit|correct|rename|save|set)$")
# Modules that hold no editing service of a record (views call services; models hold fields).
NOT_SERVICES = re.compile(r"\.(views\w*|forms\w*|models|urls|admin|apps|migrations|tests?)(\.|$)")
NOT_EDITS = {
    "unionhall.core.audit.audited_update",  # the tool every case below goes through
    # A key holder's opening passphrase: the event is recorded ("set by"), never a value (the
    # passphrase is not stored; its salt and public key are no history to show).
    # tests/test_polls_sealed_box.py checks that line.
    "unionhall.polls.services.box.key_holder_set",
}
TODAY = dt.date(2026, 3, 2)


def _editing_services() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(unionhall.__path__, "unionhall."):
        if NOT_SERVICES.search(info.name) or ".demo" in info.name or info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and not name.startswith("_")
                and EDITING.search(name)
            ):
                found.add(f"{module.__name__}.{name}")
    return found - NOT_EDITS


# Each case: (school, its chair, the district's admin) → (record, field, old, new) after the
# edit, the old and new values as the history shows them.


def _activity_update(school, chair, _admin):
    from unionhall.activities import services

    organiser = culture_of(school)
    made = activity(school, organiser=organiser, title="秋季运动会")
    services.activity_update(activity=made, actor=organiser, title="秋季教职工运动会")
    return made, "title", "秋季运动会", "秋季教职工运动会"


def _club_update(school, chair, _admin):
    from unionhall.activities import services

    club = services.club_create(org=school, actor=chair, name="书法社")
    services.club_update(club=club, actor=chair, name="书画社")
    return club, "name", "书法社", "书画社"


def _care_rule_save(school, chair, _admin):
    from unionhall.care import services
    from unionhall.care.models import CareRule

    load_rules(school)
    rule = CareRule.objects.get(org=school, kind="illness")
    old = str(rule.standard_amount)
    services.care_rule_save(
        org=school, actor=chair, kind="illness", data={"standard_amount": Decimal("688.00")}
    )
    return rule, "standard_amount", old, "688.00"


def _competition_policy_set(school, chair, _admin):
    from unionhall.competitions import services

    services.competition_policy_set(org=school, actor=chair, numerator=1, denominator=3)
    policy = services.competition_policy_set(org=school, actor=chair, numerator=2, denominator=3)
    return policy, "award_share", "1/3", "2/3"


def _prize_table_set(school, chair, _admin):
    from unionhall.competitions import services

    contest = competition(school, prizes=[{"rank": "first", "places": 1}])
    old = services._prize_table_text(services._tiers(contest))
    services.prize_table_set(
        competition=contest, actor=chair, prizes=[{"rank": "first", "places": 2}]
    )
    return contest, "prizes", old, services._prize_table_text(services._tiers(contest))


def _entry_score_set(school, chair, _admin):
    from unionhall.competitions import services

    contest = competition(school, scoring="direct")
    entry = entries(contest, chair, 1)[0]
    services.entry_score_set(entry=entry, actor=chair, score="80")
    old = str(entry.score)
    services.entry_score_set(entry=entry, actor=chair, score="91.5")
    return contest, "score", old, str(entry.score)


def _entry_prize_set(school, chair, _admin):
    from unionhall.competitions import services

    contest = competition(school)
    entry = entries(contest, chair, 1)[0]
    first = services._tiers(contest)[0]
    services.entry_prize_set(entry=entry, actor=chair, tier=first)
    return contest, "tier", "", str(first)


def _congress_rules_update(school, chair, _admin):
    from unionhall.congress import services

    services.rules_update(org=school, actor=chair, min_cosigners=2)
    rules = services.rules_update(org=school, actor=chair, min_cosigners=3)
    return rules, "min_cosigners", "2", "3"


def _rubric_item_save(school, chair, admin):
    from unionhall.district import assessment

    rubric = assessment.rubric_default_create(district=school.parent, actor=admin)
    item = rubric.items.order_by("pk").first()
    old = item.title
    assessment.rubric_item_save(rubric=rubric, actor=admin, item=item, title="工会工作台帐齐全")
    return item, "title", old, "工会工作台帐齐全"


def _rubric_tier_save(school, chair, admin):
    from unionhall.district import assessment

    rubric = assessment.rubric_default_create(district=school.parent, actor=admin)
    tier = rubric.tiers.order_by("pk").first()
    old = tier.name
    assessment.rubric_tier_save(
        rubric=rubric, actor=admin, tier=tier, name="先进", min_score=tier.min_score
    )
    return tier, "name", old, "先进"


def _return_update(school, chair, admin):
    from unionhall.district import services

    year = TODAY.year - 1
    services.return_round_open(
        district=school.parent, actor=admin, year=year, due_on=dt.date(TODAY.year, 3, 31)
    )
    draft = services.return_prepare(school=school, year=year)
    old = str(draft.staff)
    services.return_update(annual_return=draft, actor=chair, staff=draft.staff + 7)
    return draft, "staff", old, str(draft.staff)


def _dues_settings_update(school, chair, _admin):
    from unionhall.dues import services

    services.dues_settings_update(
        org=school, actor=chair, default_rate=Decimal("0.005"), benefits_need_dues="warn"
    )
    found = services.dues_settings_update(
        org=school, actor=chair, default_rate=Decimal("0.006"), benefits_need_dues="warn"
    )
    return found, "default_rate", "0.0050", "0.0060"


def _dues_account_set(school, chair, _admin):
    from unionhall.dues import services

    member = MemberFactory(org=school)
    services.dues_account_set(org=school, actor=chair, member=member, base_pay=Decimal("6000"))
    account = services.dues_account_set(
        org=school, actor=chair, member=member, base_pay=Decimal("6500.00")
    )
    return account, "base_pay", "6000.00", "6500.00"


def _opening_balance_correct(school, chair, _admin):
    from unionhall.funds import services

    services.opening_balance_enter(
        org=school, actor=chair, amount=Decimal("1000.00"), date=dt.date(2026, 1, 1)
    )
    corrected = services.opening_balance_correct(
        org=school,
        actor=chair,
        amount=Decimal("1200.00"),
        date=dt.date(2026, 1, 1),
        reason="漏记一笔利息",
    )
    return corrected, "amount", format_money(1000), format_money(1200)


def _budget_set(school, chair, _admin):
    from unionhall.funds import services

    services.budget_set(
        org=school, actor=chair, year=2026, amounts={"expense_activities": Decimal("3000.00")}
    )
    (line,) = services.budget_set(
        org=school, actor=chair, year=2026, amounts={"expense_activities": Decimal("3500.00")}
    )
    return line, "amount", format_money(3000), format_money(3500)


def _budget_policy_set(school, chair, _admin):
    from unionhall.funds import services

    services.budget_policy_set(org=school, actor=chair, policy="flag")
    account = services.budget_policy_set(org=school, actor=chair, policy="refuse")
    return account, "budget_policy", "flag", "refuse"


def _honour_correct(school, chair, _admin):
    from unionhall.honours import services

    member = MemberFactory(org=school)
    fields = {"member": member, "level": 20, "body": "区教育局", "awarded_on": dt.date(2025, 9, 10)}
    honour = services.honour_record(org=school, actor=chair, title="优秀教师", **fields)
    services.honour_correct(honour=honour, actor=chair, title="优秀班主任", **fields)
    return honour, "title", "优秀教师", "优秀班主任"


def _member_update(school, chair, _admin):
    from unionhall.members import services

    member = MemberFactory(org=school, mobile="13900000001")
    services.member_update(member=member, actor=chair, data={"mobile": "13900000002"})
    return member, "mobile", "13900000001", "13900000002"


def _poll_edit(school, chair, _admin):
    from tests.factories_polls import election
    from unionhall.polls import services

    poll = election(school, chair=chair, voters_n=0)[0]
    services.poll_edit(
        org=school, actor=chair, poll=poll, title="第六届委员会选举", held_on=poll.held_on
    )
    return poll, "title", "第五届工会委员会选举", "第六届委员会选举"


def _question_edit(school, chair, _admin):
    from tests.factories_polls import election
    from unionhall.polls import services

    _poll, committee, *_rest = election(school, chair=chair, voters_n=0)
    services.question_edit(
        org=school,
        actor=chair,
        question=committee,
        text="工会委员",
        scale="approve",
        seats=2,
        candidates=["王芳", "李明", "张伟"],
    )
    return committee, "text", "工会委员会委员", "工会委员"


def _mentoring_settings_update(school, chair, _admin):
    from unionhall.mentoring import services

    services.settings_update(org=school, actor=chair, papers=1)
    found = services.settings_update(org=school, actor=chair, papers=2)
    return found, "papers", "1", "2"


def _school_update(school, _chair, admin):
    from unionhall.orgs import services

    services.school_update(
        district=school.parent, actor=admin, school=school, school_type="primary", staff_count=40
    )
    services.school_update(
        district=school.parent, actor=admin, school=school, school_type="primary", staff_count=52
    )
    return school, "staff_count", "40", "52"


def _school_rename(school, _chair, admin):
    from unionhall.orgs import services

    old = school.name
    services.school_rename(
        district=school.parent, actor=admin, school=school, name="实验学校新校区工会"
    )
    return school, "name", old, "实验学校新校区工会"


def _department_update(school, chair, _admin):
    from unionhall.orgs import services

    department = DepartmentFactory(org=school, name="语文组")
    services.department_update(
        org=school,
        actor=chair,
        department=department,
        name="语文教研组",
        kind=department.kind,
        sort_order=department.sort_order,
        is_frontline=department.is_frontline,
    )
    return department, "name", "语文组", "语文教研组"


def _school_year_set(school, chair, _admin):
    from unionhall.orgs import services

    services.school_year_set(
        org=school,
        actor=chair,
        start_year=2025,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 7, 10),
    )
    year = services.school_year_set(
        org=school,
        actor=chair,
        start_year=2025,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 7, 15),
    )
    return year, "ends_on", "2026-07-10", "2026-07-15"


def _congress_form_set(school, chair, _admin):
    from unionhall.orgs import services

    services.congress_form_set(org=school, actor=chair, congress_form="assembly")
    services.congress_form_set(org=school, actor=chair, congress_form="congress")
    return school, "congress_form", "assembly", "congress"


def _plan(school, chair):
    from unionhall.plans import services

    return services.plan_create_from_template(org=school, actor=chair, start_year=2025)


def _plan_update(school, chair, _admin):
    from unionhall.plans import services

    plan = _plan(school, chair)
    services.plan_update(org=school, actor=chair, plan=plan, goals="建家")
    services.plan_update(org=school, actor=chair, plan=plan, goals="建模范职工之家")
    return plan, "goals", "建家", "建模范职工之家"


def _area_update(school, chair, _admin):
    from unionhall.plans import services

    plan = _plan(school, chair)
    area = services.area_create(org=school, actor=chair, plan=plan, name="青年教师成长", aims="")
    services.area_update(
        org=school, actor=chair, area=area, name="青年教师成长与培养", aims="", sort_order=0
    )
    return area, "name", "青年教师成长", "青年教师成长与培养"


def _task_update(school, chair, _admin):
    from unionhall.plans import services

    plan = _plan(school, chair)
    fields = {
        "starts_on": dt.date(2025, 10, 1),
        "due_on": dt.date(2025, 10, 31),
        "owner": chair,
        "area": None,
        "record_kind": "",
    }
    task = services.task_create(org=school, actor=chair, plan=plan, title="秋游", **fields)
    services.task_update(org=school, actor=chair, task=task, title="秋季登山", **fields)
    return task, "title", "秋游", "秋季登山"


def _narrative_edit(school, chair, _admin):
    from unionhall.reports import services

    paragraph = services.narrative_add(
        org=school, actor=chair, period="2025", section="members", position=0, text="初稿。"
    )
    services.narrative_edit(paragraph=paragraph, actor=chair, text="定稿。")
    return paragraph, "text", "初稿。", "定稿。"


def _category_save(school, chair, _admin):
    from unionhall.voice import services

    made = services.category_save(org=school, actor=chair, name="食堂", sort_order=1, active=True)
    services.category_save(
        org=school, actor=chair, name="食堂与后勤", sort_order=1, active=True, category=made
    )
    return made, "name", "食堂", "食堂与后勤"


def _voice_settings_save(school, chair, _admin):
    from unionhall.voice import services

    kept = {"public_enabled": True, "public_intro": ""}
    services.settings_save(org=school, actor=chair, public_per_hour=20, **kept)
    found = services.settings_save(org=school, actor=chair, public_per_hour=30, **kept)
    return found, "public_per_hour", "20", "30"


def _theme_update(school, chair, _admin):
    from unionhall.voice import services
    from unionhall.voice.models import Theme

    theme = Theme.objects.create(org=school, name="食堂", keywords="饭菜", accepted_by=chair)
    services.theme_update(theme=theme, actor=chair, name="食堂饭菜", keywords=["饭菜"])
    return theme, "name", "食堂", "食堂饭菜"


CASES = {
    "unionhall.activities.services.activities.activity_update": _activity_update,
    "unionhall.activities.services.clubs.club_update": _club_update,
    "unionhall.care.services.care_rule_save": _care_rule_save,
    "unionhall.competitions.services.competition_policy_set": _competition_policy_set,
    "unionhall.competitions.services.prize_table_set": _prize_table_set,
    "unionhall.competitions.services.entry_score_set": _entry_score_set,
    "unionhall.competitions.services.entry_prize_set": _entry_prize_set,
    "unionhall.congress.services.rules.rules_update": _congress_rules_update,
    "unionhall.district.assessment.rubric_item_save": _rubric_item_save,
    "unionhall.district.assessment.rubric_tier_save": _rubric_tier_save,
    "unionhall.district.services.return_update": _return_update,
    "unionhall.dues.services.dues_settings_update": _dues_settings_update,
    "unionhall.dues.services.dues_account_set": _dues_account_set,
    "unionhall.funds.services.opening_balance_correct": _opening_balance_correct,
    "unionhall.funds.services.budget_set": _budget_set,
    "unionhall.funds.services.budget_policy_set": _budget_policy_set,
    "unionhall.honours.services.honour_correct": _honour_correct,
    "unionhall.members.services.member_update": _member_update,
    "unionhall.polls.services.setup.poll_edit": _poll_edit,
    "unionhall.polls.services.setup.question_edit": _question_edit,
    "unionhall.mentoring.services.settings_update": _mentoring_settings_update,
    "unionhall.orgs.services.school_update": _school_update,
    "unionhall.orgs.services.school_rename": _school_rename,
    "unionhall.orgs.services.department_update": _department_update,
    "unionhall.orgs.services.school_year_set": _school_year_set,
    "unionhall.orgs.services.congress_form_set": _congress_form_set,
    "unionhall.plans.services.plan_update": _plan_update,
    "unionhall.plans.services.area_update": _area_update,
    "unionhall.plans.services.task_update": _task_update,
    "unionhall.reports.services.narrative_edit": _narrative_edit,
    "unionhall.voice.services.categories.category_save": _category_save,
    "unionhall.voice.services.public.settings_save": _voice_settings_save,
    "unionhall.voice.services.themes.theme_update": _theme_update,
}


def _activity_cancel(school, chair, _admin):
    from unionhall.activities import services

    organiser = culture_of(school)
    made = activity(school, organiser=organiser, title="秋季运动会")
    services.activity_cancel(activity=made, actor=organiser, reason="暴雨")
    return made, "cancel_reason", "", "暴雨"


def _care_visit_cancel(school, chair, _admin):
    from unionhall.care import services

    load_rules(school)
    visit, _warnings = care_visit(school, chair)
    services.care_visit_cancel(visit=visit, actor=chair, reason="录入重复")
    return visit, "cancel_reason", "", "录入重复"


def _honour_withdraw(school, chair, _admin):
    from unionhall.honours import services

    honour = services.honour_record(
        org=school,
        actor=chair,
        member=MemberFactory(org=school),
        title="优秀教师",
        level=20,
        body="区教育局",
        awarded_on=dt.date(2025, 9, 10),
    )
    services.honour_withdraw(honour=honour, actor=chair, reason="录入错误")
    return honour, "withdraw_reason", "", "录入错误"


# Services that change a record without an editing name: a cancellation or a withdrawal keeps
# the row and records its reason, old (blank) → new, like any edit.
OTHER_CHANGES = {
    "unionhall.activities.services.activities.activity_cancel": _activity_cancel,
    "unionhall.care.services.care_visit_cancel": _care_visit_cancel,
    "unionhall.honours.services.honour_withdraw": _honour_withdraw,
}


def test_every_editing_service_has_a_case():
    services = _editing_services()
    missing = sorted(services - set(CASES))
    assert not missing, "editing services no case below drives (add one):\n" + "\n".join(missing)
    gone = sorted(set(CASES) - services)
    assert not gone, "cases for services that no longer exist:\n" + "\n".join(gone)


@pytest.mark.parametrize("service", sorted(CASES | OTHER_CHANGES))
def test_the_edit_is_in_the_history_with_the_old_and_the_new_value(service, school, time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)))
    chair = chair_of(school)
    admin = district_admin_of(school.parent)
    subject, field, old, new = (CASES | OTHER_CHANGES)[service](school, chair, admin)
    assert old != new, f"{service}: the case changes nothing"
    changes = [entry.changes.get(field) for entry in audit.history(subject)]
    assert [old, new] in changes, (
        f"{service}: no history line of {subject!r} shows {field}: {old!r} → {new!r}; "
        f"its lines show {changes}"
    )


def test_an_edit_its_check_refuses_changes_nothing_and_records_nothing(school):
    from django.core.exceptions import ValidationError

    from unionhall.activities import services
    from unionhall.activities.models import Activity

    organiser = culture_of(school)
    made = activity(school, organiser=organiser, title="秋季运动会")
    lines = audit.history(made).count()
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            activity=made, actor=organiser, title="改名", ends_on=made.starts_on - dt.timedelta(1)
        )
    assert "ends_on" in refused.value.message_dict
    assert Activity.objects.get(pk=made.pk).title == "秋季运动会"
    assert audit.history(made).count() == lines


def test_a_saved_row_is_not_created_again(school):
    from unionhall.orgs.models import Department

    department = DepartmentFactory(org=school, name="数学组")
    with pytest.raises(ValueError):
        audit.audited_create(department, org=school, actor=chair_of(school), summary="数学组")
    assert Department.objects.filter(org=school, name="数学组").count() == 1


# Every service that creates a record writes its history: a "created" line on the new record,
# with the summary a reader sees. One case per creating service (those named `*_create`, and
# the others that make a record through `audit.audited_create`): it creates one and names the
# record and words of its summary. A creating service that saves the row and records nothing
# (or records on the wrong row) fails here.


def _created_activity(school, chair, _admin):
    made = activity(school, organiser=culture_of(school), title="秋季运动会")
    return made, "秋季运动会"


def _created_club(school, chair, _admin):
    from unionhall.activities import services

    return services.club_create(org=school, actor=chair, name=" 书法社 "), "书法社"


def _created_care_visit(school, chair, _admin):
    load_rules(school)
    member = MemberFactory(org=school, name="赵敏")
    visit, _warnings = care_visit(school, chair, members=[member])
    return visit, "赵敏"


def _created_competition(school, chair, _admin):
    return competition(school), "Competition:"


def _congress_term(school, chair):
    from unionhall.congress import services

    return services.term_create(
        org=school,
        actor=chair,
        number=5,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2030, 8, 31),
    )


def _created_term(school, chair, _admin):
    return _congress_term(school, chair), "Term 5"


def _congress_session(school, chair):
    from unionhall.congress import services

    return services.session_create(
        org=school, actor=chair, term=_congress_term(school, chair), number=2, held_on=TODAY
    )


def _created_session(school, chair, _admin):
    return _congress_session(school, chair), "Term 5, session 2"


def _created_representative(school, chair, _admin):
    from tests.factories_congress import make_rep

    return make_rep(school, _congress_term(school, chair)), None


def _created_resolution(school, chair, _admin):
    from unionhall.congress import services

    made = services.resolution_create(
        org=school,
        actor=chair,
        session=_congress_session(school, chair),
        title="关于绩效方案的决议",
    )
    return made, "关于绩效方案的决议"


def _created_return_round(school, chair, admin):
    from unionhall.district import services

    made = services.return_round_open(
        district=school.parent, actor=admin, year=2025, due_on=dt.date(2026, 3, 31)
    )
    return made, "2026-03-31"


def _data_call(school, admin):
    from unionhall.district import services

    return services.call_create(
        district=school.parent, actor=admin, title="困难职工名册", due_on=dt.date(2026, 3, 20)
    )


def _created_data_call(school, chair, admin):
    return _data_call(school, admin), "困难职工名册"


def _created_call_reply(school, chair, admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionhall.district import services

    upload = SimpleUploadedFile("名册.xlsx", b"PK\x03\x04 data")
    made = services.call_reply(
        call=_data_call(school, admin), school=school, actor=chair, file=upload
    )
    return made, "困难职工名册"


def _created_rubric(school, chair, admin):
    from unionhall.district import assessment

    return assessment.rubric_default_create(district=school.parent, actor=admin), "rubric"


def _created_assessment_round(school, chair, admin):
    from unionhall.district import assessment

    rubric = assessment.rubric_default_create(district=school.parent, actor=admin)
    made = assessment.assessment_round_open(
        district=school.parent,
        actor=admin,
        rubric=rubric,
        year=2025,
        self_due_on=dt.date(2026, 3, 31),
    )
    return made, "2025"


def _created_official_day(school, chair, admin):
    from unionhall.district import holidays

    days = holidays.holidays_enter(
        org=school.parent, actor=admin, year=2041, text="2041-01-01 休 元旦"
    )
    return days[0], "2041-01-01"


def _created_dues_collection(school, chair, _admin):
    from tests.factories_care import with_dues
    from unionhall.dues import services

    member = MemberFactory(org=school)
    with_dues(school, chair, member)
    made = services.dues_collect(
        org=school, actor=chair, period=dt.date(2026, 2, 1), date=TODAY, members=[member]
    )
    return made, "2026-02"


def _created_reversal(school, chair, _admin):
    from tests.factories_funds import post
    from unionhall.funds import services

    entry = post(school, Decimal("300.00"), actor=chair)
    made = services.ledger_reverse(entry=entry, actor=chair, date=TODAY, reason="重复记账")
    return made, "重复记账"


def _created_honour(school, chair, _admin):
    from unionhall.honours import services

    made = services.honour_record(
        org=school,
        actor=chair,
        member=MemberFactory(org=school),
        title="优秀教师",
        level=20,
        body="区教育局",
        awarded_on=dt.date(2025, 9, 10),
    )
    return made, "优秀教师"


def _created_member(school, chair, _admin):
    from tests.factories import make_id_number
    from unionhall.members import services

    born = dt.date(1990, 5, 4)
    data = {
        "name": "钱学文",
        "gender": "F",
        "birth_date": born,
        "id_number": make_id_number(born, "F"),
        "mobile": "13900000009",
        "department": DepartmentFactory(org=school),
        "joined_on": dt.date(2015, 9, 1),
    }
    return services.member_create(org=school, actor=chair, data=data), "钱学文"


def _created_contract(school, chair, _admin):
    from unionhall.mentoring import services

    made = services.contract_create(
        org=school,
        actor=chair,
        mentor=MemberFactory(org=school, name="孙老师"),
        mentees=[MemberFactory(org=school, name="李新")],
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 20),
    )
    return made, "孙老师"


def _created_plan(school, chair, _admin):
    return _plan(school, chair), "2025-2026"


def _created_summary_template(school, chair, _admin):
    from unionhall.reports import documents, services

    made = services.summary_template_upload(
        org=school,
        actor=chair,
        name="我们的模板.docx",
        content=documents.DEFAULT_TEMPLATE.read_bytes(),
    )
    return made, "我们的模板.docx"


def _created_theme(school, chair, _admin):
    from tests.factories_voice import SuggestionFactory
    from unionhall.voice import services

    suggestion = SuggestionFactory(org=school, title="食堂太咸")
    (made,) = services.themes_accept(
        org=school,
        actor=chair,
        drafts=[services.ThemeDraft(name="食堂", keywords=["咸"], suggestion_ids=[suggestion.pk])],
    )
    return made, "食堂"


def _created_school(school, _chair, admin):
    from unionhall.orgs import services

    made = services.school_create(
        district=school.parent,
        actor=admin,
        code="xinqiao",
        name="新桥小学工会",
        school_type="primary",
        staff_count=30,
    )
    return made, "新桥小学工会"


def _created_poll(school, chair, _admin):
    from unionhall.polls import services
    from unionhall.polls.models import Kind, Mode

    made = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.ELECTION,
        mode=Mode.ONLINE,
        title="第五届工会委员会选举",
        held_on=TODAY,
    )
    return made, "第五届工会委员会选举"


def _created_runoff(school, chair, _admin):
    from tests.factories_polls import count_box, election, open_poll
    from unionhall.polls import services

    poll, committee, audit_body, chair, people = election(school, chair=chair, voters_n=8)
    open_poll(school, chair, poll)
    options = {o.label: o.pk for o in committee.options.all()}
    for i, person in enumerate(people):
        # 王芳 is elected; 李明 and 张伟 have 4 of 8 each, not more than half: a runoff.
        other = "李明" if i % 2 else "张伟"
        choices = {
            committee.pk: {options["王芳"]: "approve", options[other]: "approve"},
            audit_body.pk: {audit_body.options.get().pk: "approve"},
        }
        services.ballot_cast(org=school, poll=poll, user=person.user, choices=choices)
    poll = count_box(school, chair, poll)
    # The title is written in the site's language when the runoff is made.
    return services.runoff_create(org=school, actor=chair, poll=poll), "（另行选举）"


def _created_resolution_poll(school, chair, _admin):
    from tests.factories_congress import make_congress
    from unionhall.congress import services as congress_services
    from unionhall.polls import services

    congress = make_congress(school, reps=3)
    resolution = congress_services.resolution_create(
        org=school, actor=congress.chair, session=congress.session, title="教职工绩效工资分配方案"
    )
    made = services.resolution_poll_create(org=school, actor=congress.chair, resolution=resolution)
    return made, "教职工绩效工资分配方案"


def _created_selection(school, chair, _admin):
    from unionhall.polls import selections

    made = selections.selection_create(
        org=school, actor=chair, title="2026年度师德楷模评选", honour_title="师德楷模"
    )
    return made, "2026年度师德楷模评选"


def _created_school_class(school, chair, _admin):
    from unionhall.polls import services

    made = services.school_class_add(org=school, actor=chair, grade="初一", name="初一(3)班")
    return made, "初一(3)班"


CREATES = {
    "unionhall.activities.services.activities.activity_create": _created_activity,
    "unionhall.activities.services.clubs.club_create": _created_club,
    "unionhall.care.services.care_visit_record": _created_care_visit,
    "unionhall.competitions.services.competition_create": _created_competition,
    "unionhall.congress.services.terms.term_create": _created_term,
    "unionhall.congress.services.terms.session_create": _created_session,
    "unionhall.congress.services.terms.representative_add": _created_representative,
    "unionhall.congress.services.resolutions.resolution_create": _created_resolution,
    "unionhall.district.services.return_round_open": _created_return_round,
    "unionhall.district.services.call_create": _created_data_call,
    "unionhall.district.services.call_reply": _created_call_reply,
    "unionhall.district.assessment.rubric_default_create": _created_rubric,
    "unionhall.district.assessment.assessment_round_open": _created_assessment_round,
    "unionhall.district.holidays.holidays_enter": _created_official_day,
    "unionhall.dues.services.dues_collect": _created_dues_collection,
    "unionhall.funds.services.ledger_reverse": _created_reversal,
    "unionhall.honours.services.honour_record": _created_honour,
    "unionhall.members.services.member_create": _created_member,
    "unionhall.mentoring.services.contract_create": _created_contract,
    "unionhall.plans.services.plan_create_from_template": _created_plan,
    "unionhall.reports.services.summary_template_upload": _created_summary_template,
    "unionhall.voice.services.themes.themes_accept": _created_theme,
    "unionhall.orgs.services.school_create": _created_school,
    "unionhall.polls.services.setup.poll_create": _created_poll,
    "unionhall.polls.services.runoffs.runoff_create": _created_runoff,
    "unionhall.polls.services.lifecycle.resolution_poll_create": _created_resolution_poll,
    "unionhall.polls.selections.selection_create": _created_selection,
    # Not named *_create, but it creates a class of the list as the others create their records.
    "unionhall.polls.services.classes.school_class_add": _created_school_class,
}
CREATING = re.compile(r"_create$")
# `*_create` services that make no record of their own to give a history, or whose history is
# another test's: a sign-up is the member's own (the row keeps who and when); a login's
# creation is in tests/test_logins*; a backup is a file.
NOT_CREATES = {
    "unionhall.core.audit.audited_create",
    "unionhall.core.backup.backup_create",
    "unionhall.activities.services.signups.signup_create",
    "unionhall.members.services.member_login_create",
    "unionhall.orgs.services.login_create",
    "unionhall.orgs.services.department_create",
    "unionhall.plans.services.area_create",
    "unionhall.plans.services.task_create",
}


def test_every_creating_service_has_a_case():
    found = set()
    for info in pkgutil.walk_packages(unionhall.__path__, "unionhall."):
        if NOT_SERVICES.search(info.name) or ".demo" in info.name:
            continue
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and not name.startswith("_")
                and CREATING.search(name)
            ):
                found.add(f"{module.__name__}.{name}")
    missing = sorted(found - set(CREATES) - NOT_CREATES)
    assert not missing, "creating services no case below drives (add one):\n" + "\n".join(missing)


@pytest.mark.parametrize("service", sorted(CREATES))
def test_the_new_record_is_in_its_history(service, school, time_machine):
    from django.utils import translation

    from unionhall.core.models import AuditEntry

    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)))
    chair = chair_of(school)
    admin = district_admin_of(school.parent)
    # Made by a chair reading Chinese (what a service names, such as a runoff's title, is in the
    # chair's language), whatever an earlier test left active.
    with translation.override("zh-hans"):
        made, words = CREATES[service](school, chair, admin)
    with translation.override("en"):
        lines = [
            entry.summary_shown
            for entry in audit.history(made)
            if entry.action == AuditEntry.Action.CREATE
        ]
    assert len(lines) == 1, f"{service}: {made!r} has {len(lines)} “created” lines: {lines}"
    assert words is None or words in lines[0], f"{service}: {lines[0]!r} does not say {words!r}"


# Changes no value of which the history shows (a password, a moment): their line names them.


def _password_reset(school, chair, _admin):
    from tests.personas import member_of
    from unionhall.orgs import services

    person = member_of(school)
    services.password_reset(org=school, actor=chair, user=person)
    return person, "password reset"


def _school_archive(school, _chair, admin):
    from unionhall.orgs import services

    services.school_archive(district=school.parent, actor=admin, school=school)
    return school, "school archived"


def _school_restore(school, _chair, admin):
    from unionhall.orgs import services

    services.school_archive(district=school.parent, actor=admin, school=school)
    services.school_restore(district=school.parent, actor=admin, school=school)
    return school, "school restored from the archive"


def _summary_template_reset(school, chair, admin):
    made, _words = _created_summary_template(school, chair, admin)
    from unionhall.reports import services

    services.summary_template_reset(org=school, actor=chair)
    return made, "Summary template retired: 我们的模板.docx"


def _club_member_add(school, chair, _admin):
    from unionhall.activities import services

    club = services.club_create(org=school, actor=chair, name="书法社")
    member = MemberFactory(org=school, name="周一鸣")
    services.club_member_add(club=club, member=member, actor=chair)
    return club, "周一鸣 joined the club"


def _club_member_leave(school, chair, _admin):
    from unionhall.activities import services

    club = services.club_create(org=school, actor=chair, name="书法社")
    member = MemberFactory(org=school, name="周一鸣")
    membership = services.club_member_add(
        club=club, member=member, actor=chair, joined_on=dt.date(2025, 9, 1)
    )
    services.club_member_leave(membership=membership, actor=chair)
    return club, "周一鸣 left the club"


NAMED_CHANGES = {
    "unionhall.activities.services.clubs.club_member_add": _club_member_add,
    "unionhall.activities.services.clubs.club_member_leave": _club_member_leave,
    "unionhall.orgs.services.password_reset": _password_reset,
    "unionhall.orgs.services.school_archive": _school_archive,
    "unionhall.orgs.services.school_restore": _school_restore,
    "unionhall.reports.services.summary_template_reset": _summary_template_reset,
}


@pytest.mark.parametrize("service", sorted(NAMED_CHANGES))
def test_a_change_without_values_is_in_the_history_by_its_name(service, school):
    from django.utils import translation

    from unionhall.core.models import AuditEntry

    chair = chair_of(school)
    admin = district_admin_of(school.parent)
    subject, words = NAMED_CHANGES[service](school, chair, admin)
    with translation.override("en"):
        lines = [
            entry.summary_shown
            for entry in audit.history(subject)
            if entry.action == AuditEntry.Action.UPDATE
        ]
    assert words in lines, f"{service}: no line {words!r} in the history of {subject!r}: {lines}"
    assert all(not entry.changes for entry in audit.history(subject).filter(summary_msgid=words))


def test_a_polls_steps_are_in_its_history(school):
    """Naming a scrutineer and moving the poll along are lines of the poll's history; a class
    taken off the list and put back shows both, with the value that changed."""
    from django.utils import translation

    from tests.factories_polls import election, open_poll
    from tests.personas import member_of
    from unionhall.polls import services

    poll, _committee, _audit_body, chair, _people = election(school, voters_n=3)
    teller = member_of(school, display_name="周老师")
    services.scrutineer_add(org=school, actor=chair, poll=poll, user=teller, name="周老师")
    open_poll(school, chair, poll)  # with its key holders' passphrases set
    with translation.override("en"):
        lines = [(e.summary_shown, e.changes, e.actor) for e in audit.history(poll)]
    assert ("Scrutineer named: 周老师", {}, chair) in lines
    assert ("Draft → Open for voting", {"state": ["draft", "open"]}, chair) in lines

    made = services.school_class_add(org=school, actor=chair, grade="初一", name="初一(3)班")
    services.school_class_retire(org=school, actor=chair, school_class=made)
    services.school_class_add(org=school, actor=chair, grade="初二", name="初一(3)班")
    with translation.override("en"):
        history = [(e.summary_shown, e.changes) for e in audit.history(made).order_by("pk")]
    assert history[1:] == [
        ("初一(3)班 taken off the class list", {}),
        ("", {"active": ["✗", "✓"], "grade": ["初一", "初二"]}),
    ]
