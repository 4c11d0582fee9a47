"""Benchmark of the settlement engine against NegMAS 0.16.0, side by side on the same spaces.

Usage: ``python bench/engine.py [--issues 3,4,5,6,7] [--whole 6,7] [--no-negmas] [--only-whole]``
from the worktree's venv.

Each space: two parties, random additive utilities, 10 values per issue (``numpy.random.
default_rng([seed, n_issues])``; per party ``w = rng.random(n); w /= w.sum()``, then a table of
``rng.random(10)`` per issue, as in ../shared/bench/negmas_frontier_1e4.json). Every run is a
child process, so its wall time and peak RSS (``getrusage`` max RSS) are its own: Pourparler
with this interpreter, NegMAS with ``bench/.venv-negmas`` (created here on first use). The
frontiers must be identical. Then the whole analysis (``--whole``): on the same spaces as
scenarios (ratings taken as given, so the utilities are NegMAS's), ``analyze`` (frontier, the
four named packages and the zone, ``seconds`` as the command reports it), once with no
reservation (the Nash package comparable with NegMAS's) and once with 0.45 for both parties (a
zone that is really counted), and the command a user runs, ``pourparler analyze FILE --json``,
timed as a subprocess from start to exit (Python start-up and imports included). Then the other
targets: 40 issues, three parties at 10^6, the multilateral GENIUS domain and a synthetic
nine-party one.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
NEGMAS_VENV = HERE / ".venv-negmas"
SHARED = HERE.parent / ".." / "shared"
SEED = 20240601


def make_space(n_issues: int, parties: int = 2, n_values: int = 10) -> dict[str, Any]:
    rng = np.random.default_rng([SEED, n_issues])
    weights, values = [], []
    for _ in range(parties):
        w = rng.random(n_issues)
        w /= w.sum()
        weights.append(w.tolist())
        values.append([rng.random(n_values).tolist() for _ in range(n_issues)])
    return {"weights": weights, "values": values}


def tables_of(space: dict[str, Any]) -> list[np.ndarray]:
    n_issues = len(space["weights"][0])
    return [
        np.stack(
            [w[i] * np.array(v[i]) for w, v in zip(space["weights"], space["values"], strict=True)],
            axis=1,
        )
        for i in range(n_issues)
    ]


def worker(method: str) -> None:
    """Child process: Pourparler's frontier and Nash point of the space on stdin."""
    from pourparler.engine import nash_point, pareto_frontier_additive, pareto_frontier_enumerate

    tables = tables_of(json.load(sys.stdin))
    start = time.perf_counter()
    if method == "additive":
        frontier = pareto_frontier_additive(tables)
    else:
        frontier = pareto_frontier_enumerate([len(t) for t in tables], tables)
    lows = np.sum([t.min(axis=0) for t in tables], axis=0)
    row = nash_point(frontier.utilities, lows.tolist())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    nash = [] if row is None else [frontier.utilities[row].tolist()]
    json.dump(
        {
            "seconds": seconds,
            "peak_bytes": peak,
            "frontier": frontier.utilities.tolist(),
            "nash": nash,
        },
        sys.stdout,
    )


def scenario_of(space: dict[str, Any], reservation: float) -> Any:
    """The space as a Pourparler scenario whose utilities are exactly the tables'."""
    from pourparler.engine import AdditiveProfile, Issue, OutcomeSpace
    from pourparler.engine.scenario import Scenario

    n_issues, n_values = len(space["weights"][0]), len(space["values"][0][0])
    labels = [str(j) for j in range(n_values)]
    issues = tuple(Issue.options(f"i{k}", labels) for k in range(n_issues))
    profiles = tuple(
        AdditiveProfile(
            f"p{p}",
            {f"i{k}": w[k] for k in range(n_issues)},
            {f"i{k}": dict(zip(labels, v[k], strict=True)) for k in range(n_issues)},
            reservation,
            scale_ratings=False,
        )
        for p, (w, v) in enumerate(zip(space["weights"], space["values"], strict=True))
    )
    return Scenario("bench", OutcomeSpace(issues), profiles)


def analyze_worker(reservation: float) -> None:
    """Child process: the whole ``analyze`` of the space on stdin."""
    from pourparler.engine.analysis import analyze

    scenario = scenario_of(json.load(sys.stdin), reservation)
    start, cpu = time.perf_counter(), time.process_time()
    result = analyze(scenario)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    nash = result.named["nash"]
    json.dump(
        {
            "seconds": result.seconds,
            "wall": wall,
            "cpu": cpu,
            "zone": result.zone,
            "frontier": result.frontier.utilities.tolist(),
            "nash": [] if nash is None else [result.frontier.utilities[nash].tolist()],
        },
        sys.stdout,
    )


def run_command(space: dict[str, Any], reservation: float) -> dict[str, Any]:
    """``pourparler analyze FILE --json`` as a user runs it, timed from start to exit."""
    from pourparler.engine.scenario import scenario_to_json

    command = Path(sys.executable).parent / "pourparler"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.json"
        path.write_text(scenario_to_json(scenario_of(space, reservation)))
        start = time.perf_counter()
        done = subprocess.run(
            [str(command), "analyze", str(path), "--json"], capture_output=True, text=True
        )
        wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pourparler analyze failed:\n{done.stderr[-2000:]}")
    document: dict[str, Any] = json.loads(done.stdout)
    document["wall"] = wall
    return document


def whole_analysis(sizes: list[int], negmas: bool, repeats: int = 5) -> list[str]:
    """The whole ``analyze`` beside NegMAS's frontier and Nash point. Pourparler runs
    ``repeats`` times (each a fresh process) and reports the median; NegMAS once. Wall times of
    a few milliseconds on a shared machine jump by a scheduler slice, so CPU times (of the
    measured calls only, for both) are reported beside them."""
    rows = [
        "| packages | NegMAS s (frontier + Nash) | NegMAS CPU s | r | analyze seconds | x faster "
        "| analyze CPU s | x faster (CPU) | zone | command wall s | x faster "
        "| same frontier, Nash |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    python = ensure_negmas() if negmas else None
    for n in sizes:
        space = make_space(n)
        neg = None
        if python is not None:
            neg = run_child([str(python), str(HERE / "negmas_worker.py")], space)
        ns, nc = (neg["seconds"], neg["cpu"]) if neg is not None else (math.nan, math.nan)
        for r in (0.0, 0.45):
            runs = [
                run_child([sys.executable, __file__, "--analyze-worker", str(r)], space)
                for _ in range(repeats)
            ]
            mine = runs[0]
            seconds = statistics.median(run["seconds"] for run in runs)
            cpu = statistics.median(run["cpu"] for run in runs)
            command = run_command(space, r)
            same: object = "(Nash against 0.45)"
            if r == 0.0:
                same = "-"
            if neg is not None and r == 0.0:
                same = same_points(mine["frontier"], neg["frontier"]) and same_points(
                    mine["nash"], neg["nash"]
                )
            agree = [p["utilities"] for p in command["frontier"]] == mine["frontier"]
            if command["zopa"]["outcomes"] != mine["zone"] or not agree:
                raise SystemExit("the command and analyze disagree")
            rows.append(
                f"| 10^{n} | {ns:.3f} | {nc:.3f} | {r} | {seconds:.4f} | {ns / seconds:.0f} "
                f"| {cpu:.4f} | {nc / cpu:.0f} | {mine['zone']:,} | {command['wall']:.2f} "
                f"| {ns / command['wall']:.3g} | {same} |"
            )
            print(rows[-1], flush=True)
    return rows


def ensure_negmas() -> Path:
    python = NEGMAS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(NEGMAS_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "negmas==0.16.0"], check=True)
    return python


def run_child(command: list[str], space: dict[str, Any]) -> dict[str, Any]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    }
    done = subprocess.run(
        command, input=json.dumps(space), capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{command[-1]} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def same_points(a: list[list[float]], b: list[list[float]]) -> bool:
    return {tuple(np.round(p, 12)) for p in a} == {tuple(np.round(p, 12)) for p in b}


def side_by_side(sizes: list[int], negmas: bool) -> list[str]:
    rows = [
        "| packages | NegMAS s | NegMAS peak MB | additive s | x faster | enumerate s | x faster"
        " | enumerate peak MB | peak ratio | same frontier, Nash |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    python = ensure_negmas() if negmas else None
    for n in sizes:
        space = make_space(n)
        add = run_child([sys.executable, __file__, "--worker", "additive"], space)
        enum = run_child([sys.executable, __file__, "--worker", "enumerate"], space)
        ok = same_points(add["frontier"], enum["frontier"]) and same_points(
            add["nash"], enum["nash"]
        )
        if python is None:
            peak = enum["peak_bytes"] / 2**20
            rows.append(
                f"| 10^{n} | - | - | {add['seconds']:.4f} | - | {enum['seconds']:.3f} | - "
                f"| {peak:.0f} | - | {ok} |"
            )
            continue
        neg = run_child([str(python), str(HERE / "negmas_worker.py")], space)
        ok = (
            ok
            and same_points(add["frontier"], neg["frontier"])
            and same_points(add["nash"], neg["nash"])
        )
        ns, adds, es = neg["seconds"], add["seconds"], enum["seconds"]
        npk, epk = neg["peak_bytes"], enum["peak_bytes"]
        rows.append(
            f"| 10^{n} | {ns:.3f} | {npk / 2**20:.0f} | {adds:.4f} | {ns / adds:.0f} | {es:.3f} "
            f"| {ns / es:.0f} | {epk / 2**20:.0f} | {epk / npk:.2f} | {ok} |"
        )
        print(rows[-1], flush=True)
    return rows


def timed_analysis(label: str, tables: list[np.ndarray]) -> str:
    from pourparler.engine import (
        egalitarian_point,
        kalai_smorodinsky_point,
        nash_point,
        pareto_frontier_additive,
        utilitarian_point,
    )

    start = time.perf_counter()
    frontier = pareto_frontier_additive(tables)
    zero = [0.0] * tables[0].shape[1]
    for solve in (nash_point, kalai_smorodinsky_point, egalitarian_point, utilitarian_point):
        solve(frontier.utilities, zero)
    seconds = time.perf_counter() - start
    size = np.prod([float(len(t)) for t in tables])
    return f"| {label} | {size:.3g} | {tables[0].shape[1]} | {len(frontier)} | {seconds:.3f} |"


def other_targets() -> list[str]:
    from pourparler.engine.analysis import analyze
    from pourparler.engine.genius import read_genius_folder

    rows = [
        "| case | packages | parties | frontier size | seconds (frontier + named) |",
        "|---|---|---|---|---|",
    ]
    rows.append(timed_analysis("40 issues x 10 values", tables_of(make_space(40))))
    rows.append(timed_analysis("6 issues x 10 values", tables_of(make_space(6, parties=3))))
    politics = SHARED / "domains" / "genius" / "y2015" / "group2-politics"
    if politics.is_dir():
        scenario = read_genius_folder(politics)
        start = time.perf_counter()
        result = analyze(scenario)
        seconds = time.perf_counter() - start
        rows.append(
            f"| GENIUS group2-politics (analyze, with ZOPA) | {scenario.space.size} | 3 "
            f"| {len(result.frontier)} | {seconds:.3f} |"
        )
        shape = scenario.space.shape
        rng = np.random.default_rng(SEED)
        weights = rng.random((len(shape), 9))
        weights /= weights.sum(axis=0)
        nine = [weights[i] * rng.random((n, 9)) for i, n in enumerate(shape)]
        rows.append(timed_analysis("synthetic, group2-politics agenda", nine))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", choices=["additive", "enumerate"])
    parser.add_argument("--analyze-worker", type=float)
    parser.add_argument("--issues", default="3,4,5,6,7")
    parser.add_argument("--whole", default="6,7")
    parser.add_argument("--no-negmas", action="store_true")
    parser.add_argument("--only-whole", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    if args.analyze_worker is not None:
        analyze_worker(args.analyze_worker)
        return
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    whole = [int(s) for s in args.whole.split(",")]
    print("\n".join(whole_analysis(whole, not args.no_negmas)))
    print()
    if args.only_whole:
        return
    sizes = [int(s) for s in args.issues.split(",")]
    print("\n".join(side_by_side(sizes, not args.no_negmas)))
    print()
    print("\n".join(other_targets()))


if __name__ == "__main__":
    main()
