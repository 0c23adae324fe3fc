"""The people tests act as: one function per role, each returning a new user who can log in
(`client.force_login(...)`) and holds that role in the given organisation.

    chair = chair_of(school)
    client.force_login(member_of(school, display_name="林晓"))

Keyword arguments go to UserFactory (display_name, username …).
"""

from tests.factories import UserFactory, grant
from unionhall.orgs.models import Organisation, User
from unionhall.orgs.roles import Role


def user_with_role(org: Organisation, role: str, **fields) -> User:
    return grant(UserFactory(**fields), org, role)


def chair_of(org: Organisation, **fields) -> User:
    return user_with_role(org, Role.CHAIR, **fields)


def treasurer_of(org: Organisation, **fields) -> User:
    return user_with_role(org, Role.TREASURER, **fields)


def welfare_of(org: Organisation, **fields) -> User:
    """The committee member for welfare, who records care visits."""
    return user_with_role(org, Role.COMMITTEE_WELFARE, **fields)


def auditor_of(org: Organisation, **fields) -> User:
    """The committee member for fund audit."""
    return user_with_role(org, Role.COMMITTEE_AUDIT, **fields)


def representative_of(org: Organisation, **fields) -> User:
    return user_with_role(org, Role.REPRESENTATIVE, **fields)


def leader_of(org: Organisation, **fields) -> User:
    """A school leader (校领导), who answers proposals and suggestions."""
    return user_with_role(org, Role.LEADER, **fields)


def member_of(org: Organisation, **fields) -> User:
    return user_with_role(org, Role.MEMBER, **fields)


def district_admin_of(district: Organisation, **fields) -> User:
    return user_with_role(district, Role.DISTRICT_ADMIN, **fields)
