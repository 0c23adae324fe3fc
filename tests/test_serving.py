"""`make serve` is the production shape: it refuses a database with unapplied migrations,
gunicorn's workers follow the cores, and production settings use WhiteNoise's compressed,
hashed static files and the cached template loader."""

import os
import subprocess
from pathlib import Path

from tests.test_settings import PRODUCTION, run

BASE_DIR = Path(__file__).resolve().parent.parent


def test_make_serve_refuses_a_database_with_unapplied_migrations(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNIONHALL_", "DJANGO_"))}
    env.update(
        UNIONHALL_VAR_DIR=str(tmp_path),
        UNIONHALL_DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        UNIONHALL_BIND="127.0.0.1:1",  # never reached
    )
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "migrations that are not applied" in result.stderr
    assert "make migrate" in result.stderr
    assert (tmp_path / "static" / "core").is_dir()  # collectstatic ran first


def test_gunicorn_workers_follow_the_cores_unless_set():
    code = (
        "import runpy, multiprocessing; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "print(c['workers'], multiprocessing.cpu_count(), c['bind'], c['wsgi_app'])"
    )
    workers, cores, bind, app = run(["-c", code]).stdout.split()
    assert int(workers) == 2 * int(cores) + 1
    assert bind == "127.0.0.1:8000" and app == "unionhall.wsgi:application"
    result = run(["-c", code], UNIONHALL_WORKERS="3", UNIONHALL_BIND="0.0.0.0:9000")
    assert result.stdout.split()[0] == "3" and result.stdout.split()[2] == "0.0.0.0:9000"


def test_production_serves_hashed_compressed_static_files_and_caches_templates():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.template import engines; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); "
        "print('whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE); "
        "loader = engines['django'].engine.template_loaders[0]; "
        "inner = getattr(loader, 'loaders', [loader])[0]; "
        "print(type(inner).__module__); "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'] > 0, "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    result = run(["-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    # template_partials wraps the loaders; inside it, Django's cached loader.
    assert result.stdout.split("\n")[:4] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
        "django.template.loaders.cached",
        "True True",
    ]


def test_the_sqlite_pragmas_and_the_lock_wait_are_set_per_connection(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection as c; "
        "cur = c.cursor(); print(cur.execute('PRAGMA journal_mode').fetchone()[0], "
        "cur.execute('PRAGMA busy_timeout').fetchone()[0], "
        "c.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run(["-c", code], UNIONHALL_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_the_server_loads_the_grouping_dictionary_before_its_workers_start():
    """The first suggestion grouping after a start waits for no dictionary: gunicorn's master
    loads jieba's and scikit-learn once, and every worker it forks has them."""
    code = (
        "import runpy, sys, jieba; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "assert not jieba.dt.initialized; c['on_starting'](None); "
        "print(jieba.dt.initialized, 'sklearn.cluster' in sys.modules)"
    )
    assert run(["-c", code]).stdout.split() == ["True", "True"]
