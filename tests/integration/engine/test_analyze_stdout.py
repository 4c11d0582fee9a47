"""`pourparler analyze --json` prints the JSON document and nothing else, even when the solver
writes to the process's standard output from C (file descriptor 1, past Python)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

# Nine issues of ten options: 10**9 packages, so the zone's extremes come from programmes.
ISSUES = [{"name": f"i{k}", "kind": "range", "min": 0, "max": 9, "step": 1} for k in range(9)]
SCENARIO = {
    "format": "pourparler-scenario/1",
    "name": "Large",
    "issues": ISSUES,
    "parties": [
        {
            "name": "North",
            "kind": "additive",
            "weights": {f"i{k}": k + 1 for k in range(9)},
            "curves": {f"i{k}": {"shape": "rising"} for k in range(9)},
            "reservation": 0.3,
        },
        {
            "name": "South",
            "kind": "additive",
            "weights": {f"i{k}": 9 - k for k in range(9)},
            "curves": {f"i{k}": {"shape": "falling"} for k in range(9)},
            "reservation": 0.3,
        },
    ],
}

# The real command line, with the solver replaced by one that also writes to descriptor 1.
CHATTY = textwrap.dedent(
    """
    import os, sys
    import scipy.optimize

    real = scipy.optimize.milp

    def chatty(*args, **kwargs):
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\\n")
        return real(*args, **kwargs)

    scipy.optimize.milp = chatty
    from pourparler.cli.main import main
    sys.argv = ["pourparler", "analyze", sys.argv[1], "--json"]
    main()
    """
)


def test_json_output_parses_even_when_the_solver_prints(tmp_path: Path):
    path = tmp_path / "large.json"
    path.write_text(json.dumps(SCENARIO))
    done = subprocess.run(
        [sys.executable, "-c", CHATTY, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["outcomes"] == 10**9
    assert document["zopa"]["outcomes"] > 0
