from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "unionhall.core"
    label = "core"

    def ready(self):
        from unionhall.core.private import sqlite_database_private

        connection_created.connect(sqlite_database_private, dispatch_uid="sqlite_private")

        from unionhall.core import versions

        versions.connect()
