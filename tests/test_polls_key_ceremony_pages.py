"""The sealed box on the poll's page, as its people use it: the chair names the key holders,
each sets an opening passphrase (a minute at the opening), members vote, and at the count two
holders type their passphrases into one form (a minute at the count). And an online ballot that
approves too many is refused at the form, which shows the limit."""

import pytest
from django.urls import reverse

from tests.factories_polls import election, key_holders, open_poll
from tests.personas import member_of
from unionhall.notices.models import Notice
from unionhall.polls import services
from unionhall.polls.models import Ballot, Poll, SealedBallot, Voted
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _url(school, name, poll, **kwargs):
    return reverse(f"polls:{name}", kwargs={"org": school.code, "pk": poll.pk, **kwargs})


def test_key_holders_set_passphrases_and_open_the_box_together_on_the_poll_page(client, school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=3)
    holders = [member_of(school, display_name=name) for name in ("钱老师", "孙老师")]
    client.force_login(chair)
    page = client.get(_url(school, "detail", poll)).content.decode()
    assert "Sealed ballot box and its key holders" in page
    assert "No key holder named yet." in page
    for user in holders:
        response = client.post(_url(school, "key_holder_name", poll), {"username": user.username})
        assert response.status_code == 302
    # each is told, under the bell, where to set the passphrase
    for user in holders:
        notice = Notice.objects.get(org=school, user=user)
        assert notice.url == _url(school, "detail", poll)
        assert "set your opening passphrase" in notice.title
    response = client.post(_url(school, "move", poll, target=State.OPEN), follow=True)
    assert "at least 2 key holders" in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).state == State.DRAFT
    # each key holder, logged in, sees the draft's panel and sets a passphrase
    for user in holders:
        client.force_login(user)
        page = client.get(_url(school, "detail", poll))
        assert page.status_code == 200
        assert "Set your opening passphrase" in page.content.decode()
        mismatch = client.post(
            _url(school, "passphrase", poll),
            {"passphrase": "我们学校的开箱口令", "again": "我们学校的开箱口令!"},
        )
        assert "The two passphrases differ" in mismatch.content.decode()
        short = client.post(_url(school, "passphrase", poll), {"passphrase": "短", "again": "短"})
        assert "at least 10 characters" in short.content.decode()
        phrase = f"{user.username}的开箱口令"
        response = client.post(
            _url(school, "passphrase", poll), {"passphrase": phrase, "again": phrase}
        )
        assert response.status_code == 302
    # someone else gets no draft page
    client.force_login(people[0].user)
    assert client.get(_url(school, "detail", poll)).status_code == 404
    client.force_login(chair)
    client.post(_url(school, "move", poll, target=State.OPEN))
    assert Poll.objects.get(pk=poll.pk).state == State.OPEN
    wang = committee.options.get(label="王芳")
    for person in people:
        client.force_login(person.user)
        client.post(_url(school, "vote", poll), {f"q{committee.pk}o{wang.pk}": "approve"})
    client.force_login(chair)
    client.post(_url(school, "move", poll, target=State.CLOSED))
    page = client.get(_url(school, "detail", poll)).content.decode()
    assert "The box holds 3 sealed ballots." in page
    assert "Open the box and count" in page
    assert "Elected" not in page  # nothing counted while sealed
    scrutineers = list(services.key_holders(poll))
    form = {
        "holder_1": scrutineers[0].pk,
        "passphrase_1": f"{holders[0].username}的开箱口令",
        "holder_2": scrutineers[1].pk,
        "passphrase_2": "a wrong passphrase",
    }
    client.force_login(holders[0])
    wrong = client.post(_url(school, "box_open", poll), form)
    assert "The passphrase of 孙老师 is wrong" in wrong.content.decode()
    assert SealedBallot.objects.filter(poll=poll).count() == 3
    same = client.post(_url(school, "box_open", poll), form | {"holder_2": scrutineers[0].pk})
    assert "different key holder" in same.content.decode()
    form["passphrase_2"] = f"{holders[1].username}的开箱口令"
    response = client.post(_url(school, "box_open", poll), form, follow=True)
    assert "The ballot box was opened: 3 ballots counted." in response.content.decode()
    assert Ballot.objects.filter(poll=poll).count() == 3
    client.force_login(chair)
    page = client.get(_url(school, "detail", poll)).content.decode()
    assert "Elected" in page
    assert "The box was opened at the count" in page


def test_an_online_ballot_approving_too_many_is_refused_at_the_form(client, school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=3, seats=2)
    open_poll(school, chair, poll)
    client.force_login(people[0].user)
    url = _url(school, "vote", poll)
    page = client.get(url).content.decode()
    assert "(approve at most 2: a ballot approving more is refused)" in page
    marks = {f"q{committee.pk}o{o.pk}": "approve" for o in committee.options.all()}
    response = client.post(url, marks)
    assert response.status_code == 400
    assert "工会委员会委员: approve at most 2. You approved 3" in response.content.decode()
    assert not Voted.objects.filter(poll=poll).exists()
    assert not SealedBallot.objects.filter(poll=poll).exists()


def test_the_chair_declares_an_unopenable_box_void(client, school):
    poll, _committee, _audit_body, chair, _people = election(school, voters_n=3)
    key_holders(school, poll, chair=chair)
    open_poll(school, chair, poll)
    client.force_login(chair)
    client.post(_url(school, "move", poll, target=State.CLOSED))
    page = client.get(_url(school, "detail", poll)).content.decode()
    assert "Declare the box unopenable" in page
    client.post(_url(school, "box_unopenable", poll))
    poll = Poll.objects.get(pk=poll.pk)
    assert "ballot box cannot be opened" in poll.void_reason
    page = client.get(_url(school, "detail", poll)).content.decode()
    assert "must be held again" in page
    client.post(_url(school, "move", poll, target=State.PUBLISHED))
    assert Poll.objects.get(pk=poll.pk).state == State.PUBLISHED
