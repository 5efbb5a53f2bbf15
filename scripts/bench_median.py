#!/usr/bin/env python3
"""Median wall time of a whole process, in ms: bench_median.py ROUNDS STDIN-FILE CMD [ARG...]

Each run is one process started the way a shell's `exec` would (Python's subprocess uses
vfork/posix_spawn), with stdin from STDIN-FILE and output discarded; the median of ROUNDS runs
after two warm-up runs is printed. A run that fails stops the benchmark. The median, not the
mean: the machines these run on are shared, and a few slow runs say nothing about the program.
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    rounds, stdin_file, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    times = []
    for i in range(rounds + 2):
        with open(stdin_file, "rb") as f:
            t0 = time.perf_counter_ns()
            r = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t1 = time.perf_counter_ns()
        if r.returncode != 0:
            sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}")
        if i >= 2:
            times.append(t1 - t0)
    print(f"{statistics.median(times) / 1e6:.2f}")


if __name__ == "__main__":
    main()
