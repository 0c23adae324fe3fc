"""The app as gunicorn serves it, with the bare view of bench/_records_urls.py beside it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench._records_urls"
