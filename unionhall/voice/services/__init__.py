"""Writes to the suggestion box, one module per part: categories, submission (online and paper),
the public page, handling (categorise, merge, route, answer, publish) and themes. Each write is
atomic and leaves an audit trail; no row written for an anonymous or public suggestion names its
author. The names are gathered here because views, the demo and the tests call them as
`services.suggestion_submit` and the like."""

from unionhall.voice.services.bulk import (
    BULK_MAX,
    suggestions_answer,
    suggestions_categorise,
    suggestions_route,
)
from unionhall.voice.services.categories import categories_ensure, category_save
from unionhall.voice.services.handling import (
    TRANSITIONS,
    State,
    answerers,
    suggestion_answer,
    suggestion_categorise,
    suggestion_merge,
    suggestion_publish,
    suggestion_route,
)
from unionhall.voice.services.public import (
    CHALLENGE_MAX_AGE,
    address_hash,
    public_challenge_new,
    public_challenge_take,
    public_prune,
    public_rate_take,
    public_settings,
    settings_save,
    suggestion_submit_public,
)
from unionhall.voice.services.submission import (
    BATCH_FIELDS,
    SUGGESTION_NUMBERS,
    PaperSuggestion,
    Submitted,
    new_form_token,
    paper_title,
    suggestion_batch_submit,
    suggestion_submit,
)
from unionhall.voice.services.themes import ThemeDraft, theme_update, themes_accept

__all__ = [
    "BATCH_FIELDS",
    "BULK_MAX",
    "CHALLENGE_MAX_AGE",
    "SUGGESTION_NUMBERS",
    "TRANSITIONS",
    "PaperSuggestion",
    "State",
    "Submitted",
    "ThemeDraft",
    "address_hash",
    "answerers",
    "categories_ensure",
    "category_save",
    "new_form_token",
    "paper_title",
    "public_challenge_new",
    "public_challenge_take",
    "public_prune",
    "public_rate_take",
    "public_settings",
    "settings_save",
    "suggestion_answer",
    "suggestion_batch_submit",
    "suggestion_categorise",
    "suggestion_merge",
    "suggestion_publish",
    "suggestion_route",
    "suggestion_submit",
    "suggestion_submit_public",
    "suggestions_answer",
    "suggestions_categorise",
    "suggestions_route",
    "theme_update",
    "themes_accept",
]
