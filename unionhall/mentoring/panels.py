"""A member's mentoring on their page: each contract as mentor or mentee, with its outcome, and
(shared honours) the district-level or higher honours of the member's mentees."""

from django.utils.translation import gettext as _

from unionhall.core.panels import Panel, member_panel
from unionhall.mentoring import selectors
from unionhall.orgs.access import can


@member_panel("mentoring", order=30)
def mentoring_panel(request, member):
    """Shown to those who read every contract, and to the member themself on My profile."""
    own = member.user_id is not None and member.user_id == request.user.pk
    if not (own or can(request, "mentoring.view")):
        return None
    pairs = list(selectors.pairs_of_member(member))
    shared = selectors.shared_honours(member)
    if not pairs and not shared:
        return None
    rows = [
        {
            "pair": pair,
            "as_mentor": pair.contract.mentor_id == member.pk,
            "assessment": getattr(pair, "assessment", None),
        }
        for pair in pairs
    ]
    return Panel(
        _("Mentoring"), "mentoring/panel.html", {"rows": rows, "shared": shared, "member": member}
    )
