"""Run NegMAS's pareto_frontier and nash_points on a space read as JSON from stdin.

Runs under bench/.venv-negmas (never imports Pourparler). Prints the frontier utilities, the
Nash outcome, the wall and CPU time of the two calls and the peak RSS of this process.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points, pareto_frontier

    space = json.load(sys.stdin)
    issues = [
        make_issue(values=list(range(len(v))), name=f"i{k}")
        for k, v in enumerate(space["values"][0])
    ]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[dict(enumerate(table)) for table in values],
            weights=weights,
            issues=issues,
            reserved_value=0.0,
        )
        for weights, values in zip(space["weights"], space["values"], strict=True)
    ]
    start, cpu = time.perf_counter(), time.process_time()
    frontier, _ = pareto_frontier(ufuns, issues=issues)
    nash = nash_points(ufuns, frontier, issues=issues)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    json.dump(
        {
            "seconds": seconds,
            "cpu": cpu,
            "peak_bytes": peak,
            "frontier": [list(map(float, u)) for u in frontier],
            "nash": [list(map(float, p[0])) for p in nash],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
