"""Each member's honours on their page and on their own profile (core.panels)."""

from django.utils.translation import gettext as _

from unionhall.core.panels import Panel, member_panel
from unionhall.honours.selectors import honours_of
from unionhall.orgs.access import can


@member_panel("honours", order=20)
def honours_panel(request, member):
    """Shown to those who read the register, and to the member themself on My profile."""
    own = member.user_id is not None and member.user_id == request.user.pk
    if not (own or can(request, "honours.view")):
        return None
    honours = list(honours_of(member).select_related("member", "department"))
    return Panel(
        _("Honours"),
        "honours/panel.html",
        {"honours": honours, "member": member, "may_record": can(request, "honours.record")},
    )
