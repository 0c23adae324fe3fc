from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "unionhall.congress"
    verbose_name = _("Staff congress")

    def ready(self):
        from unionhall.members.services import login_given

        login_given.connect(_link_logins, dispatch_uid="congress.link_logins")


def _link_logins(sender, member, **kwargs) -> None:
    """A member given a login takes up their representations (the congress sits above the
    register, so the register announces the login and the congress listens)."""
    from unionhall.congress.services import link_logins

    link_logins(member=member)
