"""Secret means: no table, no audit row and no log line links a voter or a code to a ballot."""

import logging
import uuid

import pytest
from django.apps import apps
from django.db import models

from tests.factories_polls import count_box, election, open_poll, survey
from unionhall.core.models import AuditEntry
from unionhall.polls import services
from unionhall.polls.models import Answer, Ballot, SealedBallot, Voted

pytestmark = pytest.mark.django_db

BALLOT_MODELS = {Ballot, Answer, SealedBallot}
# What a ballot may point at: the poll and what it asks, and its organisation.
ALLOWED_TARGETS = {"Poll", "Question", "Option", "Ballot", "Organisation"}


def _vote_everyone(school):
    poll, committee, audit_body, chair, people = election(school, voters_n=6)
    open_poll(school, chair, poll)
    wang, li, _zhang = committee.options.all()
    zhao = audit_body.options.get()
    for i, person in enumerate(people):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                committee.pk: {wang.pk: "approve", li.pk: "approve" if i % 2 else "reject"},
                audit_body.pk: {zhao.pk: "approve"},
            },
        )
    return poll, chair


def test_no_model_links_a_ballot_to_a_voter_a_code_or_a_time(school, caplog):
    caplog.set_level(logging.DEBUG)
    _vote_everyone(school)
    survey_poll, codes, _chair = survey(school)
    for code in codes["初一(1)班"][:3]:
        services.ballot_cast(
            org=school,
            poll=survey_poll,
            code=code.code,
            choices={survey_poll.questions.first().pk: "satisfied"},
        )
    for model in apps.get_models():
        targets = {
            f.related_model.__name__
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is not None
        }
        if model in BALLOT_MODELS:
            # a ballot and its answers: no voter, no code, no register row, no time
            assert targets <= ALLOWED_TARGETS, (model, targets)
            fields = model._meta.concrete_fields
            assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
            assert isinstance(model._meta.pk, models.UUIDField)
            assert model._meta.pk.default is uuid.uuid4
        else:
            # nothing else points at a ballot or an answer
            assert not targets & {"Ballot", "Answer"}, model
    # the register keeps only the day, with a random key
    assert Voted._meta.pk.default is uuid.uuid4
    assert not [f for f in Voted._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    # the audit trail: nothing about a ballot or a register row, and no row per vote
    ballot_ids = {str(pk) for pk in Ballot.objects.values_list("pk", flat=True)} | {
        str(pk) for pk in SealedBallot.objects.values_list("pk", flat=True)
    }
    register_ids = {str(pk) for pk in Voted.objects.values_list("pk", flat=True)}
    entries = AuditEntry.objects.filter(org=school)
    for entry in entries:
        assert entry.content_type.model not in (
            "ballot",
            "sealedballot",
            "answer",
            "voted",
            "pollvoter",
            "votecode",
        )
        text = f"{entry.object_id} {entry.summary} {entry.summary_params} {entry.changes}"
        assert not any(i in text for i in ballot_ids | register_ids)
    # creation, key holders named and their passphrases set, moves, codes issued: not one row
    # per vote
    assert entries.count() < 20
    # and the logs say nothing about any ballot
    for record in caplog.records:
        message = record.getMessage()
        assert not any(i in message for i in ballot_ids | register_ids)
        assert 'INSERT INTO "polls_ballot"' not in message


def test_the_register_says_who_voted_and_the_ballots_cannot_be_matched_to_it(school):
    poll, chair = _vote_everyone(school)
    poll = count_box(school, chair, poll)
    assert (poll.entitled_count, poll.present_count, poll.voted_count) == (6, 6, 6)
    # ballot keys are not in the order they were cast
    keys = [b.pk for b in Ballot.objects.filter(poll=poll)]
    assert len(keys) == 6
    assert all(k.version == 4 for k in keys)
    assert Voted.objects.filter(poll=poll).values("voted_on").distinct().count() == 1
