"""Settings come from UNIONHALL_* variables: a bad value stops the app with a message naming the
variable, and a production configuration passes Django's deployment checklist with nothing to say.

Each case runs in a fresh interpreter, since settings are read once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "UNIONHALL_ENV": "production",
    # 64 random-looking characters, as a deployment would generate.
    "UNIONHALL_SECRET_KEY": "q7Vd2mK9xLp4Rt8sWz1Nc6Hb3Jf5Gy0Ae-Uo_Ik2Ml7Pn9Qr4St6Uv8Wx1Yz3Bc5D",
    "UNIONHALL_ALLOWED_HOSTS": "gonghui.example.edu.cn",
}


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("UNIONHALL_", "DJANGO_")) and k != "CI"
    }
    env.update(DJANGO_SETTINGS_MODULE="unionhall.settings", PYTHONDONTWRITEBYTECODE="1")
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_settings(**variables: str) -> subprocess.CompletedProcess:
    return run(["-c", "import unionhall.settings"], **variables)


def test_it_starts_with_the_demo_defaults():
    result = import_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("UNIONHALL_DEBUG", "maybe"),
        ("UNIONHALL_ENV", "prod"),
        ("UNIONHALL_DATABASE_URL", "mysql://x"),
        ("UNIONHALL_DATABASE_URL", "postgres://user@localhost/"),
        ("UNIONHALL_IMPORT_MAX_BYTES", "ten megabytes"),
        ("UNIONHALL_FAST_PASSWORDS", "sometimes"),
        ("UNIONHALL_TIME_ZONE", "Beijing"),
        ("UNIONHALL_LOG_LEVEL", "loud"),
        ("UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT", "twenty"),
        ("UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT", "1"),
    ],
)
def test_it_refuses_a_bad_value_and_names_the_variable(variable, value):
    result = import_settings(**{variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


@pytest.mark.parametrize("missing", ["UNIONHALL_SECRET_KEY", "UNIONHALL_ALLOWED_HOSTS"])
def test_it_refuses_production_without_a_secret_key_or_hosts(missing):
    variables = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = import_settings(**variables)
    assert result.returncode != 0
    assert missing in result.stderr.strip().splitlines()[-1]


def test_it_refuses_a_short_production_secret_key():
    result = import_settings(**{**PRODUCTION, "UNIONHALL_SECRET_KEY": "short-and-guessable"})
    assert result.returncode != 0
    assert "UNIONHALL_SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_production_passes_the_deployment_checklist():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checklist_does_catch_debug_left_on():
    """The check above can fail: with DEBUG on in production it reports security.W018."""
    variables = {**PRODUCTION, "UNIONHALL_DEBUG": "true"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **variables)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_the_suite_runs_on_the_database_the_environment_names(db):
    """.ci/run's second pass sets a postgres:// URL: make sure the tests really run there."""
    from django.db import connection

    url = os.environ.get("UNIONHALL_DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
