"""Parents and students submit through the public link, when the school enables it."""

import io
import re

import pytest
import segno
from django.core import signing

from tests.factories_voice import SuggestionFactory, enable_public
from tests.personas import chair_of, member_of
from unionhall.voice.models import PublicRateBucket, SpentChallenge, Suggestion

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")

IP = "203.0.113.77"


def _answer(page: str) -> int:
    a, b = re.search(r"(\d+) \+ (\d+)", page).groups()
    return int(a) + int(b)


def _form(client, url, **overrides):
    response = client.get(url)
    form = response.context["form"]
    data = {
        "token": form.initial["token"],
        "challenge": form.initial["challenge"],
        "challenge_answer": _answer(response.content.decode()),
        "channel": "parent",
        "category": response.context["form"].fields["category"].queryset.first().pk,
        "title": "放学时校门口太拥堵",
        "body": "建议请交警在放学高峰时段执勤。",
        "name": "王女士",
    }
    data.update(overrides)
    return data


def test_the_public_link_is_not_found_when_disabled(client, school):
    assert client.get(f"/p/{school.code}/suggest/").status_code == 404
    assert client.post(f"/p/{school.code}/suggest/", {"title": "x"}).status_code == 404
    assert client.get(f"/p/{school.code}/answers/").status_code == 404
    assert not Suggestion.objects.exists()


def test_an_unknown_school_is_not_found(client, db):
    assert client.get("/p/no-such-school/suggest/").status_code == 404


def test_a_parent_submits_without_logging_in(client, school):
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    response = client.post(url, _form(client, url), REMOTE_ADDR=IP)
    assert response.status_code == 200 and response.context["done"]
    s = Suggestion.objects.get(org=school)
    assert (s.channel, s.author, s.public_name, s.show_name) == ("parent", None, "王女士", False)


def test_the_address_is_stored_only_hashed(client, school):
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    client.post(url, _form(client, url), REMOTE_ADDR=IP)
    bucket = PublicRateBucket.objects.get()
    assert IP not in bucket.address_hash and bucket.count == 1


def test_a_wrong_answer_to_the_sum_is_refused_with_a_message(client, school):
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    data = _form(client, url)
    data["challenge_answer"] = data["challenge_answer"] + 1
    response = client.post(url, data, REMOTE_ADDR=IP)
    assert response.status_code == 400
    assert "challenge_answer" in response.context["form"].errors
    assert not Suggestion.objects.exists()
    # The form comes back with what they wrote and a new question.
    assert "放学时校门口太拥堵" in response.content.decode()


def test_a_question_made_up_signed_elsewhere_or_changed_by_the_visitor_is_refused(client, school):
    """The hidden field is a token this site signed for this school: a value made up, signed
    with another salt, changed by a character, or issued for another school is refused."""
    from tests.factories import SchoolFactory
    from unionhall.voice.services import public_challenge_new

    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    token = client.get(url).context["form"].initial["challenge"]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    _question, elsewhere = public_challenge_new(org=SchoolFactory())
    for forged in (
        "made-up",
        signing.dumps({"org": school.pk, "id": "x"}, salt="unionhall.voice.challenge"),
        tampered,
        elsewhere,
    ):
        response = client.post(url, _form(client, url, challenge=forged, challenge_answer=2))
        assert response.status_code == 400 and not Suggestion.objects.exists()
        assert "This question was not set by this page" in response.content.decode()


def test_the_page_carries_a_signed_question_not_its_answer(client, school):
    """The token holds the school, a random id and the time it was issued; the sum comes from
    the id and the secret key, so the answer cannot be read from the page's hidden field."""
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    response = client.get(url)
    token = response.context["form"].initial["challenge"]
    carried = signing.loads(token, salt="unionhall.voice.public-challenge")
    assert set(carried) == {"org", "id"} and carried["org"] == school.pk
    assert len(carried["id"]) >= 20


def test_showing_the_page_writes_nothing(client, school):
    """200 visits of the public page: no row anywhere (once the school has its categories)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    client.get(url)  # the first visit gives a school without categories the default ones
    with CaptureQueriesContext(connection) as queries:
        for _ in range(200):
            assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert not SpentChallenge.objects.exists()


def test_a_replayed_question_is_refused_with_a_message(client, school):
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    data = _form(client, url)
    assert client.post(url, data, REMOTE_ADDR=IP).context["done"]
    assert SpentChallenge.objects.count() == 1
    replay = dict(data, token="another-form", title="第二次")
    response = client.post(url, replay, REMOTE_ADDR=IP)
    assert response.status_code == 400 and Suggestion.objects.count() == 1
    assert "The question was already answered" in response.content.decode()


def test_an_expired_question_is_refused_with_a_message(client, school):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    data = _form(client, url)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        response = client.post(url, data, REMOTE_ADDR=IP)
    assert response.status_code == 400 and not Suggestion.objects.exists()
    assert "The question has expired" in response.content.decode()


def test_a_wrong_answer_uses_the_question_up(client, school):
    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    data = _form(client, url)
    wrong = dict(data, challenge_answer=data["challenge_answer"] + 1)
    assert client.post(url, wrong, REMOTE_ADDR=IP).status_code == 400
    assert client.post(url, data, REMOTE_ADDR=IP).status_code == 400  # no second try
    assert not Suggestion.objects.exists()


def test_failed_attempts_do_not_use_up_the_allowance(client, school):
    enable_public(school, public_per_hour=2)
    url = f"/p/{school.code}/suggest/"
    for _ in range(5):
        data = _form(client, url)
        data["challenge_answer"] += 1
        assert client.post(url, data, REMOTE_ADDR=IP).status_code == 400
    for _ in range(2):
        assert client.post(url, _form(client, url), REMOTE_ADDR=IP).status_code == 200
    assert Suggestion.objects.count() == 2
    assert not PublicRateBucket.objects.filter(count__gt=2).exists()


def test_the_address_throttles_count_against_is_the_configured_one(client, school, settings):
    """Behind a proxy every visitor shares its address: the limit reads the client address
    through the one function settings name (the trusted-proxy reader in production)."""
    settings.UNIONHALL_CLIENT_ADDRESS = "tests.test_voice_public.forwarded_for"
    enable_public(school, public_per_hour=1)
    url = f"/p/{school.code}/suggest/"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.post(url, _form(client, url), HTTP_X_TEST_CLIENT="a", **proxy).status_code == 200
    assert client.post(url, _form(client, url), HTTP_X_TEST_CLIENT="b", **proxy).status_code == 200
    assert client.post(url, _form(client, url), HTTP_X_TEST_CLIENT="a", **proxy).status_code == 429


def forwarded_for(request) -> str:
    return request.META.get("HTTP_X_TEST_CLIENT", "")


def test_old_buckets_and_expired_questions_are_pruned_by_the_daily_command(client, school):
    import datetime as dt

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    enable_public(school)
    url = f"/p/{school.code}/suggest/"
    client.post(url, _form(client, url), REMOTE_ADDR=IP)
    assert PublicRateBucket.objects.count() == 1 and SpentChallenge.objects.count() == 1
    out = io.StringIO()
    call_command("voice_prune", stdout=out)  # an answered question is kept until it expires
    assert SpentChallenge.objects.count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        out = io.StringIO()
        call_command("voice_prune", stdout=out)
    assert not PublicRateBucket.objects.exists() and not SpentChallenge.objects.exists()
    assert "buckets=1 challenges=1" in out.getvalue()


def test_too_many_submissions_from_one_address_are_refused(client, school):
    enable_public(school, public_per_hour=2)
    url = f"/p/{school.code}/suggest/"
    for _ in range(2):
        assert client.post(url, _form(client, url), REMOTE_ADDR=IP).status_code == 200
    response = client.post(url, _form(client, url), REMOTE_ADDR=IP)
    assert response.status_code == 429
    assert "Too many" in response.content.decode() or "太多" in response.content.decode()
    assert Suggestion.objects.count() == 2
    # Another address is not affected.
    assert client.post(url, _form(client, url), REMOTE_ADDR="198.51.100.1").status_code == 200


def test_the_public_board_shows_only_public_answers(client, school):
    enable_public(school)
    SuggestionFactory(
        org=school,
        title="公开的答复",
        state="answered",
        answer="好",
        board="public",
        answered_at="2026-03-03T10:00:00+08:00",
    )
    SuggestionFactory(
        org=school,
        title="仅限教职工",
        state="answered",
        answer="好",
        board="members",
        answered_at="2026-03-03T10:00:00+08:00",
    )
    page = client.get(f"/p/{school.code}/answers/").content.decode()
    assert "公开的答复" in page and "仅限教职工" not in page


def test_the_committee_prints_the_public_link_as_a_qr_code(client, school):
    chair = chair_of(school)
    client.force_login(chair)
    url = f"/o/{school.code}/voice/public-qr.svg"
    settings_page = f"/o/{school.code}/voice/settings/"
    assert url not in client.get(settings_page).content.decode()  # closed: nothing to print
    enable_public(school)
    assert f'src="{url}"' in client.get(settings_page).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "image/svg+xml"
    # The code encodes the absolute public link: the same text gives the same symbol.
    expected = io.BytesIO()
    public = f"http://testserver/p/{school.code}/suggest/"
    segno.make(public, error="m").save(expected, kind="svg", scale=8, border=2)
    assert response.content == expected.getvalue()
    assert client.get(public.removeprefix("http://testserver")).status_code == 200
    # A member of the school cannot print it.
    client.force_login(member_of(school))
    assert client.get(url).status_code == 403
