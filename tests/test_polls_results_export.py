"""Every counted poll's results export to Excel (not only evaluations and satisfaction surveys):
an election's line and each candidate's counts and result, opened back with openpyxl; before it
is published, only the officers may download it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import member_of
from tests.test_polls_printing import _elected
from unionhall.polls import services
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db]


def test_an_elections_results_export_to_excel(client, school):
    poll, chair = _elected(school)
    url = reverse("polls:results_xlsx", kwargs={"org": school.code, "pk": poll.pk})
    client.force_login(member_of(school))
    assert client.get(url).status_code == 404  # counted, not yet published
    client.force_login(chair)
    detail = reverse("polls:detail", kwargs={"org": school.code, "pk": poll.pk})
    assert url in client.get(detail).content.decode()
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    client.force_login(member_of(school))
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    polls, results = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert polls[1][0] == poll.title and polls[1][7] == 9  # nine voted
    by_name = {row[2]: row for row in results[1:]}
    assert by_name["王芳"][4] == "当选" and by_name["张伟"][4] == "未当选"
    assert by_name["王芳"][3].startswith("同意 9")
