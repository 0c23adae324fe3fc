from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """A user holding a one-time password an officer handed out goes to the password change
    page before any other page (logging out and changing the language still work)."""

    ALLOWED = ("password_change", "logout", "set_language", "favicon")

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths: set[str] | None = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path_info not in self._allowed()
        ):
            return redirect("password_change")
        return self.get_response(request)

    def _allowed(self) -> set[str]:
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in self.ALLOWED}
        return self._allowed_paths
