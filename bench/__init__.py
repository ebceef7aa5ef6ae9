"""Benchmarks: scripts that print figures (see BENCHMARKS.md); run from the repo root: python -m bench.NAME"""
