"""The pages where an officer types in paper records: the proposal form, co-signature, answer,
rating, tally, attendance, the suggestion form and the paper box batch. Each offers "entered from
paper" fields (on behalf of whom, the day it happened) only to users with the paper capability."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_congress import accept, make_congress, submit
from tests.personas import member_of
from unionhall.congress import services as congress
from unionhall.congress.models import Attendance, Proposal, Signer
from unionhall.congress.workflow import State
from unionhall.core.audit import history
from unionhall.voice import services as voice
from unionhall.voice.models import Category, Suggestion

pytestmark = pytest.mark.usefixtures("english")


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _noon(days_ago: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(_day(days_ago), dt.time(12, 0)))


@pytest.fixture
def c(school):
    return make_congress(school)


def _url(c, path: str) -> str:
    return f"/o/{c.school.code}/congress/{path}"


def _paper_proposal_post(c, **changes):
    data = {
        "token": "paper-1",
        "on_behalf_of": c.reps[0].pk,
        "happened_on": _day(30).isoformat(),
        "title": "关于增设教师休息室的建议",
        "category": "welfare",
        "reasons": "午间无处休息。",
        "measures": "改建闲置教室。",
        "cosigners": [c.reps[1].pk, c.reps[2].pk],
    }
    return {**data, **changes}


def test_the_chair_enters_a_paper_proposal_on_behalf_of_a_representative(client, c):
    client.force_login(c.chair)
    form = client.get(_url(c, "proposals/paper/")).content.decode()
    assert 'name="on_behalf_of"' in form and 'name="happened_on"' in form
    response = client.post(_url(c, "proposals/paper/"), _paper_proposal_post(c), follow=True)
    p = Proposal.objects.get(org=c.school)
    assert p.submitted_by == c.reps[0] and p.submitted_at == _noon(30)
    assert p.state == State.SUBMITTED
    page = response.content.decode()
    assert f"The proposal is entered on behalf of {c.reps[0].name}." in page
    assert f"typed by {c.chair} on behalf of {c.reps[0].name}" in page
    assert history(p).filter(actor=c.chair, summary_msgid__startswith="Typed by").exists()


def test_the_congress_pages_lead_the_chair_to_the_paper_form(client, c):
    client.force_login(c.chair)
    assert "proposals/paper/" in client.get(_url(c, "")).content.decode()
    assert "proposals/paper/" in client.get(_url(c, "proposals/")).content.decode()


def test_a_future_date_is_refused_on_the_form_with_a_message(client, c):
    client.force_login(c.chair)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        _url(c, "proposals/paper/"), _paper_proposal_post(c, happened_on=tomorrow)
    )
    assert response.status_code == 400
    assert "is in the future: enter the date it happened" in response.content.decode()
    assert not Proposal.objects.filter(org=c.school).exists()


def test_a_representative_cannot_reach_the_paper_pages(client, c):
    p = submit(c, cosigners=(1,))
    client.force_login(c.reps[3].user)
    assert client.get(_url(c, "proposals/paper/")).status_code == 403
    assert "proposals/paper/" not in client.get(_url(c, "proposals/new/")).content.decode()
    response = client.post(
        _url(c, f"proposals/{p.pk}/paper/cosign/"),
        {"paper_cosign-on_behalf_of": c.reps[2].pk, "paper_cosign-happened_on": _day(1)},
    )
    assert response.status_code == 403
    assert not Signer.objects.filter(proposal=p, representative=c.reps[2]).exists()


def test_a_paper_co_signature_through_the_proposal_page(client, c):
    p = submit(c, cosigners=(1,), submitted_at=_noon(10))
    client.force_login(c.chair)
    assert (
        'data-action="paper_cosign"' in client.get(_url(c, f"proposals/{p.pk}/")).content.decode()
    )
    too_early = client.post(
        _url(c, f"proposals/{p.pk}/paper/cosign/"),
        {"paper_cosign-on_behalf_of": c.reps[2].pk, "paper_cosign-happened_on": _day(11)},
    )
    assert too_early.status_code == 400
    assert "is before the proposal was submitted" in too_early.content.decode()
    client.post(
        _url(c, f"proposals/{p.pk}/paper/cosign/"),
        {"paper_cosign-on_behalf_of": c.reps[2].pk, "paper_cosign-happened_on": _day(8)},
    )
    assert Signer.objects.get(proposal=p, representative=c.reps[2]).signed_at == _noon(8)


def test_a_paper_answer_and_rating_through_the_proposal_page(client, c):
    p = accept(c, submit(c, submitted_at=_noon(30)))
    client.force_login(c.chair)
    response = client.post(
        _url(c, f"proposals/{p.pk}/paper/answer/"),
        {
            "paper_answer-on_behalf_of": c.leader.pk,
            "paper_answer-happened_on": _day(20),
            "paper_answer-text": "同意，本学期内完成。",
        },
        follow=True,
    )
    assert f"Entered from paper on behalf of {c.leader}." in response.content.decode()
    p.refresh_from_db()
    answer = p.answers.get()
    assert answer.author == c.leader and answer.at == _noon(20)
    response = client.post(
        _url(c, f"proposals/{p.pk}/paper/rate/"),
        {
            "paper_rate-on_behalf_of": c.reps[0].pk,
            "paper_rate-happened_on": _day(15),
            "paper_rate-rating": "satisfied",
        },
    )
    p.refresh_from_db()
    assert p.rating == "satisfied" and p.rated_at == _noon(15)


def test_the_tally_and_attendance_pages_take_the_day(client, c):
    item = congress.resolution_create(
        org=c.school, actor=c.chair, session=c.session, title="年度工作报告"
    )
    client.force_login(c.chair)
    client.post(
        _url(c, f"resolutions/{item.pk}/tally/"),
        {"votes_for": 4, "votes_against": 0, "votes_abstain": 1, "happened_on": _day(10)},
    )
    item.refresh_from_db()
    assert item.passed and item.tallied_at == _noon(10)
    early = client.post(
        _url(c, f"sessions/{c.session.pk}/attendance/"),
        {"present": [r.pk for r in c.reps], "taken_on": _day(11)},
    )
    assert "is before the session was held" in early.content.decode()
    client.post(
        _url(c, f"sessions/{c.session.pk}/attendance/"),
        {"present": [r.pk for r in c.reps], "taken_on": _day(10)},
    )
    assert {a.taken_on for a in Attendance.objects.filter(session=c.session)} == {_day(10)}


def test_an_answer_page_still_refuses_a_representative(client, c):
    p = accept(c, submit(c))
    client.force_login(c.reps[0].user)
    page = client.get(_url(c, f"proposals/{p.pk}/")).content.decode()
    assert "paper_answer" not in page


# Suggestions --------------------------------------------------------------------------------


@pytest.fixture
def box(school):
    voice.categories_ensure(org=school)
    writer = MemberFactory(org=school, name="王丽娟", user=member_of(school, display_name="王丽娟"))
    category = Category.objects.filter(org=school).first()
    return school, writer, category


def test_the_suggestion_form_offers_paper_fields_only_to_officers(client, box, c):
    school, writer, category = box
    client.force_login(member_of(school))
    assert 'name="on_behalf_of"' not in client.get(f"/o/{school.code}/voice/").content.decode()
    client.force_login(c.chair)
    assert 'name="on_behalf_of"' in client.get(f"/o/{school.code}/voice/").content.decode()
    response = client.post(
        f"/o/{school.code}/voice/",
        {
            "token": "paper-s1",
            "category": category.pk,
            "title": "增加停车位",
            "body": "八点以后来的老师找不到车位。",
            "on_behalf_of": writer.pk,
            "submitted_on": _day(40),
        },
        follow=True,
    )
    s = Suggestion.objects.get(org=school)
    assert s.author == writer.user and s.submitted_on == _day(40)
    assert "The suggestion from paper is entered." in response.content.decode()
    assert f"Typed by {c.chair} on behalf of 王丽娟" in response.content.decode()


def _batch(category, writer, *rows, action="preview"):
    data = {
        "token": "batch-1",
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": 0,
        action: "1",
    }
    for n, (text, day, by) in enumerate(rows):
        data |= {
            f"form-{n}-text": text,
            f"form-{n}-category": category.pk,
            f"form-{n}-name": by.name if by else "",
            f"form-{n}-submitted_on": day,
        }
    return data


def test_the_paper_box_batch_previews_then_stores_every_row(client, box, c):
    school, writer, category = box
    client.force_login(c.chair)
    url = f"/o/{school.code}/voice/paper/"
    rows = [("食堂菜品偏咸", _day(9), writer), ("图书馆延长开放", _day(8), None)]
    preview = client.post(url, _batch(category, writer, *rows))
    assert preview.status_code == 200
    assert (
        "data-preview" in preview.content.decode() and "图书馆延长开放" in preview.content.decode()
    )
    assert not Suggestion.objects.filter(org=school).exists()
    client.post(url, _batch(category, writer, *rows, action="save"))
    stored = Suggestion.objects.filter(org=school).order_by("submitted_on")
    assert [(s.title, s.author) for s in stored] == [
        ("食堂菜品偏咸", writer.user),
        ("图书馆延长开放", None),
    ]


def test_a_wrong_row_stores_nothing_and_is_named(client, box, c):
    school, writer, category = box
    client.force_login(c.chair)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    rows = [("食堂菜品偏咸", _day(9), writer), ("精简会议", tomorrow, None), ("", _day(3), None)]
    response = client.post(
        f"/o/{school.code}/voice/paper/", _batch(category, writer, *rows, action="save")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 3, Text: This field is required." in page
    response = client.post(
        f"/o/{school.code}/voice/paper/", _batch(category, writer, *rows[:2], action="save")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2, Date:" in page and "is in the future" in page
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_member_cannot_open_the_paper_box(client, box):
    school, _writer, _category = box
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/voice/paper/").status_code == 403


def test_an_answer_written_on_paper_keeps_its_day(client, box, c):
    school, writer, category = box
    s = voice.suggestion_submit(
        org=school,
        user=writer.user,
        token="s-answer",
        category=category,
        title="增加停车位",
        body="八点以后来的老师找不到车位。",
        anonymous=False,
        submitted_on=_day(20),
    ).suggestion
    client.force_login(c.chair)
    url = f"/o/{school.code}/voice/{s.pk}/answer/"
    early = client.post(url, {"answer": "已安排。", "answered_on": _day(21)})
    assert "is before the suggestion reached its answerer" in early.content.decode()
    client.post(url, {"answer": "已安排。", "answered_on": _day(12)})
    s.refresh_from_db()
    assert s.state == Suggestion.State.ANSWERED and s.answered_at == _noon(12)
