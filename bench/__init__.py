"""Benchmarks: `make bench` (`python -m bench [name …]`) runs every bench/<name>.py with a run()."""
