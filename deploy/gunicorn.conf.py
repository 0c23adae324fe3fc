"""gunicorn settings for unionhall (`make serve` and deploy/unionhall.service use this file).

Each value can be changed by an environment variable, so one file serves the laptop and the
server: UNIONHALL_BIND, UNIONHALL_WORKERS, UNIONHALL_TIMEOUT.
"""

import multiprocessing
import os

wsgi_app = "unionhall.wsgi:application"
bind = os.environ.get("UNIONHALL_BIND", "127.0.0.1:8000")
# Sync workers, sized to the cores as gunicorn advises (2 × cores + 1): the work per request is
# CPU (templates) and short database calls.
workers = int(os.environ.get("UNIONHALL_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is killed and its worker replaced.
timeout = int(os.environ.get("UNIONHALL_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# nginx sets X-Forwarded-Proto; gunicorn believes it only from these addresses.
forwarded_allow_ips = os.environ.get("UNIONHALL_TRUSTED_PROXIES", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("UNIONHALL_LOG_LEVEL", "warning").lower()


def on_starting(server):
    """Before the workers start: load the suggestion grouping's word dictionary and scikit-learn
    (seconds, on first use), so every worker has them and no chair's first grouping waits for
    them. Django is not set up here: the grouping module does not need it."""
    from unionhall.voice.grouping import warm_up

    warm_up()
