"""`python -m bench [name …]`: run the benchmarks, each in its own process and database.

Every module bench/<name>.py with a top-level `def run() -> None` is a benchmark; it prints its
figures as `name=value` lines. Each runs in a fresh process (so peak memory is its own) against a
throwaway SQLite database in a temporary directory, migrated first. Set
UNIONHALL_BENCH_DATABASE_URL (e.g. postgres://…/unionhall_bench) to run on another database
instead: it is migrated and EMPTIED before each benchmark.
"""

import ast
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent


def discover() -> list[str]:
    """Names of bench/*.py modules that define a top-level run()."""
    names = []
    for path in sorted(BENCH_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body):
            names.append(path.stem)
    return names


def _environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["UNIONHALL_DATABASE_URL"] = os.environ.get(
        "UNIONHALL_BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    env["UNIONHALL_MEDIA_ROOT"] = str(workdir / "media")
    env["UNIONHALL_VAR_DIR"] = str(workdir)
    # Measure what a deployment runs: no debug query log, no test-client instrumentation.
    env["UNIONHALL_DEBUG"] = "0"
    env["UNIONHALL_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    return env


def run_child(name: str) -> None:
    """In the benchmark's own process: set up Django, migrate, then run it."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    if "UNIONHALL_BENCH_DATABASE_URL" in os.environ:
        call_command("flush", verbosity=0, interactive=False)
    from django.db import connection

    print(f"bench_database={connection.vendor}", flush=True)
    module = __import__(f"bench.{name}", fromlist=["run"])
    module.run()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        run_child(argv[1])
        return 0
    available = discover()
    argv = [Path(arg).stem for arg in argv]  # `member_list`, `member_list.py` or `bench/…`
    unknown = [name for name in argv if name not in available]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    failed = []
    for name in argv or available:
        print(f"# {name}", flush=True)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"unionhall-bench-{name}-") as workdir:
            completed = subprocess.run(
                [sys.executable, "-m", "bench", "--child", name],
                cwd=PROJECT_DIR,
                env=_environment(Path(workdir)),
                check=False,
            )
        if completed.returncode:
            failed.append(name)
            print(f"# {name} FAILED (exit {completed.returncode})", flush=True)
        else:
            print(f"# {name} took {time.perf_counter() - started:.1f} s", flush=True)
    if failed:
        print(f"failed benchmarks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
