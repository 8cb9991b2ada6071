"""Benchmark scripts, and the settings and URLs (bench.settings) that add their baseline view."""
