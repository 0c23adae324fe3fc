"""`make bench` finds every benchmark module (the benchmarks themselves never run in tests)."""

from bench.__main__ import discover, main


def test_it_finds_the_modules_that_define_run():
    assert {"member_import", "member_list", "care_import"} <= set(discover())


def test_an_unknown_benchmark_is_refused_by_name(capsys):
    assert main(["no_such_bench"]) == 2
    assert "no_such_bench" in capsys.readouterr().err


def test_the_busiest_hour_replaces_the_page_ratio():
    names = set(discover())
    assert {"hour", "hour_cpu"} <= names
    assert "pages" not in names


def test_the_hour_groups_its_figures_into_pages_writes_and_errors():
    from bench.hour import figures

    # [kind, ms, ok, started, ended, note]
    records = [["home", float(ms), True, 0, 1, ""] for ms in range(1, 101)]
    records += [["ballot", 20.0, True, 0, 1, ""], ["ballot", 900.0, False, 0, 1, "500 /p/x/"]]
    records += [["login", 5000.0, True, 0, 1, ""], ["floor", 2.0, True, 0, 1, ""]]
    stats = figures(records, seconds=10)
    assert stats["home"]["count"] == 100
    assert 94 <= stats["home"]["p95_ms"] <= 96
    assert stats["home"]["per_s"] == 10
    assert stats["pages"]["count"] == 100  # logins and the bare view are in neither group
    assert stats["writes"]["count"] == 2
    assert stats["writes"]["errors"] == 1
    assert stats["ballot"]["failures"] == ["500 /p/x/"]


def test_the_locustfile_builds_every_kind_of_user_from_a_scenario(tmp_path):
    import json
    import subprocess
    import sys

    from bench.hour import PACE, PROJECT_DIR

    scenario = {
        "base": "http://127.0.0.1:9",
        "school": "s",
        "users": {"staff": 3, "classes": 2, "committee": 1, "probe": 1},
        "pace": PACE,
        "max_requests": 10,
        "seconds": 1,
    }
    (tmp_path / "scenario.json").write_text(json.dumps(scenario))
    code = (
        "import bench._hour_locust as m; "
        "print(m.Staff.fixed_count, m.ClassVote.fixed_count, m.Committee.fixed_count, "
        "m.Probe.fixed_count, m._expected_users())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_DIR),
            "UNIONHALL_BENCH_HOUR_SCENARIO": str(tmp_path / "scenario.json"),
            "UNIONHALL_BENCH_HOUR_OUT": str(tmp_path / "out.json"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "2", "1", "1", "7"]
