"""Demo logins made after the register: through the orgs services, with the one demo password."""

from unionhall.demo.register import DEMO_PASSWORD
from unionhall.orgs.models import Organisation, User
from unionhall.orgs.services import login_create, role_grant


def use_demo_password(user: User) -> None:
    """Replace the random first password a service hands out with the demo one, so every demo
    login opens with the password `demo_logins` prints (and is not asked to change it)."""
    user.set_password(DEMO_PASSWORD)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def demo_login(
    *, org: Organisation, actor: User | None, username: str, display_name: str, roles=()
) -> User:
    """A login holding the member role in `org` and `roles` besides, with the demo password."""
    user, _password = login_create(
        org=org, actor=actor, username=username, display_name=display_name
    )
    for role in roles:
        role_grant(org=org, actor=actor, user=user, role=role)
    use_demo_password(user)
    return user
