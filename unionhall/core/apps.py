from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "unionhall.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from unionhall.core.security import session_seen

        user_logged_in.connect(session_seen, dispatch_uid="unionhall.core.session_seen")
