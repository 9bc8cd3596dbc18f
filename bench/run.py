"""Run every benchmark in turn and print their figures (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "demo_bench.py",
    "import_bench.py",
    "geodata_bench.py",
    "pages_bench.py",
    "trace_bench.py",
    "scope_bench.py",
]
# bench/wall_bench.py measures a running wall display: `python bench/wall_bench.py --url URL`


def main() -> int:
    failed = 0
    for script in SCRIPTS:
        print(f"\n== {script} ==", flush=True)
        failed += subprocess.call([sys.executable, str(HERE / script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
