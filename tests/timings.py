"""Timings the browser tests measure; printed at the end of the run."""
from __future__ import annotations

TIMINGS: dict[str, float] = {}
