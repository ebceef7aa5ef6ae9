"""Readings of this process and machine from /proc and os: standard library only, so that bench.memory can
measure before anything of the app is imported."""

from __future__ import annotations

import os
from pathlib import Path


def rss_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB, from /proc/self/status."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


def load_note() -> str:
    """Noise warning: how busy the machine's cores are right now."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.2f} (1 min) {five:.2f} (5 min)"
