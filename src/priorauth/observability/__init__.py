"""Structured logs and Prometheus metrics. Both carry ids, timings and outcomes, never request content."""
