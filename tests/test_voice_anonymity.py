"""An anonymous suggestion leaves no trace of its author: not in any table, not in the session,
not in the audit trail, not in the logs."""

import json
import logging
import re

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
    # No audit row at all: even without a name or a time, a row's place in the sequence next
    # to the writer's own timed rows would tell who wrote it (see the neighbours test below).
    assert AuditEntry.objects.count() == audit_before
    assert suggestion.submitted_on == timezone.localdate()
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


def _rows() -> dict[str, set]:
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def _named(client, school, user):
    client.force_login(user)
    _submit(client, school, anonymous=False)
    return AuditEntry.objects.order_by("-id").first()


def test_an_anonymous_suggestion_leaves_no_neighbour_and_no_order_finer_than_the_day(
    client, school, author
):
    """A scanner matched an anonymous suggestion to its writer by its neighbours: its audit
    row came right after a timed row of the same person. Look at every row it adds, their
    place in any sequence, and any time they keep."""
    from django.db import models

    before_named = _named(client, school, author)
    named_first = Suggestion.objects.get(author=author)
    rows_before = _rows()
    client.force_login(author)
    _submit(client, school, anonymous=True)
    anonymous = Suggestion.objects.get(org=school, author__isnull=True)
    added = {
        label: pks - rows_before.get(label, set())
        for label, pks in _rows().items()
        if pks - rows_before.get(label, set())
    }
    other = grant(UserFactory(), school, "member")
    after_named = _named(client, school, other)
    named_second = Suggestion.objects.get(author=other)

    # The anonymous suggestion added its own row and nothing else (no audit, no bucket ...).
    added.pop("sessions.Session", None)  # force_login's new session for the same person
    assert added == {"voice.Suggestion": {anonymous.pk}}
    # The named suggestions' audit rows are neighbours: nothing was written between them.
    assert after_named.id == before_named.id + 1
    # The suggestion's number is drawn at random, not the next after the named one before it.
    assert anonymous.pk not in {named_first.pk + 1, named_second.pk - 1}
    # It keeps the day, and no time at all.
    for field in Suggestion._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            assert getattr(anonymous, field.attname) is None, field.name


def test_a_public_suggestion_leaves_no_audit_row_and_its_bucket_keeps_no_hour(client, school):
    from django.db import models

    from tests.factories_voice import enable_public
    from unionhall.voice.models import PublicRateBucket

    enable_public(school)
    CategoryFactory(org=school, name="后勤保障")
    url = f"/p/{school.code}/suggest/"
    page = client.get(url)
    sum_shown = re.search(r"(\d+) \+ (\d+)", page.content.decode())
    a, b = (int(n) for n in sum_shown.groups())
    audit_before = AuditEntry.objects.count()
    client.post(
        url,
        {
            "token": page.context["form"].initial["token"],
            "challenge": page.context["form"].initial["challenge"],
            "challenge_answer": a + b,
            "channel": "parent",
            "category": school.voice_categories.get(name="后勤保障").pk,
            "title": "校门口拥堵",
            "body": "放学时车太多。",
        },
    )
    assert Suggestion.objects.filter(org=school, channel="parent").exists()
    assert AuditEntry.objects.count() == audit_before
    bucket = PublicRateBucket.objects.get()
    assert bucket.day == timezone.localdate()
    assert not [
        f for f in PublicRateBucket._meta.concrete_fields if isinstance(f, models.DateTimeField)
    ]
