"""The wording items of issue 22, as a union chair reads them in Chinese: an edit button says
编辑, an activity's cost names its 费用类别, a competition's ranking column is 名次 and removing an
entrant is 取消参赛, an open poll is 投票中, and the new-poll form shows today's date in a styled
date box (a date input takes only YYYY-MM-DD: "2026/12/07" left it blank)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.clock import morning_of
from tests.factories_activities import activity
from tests.personas import chair_of
from unionhall.activities.forms import CostForm
from unionhall.polls.workflow import State

DAY = dt.date(2025, 10, 15)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(morning_of(DAY), tick=False)]


def test_the_new_poll_form_shows_today_in_a_styled_date_box(client, school):
    client.force_login(chair_of(school))
    page = client.get(reverse("polls:create", kwargs={"org": school.code})).content.decode()
    today = timezone.localdate()
    assert f'type="date" name="held_on" value="{today:%Y-%m-%d}"' in page
    title = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    kind = re.search(r'<select[^>]*name="kind"[^>]*>', page).group(0)
    assert 'class="form-control"' in title and 'class="form-select"' in kind


def test_an_open_poll_reads_voting():
    with translation.override("zh-hans"):
        assert str(State.OPEN.label) == "投票中"


def test_an_activity_is_edited_and_its_cost_has_a_category(client, school):
    act = activity(school)
    client.force_login(act.organiser)
    page = client.get(reverse("activities:detail", kwargs={"org": school.code, "pk": act.pk}))
    assert ">编辑</a>" in page.content.decode() and ">切换</a>" not in page.content.decode()
    with translation.override("zh-hans"):
        assert str(CostForm.base_fields["kind"].label) == "费用类别"
