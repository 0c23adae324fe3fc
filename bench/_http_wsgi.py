"""The app as gunicorn serves it in production, with the floor views of bench/_http_urls.py."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench._http_urls"
