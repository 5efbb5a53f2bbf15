#!/usr/bin/env python3
"""Time to the first interactive screen and idle memory at the start screen: the app against
an empty Tauri window (bench/empty-window) built the same way. Called by bench-start.sh.

Each run starts the program, waits for the line it prints when its page is ready (the app's
START-1 screen, the empty page), and takes the time from spawning to that line. After a few
seconds of idle it adds up the proportional set size (PSS) of the program and every process
it started (WebKit's web and network processes), then ends it and waits until all of them
are gone, so one run's shutdown does not slow the next one's start. Runs alternate between
the programs; the first run of each is a warm-up and is not counted. BEFORE=<older app
binary> adds an older build to the same runs.

PSS shares each library page among the processes that map it, so the same program counts less
while other WebKit programs run on the machine (another window, a test run): on a shared
machine PSS falls and rises between runs. It also prints the part that is not file pages (the
programs' own heaps, JavaScript, DOM and painting buffers), which does not move with that,
and both per process (the program, WebKit's web process, its network process).

Besides the whole time it prints two parts of it, to see where a difference comes from:
when WebKit's web process was started (from the kernel's start times, 10 ms steps), and the
page's own time from its navigation start to ready (`performance.now()`, which both pages
report), and the app's first paint with text (the engine's first-contentful-paint, on the
page's clock; the empty page paints nothing to compare it with). It also prints the CPU time the program and its WebKit processes had used by then,
which waits on nothing else on the machine and so spreads far less than the time does. The
ratios come with a 95 % bootstrap interval over the runs; start times on a busy two-core
machine spread by ±100 ms, so take a ratio as met only when its interval says so."""

import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PAGE_MS = re.compile(r"\(page (\d+) ms\)")
# The app's second line: when its page first painted text, on the page's clock.
PAINT_MS = re.compile(r"first paint after \d+ ms \(page (\d+) ms\)")
# WebKit's processes by their names (the kernel keeps 15 characters of a name).
ROLES = {"WebKitWebProces": "web", "WebKitNetworkPr": "network"}


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pid):
    """The process's PSS and the part of it that is not file pages (KiB)."""
    pss = file = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Pss_File:"):
                    file = int(line.split()[1])
    except OSError:
        pass
    return pss, pss - file


def start_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    return int(stat[stat.rfind(")") + 2 :].split()[19])


def cpu_ms(pid):
    """User and system CPU time the process has used so far (kernel ticks of 10 ms)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return 0.0
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * 10.0


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            # A zombie has ended; it only waits for its parent.
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def run_once(cmd, marker, env, idle_s):
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    ready_ms = None
    page_ms = None
    web_ms = None
    cpu = None
    drain = None
    paint = [None]
    procs = []
    # A program that never says it is ready is ended after a minute, with the processes it
    # started (they hold its standard error open too), which stops the loop.
    def give_up():
        for p in descendants(proc.pid):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass

    timer = threading.Timer(60, give_up)
    timer.start()
    try:
        for line in proc.stderr:
            if marker in line:
                ready_ms = (time.monotonic() - t0) * 1000
                m = PAGE_MS.search(line)
                page_ms = float(m.group(1)) if m else None
                # The CPU time the program and its WebKit processes used to get there.
                cpu = sum(cpu_ms(p) for p in descendants(proc.pid))
                break
        timer.cancel()
        if ready_ms is None:
            raise SystemExit(f"error: {cmd[0]} never printed '{marker}'")
        # Keep reading stderr so the program never blocks on a full pipe, taking the app's
        # first paint from it when it comes.
        def read_rest():
            for rest in proc.stderr:
                m = PAINT_MS.search(rest)
                if m and paint[0] is None:
                    paint[0] = float(m.group(1))

        drain = threading.Thread(target=read_rest, daemon=True)
        drain.start()
        main_start = start_ticks(proc.pid)
        for p in descendants(proc.pid):
            if comm(p).startswith("WebKitWebProces"):
                ticks = start_ticks(p)
                if ticks is not None and main_start is not None:
                    web_ms = (ticks - main_start) * 10.0
        time.sleep(idle_s)
        procs = descendants(proc.pid)
        mems = [pss_kib(p) for p in procs]
        mem_mib = sum(m[0] for m in mems) / 1024
        own_mib = sum(m[1] for m in mems) / 1024
        # The same per process: the program itself, WebKit's web and network processes.
        roles = {}
        for p, m in zip(procs, mems):
            role = ROLES.get(comm(p)[:15], "main" if p == proc.pid else "other")
            old = roles.get(role, (0.0, 0.0))
            roles[role] = (old[0] + m[0] / 1024, old[1] + m[1] / 1024)
        return ready_ms, mem_mib, len(procs), page_ms, web_ms, cpu, own_mib, roles, paint[0]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if drain is not None:
            drain.join(timeout=5)
        # WebKit's processes end after the program; the next start waits for them.
        gone_by = time.monotonic() + 10
        while any(alive(p) for p in procs if p != proc.pid) and time.monotonic() < gone_by:
            time.sleep(0.02)
        time.sleep(float(os.environ.get("SETTLE_SECONDS", "0.5")))


def interval(a, b, k, rounds=2000):
    """95 % bootstrap interval of median(a)/median(b) over the runs (field k)."""
    rng = random.Random(7)
    xs, ys = [r[k] for r in a], [r[k] for r in b]
    ratios = sorted(
        statistics.median(rng.choices(xs, k=len(xs)))
        / statistics.median(rng.choices(ys, k=len(ys)))
        for _ in range(rounds)
    )
    return ratios[int(0.025 * rounds)], ratios[int(0.975 * rounds) - 1]


def main():
    runs = int(sys.argv[1])
    app, empty = sys.argv[2], sys.argv[3]
    idle_s = float(os.environ.get("IDLE_SECONDS", "3"))
    # The app asks WebKitGTK for CPU painting without compositing layers
    # (src-tauri/src/webkit.rs). Besides the empty window as it is by default, it is compared
    # with the empty window painting on the CPU in layers (the app's way until session 15)
    # and with the empty window set up as the app sets up WebKit (like for like: CPU painting,
    # no layers, no JavaScript compiler).
    cpu = {"WEBKIT_SKIA_ENABLE_CPU_RENDERING": "1"}
    programs = {
        "app": ([app], "first interactive screen after", {}),
        "empty": ([empty], "empty-window: page ready", {}),
        "empty-cpu": ([empty], "empty-window: page ready", cpu),
        "empty-nolayers": (
            [empty],
            "empty-window: page ready",
            dict(cpu, WEBKIT_DISABLE_COMPOSITING_MODE="1", JSC_useJIT="0"),
        ),
    }
    # APP_LAYERS=1 adds the app painting in layers, as before session 15 (a value the user
    # sets is kept by the app), for a before/after figure of that choice in the same runs.
    if os.environ.get("APP_LAYERS"):
        programs["app-layers"] = (
            [app],
            "first interactive screen after",
            {"WEBKIT_DISABLE_COMPOSITING_MODE": "0"},
        )
    # APP_JIT=1 adds the app with JavaScriptCore's compilers (as before session 20), likewise.
    if os.environ.get("APP_JIT"):
        programs["app-jit"] = ([app], "first interactive screen after", {"JSC_useJIT": "1"})
    # BEFORE=<an older build of the app> adds it to the same runs, for a before/after figure.
    before = os.environ.get("BEFORE")
    if before:
        programs["before"] = ([before], "first interactive screen after", {})
    homes = {name: tempfile.mkdtemp(prefix=f"bench-{name}-") for name in programs}
    results = {name: [] for name in programs}
    by_role = {name: [] for name in programs}
    procs_seen = {}
    for i in range(runs + 1):
        for name, (cmd, marker, extra) in programs.items():
            env = dict(os.environ, HOME=homes[name])
            # Only the like-for-like runs set these variables (the app sets them itself); a
            # value from the caller's shell would blur the comparison.
            env.pop("WEBKIT_SKIA_ENABLE_CPU_RENDERING", None)
            env.pop("WEBKIT_DISABLE_COMPOSITING_MODE", None)
            env.pop("JSC_useJIT", None)
            env.update(extra)
            env["OCES_WIZARD_DATA_DIR"] = os.path.join(homes[name], "data")
            env.pop("XDG_DATA_HOME", None)
            env.pop("XDG_CACHE_HOME", None)
            ready_ms, mem_mib, nprocs, page_ms, web_ms, cpu, own_mib, roles, paint_ms = run_once(
                cmd, marker, env, idle_s
            )
            procs_seen[name] = nprocs
            if i > 0:
                results[name].append((ready_ms, mem_mib, page_ms, web_ms, cpu, own_mib, paint_ms))
                by_role[name].append(roles)
        print(f"  run {i}{' (warm-up)' if i == 0 else ''}: " + ", ".join(
            f"{n} {results[n][-1][0]:.0f} ms {results[n][-1][1]:.1f} MiB" if i > 0 else n
            for n in programs
        ), flush=True)

    def med(name, k):
        return statistics.median(r[k] for r in results[name])

    print()
    measures = (
        ("first interactive screen", 0, "ms"),
        ("idle memory (PSS)", 1, "MiB"),
        ("  of it not file pages", 5, "MiB"),
    )

    def rows(other, targets):
        for (label, k, unit), target in zip(measures, targets):
            a, e = med("app", k), med(other, k)
            lo, hi = interval(results["app"], results[other], k)
            fmt = "{:.0f} " if unit == "ms" else "{:.1f} "
            print(
                f"{label:28}{(fmt.format(a) + unit):>12}{(fmt.format(e) + unit):>16}"
                f"{a / e:>9.2f}{f'{lo:.2f}–{hi:.2f}':>15}{target:>9}"
            )

    def parts(other):
        for label, k in (
            ("  web process started after", 3),
            ("  page: navigation to ready", 2),
            ("  CPU time used to get there", 4),
        ):
            if any(r[k] is None for r in results["app"] + results[other]):
                print(f"{label:28}{'(not reported)':>28}")
                continue
            a, e = med("app", k), med(other, k)
            line = f"{label:28}{a:>9.0f} ms{e:>13.0f} ms{a - e:>+9.0f} ms"
            if k == 4:
                lo, hi = interval(results["app"], results[other], k)
                line += f"  ratio {a / e:.2f} ({lo:.2f}–{hi:.2f})"
            print(line)

    print(f"{'':28}{'app':>12}{'empty window':>16}{'ratio':>9}{'95 % interval':>15}{'target':>9}")
    rows("empty", ("≤ 1.05", "≤ 1.10", ""))
    parts("empty")
    # The empty page draws nothing, so it has no first paint to compare with.
    paints = [r[6] for r in results["app"] if r[6] is not None]
    if paints:
        print(f"{'  page: first paint (app)':28}{statistics.median(paints):>9.0f} ms"
              f"  ({len(paints)} of {len(results['app'])} runs reported it)")
    print("the empty window painting on the CPU in layers (the app's way before session 15):")
    rows("empty-cpu", ("≤ 1.05", "≤ 1.10", ""))
    parts("empty-cpu")
    print(
        "the empty window set up as the app sets up WebKit: on the CPU, without layers and"
        " without the JavaScript compiler (like for like):"
    )
    rows("empty-nolayers", ("≤ 1.05", "≤ 1.10", ""))
    parts("empty-nolayers")
    if "app-layers" in programs:
        print("the app painting in layers (APP_LAYERS=1, as before session 15) against the empty window:")
        for label, k, unit in measures:
            b, e = med("app-layers", k), med("empty", k)
            fmt = "{:.0f} " if unit == "ms" else "{:.1f} "
            print(f"{label:28}{(fmt.format(b) + unit):>12}{(fmt.format(e) + unit):>16}{b / e:>9.2f}")
    if "app-jit" in programs:
        print("the app with the JavaScript compiler (APP_JIT=1, as before session 20) against the"
              " like-for-like empty window (which has none):")
        for label, k, unit in measures:
            b, e = med("app-jit", k), med("empty-nolayers", k)
            fmt = "{:.0f} " if unit == "ms" else "{:.1f} "
            print(f"{label:28}{(fmt.format(b) + unit):>12}{(fmt.format(e) + unit):>16}{b / e:>9.2f}")
    if before:
        print("the older build given in BEFORE against the empty window:")
        for label, k, unit in measures:
            b, e = med("before", k), med("empty", k)
            fmt = "{:.0f} " if unit == "ms" else "{:.1f} "
            print(f"{label:28}{(fmt.format(b) + unit):>12}{(fmt.format(e) + unit):>16}{b / e:>9.2f}")
        if all(r[4] is not None for r in results["before"] + results["app"]):
            b, a = med("before", 4), med("app", 4)
            lo, hi = interval(results["before"], results["app"], 4)
            print(f"{'  CPU time, BEFORE / app':28}{b:>9.0f} ms{a:>13.0f} ms{b - a:>+9.0f} ms"
                  f"  ratio {b / a:.2f} ({lo:.2f}–{hi:.2f})")
    print("idle memory per process, PSS / not file pages (MiB):")
    print(f"{'':28}" + "".join(f"{n:>22}" for n in programs))
    for role in ("main", "web", "network"):
        cells = []
        for n in programs:
            rows = [r[role] for r in by_role[n] if role in r]
            if not rows:
                cells.append(f"{'-':>22}")
                continue
            pss = statistics.median(r[0] for r in rows)
            own = statistics.median(r[1] for r in rows)
            cells.append(f"{f'{pss:.1f} / {own:.1f}':>22}")
        print(f"  {role:26}" + "".join(cells))
    print(
        f"(medians of {runs} runs; processes counted: app {procs_seen['app']}, "
        f"empty window {procs_seen['empty']}; memory after {idle_s:g} s idle)"
    )


if __name__ == "__main__":
    main()
