"""The odd parameters an outside tester sent (issue 18): each gave a 500. A page now shows its
default with a message naming what was wrong, a download of a year no school could mean is not
found, and a ballot field with a name no id fits is left out.

The test client re-raises an exception a view lets through, so a 500 fails here with its
traceback."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_district import make_district
from tests.factories_polls import count_box, survey, ticket_for
from tests.personas import chair_of
from unionhall.core.params import (
    FIRST_YEAR,
    LAST_YEAR,
    parse_id,
    parse_int,
    parse_month,
    parse_year,
)
from unionhall.polls.forms import choices_from_post
from unionhall.polls.models import Answer, Ballot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ODD_YEARS = ["0", "-1", "10000", "99999", "０"]
THIRTY_DIGITS = "9" * 30
FIVE_THOUSAND_DIGITS = "1" * 5000

SCHOOL_YEAR_PAGES = ["dues:list", "dues:arrears", "dues:mine", "care:list", "honours:counts"]
SCHOOL_YEAR_DOWNLOADS = ["dues:arrears_export"]
DISTRICT_YEAR_PAGES = ["district:compare"]
DISTRICT_YEAR_DOWNLOADS = ["district:compare_xlsx", "district:summary_docx"]


@pytest.fixture
def chair_client(client, school):
    client.force_login(chair_of(school))
    return client


@pytest.mark.parametrize("name", SCHOOL_YEAR_PAGES)
@pytest.mark.parametrize("year", ODD_YEARS)
def test_a_school_page_asked_for_a_year_no_school_could_mean_shows_this_year(
    chair_client, school, name, year
):
    page = chair_client.get(reverse(name, kwargs={"org": school.code}), {"year": year})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"“{year}” is not a year from {FIRST_YEAR} to {LAST_YEAR}" in text
    assert f"{timezone.localdate().year} is shown" in text


@pytest.mark.parametrize("year", ODD_YEARS)
def test_the_honours_register_asked_for_an_odd_year_shows_every_year(chair_client, school, year):
    page = chair_client.get(
        reverse("honours:register", kwargs={"org": school.code}), {"year": year}
    )
    assert page.status_code == 200
    assert "every year is shown" in page.content.decode()


@pytest.mark.parametrize("name", SCHOOL_YEAR_DOWNLOADS)
@pytest.mark.parametrize("year", ODD_YEARS)
def test_a_school_download_of_a_year_no_school_could_mean_is_not_found(
    chair_client, school, name, year
):
    assert (
        chair_client.get(reverse(name, kwargs={"org": school.code}), {"year": year}).status_code
        == 404
    )


@pytest.fixture
def district_client(client):
    d = make_district()
    client.force_login(d.admin)
    return client, d.district


@pytest.mark.parametrize("year", ODD_YEARS)
def test_the_district_comparison_of_an_odd_year_shows_this_year_and_its_downloads_are_not_found(
    district_client, year
):
    client, district = district_client
    page = client.get(reverse("district:compare", kwargs={"org": district.code}), {"year": year})
    assert page.status_code == 200
    assert f"{timezone.localdate().year} is shown" in page.content.decode()
    for name in DISTRICT_YEAR_DOWNLOADS:
        url = reverse(name, kwargs={"org": district.code})
        assert client.get(url, {"year": year}).status_code == 404


def test_the_district_downloads_of_a_good_year_still_download(district_client):
    client, district = district_client
    for name in DISTRICT_YEAR_DOWNLOADS:
        url = reverse(name, kwargs={"org": district.code})
        assert client.get(url, {"year": str(timezone.localdate().year)}).status_code == 200


@pytest.mark.parametrize("value", [THIRTY_DIGITS, FIVE_THOUSAND_DIGITS, "０", "-1", "abc"])
@pytest.mark.parametrize(
    ("name", "parameter"),
    [("activities:list", "kind"), ("congress:proposals", "session"), ("honours:create", "member")],
)
def test_a_filter_or_form_asked_for_an_id_that_is_none_shows_the_page_without_it(
    chair_client, school, name, parameter, value
):
    page = chair_client.get(reverse(name, kwargs={"org": school.code}), {parameter: value})
    assert page.status_code == 200
    if value not in ("０",):  # ０ is read as 0: no id, but a number
        assert "which is not a choice on this page; it was ignored" in page.content.decode()


def test_the_record_an_honour_page_still_starts_from_the_member_asked_for(chair_client, school):
    member = MemberFactory(org=school, name="周晓红")
    url = reverse("honours:create", kwargs={"org": school.code})
    page = chair_client.get(url, {"member": str(member.pk)})
    assert f'value="{member.pk}" selected' in page.content.decode()


def _post_form(client, url, data):
    """POST as the ballot's form does (urlencoded: a multipart body refuses a field name longer
    than its header limit with a 400 before any view reads it)."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def test_a_public_ballot_field_named_q_and_five_thousand_digits_is_left_out_not_a_500(
    client, school
):
    poll, codes, chair = survey(school)
    code = codes["初一(1)班"][0].code
    url = reverse("polls_public:ballot", kwargs={"org": school.code})
    answer = _post_form(
        client, url, {"ticket": ticket_for(school, code), f"q{FIVE_THOUSAND_DIGITS}": "satisfied"}
    )
    assert answer.status_code == 200
    # An empty ballot is a ballot: the odd field was left out, not counted as an answer.
    count_box(school, chair, poll)
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert not Ballot.objects.filter(poll=poll).exclude(answers=None).exists()


def test_odd_fields_beside_a_real_answer_are_left_out(client, school):
    poll, codes, chair = survey(school)
    code = codes["初一(1)班"][0].code
    url = reverse("polls_public:ballot", kwargs={"org": school.code})
    question = poll.questions.get(scale="satisfaction")
    answer = _post_form(
        client,
        url,
        {
            "ticket": ticket_for(school, code),
            f"q{question.pk}": "fairly",
            f"q{FIVE_THOUSAND_DIGITS}": "satisfied",
            f"q{question.pk}o{FIVE_THOUSAND_DIGITS}": "satisfied",
            "q０": "satisfied",
        },
    )
    assert answer.status_code == 200
    assert "ballot was cast" in answer.content.decode()
    count_box(school, chair, poll)
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert list(Answer.objects.filter(ballot__poll=poll).values_list("value", flat=True)) == [
        "fairly"
    ]


def test_ballot_fields_are_read_only_when_their_names_are_ids():
    assert choices_from_post({"q12": "a", "q12o3": "b", "q4o5": "c"}) == {12: "a", 4: {5: "c"}}
    assert choices_from_post({f"q{FIVE_THOUSAND_DIGITS}": "a"}) == {}
    assert choices_from_post({f"q{THIRTY_DIGITS}": "a", "q0": "a", "q１": "a"}) == {}
    assert choices_from_post({"q7o" + "9" * 20: "a"}) == {}


def test_numbers_are_read_within_their_bounds():
    assert parse_year("2025") == 2025
    assert parse_year("２０２５") == 2025  # a Chinese input method's full-width digits
    for odd in ["0", "-1", "10000", "99999", "０", THIRTY_DIGITS, FIVE_THOUSAND_DIGITS, "二〇二五"]:
        assert parse_year(odd) is None
    assert parse_year(str(FIRST_YEAR)) == FIRST_YEAR and parse_year(str(LAST_YEAR)) == LAST_YEAR
    assert parse_year(str(FIRST_YEAR - 1)) is None and parse_year(str(LAST_YEAR + 1)) is None
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_id(str(2**63)) is None and parse_id("0") is None and parse_id("1.5") is None
    assert parse_int(str(2**31)) is None and parse_int("-7") == -7 and parse_int("²") is None
    assert parse_month("2025-03").isoformat() == "2025-03-01"
    assert parse_month("0000-01") is None and parse_month("2025-13") is None


@pytest.mark.parametrize(
    ("language", "said"), [("zh-hans", "无法读取此请求"), ("en", "The request could not be read")]
)
def test_a_form_django_cannot_read_is_a_400_page_in_the_readers_language(
    client, school, language, said
):
    """A multipart body with a field name longer than Django's header limit is refused before
    any view reads it: the visitor gets the site's plain page, not Django's English one."""
    _poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    url = reverse("polls_public:ballot", kwargs={"org": school.code})
    client.cookies["django_language"] = language
    answer = client.post(  # multipart
        url, {"ticket": ticket_for(school, code), f"q{FIVE_THOUSAND_DIGITS}": "satisfied"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert said in page and f'<html lang="{language}">' in page
    assert "Bad Request (400)" not in page


@pytest.mark.parametrize("period", ["0000", "9999-10000", "0000-01", "０", "1" * 5000])
@pytest.mark.parametrize("name", ["reports:summary", "reports:summary_docx"])
def test_a_summary_of_a_period_no_school_could_mean_says_what_to_write(
    chair_client, school, name, period
):
    response = chair_client.get(reverse(name, kwargs={"org": school.code}), {"period": period})
    if name == "reports:summary_docx":  # back to the page, which says what to write
        assert response.status_code == 302
        response = chair_client.get(response["Location"])
    assert response.status_code == 200
    assert "is not a period: write a year (2025)" in response.content.decode()
