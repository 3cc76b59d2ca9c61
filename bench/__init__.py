"""Benchmarks that print their figures (run as `python -m bench.<name>`); results in bench/RESULTS.md."""
