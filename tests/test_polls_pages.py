"""Poll pages: the public ballot a code opens (light, no JavaScript, one vote per code), the
member's ballot, the officers' pages and documents."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from tests.factories_polls import count_box, election, open_poll, survey, ticket_in
from unionhall.polls import services
from unionhall.polls.models import Ballot, SealedBallot, Voted
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _enter_url(school):
    return reverse("polls_public:enter", kwargs={"org": school.code})


def _open(client, school, code):
    """What the entry page does with a typed (or scanned) code: POST it."""
    return client.post(_enter_url(school), {"code": code})


def _cast(client, school, code, choices):
    """Type the code, then cast the ballot page it opens (its signed ticket in the body)."""
    url = reverse("polls_public:ballot", kwargs={"org": school.code})
    return client.post(url, {"ticket": ticket_in(_open(client, school, code)), **choices})


def test_a_code_opens_a_light_ballot_without_login_and_votes_once(client, school):
    poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    page = _open(client, school, code)
    assert page.status_code == 200
    html = page.content
    assert len(html) < 50 * 1024
    assert b"<script" not in html  # the ballot itself needs no script
    stylesheets = re.findall(rb'href="([^"]+\.css)"', html)
    assert stylesheets == [b"/static/polls/ballot.css"]
    assert "others and officers" in page.content.decode() or "officers" in page.content.decode()
    question = poll.questions.get(scale="satisfaction")
    comment = poll.questions.get(scale="comment")
    answer = _cast(
        client, school, code, {f"q{question.pk}": "fairly", f"q{comment.pk}": "讲课很清楚"}
    )
    assert answer.status_code == 200
    assert "ballot was cast" in answer.content.decode()
    again = _cast(client, school, code, {f"q{question.pk}": "dissatisfied"})
    assert again.status_code == 400
    assert "cannot vote" in again.content.decode()
    # sealed until the count: no ballot in clear, one sealed box
    assert not Ballot.objects.filter(poll=poll).exists()
    assert SealedBallot.objects.filter(poll=poll).count() == 1


def test_showing_a_ballot_or_the_code_page_writes_nothing(client, school):
    """Like the suggestion page, the public ballot pages write no row when shown: only casting
    a ballot does (the ballot and "this code was used"), and a code that cannot vote counts
    one failure against the address (the throttle)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    with CaptureQueriesContext(connection) as queries:
        for _ in range(50):
            assert _open(client, school, code).status_code == 200
            assert client.get(_enter_url(school)).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []


def test_the_stylesheet_script_and_page_together_weigh_under_50_kb(client, school):
    _poll, codes, _chair = survey(school)
    page = _open(client, school, codes["初一(1)班"][0].code)
    entry = client.get(_enter_url(school))
    from django.contrib.staticfiles import finders

    css = open(finders.find("polls/ballot.css"), "rb").read()
    script = open(finders.find("polls/code.js"), "rb").read()
    assert len(page.content) + len(css) < 50 * 1024
    assert len(entry.content) + len(css) + len(script) < 50 * 1024


def test_typing_the_code_in_small_letters_opens_the_ballot(client, school):
    poll, codes, _chair = survey(school)
    code = codes["初一(2)班"][0].code
    response = _open(client, school, code.lower())
    assert response.status_code == 200
    assert poll.title in response.content.decode()
    # The ballot's ticket names the code as issued, in capitals.
    assert services.ballot_ticket_read(ticket_in(response), org_code=school.code).code == code


def test_officers_see_participation_per_class_without_choices(client, school):
    poll, codes, chair = survey(school)
    question = poll.questions.get(scale="satisfaction")
    for code in codes["初一(1)班"][:4]:
        services.ballot_cast(
            org=school, poll=poll, code=code.code, choices={question.pk: "satisfied"}
        )
    client.force_login(chair)
    page = client.get(reverse("polls:detail", kwargs={"org": school.code, "pk": poll.pk}))
    text = page.content.decode()
    assert re.search(r"初一\(1\)班</td><td[^>]*>4</td><td[^>]*>6<", text)
    assert "Satisfied" not in text  # no choices while open


def test_code_slips_print_one_page_per_class(client, school):
    poll, _codes, chair = survey(school)
    client.force_login(chair)
    response = client.get(reverse("polls:code_slips", kwargs={"org": school.code, "pk": poll.pk}))
    document = Document(io.BytesIO(response.content))
    assert len(document.tables) == 2
    texts = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert sum(1 for t in texts if t.strip()) == 12
    assert len(document.inline_shapes) == 12


def test_a_member_votes_once_on_a_phone_page(client, school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=3)
    open_poll(school, chair, poll)
    client.force_login(people[0].user)
    url = reverse("polls:vote", kwargs={"org": school.code, "pk": poll.pk})
    page = client.get(url)
    assert (
        "cannot see how anyone voted" in page.content.decode()
        or "never how" in page.content.decode()
    )
    wang = committee.options.get(label="王芳")
    response = client.post(url, {f"q{committee.pk}o{wang.pk}": "approve"})
    assert "ballot was cast" in response.content.decode()
    assert client.get(url).status_code == 409
    assert Voted.objects.filter(poll=poll).count() == 1


def test_the_election_report_docx(client, school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=3)
    open_poll(school, chair, poll)
    wang = committee.options.get(label="王芳")
    for person in people:
        services.ballot_cast(
            org=school, poll=poll, user=person.user, choices={committee.pk: {wang.pk: "approve"}}
        )
    count_box(school, chair, poll)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    client.force_login(chair)
    response = client.get(reverse("polls:report", kwargs={"org": school.code, "pk": poll.pk}))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Report of the election result" in text
    assert "王芳" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert cells[:12] == [
        "Entitled",
        "Present",
        "Ballots issued",
        "Returned",
        "Valid",
        "Invalid",
        "3",
        "3",
        "3",
        "3",
        "3",
        "0",
    ]
    assert "Chief scrutineer" in text


def test_the_list_and_a_published_result_take_a_fixed_number_of_queries(
    client, school, django_assert_num_queries
):
    poll, committee, _audit_body, chair, people = election(school, voters_n=4)
    open_poll(school, chair, poll)
    wang = committee.options.get(label="王芳")
    for person in people:
        services.ballot_cast(
            org=school, poll=poll, user=person.user, choices={committee.pk: {wang.pk: "approve"}}
        )
    count_box(school, chair, poll)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    client.force_login(people[0].user)
    with django_assert_num_queries(8):
        assert client.get(reverse("polls:list", kwargs={"org": school.code})).status_code == 200
    # 17: the key holders of the sealed box are read to know whether to show their panel
    with django_assert_num_queries(17):
        page = client.get(reverse("polls:detail", kwargs={"org": school.code, "pk": poll.pk}))
    assert "王芳" in page.content.decode()
    assert "Elected" in page.content.decode()


def test_the_chair_sets_up_a_selection_through_the_pages(client, school):
    from tests.factories_polls import voters
    from tests.personas import chair_of
    from unionhall.polls.models import Selection

    chair = chair_of(school)
    (nominee,) = voters(school, 1)
    client.force_login(chair)
    create = reverse("polls:selection_create", kwargs={"org": school.code})
    response = client.post(
        create,
        {
            "title": "师德楷模评选",
            "honour_title": "师德楷模",
            "honour_level": 10,
            "held_on": "2026-11-20",
            "quota": 1,
            "threshold_percent": 80,
            "notice_days": 5,
            "exclude_holders": "on",
        },
    )
    selection = Selection.objects.get(org=school)
    assert response.status_code == 302
    step = reverse(
        "polls:selection_step", kwargs={"org": school.code, "pk": selection.pk, "step": "nominate"}
    )
    client.post(step, {"member": nominee.pk, "by": "self"})
    page = client.get(reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk}))
    assert nominee.name in page.content.decode()
    assert client.get(reverse("polls:selections", kwargs={"org": school.code})).status_code == 200
