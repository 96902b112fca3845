"""Validation speed: `verbund validate` on 1,000 and 15,000 generated association records.

    python benchmarks/validate.py            # medians of 3 cold runs per size
    python benchmarks/validate.py --sizes 1000 15000 45000 --reps 5

Each run is a new process (a cold start, as in CI). Run by hand; the tests do not run it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import TODAY, generate


def timed(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "VERBUND_TODAY": TODAY}
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 15000])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="verbund-validate-"))
    print("| records | validate (whole directory) | validate one file |")
    print("| --- | --- | --- |")
    try:
        for n in args.sizes:
            root = work / str(n)
            generate(root, n, events=False)
            one = next((root / "directory" / "associations").glob("*.yml"))
            cli = [sys.executable, "-m", "verbund.cli", "validate"]
            whole = statistics.median(timed(cli, root) for _ in range(args.reps))
            single = statistics.median(timed([*cli, str(one)], root) for _ in range(args.reps))
            print(f"| {n:,} | {whole:.2f} s | {single * 1000:.0f} ms |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
