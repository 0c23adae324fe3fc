"""An anonymous suggestion leaves no trace of its author: not in any table, not in the session,
not in the audit trail, not in the logs."""

import json
import logging

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_voice import CategoryFactory
from unionhall.core.models import AuditEntry
from unionhall.voice.models import Suggestion

USER_ID = 987_654
NAME = "甄隐名"
USERNAME = "zhenyinming-4417"
AUTH_KEYS = {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}


def _text(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def traces(user) -> set[tuple[str, str, str]]:
    """Every (table, row, column) in the database that holds the user's id, name or username."""
    user_model = get_user_model()
    user_type = ContentType.objects.get_for_model(user_model)
    needles = [NAME, USERNAME, str(USER_ID)]
    found = set()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        fields = model._meta.concrete_fields
        for row in model._base_manager.all():
            if model is user_model and row.pk == user.pk:
                continue  # the user's own account row is not a link to anything
            values = {f.attname: f.value_from_object(row) for f in fields}
            if model is Session:
                values["session_data"] = SessionStore().decode(row.session_data)
            for field in fields:
                value = values[field.attname]
                if field.is_relation and field.related_model is user_model:
                    if value == user.pk:
                        found.add((label, str(row.pk), field.name))
                elif isinstance(value, int) and not isinstance(value, bool):
                    if value == USER_ID:
                        found.add((label, str(row.pk), field.name))
                elif value is not None and any(n in _text(value) for n in needles):
                    found.add((label, str(row.pk), field.name))
            # A generic link (content type + object id) to the user's account.
            if values.get("content_type_id") == user_type.pk and values.get("object_id") == user.pk:
                found.add((label, str(row.pk), "object_id"))
    return found


@pytest.fixture
def author(db, school):
    user = UserFactory(id=USER_ID, username=USERNAME, display_name=NAME)
    grant(user, school, "member")
    MemberFactory(org=school, user=user, name=NAME)
    CategoryFactory(org=school, name="后勤保障")
    return user


def _submit(client, school, *, anonymous: bool):
    form = client.get(f"/o/{school.code}/voice/").context["form"]
    return client.post(
        f"/o/{school.code}/voice/",
        {
            "token": form.initial["token"],
            "category": school.voice_categories.get(name="后勤保障").pk,
            "title": "食堂饭菜太咸",
            "body": "希望食堂少放盐，增加清淡的菜。",
            "anonymous": "on" if anonymous else "",
            "show_name": "on",
        },
    )


def test_it_leaves_no_trace_of_an_anonymous_author_anywhere(client, school, author, caplog):
    client.force_login(author)
    client.get(f"/o/{school.code}/voice/")
    before = traces(author)
    audit_before = AuditEntry.objects.count()

    caplog.set_level(logging.DEBUG)
    response = _submit(client, school, anonymous=True)

    assert response.status_code == 302
    suggestion = Suggestion.objects.get(org=school)
    assert suggestion.author_id is None and suggestion.is_anonymous
    assert suggestion.show_name is False  # "show my name" is ignored when anonymous
    # Nothing new in any table, column or session holds the author's id, name or username.
    assert traces(author) == before
    # The audit trail records the suggestion, but not who sent it.
    entries = AuditEntry.objects.all()[: AuditEntry.objects.count() - audit_before]
    assert [e.actor_id for e in entries] == [None]
    assert NAME not in entries[0].summary and USERNAME not in entries[0].summary
    # It keeps only the day, like the suggestion: an exact time could be matched to access logs.
    at = timezone.localtime(entries[0].at)
    assert (at.hour, at.minute, at.second, at.microsecond) == (0, 0, 0, 0)
    assert at.date() == suggestion.submitted_on
    # The session holds the login and nothing about the suggestion.
    for session in Session.objects.all():
        assert set(SessionStore().decode(session.session_data)) <= AUTH_KEYS
    # Nothing logged names the author.
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for needle in (NAME, USERNAME, str(USER_ID)):
        assert needle not in logged


def test_the_thank_you_page_does_not_point_at_the_suggestion(client, school, author):
    client.force_login(author)
    response = _submit(client, school, anonymous=True)
    suggestion = Suggestion.objects.get(org=school)
    page = client.get(response["Location"]).content.decode()
    assert suggestion.title not in page and f"/voice/{suggestion.pk}/" not in page
    # And an anonymous suggestion cannot be found again among "my suggestions".
    assert suggestion.title not in client.get(f"/o/{school.code}/voice/mine/").content.decode()


def test_the_search_finds_the_author_of_a_named_suggestion(client, school, author):
    """The check above would catch a leak: a named suggestion shows up in it."""
    client.force_login(author)
    client.get(f"/o/{school.code}/voice/")
    before = traces(author)
    _submit(client, school, anonymous=False)
    new = traces(author) - before
    assert ("voice.Suggestion", str(Suggestion.objects.get().pk), "author") in new
    assert any(label == "core.AuditEntry" for label, _pk, _field in new)
