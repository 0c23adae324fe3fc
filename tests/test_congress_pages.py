"""The congress pages as users see them: who may open what, and what a form post does."""

import io

import pytest
from docx import Document

from tests.factories import UserFactory, grant
from tests.factories_congress import TODAY, accept, answer, make_congress, submit
from tests.personas import member_of
from unionhall.congress.models import Proposal
from unionhall.congress.workflow import State

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school)


def url(c, path=""):
    return f"/o/{c.school.code}/congress/{path}"


def test_every_school_role_sees_the_proposals(client, c):
    p = submit(c)
    member = member_of(c.school)
    client.force_login(member)
    for path in [
        "",
        "proposals/",
        f"proposals/{p.pk}/",
        f"sessions/{c.session.pk}/",
        f"sessions/{c.session.pk}/report/",
        f"terms/{c.term.pk}/",
    ]:
        response = client.get(url(c, path))
        assert response.status_code == 200, path
    assert client.get(url(c, "proposals/new/")).status_code == 403
    assert client.get(url(c, "proposals/overdue/")).status_code == 403
    assert client.get(url(c, "rules/")).status_code == 403


def test_another_schools_rows_are_not_found(client, c, other_school):
    p = submit(c)
    outsider_congress = make_congress(other_school)
    client.force_login(outsider_congress.chair)
    base = f"/o/{other_school.code}/congress/"
    for path in [
        f"proposals/{p.pk}/",
        f"proposals/{p.pk}/form.docx",
        f"sessions/{c.session.pk}/",
        f"sessions/{c.session.pk}/report/",
        f"terms/{c.term.pk}/",
    ]:
        assert client.get(base + path).status_code == 404, path
    response = client.post(base + f"proposals/{p.pk}/accept/", {})
    assert response.status_code == 404
    # and through the other school's own URL, no role there: 404
    assert client.get(url(c, f"proposals/{p.pk}/")).status_code == 404
    assert Proposal.objects.get(pk=p.pk).state == State.SUBMITTED


def test_a_representative_submits_through_the_form_once(client, c):
    client.force_login(c.reps[0].user)
    page = client.get(url(c, "proposals/new/"))
    token = page.context["form"].initial["token"]
    data = {
        "token": token,
        "title": "关于更新多媒体设备的建议",
        "category": "teaching",
        "reasons": "投影仪老化。",
        "measures": "分批更换。",
        "cosigners": [c.reps[1].pk, c.reps[2].pk],
    }
    first = client.post(url(c, "proposals/new/"), data)
    second = client.post(url(c, "proposals/new/"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Proposal.objects.get().state == State.SUBMITTED


def test_the_submit_form_names_what_is_missing(client, c):
    client.force_login(c.reps[0].user)
    response = client.post(url(c, "proposals/new/"), {"token": "t", "title": ""})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_the_committee_accepts_through_the_page(client, c):
    p = submit(c)
    client.force_login(c.chair)
    assert "accept" in client.get(url(c, f"proposals/{p.pk}/")).context["actions"]
    response = client.post(
        url(c, f"proposals/{p.pk}/accept/"),
        {
            "accept-lead_department": c.dept.pk,
            "accept-supporting_departments": [c.support.pk],
            "accept-responsible": c.leader.pk,
            "accept-answer_due": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=p.pk).state == State.ACCEPTED


def test_a_refused_action_shows_a_message_and_changes_nothing(client, c):
    p = accept(c, submit(c))
    client.force_login(c.other_leader)
    response = client.post(url(c, f"proposals/{p.pk}/answer/"), {"answer-text": "x"}, follow=True)
    assert "Only the responsible leader" in response.content.decode()
    assert Proposal.objects.get(pk=p.pk).state == State.ACCEPTED


def test_a_representative_cannot_answer(client, c):
    p = accept(c, submit(c))
    client.force_login(c.reps[0].user)
    response = client.post(url(c, f"proposals/{p.pk}/answer/"), {"answer-text": "x"})
    assert response.status_code == 403


def test_the_proposal_form_docx_opens_back(client, c):
    p = accept(c, submit(c, title="关于增设教师休息室的建议"))
    answer(c, p, text="同意，暑假改建。")
    client.force_login(c.reps[3].user)
    response = client.get(url(c, f"proposals/{p.pk}/form.docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "关于增设教师休息室的建议" in cells
    assert "同意，暑假改建。" in cells
    assert c.reps[1].name in " ".join(cells)


def test_the_proposal_list_has_constant_queries(client, c, django_assert_num_queries):
    for i in range(3):
        submit(c, title=f"提案{i}")
    client.force_login(c.reps[0].user)
    # session, user, roles+org, the bell, the total, the page, sessions for the filter
    with django_assert_num_queries(7):
        client.get(url(c, "proposals/"))
    for i in range(10):
        accept(c, submit(c, title=f"更多提案{i}"))
    with django_assert_num_queries(7):
        response = client.get(url(c, "proposals/?state=accepted"))
    assert response.context["page"].paginator.count == 10
    # a proposal submitted since shows at once
    submit(c, title="关于新增停车位的建议")
    assert "关于新增停车位的建议" in client.get(url(c, "proposals/")).content.decode()


def test_the_session_report_has_constant_queries(client, c, django_assert_num_queries):
    submit(c)
    client.force_login(c.chair)
    # session, user, roles+org, the congress session, counts, categories, open items, carried
    # over, the bell
    with django_assert_num_queries(9):
        client.get(url(c, f"sessions/{c.session.pk}/report/"))
    for i in range(8):
        p = accept(c, submit(c, title=f"提案{i}"))
        if i % 2:
            answer(c, p)
    with django_assert_num_queries(9):
        client.get(url(c, f"sessions/{c.session.pk}/report/"))


def test_pages_answer_200_before_any_term_exists(client, school):
    from unionhall.orgs.roles import Role

    users = {role: grant(UserFactory(), school, role) for role in Role if role != "district_admin"}
    base = f"/o/{school.code}/"
    pages = {
        "congress/": "congress.view",
        "congress/rules/": "congress.manage",
        "congress/terms/new/": "congress.manage",
        "congress/proposals/": "congress.view",
        "congress/proposals/new/": "congress.submit",
        "congress/proposals/overdue/": "congress.overdue",
        "notices/": "notices.own",
    }
    from unionhall.orgs.capabilities import allows

    for role, user in users.items():
        client.force_login(user)
        for path, capability in pages.items():
            expected = 200 if allows({role}, capability) else 403
            assert client.get(base + path).status_code == expected, (role, path)


def test_no_view_reaches_another_schools_rows(client, c, other_school):
    from unionhall.congress import services as congress_services

    p = accept(c, submit(c))
    item = congress_services.resolution_create(
        org=c.school, actor=c.chair, session=c.session, title="年度工作报告"
    )
    outsider = make_congress(other_school)
    for user in (outsider.chair, outsider.leader, outsider.reps[0].user):
        client.force_login(user)
        base = f"/o/{other_school.code}/congress/"
        gets = [
            f"terms/{c.term.pk}/",
            f"terms/{c.term.pk}/representatives/new/",
            f"terms/{c.term.pk}/sessions/new/",
            f"sessions/{c.session.pk}/attendance/",
            f"sessions/{c.session.pk}/resolutions/new/",
            f"resolutions/{item.pk}/tally/",
        ]
        for path in gets:
            assert client.get(base + path).status_code in (403, 404), path
        posts = ["cosign", "accept", "reject", "merge", "answer", "second", "rate", "progress"]
        for action in [*posts, "done"]:
            response = client.post(base + f"proposals/{p.pk}/{action}/", {})
            assert response.status_code in (403, 404), action
        assert client.post(base + f"resolutions/{item.pk}/tally/", {}).status_code in (403, 404)
    p.refresh_from_db()
    item.refresh_from_db()
    assert p.state == State.ACCEPTED and item.passed is None


def test_the_chair_adds_a_resolution_item_with_its_document(client, c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(c.chair)
    response = client.post(
        url(c, f"sessions/{c.session.pk}/resolutions/new/"),
        {
            "title": "绩效工资分配方案",
            "document": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 demo", "application/pdf"),
        },
    )
    assert response.status_code == 302
    item = c.session.resolutions.get()
    assert item.document.name.endswith(".pdf")
    assert "绩效工资分配方案" in client.get(url(c, f"sessions/{c.session.pk}/")).content.decode()


def test_cosign_rate_and_close_through_the_pages(client, c):
    p = submit(c, cosigners=(1,))
    client.force_login(c.reps[2].user)
    assert client.get(url(c, f"proposals/{p.pk}/")).context["actions"]["cosign"]
    client.post(url(c, f"proposals/{p.pk}/cosign/"))
    assert Proposal.objects.get(pk=p.pk).state == State.SUBMITTED
    accept(c, p)
    answer(c, p)
    client.force_login(c.reps[0].user)
    actions = client.get(url(c, f"proposals/{p.pk}/")).context["actions"]
    assert {"rate", "second"} <= set(actions)
    client.post(url(c, f"proposals/{p.pk}/second/"), {"second-reason": "没有时间表。"})
    assert Proposal.objects.get(pk=p.pk).state == State.REANSWER
    answer(c, p, text="九月底前完成。")
    response = client.post(url(c, f"proposals/{p.pk}/rate/"), {"rate-rating": "fairly"})
    assert response.status_code == 302
    again = client.post(
        url(c, f"proposals/{p.pk}/rate/"), {"rate-rating": "unsatisfied"}, follow=True
    )
    assert "already been rated" in again.content.decode()
    assert Proposal.objects.get(pk=p.pk).rating == "fairly"
    client.force_login(c.leader)
    client.post(url(c, f"proposals/{p.pk}/progress/"), {"progress-text": "已完成设计"})
    client.post(url(c, f"proposals/{p.pk}/done/"), {"done-note": "已投入使用"})
    assert Proposal.objects.get(pk=p.pk).state == State.DONE
    page = client.get(url(c, f"proposals/{p.pk}/"))
    assert page.context["actions"] == {}
