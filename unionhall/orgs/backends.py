from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' check before the password is tried: an account locked at this address, or
    an address locked for every account (unionhall.orgs.throttle), is refused.

    A login from a web request always passes the request. Code that authenticates with no
    request (a shell, a test client's `login()`) is not a visitor to throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
