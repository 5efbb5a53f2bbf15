#!/usr/bin/env python3
"""The window's functions that run from its start to the idle start screen (start-order.sh).

Usage: start_order.py <unstripped window binary> <output file>

Runs the window under callgrind with a fresh home and data folder, waits for the line it prints
when START-1 is ready and a few seconds of idle, has callgrind write what it counted, and ends
the window. Of each function callgrind saw run in the window's own binary (its forked children
too), it keeps the name as the symbol table has it, once, and writes them one a line, for
LLD's --symbol-ordering-file. Names not in the binary's symbol table are left out."""

import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

MARKER = "first interactive screen after"
IDLE_SECONDS = 3
ENTRY = re.compile(r"^(ob|cob|fn|cfn|fl|fi|fe)=(?:\((\d+)\))? ?(.*)$")


def functions_run(out_file, binary):
    """Names of the functions callgrind counted in `binary`, in the order the file lists them."""
    objects, functions = {}, {}
    current_object = None
    names = []
    with open(out_file, errors="replace") as f:
        for line in f:
            m = ENTRY.match(line.rstrip("\n"))
            if not m:
                continue
            key, ref, text = m.groups()
            table = objects if key in ("ob", "cob") else functions
            if ref is not None:
                if text:
                    table[ref] = text
                text = table.get(ref, "")
            if key == "ob":
                current_object = text
            elif key == "fn" and current_object == binary:
                # callgrind marks a recursive call's function with 'N.
                names.append(re.sub(r"'\d+$", "", text))
    return names


def symbols(binary):
    """The code symbols of the binary."""
    out = subprocess.run(
        ["nm", "--defined-only", binary], check=True, capture_output=True, text=True
    ).stdout
    return {p[2] for p in (line.split() for line in out.splitlines()) if len(p) == 3 and p[1] in "tTwW"}


def main():
    binary, output = os.path.abspath(sys.argv[1]), sys.argv[2]
    work = tempfile.mkdtemp(prefix="start-order-")
    env = dict(os.environ, HOME=work, OCES_WIZARD_DATA_DIR=os.path.join(work, "data"))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env.pop(var, None)
    proc = subprocess.Popen(
        [
            "valgrind",
            "--tool=callgrind",
            "--demangle=no",
            f"--callgrind-out-file={work}/callgrind.%p",
            binary,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Under callgrind the start takes 15–30 s; give up after five minutes.
    timer = threading.Timer(300, proc.kill)
    timer.start()
    ready = False
    for line in proc.stderr:
        if MARKER in line:
            ready = True
            break
    timer.cancel()
    if not ready:
        proc.kill()
        raise SystemExit("error: the window never showed its start screen under callgrind")
    drain = subprocess.Popen(["cat"], stdin=proc.stderr, stdout=subprocess.DEVNULL)
    time.sleep(IDLE_SECONDS)
    subprocess.run(["callgrind_control", "--dump", str(proc.pid)], check=True, capture_output=True)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    drain.wait(timeout=10)
    known = symbols(binary)
    seen, order = set(), []
    for out_file in sorted(glob.glob(f"{work}/callgrind.*")):
        for name in functions_run(out_file, binary):
            if name in known and name not in seen:
                seen.add(name)
                order.append(name)
    if len(order) < 100:
        raise SystemExit(f"error: only {len(order)} functions found; is the binary stripped?")
    with open(output, "w") as f:
        f.write("".join(n + "\n" for n in order))
    print(f"{len(order)} functions written to {output}")


if __name__ == "__main__":
    main()
