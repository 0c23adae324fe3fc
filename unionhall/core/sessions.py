"""Django's database sessions, remembering the expiry each session was read with, so that
core.security.IdleSessionMiddleware can renew an active session without a write per request."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    loaded_expiry = None

    def _get_session_from_db(self):
        found = super()._get_session_from_db()
        self.loaded_expiry = found.expire_date if found is not None else None
        return found
