"""Where the notices app plugs in: routing tells the responsible person, answering tells a named
author, and nobody is told about an anonymous suggestion's answer (there is nobody to tell)."""

import pytest

from tests.factories import UserFactory, grant
from tests.factories_voice import SuggestionFactory
from unionhall.voice import services


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(
        services, "_notify", lambda user, kind, suggestion: calls.append((user, kind, suggestion))
    )
    return calls


def test_routing_and_answering_send_notices_after_commit(
    school, sent, django_capture_on_commit_callbacks
):
    chair = grant(UserFactory(), school, "chair")
    leader = grant(UserFactory(), school, "leader")
    author = grant(UserFactory(), school, "member")
    s = SuggestionFactory(org=school, author=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_route(suggestion=s, actor=chair, assignee=leader)
        services.suggestion_answer(
            suggestion=s, actor=leader, answer="已安排。", adopted=True, manager=False
        )
    assert [(u, kind) for u, kind, _s in sent] == [(leader, "routed"), (author, "answered")]


def test_an_anonymous_author_is_never_notified(school, sent, django_capture_on_commit_callbacks):
    chair = grant(UserFactory(), school, "chair")
    s = SuggestionFactory(org=school, author=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_answer(
            suggestion=s, actor=chair, answer="已安排。", adopted=False, manager=True
        )
    assert sent == []
