#!/usr/bin/env python3
"""Median time of a whole process, in ms: bench_median.py [--cpu] ROUNDS STDIN-FILE CMD [ARG...]

Each run is one process started the way a shell's `exec` would (Python's subprocess uses
vfork/posix_spawn), with stdin from STDIN-FILE and output discarded; the median of ROUNDS runs
after two warm-up runs is printed. A run that fails stops the benchmark. The median, not the
mean: the machines these run on are shared, and a few slow runs say nothing about the program.

With --cpu it prints two figures: the median wall time and the median CPU time (user +
system, from the kernel's own account of the process). On a loaded machine the wall time
includes waiting for a core; the CPU time does not, so it moves much less with the load.
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    cpu = args[:1] == ["--cpu"]
    if cpu:
        args = args[1:]
    rounds, stdin_file, cmd = int(args[0]), args[1], args[2:]
    walls, cpus = [], []
    for i in range(rounds + 2):
        with open(stdin_file, "rb") as f:
            t0 = time.perf_counter_ns()
            p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            t1 = time.perf_counter_ns()
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit(f"failed ({code}): {' '.join(cmd)}")
        if i >= 2:
            walls.append((t1 - t0) / 1e6)
            cpus.append((usage.ru_utime + usage.ru_stime) * 1e3)
    if cpu:
        print(f"{statistics.median(walls):.2f} {statistics.median(cpus):.2f}")
    else:
        print(f"{statistics.median(walls):.2f}")


if __name__ == "__main__":
    main()
