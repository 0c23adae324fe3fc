"""One-time codes as a student or parent meets them, and as an attacker would: the code is in
no address a log writes, every code that cannot vote gets the same answer, guessing is slowed
per address, and unused codes are voided only after a confirmation, never while voting is open."""

import datetime as dt
import io
import re
import runpy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.factories import SchoolFactory
from tests.factories_polls import survey, ticket_in
from unionhall.polls import services
from unionhall.polls.models import CodeFailures, SealedBallot, VoteCode
from unionhall.polls.workflow import State

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent
REFUSED_ZH = "这个码无法投票：可能输错了，或已经用过。请核对后重新输入，或向老师要一个新码。"
REFUSED_EN = "This code cannot vote"


def _enter(school):
    return reverse("polls_public:enter", kwargs={"org": school.code})


def _cast_url(school):
    return reverse("polls_public:ballot", kwargs={"org": school.code})


def _open(client, school, code, address="198.51.100.7"):
    return client.post(_enter(school), {"code": code}, REMOTE_ADDR=address)


def _cast(client, school, code, choices, address="198.51.100.7"):
    """What a voter does: type the code, then cast the ballot page it opens (with its ticket)."""
    ticket = ticket_in(_open(client, school, code, address))
    return _cast_ticket(client, school, ticket, choices, address)


def _cast_ticket(client, school, ticket, choices, address="198.51.100.7"):
    return client.post(_cast_url(school), {"ticket": ticket, **choices}, REMOTE_ADDR=address)


def _satisfaction(poll):
    return poll.questions.get(scale="satisfaction")


# The code is in no address -----------------------------------------------------------------


def test_the_slip_url_carries_the_code_after_the_hash_which_no_browser_sends(rf, school, settings):
    settings.ALLOWED_HOSTS = ["gonghui.example.edu.cn"]
    url = services.code_entry_url("https://gonghui.example.edu.cn/", school.code, "ABCD3467")
    assert url == f"https://gonghui.example.edu.cn/p/{school.code}/polls/#ABCD3467"
    request = rf.get("/", secure=True, HTTP_HOST="gonghui.example.edu.cn")
    assert services.code_entry_url(request, school.code, "ABCD3467") == url
    parts = urlsplit(url)
    assert "ABCD3467" not in parts.path + parts.query  # what a browser sends
    assert parts.fragment == "ABCD3467"


def test_the_printed_slips_qr_codes_open_the_entry_page_with_the_code_in_the_fragment(
    client, school
):
    import zxingcpp
    from PIL import Image

    poll, codes, chair = survey(school, per_class=3)
    client.force_login(chair)
    response = client.get(reverse("polls:code_slips", kwargs={"org": school.code, "pk": poll.pk}))
    document = Document(io.BytesIO(response.content))
    decoded = set()
    for shape in document.inline_shapes:
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ]
        image = Image.open(io.BytesIO(blob.blob))
        decoded |= {result.text for result in zxingcpp.read_barcodes(image)}
    expected = {
        f"http://testserver/p/{school.code}/polls/#{c.code}" for cs in codes.values() for c in cs
    }
    assert decoded == expected


def test_the_entry_page_script_reads_the_fragment_and_posts_it_with_no_inline_script(
    client, school
):
    page = client.get(_enter(school)).content.decode()
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/polls/code.js" defer>'
    ]  # a file of the site's own: the CSP allows no inline script
    assert re.search(r'<form method="post" action="/p/[^"]+/polls/">', page)
    script = (PROJECT / "unionhall/polls/static/polls/code.js").read_text()
    assert "location.hash" in script and "replaceState" in script and ".submit()" in script


class _Served:
    """The access log gunicorn writes for each request, with the deployed configuration
    (deploy/gunicorn.conf.py: its access_log_format, or gunicorn's default when it sets none),
    formatted by gunicorn's own logger from the request the test client sent."""

    def __init__(self, path: Path):
        from gunicorn.config import Config
        from gunicorn.glogging import Logger

        deployed = runpy.run_path(str(PROJECT / "deploy/gunicorn.conf.py"))
        config = Config()
        for name in ("accesslog", "access_log_format"):
            if name in deployed:
                config.set(name, deployed[name])
        config.set("accesslog", str(path))  # the deployed "-" (stdout), to a file here
        self.logger = Logger(config)
        self.path = path

    def log(self, response):
        environ = dict(response.wsgi_request.environ)
        query = environ.get("QUERY_STRING")
        environ["RAW_URI"] = environ["PATH_INFO"] + (f"?{query}" if query else "")
        environ.setdefault("SERVER_PROTOCOL", "HTTP/1.1")
        environ.setdefault("HTTP_USER_AGENT", "Mozilla/5.0 (iPhone) MicroMessenger/8.0")
        headers = [
            (k[5:].replace("_", "-"), str(v)) for k, v in environ.items() if k.startswith("HTTP_")
        ]

        class Sent:
            status = f"{response.status_code} -"
            sent = len(response.content)

        Sent.headers = list(response.items())
        self.logger.access(Sent, headers, environ, dt.timedelta(milliseconds=12))
        return response

    def lines(self) -> list[str]:
        for handler in self.logger.access_log.handlers:
            handler.flush()
        return self.path.read_text().splitlines()

    def close(self):
        for handler in list(self.logger.access_log.handlers):
            handler.close()
            self.logger.access_log.removeHandler(handler)


def test_the_access_log_of_a_class_voting_with_codes_holds_no_code(client, school, tmp_path):
    """A student scans the slip (the browser asks for the entry page: the fragment stays in
    the phone), the page posts the code, the ballot comes back, the student casts it; a
    second student types a wrong code. gunicorn's log, as deployed, has a line for each
    request, with the time and the address, and no code in any of them."""
    poll, codes, _chair = survey(school)
    served = _Served(tmp_path / "access.log")
    used = []
    try:
        for code in (c.code for c in codes["初一(1)班"][:4]):
            slip = urlsplit(services.code_entry_url("http://testserver", school.code, code))
            served.log(client.get(slip.path, REMOTE_ADDR="198.51.100.7"))  # no fragment sent
            ballot = served.log(_open(client, school, code))
            assert ballot.status_code == 200 and ticket_in(ballot)
            choice = {f"q{_satisfaction(poll).pk}": "fairly"}
            cast = served.log(_cast_ticket(client, school, ticket_in(ballot), choice))
            assert cast.status_code == 200
            used.append(code)
        served.log(_open(client, school, "WRONG777"))
        served.log(client.get(_cast_url(school), REMOTE_ADDR="198.51.100.7"))  # a reload
        lines = served.lines()
    finally:
        served.close()
    assert SealedBallot.objects.filter(poll=poll).count() == 4  # sealed until the count
    assert len(lines) == 4 * 3 + 2
    assert sum(f'"POST /p/{school.code}/polls/ballot/ HTTP/1.1" 200' in line for line in lines) == 4
    assert all("198.51.100.7" in line for line in lines)  # the log is real: address and all
    for code in [*used, "WRONG777"]:
        assert not [line for line in lines if code in line], code


def test_a_slip_printed_with_the_code_in_the_path_is_sent_to_the_entry_page_unread(
    client, school, django_assert_num_queries
):
    """Slips printed before this change hold /p/<org>/polls/v/<CODE>/: that address answers
    with the entry page's address, without reading, looking up or counting the code (the
    code of such a slip is in that one request's log line: reprint the slips)."""
    _poll, codes, _chair = survey(school)
    real = codes["初一(1)班"][0].code
    answers = []
    for code in (real, "NOSUCH99"):
        with django_assert_num_queries(1):  # the school; no code is looked up
            answer = client.get(f"/p/{school.code}/polls/v/{code}/")
        answers.append((answer.status_code, answer["Location"]))
    assert answers == [(302, _enter(school))] * 2
    assert not CodeFailures.objects.exists()


def test_deploy_logs_no_request_body_and_no_custom_fields():
    """nginx writes the request line, not the body; gunicorn's format is its default (the
    request line, referer, browser), neither names the body or a header with the code."""
    conf = (PROJECT / "deploy/nginx-unionhall.conf").read_text()
    uncommented = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert "$request_body" not in uncommented
    for line in re.findall(r"^\s*(?:log_format|access_log)\b[^;]*;", uncommented, re.M):
        assert line.split()[-1].rstrip(";") in {"off", "combined"} or "log_format" not in line
    deployed = runpy.run_path(str(PROJECT / "deploy/gunicorn.conf.py"))
    assert "access_log_format" not in deployed  # gunicorn's default: no body atom exists


# One answer for every code that cannot vote --------------------------------------------------


def _refusals(client, school, poll, codes):
    """The answer to each kind of code that cannot vote, in the order of `kinds`."""
    question = _satisfaction(poll)
    used = codes["初一(1)班"][0].code
    ticket = ticket_in(_open(client, school, used))
    assert _cast_ticket(client, school, ticket, {f"q{question.pk}": "satisfied"}).status_code == 200
    real = codes["初一(1)班"][1].code
    mistyped = real[:-1] + ("3" if real[-1] != "3" else "4")
    other = SchoolFactory()
    _other_poll, other_codes, _c = survey(other)
    return {
        "never issued": _open(client, school, "QQQQQQQQ"),
        "mistyped": _open(client, school, mistyped),
        "used": _open(client, school, used),
        "used, cast again": _cast_ticket(client, school, ticket, {f"q{question.pk}": "fairly"}),
        "another school's": _open(client, school, other_codes["初一(1)班"][0].code),
    }


def _normalised(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_an_unknown_a_mistyped_and_a_used_code_get_the_same_page_in_chinese(client, school):
    poll, codes, chair = survey(school)
    answers = _refusals(client, school, poll, codes)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    services.codes_void(org=school, actor=chair, poll=poll, group="初一(2)班")
    answers["voided"] = _open(client, school, codes["初一(2)班"][0].code)
    answers["closed poll's unused"] = _open(client, school, codes["初一(1)班"][2].code)
    pages = {kind: _normalised(a) for kind, a in answers.items()}
    statuses = {kind: a.status_code for kind, a in answers.items()}
    assert set(statuses.values()) == {400}, statuses
    first = pages["never issued"]
    assert REFUSED_ZH in first and '<html lang="zh-hans">' in first
    assert "学生评教" not in first  # not even the poll's title
    assert {kind: page == first for kind, page in pages.items()} == dict.fromkeys(pages, True)
    assert 'id="code"' in first  # the code can be typed again


def test_a_refused_code_is_told_in_english_when_the_visitor_chose_english(client, school):
    _poll, _codes, _chair = survey(school)
    client.cookies["django_language"] = "en"
    answer = _open(client, school, "QQQQQQQQ")
    assert answer.status_code == 400
    assert REFUSED_EN in answer.content.decode() and REFUSED_ZH not in answer.content.decode()


def test_a_ballot_refused_for_its_content_is_shown_again_with_the_reason_and_the_code(
    client, school
):
    """Not a code's fault: a refused ballot (here, a mark the scale does not allow) comes back
    with its reason, its ticket still in the form's hidden field, and counts no failure."""
    poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    answer = _cast(client, school, code, {f"q{_satisfaction(poll).pk}": "approve"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "学生评教" in page and ticket_in(answer)
    assert not CodeFailures.objects.exists()
    assert _cast(client, school, code, {f"q{_satisfaction(poll).pk}": "fairly"}).status_code == 200


# Throttling guesses per address --------------------------------------------------------------


def test_a_classroom_behind_one_address_with_a_few_typos_votes_on(client, school):
    poll, codes, _chair = survey(school, classes=("初二(3)班",), per_class=45)
    question = _satisfaction(poll)
    for n, code in enumerate(c.code for c in codes["初二(3)班"]):
        if n % 3 == 0:  # a typo every third student: 15 in all
            assert _open(client, school, code[:-1] + "0", address="203.0.113.9").status_code == 400
        assert _open(client, school, code, address="203.0.113.9").status_code == 200
        answer = _cast(client, school, code, {f"q{question.pk}": "fairly"}, address="203.0.113.9")
        assert answer.status_code == 200
    assert SealedBallot.objects.filter(poll=poll).count() == 45  # sealed until the count


def test_guessing_codes_from_one_address_is_stopped_with_a_page_that_says_to_wait(
    client, school, settings
):
    assert settings.UNIONHALL_CODE_FAILURE_LIMIT == 30  # the default
    _poll, codes, _chair = survey(school)
    guesser = "192.0.2.66"
    for n in range(30):
        assert _open(client, school, f"GUESS{n:03d}", address=guesser).status_code == 400
    stopped = _open(client, school, codes["初一(1)班"][0].code, address=guesser)
    assert stopped.status_code == 429
    page = stopped.content.decode()
    assert "请等待10分钟后再试" in page and 'id="code"' not in page
    cast = _cast(client, school, codes["初一(1)班"][0].code, {}, address=guesser)
    assert cast.status_code == 429 and not SealedBallot.objects.exists()
    # Another address (the next school, a parent at home) is not affected.
    assert (
        _open(client, school, codes["初一(1)班"][0].code, address="192.0.2.67").status_code == 200
    )
    # Once the failures are older than the window, the address may try again.
    CodeFailures.objects.update(minute=timezone.now() - dt.timedelta(minutes=11))
    assert _open(client, school, codes["初一(1)班"][0].code, address=guesser).status_code == 200


def test_an_ipv6_guesser_hopping_addresses_within_its_64_is_counted_as_one(client, school):
    _poll, codes, _chair = survey(school)
    for n in range(30):
        address = f"2001:db8:1:2::{n + 1:x}"
        assert _open(client, school, f"GUESS{n:03d}", address=address).status_code == 400
    assert (
        _open(
            client, school, codes["初一(1)班"][0].code, address="2001:db8:1:2:ffff::9"
        ).status_code
        == 429
    )
    assert (
        _open(client, school, codes["初一(1)班"][0].code, address="2001:db8:1:3::1").status_code
        == 200
    )


def test_the_throttle_keeps_a_salted_hash_and_a_minute_and_nothing_for_a_code_that_works(
    client, school
):
    poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    _open(client, school, code)
    _cast(client, school, code, {f"q{_satisfaction(poll).pk}": "fairly"})
    assert not CodeFailures.objects.exists()
    _open(client, school, "NOPE7777")
    (row,) = CodeFailures.objects.all()
    assert "198.51.100.7" not in row.address_hash and len(row.address_hash) == 64
    assert row.minute.second == 0 and row.failures == 1


def test_the_failure_limit_is_a_setting(client, school, settings):
    settings.UNIONHALL_CODE_FAILURE_LIMIT = 3
    _poll, codes, _chair = survey(school)
    for n in range(3):
        _open(client, school, f"GUESS{n:03d}")
    assert _open(client, school, codes["初一(1)班"][0].code).status_code == 429


# Voiding unused codes ----------------------------------------------------------------------


def _void_url(school, poll):
    return reverse("polls:codes_void", kwargs={"org": school.code, "pk": poll.pk})


def test_voiding_codes_asks_first_saying_how_many_of_which_class(client, school, english):
    poll, codes, chair = survey(school)
    _cast(client, school, codes["初一(1)班"][0].code, {f"q{_satisfaction(poll).pk}": "fairly"})
    services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    client.force_login(chair)
    detail = client.get(reverse("polls:detail", kwargs={"org": school.code, "pk": poll.pk}))
    assert f'href="{_void_url(school, poll)}"' in detail.content.decode()
    page = client.get(_void_url(school, poll))
    assert page.status_code == 200
    text = page.content.decode()
    assert "11 codes have not been used" in text
    assert re.search(r"初一\(1\)班</td><td[^>]*>5<", text)
    assert re.search(r"初一\(2\)班</td><td[^>]*>6<", text)
    assert not VoteCode.objects.filter(voided=True).exists()  # asking voids nothing
    done = client.post(_void_url(school, poll), {"group": "初一(2)班"}, follow=True)
    assert "6 unused codes were voided." in done.content.decode()
    assert set(VoteCode.objects.filter(voided=True).values_list("group", flat=True)) == {
        "初一(2)班"
    }
    client.post(_void_url(school, poll), {"group": ""})
    assert VoteCode.objects.filter(voided=True).count() == 11


def test_voiding_codes_is_refused_while_voting_is_open(client, school, english):
    poll, _codes, chair = survey(school)
    client.force_login(chair)
    page = client.get(_void_url(school, poll)).content.decode()
    assert "cannot be voided while voting is open" in page
    assert "Void these codes" not in page
    refused = client.post(_void_url(school, poll), {"group": ""})
    assert refused.status_code == 400
    assert "Close the poll first" in refused.content.decode()
    assert not VoteCode.objects.filter(voided=True).exists()
    with pytest.raises(Exception, match="voting is open"):
        services.codes_void(org=school, actor=chair, poll=poll)


# The ballot page's ticket ----------------------------------------------------------------------


def test_a_ballot_page_cast_twice_counts_once_and_the_second_gets_the_one_refusal(client, school):
    """A student presses "cast" twice, or sends the page again with the back button."""
    poll, codes, _chair = survey(school)
    page = _open(client, school, codes["初一(1)班"][0].code)
    choice = {f"q{_satisfaction(poll).pk}": "fairly"}
    assert _cast_ticket(client, school, ticket_in(page), choice).status_code == 200
    again = _cast_ticket(client, school, ticket_in(page), choice)
    assert again.status_code == 400 and REFUSED_ZH in again.content.decode()
    assert SealedBallot.objects.filter(poll=poll).count() == 1


def test_a_forged_or_altered_ticket_casts_nothing_and_counts_as_a_failed_attempt(client, school):
    poll, codes, _chair = survey(school)
    ticket = ticket_in(_open(client, school, codes["初一(1)班"][0].code))
    choice = {f"q{_satisfaction(poll).pk}": "fairly"}
    altered = ticket[:-3] + ("AAA" if not ticket.endswith("AAA") else "BBB")
    for forged in (altered, "", "ABCD3467", codes["初一(1)班"][1].code):
        answer = _cast_ticket(client, school, forged, choice)
        assert answer.status_code == 400 and REFUSED_ZH in answer.content.decode()
    assert not SealedBallot.objects.exists()
    assert sum(CodeFailures.objects.values_list("failures", flat=True)) == 4


def test_a_ticket_from_another_schools_page_casts_nothing_here(client, school):
    _poll, _codes, _chair = survey(school)
    other = SchoolFactory()
    other_poll, other_codes, _c = survey(other)
    ticket = ticket_in(_open(client, other, other_codes["初一(1)班"][0].code))
    answer = _cast_ticket(client, school, ticket, {f"q{_satisfaction(other_poll).pk}": "fairly"})
    assert answer.status_code == 400 and not SealedBallot.objects.exists()


def test_a_ballot_page_left_open_past_its_time_asks_for_the_code_again(
    client, school, settings, time_machine
):
    """UNIONHALL_BALLOT_TICKET_MINUTES after the code was typed, the page cannot be cast; the
    code itself is still unused, and opens a fresh page."""
    assert settings.UNIONHALL_BALLOT_TICKET_MINUTES == 120  # the default
    poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    time_machine.move_to(timezone.now(), tick=False)
    ticket = ticket_in(_open(client, school, code))
    time_machine.shift(dt.timedelta(minutes=121))
    choice = {f"q{_satisfaction(poll).pk}": "fairly"}
    late = _cast_ticket(client, school, ticket, choice)
    assert late.status_code == 400 and 'id="code"' in late.content.decode()
    assert not SealedBallot.objects.exists()
    assert _cast(client, school, code, choice).status_code == 200
