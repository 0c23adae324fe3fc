"""The care part of the year-end summary (送温暖), built only from care.* and dues.* indicators.

Care is told as unions tell it: in person-visits (人次, each person a visit reached), beside the
number of visits (次) and of different members (人), each kind with its person-visits and amount,
festival care festival by festival, and who paid; and 走访慰问 (visits and condolences: to the
ill, in hardship and at the other occasions of a member's life, festival and birthday gifts
aside) as one figure in person-visits, kind by kind.
"""

from django.utils.translation import gettext_lazy as _

from unionhall.care import selectors
from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, problem, section


@section("care", order=20, title=_("Caring for members"), reads=("care", "members"))
def care(org, period) -> Section:
    if not selectors.care_recorded(org=org, period=period):
        return Section(paragraphs=[Paragraph(_("No care visits were recorded in this period."))])
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "When members were ill, married, had a child, retired, were bereaved or in "
                    "hardship, and at the festivals, the union made {visits} care visits and "
                    "reached members {person_visits} times (person-visits: each member a group "
                    "visit reaches counts once), {people} different members in all, giving "
                    "{amount} yuan in cash and goods."
                ),
                visits=Figure("care.visits"),
                person_visits=Figure("care.person_visits"),
                people=Figure("care.people"),
                amount=Figure("care.amount"),
            ),
            Paragraph(
                _(
                    "Visits and condolences (to members who were ill, in hardship, married, had "
                    "a child, were bereaved or retired, festival and birthday gifts aside): "
                    "{visiting} person-visits."
                ),
                visiting=Figure("care.visiting_person_visits"),
                empty=_(
                    "No visits and condolences were recorded besides festival and birthday gifts."
                ),
            ),
        ],
        tables=[
            Table.breakdown(
                "care.visiting_by_kind",
                columns=(_("Kind of care"), _("Person-visits")),
                title=_("Visits and condolences, in person-visits"),
            ),
            Table.breakdown(
                "care.person_visits_by_kind",
                columns=(_("Kind of care"), _("Person-visits")),
                title=_("Care by kind, in person-visits"),
            ),
            Table.breakdown(
                "care.amount_by_kind",
                columns=(_("Kind of care"), _("Amount (yuan)")),
                title=_("Care given by kind"),
            ),
            Table.breakdown(
                "care.festival_person_visits",
                columns=(_("Festival"), _("Person-visits")),
                title=_("Festival care, in person-visits"),
            ),
            Table.breakdown(
                "care.festival_amount",
                columns=(_("Festival"), _("Amount (yuan)")),
                title=_("Festival care given"),
            ),
            Table.breakdown(
                "care.amount_by_payer",
                columns=(_("Paid by"), _("Amount (yuan)")),
                title=_("Who paid for the care"),
            ),
        ],
        charts=[
            Chart.breakdown(
                "care.person_visits_by_kind",
                title=_("Care by kind, in person-visits"),
                unit=_("person-visits"),
            )
        ],
    )


@problem("care.hardship", reads=("care", "members"))
def hardship_not_visited(org, period) -> Paragraph:
    return Paragraph(
        _(
            "{count} members on the hardship list were not visited in this period: the "
            "support for members in hardship must reach every one of them."
        ),
        count=Figure("care.hardship_not_visited"),
    )
