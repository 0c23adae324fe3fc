"""Who may do what: one table of capabilities × roles.

Every view declares exactly one capability with `orgs.access.requires` (or `public`). A test walks
every URL pattern and fails when a view declares none, and another walks this table for each role.
"""

from unionhall.orgs.roles import COMMITTEE_ROLES, SCHOOL_ROLES, Role

R = Role
ANY_SCHOOL_ROLE = SCHOOL_ROLES

CAPABILITIES: dict[str, frozenset[str]] = {
    # The organisation's home page: anyone who holds a role there.
    "org.home": frozenset(SCHOOL_ROLES | {R.DISTRICT_ADMIN}),
    # The district overview of its schools: counts only, never a school's rows.
    "district.overview": frozenset({R.DISTRICT_ADMIN}),
    # The member register.
    "members.view": frozenset({R.CHAIR, R.TREASURER, R.LEADER} | COMMITTEE_ROLES),
    "members.view_sensitive": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION, R.COMMITTEE_WELFARE}),
    "members.edit": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "members.import": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "members.export": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # A member's own profile and contact details.
    "members.self": ANY_SCHOOL_ROLE,
    # The suggestion box (建言献策): everyone submits and reads the answers board; the chair and
    # committee handle suggestions; leaders (and the committee) answer those routed to them.
    "voice.submit": ANY_SCHOOL_ROLE,
    "voice.board": ANY_SCHOOL_ROLE,
    "voice.manage": frozenset({R.CHAIR} | COMMITTEE_ROLES),
    "voice.answer": frozenset({R.CHAIR, R.LEADER} | COMMITTEE_ROLES),
}

# Capabilities that need no organisation and no role (log in, change language …).
PUBLIC = "public"
# Capabilities that need a logged-in user but no organisation (the organisation picker).
AUTHENTICATED = "authenticated"


def roles_with(capability: str) -> frozenset[str]:
    try:
        return CAPABILITIES[capability]
    except KeyError:
        raise KeyError(f"unknown capability {capability!r}: add it to orgs.capabilities") from None


def allows(roles: set[str] | frozenset[str], capability: str) -> bool:
    return bool(roles_with(capability) & set(roles))
