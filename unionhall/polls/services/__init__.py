"""Writes for polls, one module per step: setting one up, its guarded lifecycle, one-time codes,
casting ballots, paper counts and runoffs. The names are gathered here because views, the demo
and the tests call them as `services.poll_create` and the like."""

from unionhall.polls.services.attempts import code_attempts_locked, code_failure_record
from unionhall.polls.services.ballots import (
    AlreadyVoted,
    Ticket,
    ballot_cast,
    ballot_cast_with_ticket,
    ballot_ticket,
    ballot_ticket_read,
)
from unionhall.polls.services.box import (
    box_declare_unopenable,
    box_open,
    key_holder_set,
    key_holders,
    threshold_of,
)
from unionhall.polls.services.classes import (
    classes_import,
    questions_copy,
    school_class_add,
    school_class_retire,
    teaching_import,
)
from unionhall.polls.services.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_CODES_PER_CLASS,
    code_entry_url,
    codes_issue,
    codes_issue_for_classes,
    codes_void,
    new_code,
    normalised_code,
    unused_codes_by_class,
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
from unionhall.polls.services.setup import (
    default_roll,
    poll_create,
    poll_delete,
    poll_edit,
    question_add,
    question_delete,
    question_edit,
)
from unionhall.polls.services.validity import publish_blockers, void_reasons
from unionhall.polls.services.winners import winners_plan, winners_record

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_CODES_PER_CLASS",
    "AlreadyVoted",
    "Ticket",
    "agreed_tally",
    "ballot_cast",
    "ballot_cast_with_ticket",
    "ballot_ticket",
    "ballot_ticket_read",
    "box_declare_unopenable",
    "box_open",
    "classes_import",
    "code_attempts_locked",
    "code_entry_url",
    "code_failure_record",
    "codes_issue",
    "codes_issue_for_classes",
    "codes_void",
    "default_roll",
    "key_holder_set",
    "key_holders",
    "models_q_present",
    "new_code",
    "normalised_code",
    "paper_count_enter",
    "paper_tally_enter",
    "poll_create",
    "poll_delete",
    "poll_edit",
    "poll_move",
    "presence_record",
    "publish_blockers",
    "question_add",
    "question_delete",
    "question_edit",
    "questions_copy",
    "resolution_outcome",
    "resolution_poll_create",
    "runoff_create",
    "school_class_add",
    "school_class_retire",
    "scrutineer_add",
    "scrutineer_name",
    "teaching_import",
    "threshold_of",
    "unused_codes_by_class",
    "void_reasons",
    "winners_plan",
    "winners_record",
]
