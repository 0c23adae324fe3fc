"""The results of an evaluation and of a satisfaction survey as Excel workbooks (what the results
pages show, one row per line, for the archive and the district)."""

from django.utils.translation import gettext as _

from unionhall.core.excel import workbook_bytes
from unionhall.polls import results


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def evaluation_workbook(poll) -> bytes:
    """Per person rated and item: the count and share of each point of the scale, and the
    rate; then each person's rate."""
    people = results.evaluation_results(poll)
    widest = max((len(item.rows) for person in people for item in person.items), default=0)
    header = [_("Person rated"), _("Item"), _("Answers")]
    for n in range(1, widest + 1):
        header += [_("Point %(n)d") % {"n": n}, _("Count"), _("Share")]
    header += [_("Approval rate")]
    rows = []
    for person in people:
        for item in person.items:
            cells = [person.subject, item.question.text, item.answered]
            for label, n, pct in item.rows:
                cells += [str(label), n, _percent(pct)]
            cells += ["", "", ""] * (widest - len(item.rows))
            cells.append(_percent(item.rate.value))
            rows.append(cells)
    summary = [
        [
            person.subject,
            person.rate.numerator,
            person.rate.denominator,
            _percent(person.rate.value),
        ]
        for person in people
    ]
    return workbook_bytes(
        [
            (_("Items"), header, rows),
            (
                _("Per person"),
                [_("Person rated"), _("Approving"), _("Answers"), _("Approval rate")],
                summary,
            ),
        ]
    )


def survey_workbook(poll) -> bytes:
    """Per teacher and class: answers counted, satisfied, rate (or why the class does not
    count); per teacher: the pooled rate; per class: codes used of codes issued."""
    survey = results.survey_results(poll)
    too_few = _("Too few took part")
    per_class = [
        [
            teacher.subject,
            line.group,
            line.rate.numerator,
            line.rate.denominator,
            line.rate.excluded,
            _percent(line.rate.value) if line.counts else too_few,
            f"{line.used}/{line.issued}",
        ]
        for teacher in survey.teachers
        for line in teacher.classes
    ]
    per_teacher = [
        [
            teacher.subject,
            _percent(teacher.rate.value),
            teacher.rate.numerator,
            teacher.rate.denominator,
            _("Yes") if teacher.winner else "",
        ]
        for teacher in survey.teachers
    ]
    classes = [
        [c.group, c.used, c.issued, _percent(c.share), "" if c.counts else too_few]
        for c in survey.classes
    ]
    return workbook_bytes(
        [
            (
                _("Per teacher"),
                [
                    _("Teacher"),
                    _("Satisfaction rate"),
                    _("Satisfied"),
                    _("Answers counted"),
                    _("Most satisfactory"),
                ],
                per_teacher,
            ),
            (
                _("Per class"),
                [
                    _("Teacher"),
                    _("Class"),
                    _("Satisfied"),
                    _("Answers counted"),
                    _("Don't know"),
                    _("Satisfaction rate"),
                    _("Codes used"),
                ],
                per_class,
            ),
            (
                _("Participation"),
                [_("Class"), _("Codes used"), _("Codes issued"), _("Share"), ""],
                classes,
            ),
        ]
    )


def counted_workbook(poll) -> bytes:
    """Any other poll (an election, a resolution, a selection vote, a scale survey): the poll's
    line (entitled, present, voted, valid and invalid ballots) and its counted results, as the
    year's archive keeps them."""
    from unionhall.polls.archive_parts import polls_workbook

    return polls_workbook([poll])
