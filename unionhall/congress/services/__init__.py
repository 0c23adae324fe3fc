"""Writes for the staff congress, one module per part of its year: the rules (`rules`), terms and
sessions (`terms`), submitting a proposal (`proposals`), what follows it (`review`), and
resolutions (`resolutions`). The names are gathered here because views, the demo and the tests
call them as `services.proposal_accept` and the like."""

from unionhall.congress.services.proposals import proposal_cosign, proposal_submit
from unionhall.congress.services.resolutions import resolution_create, resolution_tally
from unionhall.congress.services.review import (
    proposal_accept,
    proposal_answer,
    proposal_done,
    proposal_merge,
    proposal_progress,
    proposal_rate,
    proposal_reject,
    proposal_request_second_answer,
)
from unionhall.congress.services.rules import (
    DENOMINATORS,
    new_submission_token,
    rules_for,
    rules_update,
)
from unionhall.congress.services.terms import (
    attendance_record,
    link_logins,
    representative_add,
    session_create,
    term_create,
)

__all__ = [
    "DENOMINATORS",
    "attendance_record",
    "link_logins",
    "new_submission_token",
    "proposal_accept",
    "proposal_answer",
    "proposal_cosign",
    "proposal_done",
    "proposal_merge",
    "proposal_progress",
    "proposal_rate",
    "proposal_reject",
    "proposal_request_second_answer",
    "proposal_submit",
    "representative_add",
    "resolution_create",
    "resolution_tally",
    "rules_for",
    "rules_update",
    "session_create",
    "term_create",
]
