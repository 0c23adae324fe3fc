"""What makes pages light on a phone (issue 12, Lighthouse): pages compressed in production,
and base.html linking the trimmed Bootstrap stylesheet (tests/test_trimmed_css.py checks it)."""

from tests.test_settings import PRODUCTION, run


def test_production_compresses_pages_but_leaves_static_files_to_whitenoise():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(' '.join(settings.MIDDLEWARE))"
    )
    result = run(["-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    middleware = result.stdout.split()
    gzip = middleware.index("django.middleware.gzip.GZipMiddleware")
    # After WhiteNoise (which answers static requests with its own compressed files) and before
    # everything that writes the page.
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip
    assert gzip < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    result = run(["-c", code])
    assert "django.middleware.gzip.GZipMiddleware" not in result.stdout.split()


def test_pages_link_the_trimmed_stylesheet_not_the_full_one(client):
    html = client.get("/login/").content.decode()
    assert "core/bootstrap.trimmed" in html
    assert "bootstrap.min.css" not in html
