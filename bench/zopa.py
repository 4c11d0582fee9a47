"""Benchmark of the zone count in halves: two parties, 10^9 and 10^12 packages.

Usage: ``python bench/zopa.py [--spaces 9x10,12x10,13x10,4x2000]`` (issues x values) from the
worktree's venv.

Each space: two parties, random additive utilities, ``v`` values per issue
(``numpy.random.default_rng([7, n, v])``; per party ``w = rng.random(n); w /= w.sum()``,
then ``w_i * rng.random(v)`` per issue), reservation 0.45 for both. Every size runs in a child
process, so its wall time and peak RSS (``getrusage`` max RSS, interpreter and imports
included) are its own. ``count`` is :func:`count_zone` alone; ``zopa`` adds the four
mixed-integer programmes for the best and worst utilities.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time

import numpy as np

from pourparler.engine.zone import zopa
from pourparler.engine.zone_count import count_zone


def tables_of(n_issues: int, n_values: int) -> list[np.ndarray]:
    rng = np.random.default_rng([7, n_issues, n_values])
    weights = [rng.random(n_issues) for _ in range(2)]
    weights = [w / w.sum() for w in weights]
    return [
        np.stack([w[i] * rng.random(n_values) for w in weights], axis=1) for i in range(n_issues)
    ]


def worker(spec: str) -> None:
    n_issues, n_values = (int(x) for x in spec.split("x"))
    tables = tables_of(n_issues, n_values)
    start = time.perf_counter()
    count = count_zone(tables, [0.45, 0.45])
    counted = time.perf_counter() - start
    start = time.perf_counter()
    zone = zopa([n_values] * n_issues, tables, [0.45, 0.45])
    whole = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "packages": float(n_values) ** n_issues,
                "count": count,
                "same": zone.outcomes == count,
                "seconds": counted,
                "zopa_seconds": whole,
                "peak_mb": peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spaces", default="9x10,12x10,13x10,4x2000")
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    print(f"{platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}")
    print("| space | packages | zone size | count s | zopa (count + 4 MILP) s | peak MB | same |")
    print("|---|---|---|---|---|---|---|")
    for n in args.spaces.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--worker", n],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])  # HiGHS may print before it
        print(
            f"| {n} | {r['packages']:.1e} | {r['count']} | {r['seconds']:.2f} | "
            f"{r['zopa_seconds']:.2f} | {r['peak_mb']:.0f} | {r['same']} |"
        )


if __name__ == "__main__":
    main()
