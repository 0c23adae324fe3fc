import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
application = get_wsgi_application()

# Refuse to serve (gunicorn's worker fails to boot, with this message in the log) rather than
# answer every page with a 500 because collectstatic was not run.
from unionhall.core.staticmanifest import require_manifest  # noqa: E402

require_manifest()
