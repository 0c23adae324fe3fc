"""The polls part of the year-end summary (民主选举与民主测评), built only from polls.*
indicators."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.summary import Figure, Paragraph, Records, Section, Table, section


def _poll(poll) -> str:
    return _("“%(title)s” (%(date)s)") % {"title": poll.title, "date": poll.held_on}


def _selection(selection) -> str:
    return _("“%(title)s”, after a public notice from %(start)s to %(end)s") % {
        "title": selection.title,
        "start": selection.notice_starts_on,
        "end": selection.notice_ends_on,
    }


@section("polls", title=gettext_lazy("Democratic elections and evaluations"), reads=("polls",))
def polls(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                gettext_lazy(
                    "The union held {elections} elections by secret ballot: {list}. "
                    "Entitled to vote: {entitled}; took part: {present}; participation "
                    "{rate} of those entitled."
                ),
                elections=Figure("polls.elections"),
                list=Records("polls.elections", _poll),
                entitled=Figure("polls.election_participation", detail="denominator"),
                present=Figure("polls.election_participation", detail="numerator"),
                rate=Figure("polls.election_participation"),
                empty=gettext_lazy("No elections were held in this period."),
            ),
            Paragraph(
                gettext_lazy(
                    "Staff evaluated the school's leaders democratically in {evaluations} "
                    "evaluations."
                ),
                evaluations=Figure("polls.evaluations"),
                empty=gettext_lazy("No democratic evaluation of leaders was held."),
            ),
            Paragraph(
                gettext_lazy(
                    "Students and parents rated their teachers in {surveys} surveys with "
                    "one-time codes ({codes} of the codes issued were used); the satisfaction "
                    "rate was {rate}, answers “don't know” left out."
                ),
                surveys=Figure("polls.surveys"),
                codes=Figure("polls.code_participation"),
                rate=Figure("polls.surveys", detail="rate"),
                empty=gettext_lazy("No satisfaction survey was held."),
            ),
            Paragraph(
                gettext_lazy("Selections decided: {selections}: {list}."),
                selections=Figure("polls.selections"),
                list=Records("polls.selections", _selection),
                empty=gettext_lazy("No selection was decided in this period."),
            ),
        ],
        tables=[
            Table.breakdown(
                "polls.held_by_kind",
                columns=(gettext_lazy("Kind of poll"), gettext_lazy("Polls")),
                title=gettext_lazy("Polls held by kind"),
            ),
        ],
    )
