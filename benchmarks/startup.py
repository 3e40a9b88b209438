"""Start-up time of the command line: `--help`, `show 1`, `sites`, `parse FILE` beside `python -c pass`, in one run.

Each command is a fresh process; rounds interleave the commands so that a busy machine slows them alike, and the
median of the rounds is reported. `show 1` reads a temporary archive built from a fixture page before timing.
Bytecode is cached as it is for a user (in a temporary PYTHONPYCACHEPREFIX, even under PYTHONDONTWRITEBYTECODE,
which would otherwise recompile the editable install's modules on every run).
With --imports N, each command is run once more under `python -X importtime` and its N costliest top-level
packages (self time summed over their modules) are listed.

    python benchmarks/startup.py [--rounds 21] [--imports 8]

Goal: `beritascrape --help` and `beritascrape show 1` in <= 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "prmn" / "single.html"
GOAL_MS = 150.0
ENV: dict[str, str] = {}


def entry_point() -> list[str]:
    """The installed console script (what a user runs), or `python -m beritascrape` when there is none."""
    script = Path(sys.executable).with_name("beritascrape")
    return [str(script)] if script.exists() else [sys.executable, "-m", "beritascrape"]


def child_env(folder: Path) -> dict[str, str]:
    """The environment of the timed processes: bytecode cached under folder, a fixed terminal width."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    # A fixed width keeps rich's tables the same size whatever runs the benchmark.
    env["COLUMNS"] = "120"
    return env


def build_archive(folder: Path) -> Path:
    """An archive holding one article (the PRMN fixture page), made by `beritascrape scrape`."""
    db = folder / "berita.db"
    url = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    args = ["scrape", str(FIXTURE), "--url", url, "--db", str(db), "--quiet"]
    subprocess.run([sys.executable, "-m", "beritascrape", *args], check=True, capture_output=True, env=ENV)
    return db


def run_once(argv: list[str]) -> float:
    """Wall milliseconds of one process, output discarded; a failing command stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def top_imports(args: list[str], n: int) -> list[tuple[str, float]]:
    """The n top-level packages with the most import self time (ms) when `python -m beritascrape ARGS` runs."""
    argv = [sys.executable, "-X", "importtime", "-m", "beritascrape", *args]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True, env=ENV)
    self_us: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        self_us[name.strip().split(".")[0]] += int(own)
    return [(name, us / 1000) for name, us in self_us.most_common(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rounds", type=int, default=21, help="interleaved rounds; the median is reported")
    ap.add_argument("--imports", type=int, default=0, metavar="N", help="also list each command's N costliest imports")
    opts = ap.parse_args()
    cli = entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        ENV.update(child_env(Path(tmp)))
        db = build_archive(Path(tmp))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "beritascrape --help": [*cli, "--help"],
            "beritascrape show 1": [*cli, "show", "1", "--db", str(db)],
            "beritascrape sites": [*cli, "sites"],
            # Not a goal, for scale: a whole extraction of one saved page (lxml, a profile, bs4's charset reading).
            "beritascrape parse FILE": [*cli, "parse", str(FIXTURE)],
        }
        for _ in range(2):
            for argv in commands.values():
                run_once(argv)  # write the bytecode cache, warm the file cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(opts.rounds):
            for name, argv in commands.items():
                times[name].append(run_once(argv))
        medians = {name: statistics.median(values) for name, values in times.items()}
        bare = medians["python -c pass"]
        print(f"start-up, median of {opts.rounds} interleaved rounds ({' '.join(cli)})")
        print(f"{'command':<26}{'ms':>8}{'x bare python':>15}{'min ms':>9}")
        for name, median in medians.items():
            goal = ""
            if name in ("beritascrape --help", "beritascrape show 1"):
                goal = "  goal <= 150 ms: " + ("met" if median <= GOAL_MS else "MISSED")
            print(f"{name:<26}{median:>8.1f}{median / bare:>15.1f}{min(times[name]):>9.1f}{goal}")
        if opts.imports:
            for name, args in (
                ("--help", ["--help"]),
                ("show 1", ["show", "1", "--db", str(db)]),
                ("sites", ["sites"]),
            ):
                listed = ", ".join(f"{pkg} {ms:.1f}" for pkg, ms in top_imports(args, opts.imports))
                print(f"imports of {name} (self ms, -X importtime): {listed}")


if __name__ == "__main__":
    main()
