"""Writes for polls, one module per step: setting one up, its guarded lifecycle, one-time codes,
casting ballots, paper counts and runoffs. The names are gathered here because views, the demo
and the tests call them as `services.poll_create` and the like."""

from unionhall.polls.services.ballots import AlreadyVoted, ballot_cast
from unionhall.polls.services.box import (
    box_declare_unopenable,
    box_open,
    key_holder_set,
    key_holders,
    threshold_of,
)
from unionhall.polls.services.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_CODES_PER_CLASS,
    codes_issue,
    codes_void,
    new_code,
)
from unionhall.polls.services.lifecycle import (
    models_q_present,
    poll_move,
    presence_record,
    resolution_outcome,
    resolution_poll_create,
)
from unionhall.polls.services.paper import (
    agreed_tally,
    paper_count_enter,
    paper_tally_enter,
    scrutineer_add,
    scrutineer_name,
)
from unionhall.polls.services.runoffs import runoff_create
from unionhall.polls.services.setup import default_roll, poll_create, question_add

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_CODES_PER_CLASS",
    "AlreadyVoted",
    "agreed_tally",
    "ballot_cast",
    "box_declare_unopenable",
    "box_open",
    "codes_issue",
    "codes_void",
    "default_roll",
    "key_holder_set",
    "key_holders",
    "models_q_present",
    "new_code",
    "paper_count_enter",
    "paper_tally_enter",
    "poll_create",
    "poll_move",
    "presence_record",
    "question_add",
    "resolution_outcome",
    "resolution_poll_create",
    "runoff_create",
    "scrutineer_add",
    "scrutineer_name",
    "threshold_of",
]
