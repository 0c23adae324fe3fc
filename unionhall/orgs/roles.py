"""The roles a user can hold in an organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District union administrator")
    CHAIR = "chair", _("Union chair")
    COMMITTEE_ORGANISATION = "committee_organisation", _("Committee member (organisation)")
    COMMITTEE_PUBLICITY = "committee_publicity", _("Committee member (publicity)")
    COMMITTEE_CULTURE = "committee_culture", _("Committee member (culture and sports)")
    COMMITTEE_WOMEN = "committee_women", _("Committee member (women staff)")
    COMMITTEE_WELFARE = "committee_welfare", _("Committee member (welfare)")
    COMMITTEE_AUDIT = "committee_audit", _("Committee member (fund audit)")
    TREASURER = "treasurer", _("Treasurer")
    REPRESENTATIVE = "representative", _("Congress representative")
    LEADER = "leader", _("School leader")
    MEMBER = "member", _("Member")


COMMITTEE_ROLES = frozenset(
    {
        Role.COMMITTEE_ORGANISATION,
        Role.COMMITTEE_PUBLICITY,
        Role.COMMITTEE_CULTURE,
        Role.COMMITTEE_WOMEN,
        Role.COMMITTEE_WELFARE,
        Role.COMMITTEE_AUDIT,
    }
)
SCHOOL_ROLES = frozenset(Role) - {Role.DISTRICT_ADMIN}
DISTRICT_ROLES = frozenset({Role.DISTRICT_ADMIN})
