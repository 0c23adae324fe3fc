import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories_congress import TODAY, accept, make_congress, submit
from tests.personas import member_of
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school)


def test_the_bell_shows_the_unread_count(client, c):
    client.force_login(c.leader)
    home = f"/o/{c.school.code}/congress/"
    assert "data-unread" not in client.get(home).content.decode()
    notice_send(org=c.school, user=c.leader, kind="assigned", title="提案待答复", url=home)
    notice_send(org=c.school, user=c.leader, kind="overdue", title="提案已逾期")
    page = client.get(home).content.decode()
    assert "data-unread>2<" in page.replace(" ", "")
    # a screen reader hears the count the bell shows, with what it counts
    assert 'aria-label="Notices: 2 unread"' in page


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, c):
    n = notice_send(org=c.school, user=c.leader, kind="assigned", title="x", url="/o/x/congress/")
    client.force_login(c.leader)
    assert client.get(f"/o/{c.school.code}/notices/").status_code == 200
    response = client.post(f"/o/{c.school.code}/notices/{n.pk}/")
    assert response["Location"] == "/o/x/congress/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_someone_elses_notice_is_not_found(client, c):
    n = notice_send(org=c.school, user=c.leader, kind="assigned", title="x")
    client.force_login(c.chair)
    assert client.post(f"/o/{c.school.code}/notices/{n.pk}/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_a_keyed_notice_is_sent_once(c):
    for _ in range(2):
        notice_send(org=c.school, user=c.leader, kind="overdue", title="x", key="k1")
    assert Notice.objects.filter(user=c.leader).count() == 1


def test_the_overdue_digest_prints_and_notifies_once(c):
    late = accept(c, submit(c, title="逾期提案"), due=TODAY - dt.timedelta(days=4))
    accept(c, submit(c, title="快到期提案"), due=TODAY + dt.timedelta(days=1))
    accept(c, submit(c, title="不急的提案"), due=TODAY + dt.timedelta(days=30))
    Notice.objects.all().delete()
    out = StringIO()
    call_command("congress_overdue", stdout=out)
    text = out.getvalue()
    assert "逾期提案" in text and "OVERDUE by 4 days" in text
    assert "快到期提案" in text and "不急的提案" not in text
    assert set(Notice.objects.values_list("kind", flat=True)) == {"overdue", "due_soon"}
    call_command("congress_overdue", stdout=StringIO())
    assert Notice.objects.count() == 2
    assert late.responsible == c.leader


def test_the_chair_sees_the_overdue_list(client, c):
    accept(c, submit(c, title="逾期提案"), due=TODAY - dt.timedelta(days=4))
    client.force_login(c.chair)
    response = client.get(f"/o/{c.school.code}/congress/proposals/overdue/")
    assert "逾期提案" in response.content.decode()
    member = member_of(c.school)
    client.force_login(member)
    assert client.get(f"/o/{c.school.code}/congress/proposals/overdue/").status_code == 403
