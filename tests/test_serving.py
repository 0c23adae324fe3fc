"""`make serve` is the production shape: it refuses a database with unapplied migrations,
gunicorn's workers follow the cores, and production settings use WhiteNoise's compressed,
hashed static files and the cached template loader."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_production_refuses_to_start_without_collectstatic_and_says_what_to_run(tmp_path):
    """The guide's unit, run before collectstatic: gunicorn stops with the reason in its log
    instead of serving a 500 for every page. Once collectstatic has run, the app loads."""
    variables = {
        **PRODUCTION,
        "UNIONHALL_VAR_DIR": str(tmp_path),
        "UNIONHALL_WORKERS": "1",
        "UNIONHALL_BIND": "127.0.0.1:0",
    }
    result = run(["-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"], **variables)
    assert result.returncode != 0
    assert "Worker failed to boot" in result.stderr
    assert f"static files manifest {tmp_path / 'static' / 'staticfiles.json'} is missing" in (
        result.stderr
    )
    assert "Run `manage.py collectstatic --no-input`" in result.stderr

    assert run(["manage.py", "collectstatic", "--no-input", "-v0"], **variables).returncode == 0
    loaded = run(["-c", "import unionhall.wsgi; print('loaded')"], **variables)
    assert loaded.stdout.strip() == "loaded", loaded.stderr


def _service(unit: str) -> dict[str, list[str]]:
    section = (BASE_DIR / "deploy" / unit).read_text().split("[Service]")[1].split("\n[")[0]
    settings: dict[str, list[str]] = {}
    for line in section.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def test_the_systemd_unit_collects_static_files_before_gunicorn_starts():
    service = _service("unionhall.service")
    assert service["ExecStartPre"][0] == (
        "/srv/unionhall/deploy/unionhall-manage collectstatic --no-input --verbosity 0"
    )
    assert "gunicorn" in service["ExecStart"][0]


@pytest.mark.parametrize("unit", ["unionhall.service", "unionhall-worker.service"])
def test_every_unit_keeps_what_it_writes_to_its_own_user(unit):
    assert _service(unit)["UMask"] == ["0077"]


def test_unionhall_manage_runs_commands_private_and_collectstatic_readable(tmp_path):
    """The script cron and people run: a backup it writes is the unionhall user's only, the
    static files are for nginx (stand-in manage.py prints the umask it ran under)."""
    (tmp_path / "deploy").mkdir()
    script = tmp_path / "deploy" / "unionhall-manage"
    script.write_text((BASE_DIR / "deploy" / "unionhall-manage").read_text())
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (tmp_path / "manage.py").write_text("import os; print(oct(os.umask(0)))")
    (tmp_path / "unionhall.env").write_text("UNIONHALL_ENV=production\n")
    env = {**os.environ, "UNIONHALL_ENV_FILE": str(tmp_path / "unionhall.env")}

    def umask_of(command: str) -> str:
        result = subprocess.run(
            ["sh", str(script), command], env=env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    assert umask_of("backup") == "0o77"
    assert umask_of("migrate") == "0o77"
    assert umask_of("collectstatic") == "0o22"
