"""`make bench` finds every benchmark module (the benchmarks themselves never run in tests)."""

from bench.__main__ import discover, main


def test_it_finds_the_modules_that_define_run():
    assert {"member_import", "member_list"} <= set(discover())


def test_an_unknown_benchmark_is_refused_by_name(capsys):
    assert main(["no_such_bench"]) == 2
    assert "no_such_bench" in capsys.readouterr().err
