"""The Chinese reads as a union chair writes it: the right word for each sense, and Chinese
punctuation in Chinese sentences."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_congress import make_congress, submit
from tests.personas import chair_of
from unionhall.core.periods import SCHOOL_YEAR, Period

MO = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.mo"
CJK = "\u4e00-\u9fff"


def _chinese(client, url: str) -> str:
    client.cookies["django_language"] = "zh-hans"
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_chinese_sentences_use_chinese_punctuation():
    with MO.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    wrong = []
    for msgid, msgstr in catalogue.items():
        for text in msgstr if isinstance(msgstr, tuple) else [msgstr]:
            if not re.search(f"[{CJK}]", text):
                continue
            if re.search(r" [，。：；、！？）]", text) or re.search(
                f"[{CJK}][,;:?!()]|[,;:?!(][{CJK}]", text
            ):
                wrong.append(f"{msgid!r} → {text!r}")
    assert not wrong, "half-width punctuation or a space before a full-width mark:\n" + "\n".join(
        wrong
    )


def test_a_persons_name_is_xingming_on_the_new_member_form(client, school):
    client.force_login(chair_of(school))
    page = _chinese(client, f"/o/{school.code}/members/new/")
    assert re.search(r"<label[^>]*>\s*姓名", page)
    assert "名称" not in page


def test_the_suggestion_box_lists_categories_under_leibie(client, school):
    client.force_login(chair_of(school))
    page = _chinese(client, f"/o/{school.code}/voice/settings/")
    assert "<th>类别</th>" in page and "<th>姓名</th>" not in page


def test_the_import_hint_is_one_sentence(client, school):
    client.force_login(chair_of(school))
    page = _chinese(client, f"/o/{school.code}/members/import/")
    assert "下载模板</a>，每行填写一名会员。" in page
    assert " ，" not in page


def test_proposals_are_received_and_retirements_are_this_periods(client, school):
    """The summary says 收到 (not 领取) of proposals and 本期退休 of those who retired in the
    period; the home page's 退休会员 are all retirees on the register."""
    submit(make_congress(school))
    MemberFactory(org=school, status="retired")
    client.force_login(chair_of(school))
    this_year = Period.containing(SCHOOL_YEAR, timezone.localdate()).label  # the proposals' year
    summary = _chinese(client, f"/o/{school.code}/reports/summary/?period={this_year}")
    assert "已领取" not in summary
    assert "收到提案" in summary
    assert "本期退休" in summary
    assert "退休会员" in _chinese(client, f"/o/{school.code}/")


def test_a_proposal_has_an_anyou_and_a_suggestion_a_title(client, school):
    c = make_congress(school)
    client.force_login(c.chair)
    assert "<th>案由</th>" in _chinese(client, f"/o/{school.code}/congress/proposals/")
    client.force_login(chair_of(school))
    suggestions = _chinese(client, f"/o/{school.code}/voice/all/")
    assert "<th>标题</th>" in suggestions and "案由" not in suggestions
