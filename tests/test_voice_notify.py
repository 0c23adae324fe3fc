"""Suggestions and the bell: routing tells the responsible person, answering tells a named
author, and nobody is told about an anonymous suggestion's answer (there is nobody to tell)."""

import pytest

from tests.factories_voice import SuggestionFactory
from tests.personas import chair_of, leader_of, member_of
from unionhall.notices.models import Notice
from unionhall.voice import services

pytestmark = pytest.mark.django_db


def test_routing_and_answering_ring_the_bell_after_commit(
    client, school, django_capture_on_commit_callbacks
):
    chair = chair_of(school)
    leader = leader_of(school)
    author = member_of(school)
    s = SuggestionFactory(org=school, author=author, title="食堂增加素菜窗口")
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_route(suggestion=s, actor=chair, assignee=leader)
    (routed,) = Notice.objects.filter(user=leader)
    assert routed.kind == Notice.Kind.ASSIGNED and "食堂增加素菜窗口" in routed.title
    client.force_login(leader)
    assert "食堂增加素菜窗口" in client.get(routed.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_answer(
            suggestion=s, actor=leader, answer="已安排。", adopted=True, manager=False
        )
    (answered,) = Notice.objects.filter(user=author)
    assert answered.kind == Notice.Kind.ANSWERED
    client.force_login(author)
    assert "食堂增加素菜窗口" in client.get(answered.url).content.decode()


def test_an_anonymous_author_is_never_notified(school, django_capture_on_commit_callbacks):
    chair = chair_of(school)
    s = SuggestionFactory(org=school, author=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_answer(
            suggestion=s, actor=chair, answer="已安排。", adopted=False, manager=True
        )
    assert not Notice.objects.exists()
