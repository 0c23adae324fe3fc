"""The member's own "who read my data" on My profile (PIPL): every logged read of their ID card
number, hardship or health details, by whom and when."""

from django.utils.translation import gettext_lazy as _

from unionhall.core import audit
from unionhall.core.models import SensitiveAccess
from unionhall.core.panels import Panel, member_panel
from unionhall.members.models import Member

SHOWN = 50


@member_panel("sensitive_reads", order=90)
def sensitive_reads_panel(request, member):
    if member.user_id is None or member.user_id != request.user.pk:
        return None  # only on the member's own profile
    rows = SensitiveAccess.objects.filter(
        org=member.org_id,
        content_type=audit.content_type_of(Member),
        object_id=member.pk,
    ).order_by("-at", "-id")[:SHOWN]
    return Panel(
        _("Who read my sensitive personal data"),
        "members/sensitive_reads_panel.html",
        {"reads": audit.sensitive_reads(rows)},
    )
