"""The sealed ballot box: its key holders and their passphrases, the box sealed at opening and
opened at the count, and what each step refuses. Messages in English (the `english` fixture)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from tests.factories_polls import (
    count_box,
    election,
    key_holders,
    open_poll,
    passphrase_of,
    survey,
)
from tests.personas import chair_of, member_of
from unionhall.core.models import AuditEntry
from unionhall.polls import sealing, selectors, services
from unionhall.polls.models import Ballot, Mode, Poll, SealedBallot
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _survey_draft(school, chair):
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind="satisfaction",
        mode=Mode.CODES,
        title="学生评教",
        held_on=dt.date.today(),
    )
    question = services.question_add(
        org=school, actor=chair, poll=poll, text="你对王老师的教学满意吗？", scale="satisfaction"
    )
    codes = services.codes_issue(org=school, actor=chair, poll=poll, group="初一(1)班", count=10)
    return poll, question, codes


def _cast(school, poll, question, codes, values):
    for code, value in zip(codes, values, strict=False):
        services.ballot_cast(org=school, poll=None, code=code.code, choices={question.pk: value})


def test_a_sealed_poll_opens_only_with_two_key_holders_passphrases(school):
    chair = chair_of(school)
    poll, _question, _codes = _survey_draft(school, chair)
    with pytest.raises(ValidationError, match=r"at least 2 key holders.*0 have so far"):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    user = member_of(school, display_name="周老师")
    holder = services.scrutineer_add(org=school, actor=chair, poll=poll, user=user, name="周老师")
    services.key_holder_set(org=school, actor=user, poll=poll, passphrase="周老师的开箱口令，记住")
    # a second holder named but without a passphrase does not count
    other = member_of(school, display_name="吴老师")
    services.scrutineer_add(org=school, actor=chair, poll=poll, user=other, name="吴老师")
    with pytest.raises(ValidationError, match="1 have so far"):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    services.key_holder_set(org=school, actor=other, poll=poll, passphrase="吴老师的开箱口令，记住")
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    assert len(poll.public_key) == 32
    holder.refresh_from_db()
    assert holder.key_share and len(holder.key_salt) == sealing.SALT_BYTES
    # the history says who set a passphrase, never what it is
    line = AuditEntry.objects.get(org=school, summary="Opening passphrase set by 周老师")
    assert "口令，记住" not in f"{line.summary} {line.summary_params} {line.changes}"
    # only the salt and the public key of the passphrase are kept
    stored = b"".join(bytes(v or b"") for v in (holder.key_salt, holder.key_public))
    assert "周老师的开箱口令".encode() not in stored


def test_a_passphrase_is_long_enough_and_not_the_login_name(school):
    chair = chair_of(school)
    poll, _question, _codes = _survey_draft(school, chair)
    user = member_of(school, username="zhou-laoshi-2026")
    services.scrutineer_add(org=school, actor=chair, poll=poll, user=user, name="周老师")
    with pytest.raises(ValidationError, match="at least 10 characters"):
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase="short")
    with pytest.raises(ValidationError, match="cannot be your login name"):
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase="Zhou-Laoshi-2026")
    assert not services.key_holders(poll).exists()


def test_only_a_key_holder_sets_a_passphrase_and_only_before_opening(school):
    chair = chair_of(school)
    poll, _question, _codes = _survey_draft(school, chair)
    with pytest.raises(ValidationError, match="Only this poll's key holders"):
        services.key_holder_set(
            org=school, actor=member_of(school), poll=poll, passphrase="a long passphrase"
        )
    with pytest.raises(ValidationError, match="Only this poll's key holders"):
        services.key_holder_set(org=school, actor=chair, poll=poll, passphrase="a long passphrase")
    holders = key_holders(school, poll, chair=chair)
    poll = open_poll(school, chair, poll)
    with pytest.raises(ValidationError, match="before the poll opens"):
        services.key_holder_set(
            org=school, actor=holders[0].user, poll=poll, passphrase="a new long passphrase"
        )


def test_a_paper_poll_has_no_sealed_box(school):
    poll, _c, _a, chair, _people = election(school, mode=Mode.PAPER)
    user = member_of(school)
    services.scrutineer_add(org=school, actor=chair, poll=poll, user=user, name="监票人")
    with pytest.raises(ValidationError, match="counted on paper"):
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase="a long passphrase")
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    assert poll.public_key is None


def test_the_box_opens_at_the_count_with_any_two_of_three_and_shuffles_nothing_away(school):
    chair = chair_of(school)
    poll, question, codes = _survey_draft(school, chair)
    first, second, third = key_holders(school, poll, chair=chair, n=3)
    poll = open_poll(school, chair, poll)
    values = ["satisfied"] * 5 + ["dissatisfied"] * 2 + ["unknown"]
    _cast(school, poll, question, codes, values)
    assert SealedBallot.objects.filter(poll=poll).count() == 8
    assert not Ballot.objects.filter(poll=poll).exists()
    # the box opens only at the count
    with pytest.raises(ValidationError, match="once the poll is closed"):
        services.box_open(
            org=school,
            actor=chair,
            poll=poll,
            passphrases={h.pk: passphrase_of(h) for h in (first, second)},
        )
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    assert poll.voted_count == 8
    # nothing is counted, and nothing published, before the box is opened
    assert selectors.counts(poll).cast == 0
    # the publish rule the chair reads names the sealed box (validity's blockers)
    with pytest.raises(
        ValidationError, match=r"Not published: Sealed ballot box opened\. The ballots are still"
    ):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    opened = services.box_open(
        org=school,
        actor=third.user,
        poll=poll,
        passphrases={second.pk: passphrase_of(second), third.pk: passphrase_of(third)},
    )
    assert opened == 8
    assert not SealedBallot.objects.filter(poll=poll).exists()
    tallied = selectors.counts(poll)
    assert tallied.cast == 8
    assert dict(tallied.by_question[question.pk]) == {
        "satisfied": 5,
        "dissatisfied": 2,
        "unknown": 1,
    }
    entry = AuditEntry.objects.filter(org=school, summary__startswith="Ballot box opened").get()
    assert "开箱人2" in entry.summary and "开箱人3" in entry.summary and "8" in entry.summary
    assert entry.actor == third.user
    with pytest.raises(ValidationError, match="already been opened"):
        services.box_open(
            org=school,
            actor=chair,
            poll=poll,
            passphrases={first.pk: passphrase_of(first), second.pk: passphrase_of(second)},
        )
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)


def test_a_wrong_passphrase_names_its_holder_and_changes_nothing(school):
    chair = chair_of(school)
    poll, question, codes = _survey_draft(school, chair)
    first, second = key_holders(school, poll, chair=chair)
    poll = open_poll(school, chair, poll)
    _cast(school, poll, question, codes, ["satisfied"] * 3)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    with pytest.raises(ValidationError, match="passphrase of 开箱人2 is wrong"):
        services.box_open(
            org=school,
            actor=chair,
            poll=poll,
            passphrases={first.pk: passphrase_of(first), second.pk: "not the right one at all"},
        )
    with pytest.raises(ValidationError, match="passphrases of 2 different key holders"):
        services.box_open(
            org=school, actor=chair, poll=poll, passphrases={first.pk: passphrase_of(first)}
        )
    assert SealedBallot.objects.filter(poll=poll).count() == 3
    assert not Ballot.objects.filter(poll=poll).exists()
    assert Poll.objects.get(pk=poll.pk).box_opened_at is None
    # someone neither officer nor key holder cannot open it, even with the passphrases
    with pytest.raises(ValidationError, match="officers and key holders"):
        services.box_open(
            org=school,
            actor=member_of(school),
            poll=poll,
            passphrases={h.pk: passphrase_of(h) for h in (first, second)},
        )
    assert count_box(school, chair, poll).box_opened_at is not None


def test_a_box_that_cannot_be_opened_is_declared_void_and_the_poll_held_again(school):
    chair = chair_of(school)
    poll, question, codes = _survey_draft(school, chair)
    key_holders(school, poll, chair=chair)
    poll = open_poll(school, chair, poll)
    _cast(school, poll, question, codes, ["satisfied"] * 2)
    with pytest.raises(ValidationError, match="closed poll"):
        services.box_declare_unopenable(org=school, actor=chair, poll=poll)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    poll = services.box_declare_unopenable(org=school, actor=chair, poll=poll)
    assert "cannot be opened" in poll.void_reason
    # a void poll is published as void, its box still sealed and useless
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    assert poll.box_sealed


def test_a_rule_of_three_key_holders_needs_three_passphrases(school):
    chair = chair_of(school)
    poll, question, codes = _survey_draft(school, chair)
    poll.rules["key_threshold"] = 3
    poll.save(update_fields=["rules"])
    holders = key_holders(school, poll, chair=chair, n=2)
    with pytest.raises(ValidationError, match="at least 3 key holders"):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    holders += key_holders(school, poll, chair=chair, n=1)
    poll = open_poll(school, chair, poll)
    _cast(school, poll, question, codes, ["satisfied"])
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    with pytest.raises(ValidationError, match="passphrases of 3 different"):
        services.box_open(
            org=school,
            actor=chair,
            poll=poll,
            passphrases={h.pk: passphrase_of(h) for h in holders[:2]},
        )
    assert (
        services.box_open(
            org=school,
            actor=chair,
            poll=poll,
            passphrases={h.pk: passphrase_of(h) for h in holders},
        )
        == 1
    )


def test_back_to_draft_and_open_again_makes_a_new_key(school):
    poll, codes, chair = survey(school, per_class=2)
    first_key = bytes(poll.public_key)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.DRAFT)
    assert poll.public_key is None
    assert not services.key_holders(poll).exclude(key_share=None).exists()
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    assert bytes(poll.public_key) != first_key
    question = poll.questions.get(scale="satisfaction")
    services.ballot_cast(
        org=school, poll=None, code=codes["初一(1)班"][0].code, choices={question.pk: "fairly"}
    )
    assert count_box(school, chair, poll).voted_count == 1
    assert selectors.counts(poll).by_question[question.pk] == {"fairly": 1}


def test_a_closed_poll_whose_box_is_still_sealed_files_no_report_in_the_archive(school):
    """Closed but not yet counted: the year's archive says so in the workbook, and files no
    report of empty counts."""
    from openpyxl import load_workbook

    from unionhall.core.periods import Period, school_year_of
    from unionhall.polls import archive_parts

    poll, codes, chair = survey(school)
    question = poll.questions.get(scale="satisfaction")
    _cast(school, poll, question, codes["初一(1)班"], ["satisfied", "fairly"])
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    assert poll.box_sealed
    period = Period.school_year(school_year_of(poll.held_on))
    files = list(archive_parts.polls(school, period))
    assert not [f for f in files if f.name.endswith(".docx")]
    (workbook,) = files
    rows = [
        [cell for cell in row if cell]
        for sheet in load_workbook(io.BytesIO(workbook.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    assert ["学生评教", "Not counted yet: the box is still sealed", poll.pk] in rows
