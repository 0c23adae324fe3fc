"""No wrong result can be published: the rules checked before publishing (quorum, two matching
counts, every ballot accounted for), invalid polls counted nowhere, the surplus checked where the
candidates are entered, a runoff only when called for and once, drafts that can be changed and
deleted, and the scrutineers' steps of a paper count."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories_polls import TODAY, count_box, election, open_poll, voters
from tests.personas import chair_of
from unionhall.core.indicators import Period
from unionhall.plans.kinds import RECORD_KINDS
from unionhall.polls import archive_parts, sealing, selectors, services
from unionhall.polls.models import Kind, Mode, PaperCount, Poll, Question, SealedBallot
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = Period(dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))


def _url(school, name, **kwargs):
    return reverse(f"polls:{name}", kwargs={"org": school.code, **kwargs})


def _paper(school, *, voters_n=10, present=10):
    """A paper election, open, with `present` of `voters_n` recorded present."""
    poll, committee, audit_body, chair, _people = election(
        school, voters_n=voters_n, mode=Mode.PAPER
    )
    poll = open_poll(school, chair, poll)
    services.presence_record(
        org=school, actor=chair, poll=poll, present=list(poll.voters.all())[:present]
    )
    return poll, committee, audit_body, chair


def _scrutineers(school, chair, poll):
    one, two = voters(school, 2)
    for person in (one, two):
        services.scrutineer_add(
            org=school, actor=chair, poll=poll, user=person.user, name=person.name
        )
    return one, two


def _close(school, chair, poll):
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)


def _publish(school, chair, poll):
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)


def _online(school, *, voters_n=9, voting=9, title=None, count=True):
    """An online election in which `voting` of `voters_n` approve 王芳 and 李明, then closed and
    (`count`) its sealed box opened by two key holders at the count."""
    poll, committee, audit_body, chair, people = election(school, voters_n=voters_n)
    if title:
        poll = services.poll_edit(org=school, actor=chair, poll=poll, title=title, held_on=TODAY)
    poll = open_poll(school, chair, poll)
    options = {o.label: o.pk for o in committee.options.all()}
    for person in people[:voting]:
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                committee.pk: {options["王芳"]: "approve", options["李明"]: "approve"},
                audit_body.pk: {audit_body.options.get().pk: "approve"},
            },
        )
    poll = _close(school, chair, poll)
    return (count_box(school, chair, poll) if count else poll), chair


# Quorum: an inquorate poll is invalid, published only as invalid -------------------------------


def test_a_paper_election_with_too_few_present_is_invalid_at_close(school):
    # 6 of 10 present is below two thirds (the 60 of 105)
    poll, _committee, _audit_body, chair = _paper(school, voters_n=10, present=6)
    poll = _close(school, chair, poll)
    assert poll.is_void
    assert "Only 6 of the 10 entitled took part" in poll.void_reason
    # nothing to count: it is published as invalid, without a scrutineer's count
    assert services.publish_blockers(poll) == []
    poll = _publish(school, chair, poll)
    assert poll.state == State.PUBLISHED and poll.is_void


def test_an_invalid_poll_shows_no_winners_and_no_runoff_and_says_why(client, school):
    poll, _committee, _audit_body, chair = _paper(school, voters_n=10, present=6)
    poll = _close(school, chair, poll)
    client.force_login(chair)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "This poll is invalid." in page and "Only 6 of the 10" in page
    assert "Publish as invalid" in page
    poll = _publish(school, chair, poll)
    (member,) = voters(school, 1)
    client.force_login(member.user)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "This poll is invalid." in page and "Only 6 of the 10" in page
    for word in ("Elected", "Not elected", "To the runoff", "Create the runoff", "王芳"):
        assert word not in page
    with pytest.raises(ValidationError, match="counted poll that stands"):
        services.runoff_create(org=school, actor=chair, poll=poll)


def test_an_invalid_election_is_no_held_election_in_the_summary_plans_and_archive(school):
    from unionhall.reports.build import summary_build

    held, chair = _online(school, voters_n=9, voting=9, title="第五届工会委员会选举")
    _publish(school, chair, held)
    # inquorate at close: published as invalid with its box still sealed (nothing to count)
    void, _chair = _online(school, voters_n=9, voting=5, title="工会委员补选", count=False)
    assert void.is_void and void.box_sealed
    _publish(school, chair, void)

    from unionhall.core import indicators

    assert indicators.get("polls.elections")(school, YEAR).value == 1
    assert indicators.get("polls.held")(school, YEAR).value == 1
    (section,) = [s for s in summary_build(org=school, period=YEAR).sections if s.key == "polls"]
    text = " ".join(p.text for p in section.paragraphs)
    assert "held 1 elections" in text and "第五届工会委员会选举" in text
    assert "工会委员补选" not in text

    assert list(RECORD_KINDS["polls.poll"].rows(school)) == [held]

    files = {f.name: f for f in archive_parts.elections(school, YEAR)}
    reports = [path for path in files if path.endswith(".docx")]
    assert len(reports) == 1 and "第五届工会委员会选举" in reports[0]
    (workbook,) = [f for path, f in files.items() if path.endswith(".xlsx")]
    from openpyxl import load_workbook

    results = load_workbook(io.BytesIO(workbook.content))["Results"]
    rows = [r for r in results.iter_rows(values_only=True) if r[0] == "工会委员补选"]
    assert len(rows) == 1 and rows[0][4].startswith("Invalid: Only 5 of the 18")


def test_the_summary_says_which_base_participation_is_computed_on(school):
    from unionhall.reports.build import summary_build

    poll, chair = _online(school, voters_n=9, voting=7)
    _publish(school, chair, poll)
    (section,) = [s for s in summary_build(org=school, period=YEAR).sections if s.key == "polls"]
    text = " ".join(p.text for p in section.paragraphs)
    assert "Entitled to vote: 9; took part: 7; participation 77.8% of those entitled." in text


# Publishing refused, with the rule named ------------------------------------------------------


def test_a_paper_result_is_not_published_before_the_box_is_counted(school):
    poll, _committee, _audit_body, chair = _paper(school)
    poll = _close(school, chair, poll)
    with pytest.raises(ValidationError, match="Ballot box reconciled"):
        _publish(school, chair, poll)


def test_a_paper_result_is_not_published_on_one_scrutineers_count(client, school):
    poll, committee, _audit_body, chair = _paper(school)
    one, _two = _scrutineers(school, chair, poll)
    poll = _close(school, chair, poll)
    services.paper_count_enter(
        org=school, actor=one.user, poll=poll, issued=10, returned=10, valid=10, invalid=0
    )
    wang = committee.options.get(label="王芳")
    services.paper_tally_enter(
        org=school, actor=one.user, poll=poll, counts={f"o:{wang.pk}": {"approve": 10}}
    )
    with pytest.raises(ValidationError, match=rf"Two matching counts\. Only {one.name} has"):
        _publish(school, chair, poll)
    poll.refresh_from_db()
    assert poll.state == State.CLOSED
    # the chair sees why before pressing publish, and the button is off
    client.force_login(chair)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "The result cannot be published yet" in page and "Two matching counts" in page
    assert 'type="submit" disabled>Publish the result' in page


def test_every_ballot_issued_is_accounted_for_before_publishing(school):
    poll, committee, _audit_body, chair = _paper(school)
    one, two = _scrutineers(school, chair, poll)
    poll = _close(school, chair, poll)
    # 10 issued, 8 returned, 1 spoiled: one ballot is missing from the reconciliation
    services.paper_count_enter(
        org=school, actor=one.user, poll=poll, issued=10, returned=8, valid=8, invalid=0, spoiled=1
    )
    wang = committee.options.get(label="王芳")
    for person in (one, two):
        services.paper_tally_enter(
            org=school, actor=person.user, poll=poll, counts={f"o:{wang.pk}": {"approve": 8}}
        )
    with pytest.raises(ValidationError, match=r"Every ballot accounted for\. 10 ballots were"):
        _publish(school, chair, poll)
    # counted again: one was handed back unused
    services.paper_count_enter(
        org=school,
        actor=one.user,
        poll=poll,
        issued=10,
        returned=8,
        valid=8,
        invalid=0,
        spoiled=1,
        unused=1,
    )
    assert _publish(school, chair, poll).state == State.PUBLISHED


def test_more_ballots_in_the_box_than_issued_is_published_only_as_invalid(school):
    poll, _committee, _audit_body, chair = _paper(school)
    one, _two = _scrutineers(school, chair, poll)
    poll = _close(school, chair, poll)
    services.paper_count_enter(
        org=school, actor=one.user, poll=poll, issued=10, returned=11, valid=11, invalid=0
    )
    poll.refresh_from_db()
    assert "11 ballots were returned but only 10 issued" in poll.void_reason
    assert services.publish_blockers(poll) == []


def test_an_online_box_that_does_not_match_the_register_is_not_published(school):
    poll, chair = _online(school, voters_n=9, voting=7, count=False)
    # a sealed ballot that no one on the register cast (one slipped into the box, say)
    forged = b'{"g":"","v":true,"a":[]}'
    SealedBallot.objects.create(org=school, poll=poll, box=sealing.seal(poll.public_key, forged))
    # before the count the box is sealed: that is the rule named, the register cannot be checked
    with pytest.raises(ValidationError) as refused:
        _publish(school, chair, poll)
    (message,) = refused.value.messages
    assert message.startswith("Not published: Sealed ballot box opened.")
    # opened at the count, the box holds one ballot more than the register shows
    poll = count_box(school, chair, poll)
    assert poll.ballots.count() == 8 and poll.voted.count() == 7
    with pytest.raises(
        ValidationError,
        match=r"Every ballot accounted for\. The register shows 7 voters but the box holds 8",
    ):
        _publish(school, chair, poll)
    poll.refresh_from_db()
    assert poll.state == State.CLOSED


# The surplus rule, where the candidates are entered -------------------------------------------


def test_five_seats_with_five_candidates_and_a_three_percent_surplus_are_refused(client, school):
    chair = chair_of(school)
    poll = services.poll_create(
        org=school, actor=chair, kind=Kind.ELECTION, mode=Mode.ONLINE, title="换届", held_on=TODAY
    )
    client.force_login(chair)
    five = "\n".join(["王芳", "李明", "张伟", "刘洋", "陈静"])
    page = client.post(
        _url(school, "question_add", pk=poll.pk),
        {"text": "委员", "scale": "approve", "seats": 5, "candidates": five, "surplus_percent": 3},
    )
    assert "A surplus of 3% is below the rule" in page.content.decode()
    page = client.post(
        _url(school, "question_add", pk=poll.pk),
        {"text": "委员", "scale": "approve", "seats": 5, "candidates": five, "surplus_percent": 5},
    )
    assert "has 5 candidates for 5 seats: the rules ask for at least 6" in page.content.decode()
    assert not poll.questions.exists()
    response = client.post(
        _url(school, "question_add", pk=poll.pk),
        {"text": "委员", "scale": "approve", "seats": 5, "candidates": five + "\n赵敏"},
    )
    assert response.status_code == 302 and poll.questions.get().options.count() == 6


# Runoffs: only when the result calls for one, and once ------------------------------------------


def _tied(school):
    """Three seats, four candidates: 王芳 and 李明 elected, 张伟 and 刘洋 tied at the last."""
    names = ["王芳", "李明", "张伟", "刘洋"]
    poll, committee, audit_body, chair, people = election(school, voters_n=10, seats=3, names=names)
    open_poll(school, chair, poll)
    options = {o.label: o.pk for o in committee.options.all()}
    for i, person in enumerate(people):
        marked = ["王芳", "李明", "张伟" if i < 5 else "刘洋"]
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                committee.pk: {options[n]: "approve" for n in marked},
                audit_body.pk: {audit_body.options.get().pk: "approve"},
            },
        )
    return count_box(school, chair, poll), chair


def test_pressing_create_the_runoff_twice_makes_one_runoff(client, school):
    poll, chair = _tied(school)
    client.force_login(chair)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "Create the runoff" in page
    for _press in range(2):
        assert client.post(_url(school, "runoff", pk=poll.pk)).status_code == 302
    (runoff,) = Poll.objects.filter(runoff_of=poll)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "Create the runoff" not in page
    assert _url(school, "detail", pk=runoff.pk) in page
    assert services.runoff_create(org=school, actor=chair, poll=poll) == runoff


def test_no_runoff_when_every_seat_is_filled(client, school):
    poll, chair = _online(school, voters_n=9, voting=9)
    client.force_login(chair)
    page = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert "Elected" in page and "Create the runoff" not in page
    with pytest.raises(ValidationError, match="no runoff is needed"):
        services.runoff_create(org=school, actor=chair, poll=poll)


def test_no_runoff_from_a_paper_poll_not_yet_counted(school):
    # before the counts, everyone has 0 votes: that is no shortfall
    poll, _committee, _audit_body, chair = _paper(school)
    poll = _close(school, chair, poll)
    with pytest.raises(ValidationError, match="not final yet"):
        services.runoff_create(org=school, actor=chair, poll=poll)
    assert not Poll.objects.filter(runoff_of=poll).exists()


# Drafts can be changed and deleted; an opened poll cannot ------------------------------------


def test_a_draft_question_can_be_changed_and_removed(client, school):
    poll, committee, audit_body, chair, _people = election(school)
    client.force_login(chair)
    edit = _url(school, "question_edit", pk=poll.pk, question_pk=committee.pk)
    form = client.get(edit).content.decode()
    assert "工会委员会委员" in form and "王芳" in form
    response = client.post(
        edit,
        {
            "text": "工会委员会委员（第五届）",
            "scale": "approve",
            "seats": 3,
            "candidates": "王芳\n李明\n张伟\n刘洋",
        },
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.text == "工会委员会委员（第五届）" and committee.seats == 3
    assert sorted(o.label for o in committee.options.all()) == ["刘洋", "张伟", "李明", "王芳"]
    # the surplus is checked on a change too
    response = client.post(
        edit,
        {"text": "委员", "scale": "approve", "seats": 4, "candidates": "王芳\n李明\n张伟\n刘洋"},
    )
    assert "the rules ask for at least 5" in response.content.decode()
    response = client.post(_url(school, "question_delete", pk=poll.pk, question_pk=audit_body.pk))
    assert response.status_code == 302
    assert list(poll.questions.values_list("text", flat=True)) == ["工会委员会委员（第五届）"]


def test_an_opened_poll_cannot_be_changed_or_deleted(client, school):
    poll, committee, _audit_body, chair, _people = election(school)
    open_poll(school, chair, poll)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.question_edit(
            org=school, actor=chair, question=committee, text="x", scale="approve"
        )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.question_delete(org=school, actor=chair, question=committee)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.poll_delete(org=school, actor=chair, poll=poll)
    client.force_login(chair)
    edit = _url(school, "question_edit", pk=poll.pk, question_pk=committee.pk)
    response = client.get(edit, follow=True)
    assert "can no longer change" in response.content.decode()
    response = client.post(_url(school, "delete", pk=poll.pk), follow=True)
    assert "can no longer change" in response.content.decode()
    assert Question.objects.filter(pk=committee.pk).exists()
    assert Poll.objects.filter(pk=poll.pk).exists()


def test_a_draft_is_deleted_for_good_after_a_confirmation(client, school):
    poll, _committee, _audit_body, chair, _people = election(school)
    client.force_login(chair)
    detail = client.get(_url(school, "detail", pk=poll.pk)).content.decode()
    assert _url(school, "delete", pk=poll.pk) in detail
    confirm = client.get(_url(school, "delete", pk=poll.pk)).content.decode()
    assert "removes it for good, with its 2 questions" in confirm
    assert "no one has voted in it" in confirm
    assert Poll.objects.filter(pk=poll.pk).exists()
    response = client.post(_url(school, "delete", pk=poll.pk))
    assert response.status_code == 302 and response.url == _url(school, "list")
    assert not Poll.objects.filter(pk=poll.pk).exists()


def test_a_draft_poll_can_be_renamed(client, school):
    poll, _committee, _audit_body, chair, _people = election(school)
    client.force_login(chair)
    response = client.post(
        _url(school, "edit", pk=poll.pk), {"title": "第六届委员会选举", "held_on": "2026-05-20"}
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert (poll.title, poll.held_on) == ("第六届委员会选举", dt.date(2026, 5, 20))


# The scrutineers' page: the steps in order, who has done what, reachable by them ---------------


def test_a_scrutineer_follows_the_paper_count_step_by_step(client, school):
    poll, committee, _audit_body, chair = _paper(school)
    one, two = _scrutineers(school, chair, poll)
    (outsider,) = voters(school, 1)
    paper = _url(school, "paper", pk=poll.pk)

    client.force_login(one.user)
    page = client.get(paper)
    assert page.status_code == 200  # was a 403 for a scrutineer
    text = page.content.decode()
    steps = ["Record who is present", "Name at least two", "Close the poll", "Count the ballot box"]
    steps += ["Each scrutineer counts", "Wait for the second count", "Publish the result"]
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)
    assert "once voting has ended and the chair has closed the poll" in text
    client.force_login(outsider.user)
    assert client.get(paper).status_code == 403

    _close(school, chair, poll)
    client.force_login(one.user)
    # the closed poll is on the scrutineer's list, with the way to the count
    assert paper in client.get(_url(school, "list")).content.decode()
    response = client.post(
        paper,
        {"issued": 10, "returned": 10, "valid": 9, "invalid": 1, "spoiled": 0, "unused": 0},
    )
    assert response.status_code == 302
    assert PaperCount.objects.get(poll=poll).entered_by == one.user
    wang = committee.options.get(label="王芳")
    tally = _url(school, "tally", pk=poll.pk)
    assert client.get(paper).content.decode().count(tally) == 1
    assert client.post(tally, {f"o:{wang.pk}:approve": 9}).url == paper
    text = client.get(paper).content.decode()
    assert f"{one.name}: entered" in text and f"{two.name}: not yet entered" in text
    assert "Wait for the second count" in text

    client.force_login(two.user)
    client.post(tally, {f"o:{wang.pk}:approve": 8})
    text = client.get(paper).content.decode()
    assert "The two counts differ" in text
    assert "工会委员会委员 · 王芳 · Approve: 9 and 8" in text

    client.post(tally, {f"o:{wang.pk}:approve": 9})
    text = client.get(paper).content.decode()
    assert "The two counts agree." in text
    poll = _publish(school, chair, poll)
    assert [o.label for o in selectors.election_result(poll)[0].outcome.elected] == ["王芳"]


def test_only_the_scrutineers_and_the_chair_count_the_box(school):
    poll, _committee, _audit_body, chair = _paper(school)
    (member,) = voters(school, 1)
    poll = _close(school, chair, poll)
    with pytest.raises(ValidationError, match="Only the poll's scrutineers count"):
        services.paper_count_enter(
            org=school, actor=member.user, poll=poll, issued=10, returned=10, valid=10, invalid=0
        )


def test_the_paper_page_takes_a_fixed_number_of_queries(client, school, django_assert_num_queries):
    poll, committee, _audit_body, chair = _paper(school)
    one, two = _scrutineers(school, chair, poll)
    poll = _close(school, chair, poll)
    services.paper_count_enter(
        org=school, actor=one.user, poll=poll, issued=10, returned=10, valid=10, invalid=0
    )
    wang = committee.options.get(label="王芳")
    for person, n in ((one, 10), (two, 9)):
        services.paper_tally_enter(
            org=school, actor=person.user, poll=poll, counts={f"o:{wang.pk}": {"approve": n}}
        )
    client.force_login(one.user)
    with django_assert_num_queries(20):
        page = client.get(_url(school, "paper", pk=poll.pk))
    assert "The two counts differ" in page.content.decode()
