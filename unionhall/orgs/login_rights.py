"""Who may give whom a new password: one rule, used by every page that resets a login.

Whoever resets a login can log in as its holder and use every role the holder has, so a
password is reset only from above every role its holder holds:

- a member who holds no role (the member role only): the officers who keep the register
  (`members.edit`: the chair and the committee member for organisation);
- anyone holding a union role (a committee member, the treasurer, a representative, a school
  leader): the chair only;
- a chair: the district education union's administrator only, from the district's page of the
  school (a chair cannot reset another chair's);
- a district administrator: nobody on a page (the server's operator, `manage.py
  changepassword`).

`reset_refusal` is the rule on roles alone; `selectors.login_reset_refusal` gathers the roles
the login holds in every organisation (a login is one person's, whatever school) and also
refuses a login holding a role in an organisation the actor does not answer for.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from unionhall.core.text import join_list
from unionhall.orgs.capabilities import roles_with
from unionhall.orgs.roles import Role


def reset_refusal(actor_roles: Iterable[str], target_roles: Iterable[str]) -> str | None:
    """Why a holder of `actor_roles` may not reset the password of a holder of `target_roles`
    (every role the login holds, anywhere), or None when they may."""
    actor = frozenset(actor_roles)
    target = frozenset(target_roles)
    if Role.DISTRICT_ADMIN in target:
        return _(
            "A district union administrator's password is reset by the server's operator, "
            "not on a page."
        )
    if Role.CHAIR in target:
        if Role.DISTRICT_ADMIN in actor:
            return None
        return _("Only the district education union may reset a union chair's password.")
    held = [role for role in Role if role in target and role != Role.MEMBER]
    if held:
        if Role.CHAIR in actor:
            return None
        return _(
            "Only the union chair may reset the password of someone holding a union role "
            "(%(roles)s)."
        ) % {"roles": join_list(role.label for role in held)}
    keepers = roles_with("members.edit")
    if actor & keepers:
        return None
    return _("Only these roles may reset a member's password: %(roles)s.") % {
        "roles": join_list(role.label for role in Role if role in keepers)
    }


def may_reset_login(actor_roles: Iterable[str], target_roles: Iterable[str]) -> bool:
    return reset_refusal(actor_roles, target_roles) is None
