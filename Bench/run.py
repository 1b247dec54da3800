#!/usr/bin/env python3
"""Tern benchmark runner: every kernel under tern, qemu-riscv64 and natively.

Runs each workload --runs times, rotating the order of the three runners on
every round, checks that all outputs are identical, and writes
OUT/results.md and OUT/results.json with median wall time, tern/qemu and
tern/native ratios, guest MIPS, peak RSS and the translation cache hit rate
(from `tern run --stats-json`), geometric means, and startup latency.

Real programs from a Debian riscv64 sysroot (python3, CPython's own tests,
jq, perl, gcc's cc1, xz, lua5.4, sqlite3, busybox) are measured when SYSROOT
exists and skipped with a note otherwise.

Only the Python standard library is used.
"""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import scaling

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Kernels in report order, with the group each belongs to.
KERNELS = [
    ("crc32", "integer"), ("sha256", "integer"), ("sort", "integer"), ("hashmap", "integer"),
    ("linkedlist", "integer"), ("imatmul", "integer"), ("fsm", "integer"), ("interp", "integer"),
    ("nbody", "float"), ("spectralnorm", "float"), ("fmatmul", "float"), ("mandelbrot", "float"),
    ("memops", "memory"), ("strbuild", "memory"),
]


def runners(args):
    """Runner names in report order: one per tern engine ("tern:auto"...), qemu (Debian's
    7.2), qemu-new (the current qemu of `make setup`, when present), native."""
    return ["tern:" + e for e in args.engines] + ["qemu"] + (["qemu-new"] if args.has_qemu_new else []) + ["native"]


def default_reps(name):
    """The kernel's own default repeat count (the single source is its C file)."""
    with open(os.path.join(HERE, "kernels", name + ".c")) as f:
        m = re.search(r"bench_reps\(argc, argv, (\d+)\)", f.read())
    if not m:
        raise SystemExit(f"bench: no default repeat count in kernels/{name}.c")
    return int(m.group(1))


class RunResult:
    def __init__(self, wall, cpu, rss_kib, status, stdout, stderr, stats):
        self.wall, self.cpu, self.rss_kib, self.status = wall, cpu, rss_kib, status
        self.stdout, self.stderr, self.stats = stdout, stderr, stats


# The launcher every measured command runs under (Bench/rsslaunch.c): Linux floors a
# process's ru_maxrss at the RSS of the process that forked it, so this harness cannot
# read a small command's peak from its own wait4. Set by main() from --out.
RSS_LAUNCHER = None


def run_once(cmd, stdin_path=None, timeout=900, stats_path=None, cwd=None, env=None):
    """Runs `cmd` (in environment `env`, default ours) under the RSS launcher,
    returning wall time, CPU time (wait4: the launcher and the command), the
    command's peak RSS (reported by the launcher), status and output."""
    if RSS_LAUNCHER is None or not os.path.exists(RSS_LAUNCHER):
        raise SystemExit(f"bench: {RSS_LAUNCHER} missing (run `make -C Bench` first)")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        report_r, report_w = os.pipe()
        try:
            start = time.perf_counter()
            p = subprocess.Popen([RSS_LAUNCHER, str(report_w)] + list(cmd), stdin=stdin, stdout=out, stderr=err,
                                 cwd=cwd, env=env, pass_fds=(report_w,), start_new_session=True)
            os.close(report_w)
            timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
            timer.start()
            _, status, usage = os.wait4(p.pid, 0)
            timed_out = not timer.is_alive()
            timer.cancel()
            wall = time.perf_counter() - start
            p.returncode = 0  # reaped here; keep Popen from waiting again
            with os.fdopen(report_r) as report:
                text = report.read().strip()
            rss_kib = int(text) if text.isdigit() else usage.ru_maxrss
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        stats = None
        if stats_path and os.path.exists(stats_path):
            with open(stats_path) as f:
                stats = json.load(f)
            os.unlink(stats_path)
        code = "timeout" if timed_out else os.waitstatus_to_exitcode(status)
        return RunResult(wall, usage.ru_utime + usage.ru_stime, rss_kib, code, out.read(), err.read(), stats)


class Workload:
    """One benchmark row: how to run it under each runner (`tern` is `tern run ...`
    without an engine; each tern runner adds its `--engine`)."""

    qemu_new = None  # set by main(): the current qemu's path when it exists

    def __init__(self, name, group, tern, qemu, native, stdin=None, cwd=None):
        self.name, self.group = name, group
        self.tern, self.qemu, self.native = tern, qemu, native
        self.stdin, self.cwd = stdin, cwd

    def command(self, runner):
        if runner.startswith("tern:"):
            return self.tern[:2] + ["--engine", runner[5:]] + self.tern[2:]
        if runner == "qemu-new":
            # The same command under the current qemu; rows already run under it have no second column.
            return [self.qemu_new] + self.qemu[1:] if self.qemu_new and self.qemu[0] != self.qemu_new else None
        return self.qemu if runner == "qemu" else self.native


def measure(w, args, scratch):
    """Runs workload `w` args.runs times per runner, alternating; returns a row dict."""
    engines = [e for e in runners(args) if w.command(e)]
    first = engines[0]  # the first tern engine: MIPS, hit rate and tern RSS come from it
    samples = {e: [] for e in engines}
    stats = None
    outputs = {}
    problems = []
    for r in range(args.runs):
        order = engines[r % len(engines):] + engines[:r % len(engines)]
        for e in order:
            cmd = list(w.command(e))
            stats_path = None
            if e == first:
                stats_path = os.path.join(scratch, "stats.json")
                cmd = cmd[:2] + ["--stats-json", stats_path] + cmd[2:]
            res = run_once(cmd, stdin_path=w.stdin, timeout=args.timeout, stats_path=stats_path, cwd=w.cwd)
            if res.status != 0:
                problems.append(f"{e} exited with {res.status}: {res.stderr.decode(errors='replace').strip()[:200]}")
            if res.stats is not None:
                stats = res.stats
            outputs.setdefault(e, res.stdout)
            if res.stdout != outputs[e]:
                problems.append(f"{e} output differs between runs")
            samples[e].append(res)
        if problems:
            break
    if not problems:
        ref = outputs.get("qemu", outputs.get(first))
        for e, o in outputs.items():
            if o != ref:
                problems.append(f"{e} output differs from qemu's: {o[:80]!r} vs {ref[:80]!r}")
    row = {"name": w.name, "group": w.group, "runs": args.runs, "ok": not problems, "problems": problems}
    for e, rs in samples.items():
        row[e] = {"median_s": statistics.median(x.wall for x in rs),
                  "min_s": min(x.wall for x in rs),
                  "cpu_median_s": statistics.median(x.cpu for x in rs),
                  "peak_rss_kib": max(x.rss_kib for x in rs),
                  "walls_s": [round(x.wall, 6) for x in rs]}
    row["ratios"] = {}
    for e in engines:
        if not e.startswith("tern:"):
            continue
        ratios = row["ratios"][e[5:]] = {}
        if "qemu" in row:
            ratios["over_qemu"] = row[e]["median_s"] / row["qemu"]["median_s"]
            ratios["rss_over_qemu"] = row[e]["peak_rss_kib"] / max(1, row["qemu"]["peak_rss_kib"])
            ratios["cpu_over_qemu"] = row[e]["cpu_median_s"] / max(1e-6, row["qemu"]["cpu_median_s"])
        if "qemu-new" in row:
            ratios["over_qemu_new"] = row[e]["median_s"] / row["qemu-new"]["median_s"]
        if "native" in row:
            ratios["over_native"] = row[e]["median_s"] / row["native"]["median_s"]
    if stats:
        row["retired"] = stats.get("retired")
        row["hit_rate"] = stats.get("hitRate")
        if row.get("retired"):
            row["mips"] = row["retired"] / row[first]["median_s"] / 1e6
    return row


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def kernel_workloads(args):
    out = []
    for name, group in KERNELS:
        if args.only and name not in args.only:
            continue
        reps = 1 if args.smoke else max(1, round(default_reps(name) * args.scale))
        rv = os.path.join(args.out, "rv64", name)
        nat = os.path.join(args.out, "native", name)
        for p in (rv, nat):
            if not os.path.exists(p):
                raise SystemExit(f"bench: {p} missing (run `make -C Bench` first)")
        out.append(Workload(name, group, [args.tern, "run", rv, str(reps)],
                            [args.qemu, rv, str(reps)], [nat, str(reps)]))
    return out


def isa_workloads(args):
    """Each kernel compiled by clang for rv64gc and for rv64gc_zba_zbb_zbs_zicond, both
    under the current qemu (-cpu rva23u64; Debian 12's 7.2 lacks Zicond) and tern --cpu
    rva23u64: the bit-manipulation build should keep (or improve) its ratio to qemu."""
    if not os.path.exists(args.qemu_new):
        return [], [f"{args.qemu_new} missing (make setup): the clang rv64gc/bitmanip rows are not run"]
    out = []
    for name, _ in KERNELS:
        if args.only and name not in args.only:
            continue
        nat = os.path.join(args.out, "native", name)
        for variant in ("clang-rv64gc", "clang-bitmanip", "clang-rvv"):
            rv = os.path.join(args.out, variant, name)
            if variant == "clang-rvv" and name not in RVV_KERNELS:
                continue
            if not os.path.exists(rv):
                raise SystemExit(f"bench: {rv} missing (run `make -C Bench` first)")
            factor = RVV_FP_KERNELS.get(name, 1) if variant == "clang-rvv" else 1
            reps = 1 if args.smoke else max(1, round(default_reps(name) * args.scale * factor))
            label = f"{name} ({variant})" if factor == 1 else f"{name} ({variant}, reps x{factor:g})"
            out.append(Workload(label, "isa:" + variant,
                                [args.tern, "run", "--cpu", "rva23u64", rv, str(reps)],
                                [args.qemu_new, "-cpu", "rva23u64", rv, str(reps)], [nat, str(reps)]))
    return out, []


# The kernels built -march=rva23u64 (V included; Bench/Makefile's RVV_NAMES): the integer
# ones and the FP ones clang vectorises to vector FP instructions.
RVV_KERNELS = ("crc32", "fmatmul", "fsm", "imatmul", "interp", "linkedlist", "memops", "nbody", "sha256",
               "spectralnorm", "strbuild")
# The vector FP rows run this fraction of the kernel's repeat count: their vector FP
# instructions run through the threaded drivers (about 4x qemu 11's time, itself 3-4x
# its time on the rv64gc build), so at full counts these three rows alone would take
# over an hour of `make bench`. Their native and qemu columns run the same count.
RVV_FP_KERNELS = {"fmatmul": 0.02, "nbody": 0.02, "spectralnorm": 0.02}


def isa_summary(rows, engines):
    """Geometric means of tern/qemu over the clang rv64gc, bitmanip and rva23u64 (V) rows,
    and for the V rows also of tern's time for the V build over its time for the rv64gc build."""
    out = {}
    for variant in ("clang-rv64gc", "clang-bitmanip", "clang-rvv"):
        good = [r for r in rows if r["ok"] and r["group"] == "isa:" + variant]
        out[variant] = {e: geomean([r["ratios"].get(e, {}).get("over_qemu") for r in good]) for e in engines}
    return out


def find_in_sysroot(sysroot, names):
    """The first of `names` (paths relative to the sysroot; globs allowed) that exists, as a guest path."""
    for n in names:
        found = sorted(glob.glob(os.path.join(sysroot, n)))
        if found:
            return "/" + os.path.relpath(found[-1], sysroot)
    return None


def sysroot_workloads(args, scratch):
    """Real programs from the sysroot; returns (workloads, notes)."""
    s = args.sysroot
    if not os.path.isdir(s):
        return [], [f"real-program rows (python3, jq, perl, cc1, xz, lua5.4, sqlite3, busybox) skipped: no sysroot at {s} "
                    "(`make sysroot` builds it)"]
    notes, out = [], []
    scale = args.scale

    def add(name, guest_names, guest_args, host_name, stdin=None, native_args=None):
        """A row running the first of `guest_names` found in the sysroot (globs
        allowed); natively `host_name` with `native_args` (default: the guest's
        arguments); host_name None: no native column (no equivalent host program)."""
        g = find_in_sysroot(s, guest_names)
        if not g:
            notes.append(f"{name} skipped: none of {', '.join(guest_names)} in {s}")
            return
        host = shutil.which(host_name) if host_name else None
        native = [host] + (guest_args if native_args is None else native_args) if host else None
        if host_name and not host:
            notes.append(f"{name}: no host {host_name}, native column empty")
        out.append(Workload(name, "program", [args.tern, "run", "--sysroot", s, s + g] + guest_args,
                            [args.qemu, "-L", s, s + g] + guest_args, native, stdin=stdin, cwd=scratch))

    lua = os.path.join(scratch, "bench.lua")
    with open(lua, "w") as f:
        f.write(f"""local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
local t, acc = {{}}, 0
for i = 1, {int(200000 * scale) or 1} do t[i] = (i * 7919) % 1000003; acc = acc + t[i] end
table.sort(t)
local parts = {{}}
for i = 1, #t, 97 do parts[#parts + 1] = string.format("%x", t[i]) end
print(fib({max(5, int(27 + math.log2(scale)))}), acc, #table.concat(parts, ","))
""")
    add("lua5.4", ["usr/bin/lua5.4"], [lua], "lua5.4")
    python_workloads(add, scratch, scale)
    text_workloads(add, scratch, scale)
    compiler_workload(add, scratch, notes)
    sql = os.path.join(scratch, "bench.sql")
    rows = max(10, int(200000 * scale))
    with open(sql, "w") as f:
        f.write(f"""CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows})
INSERT INTO t SELECT x, (x * 7919) % 1009, printf('v%08d', x * 31) FROM c;
CREATE INDEX tk ON t(k);
SELECT k, count(*), sum(id), max(v) FROM t GROUP BY k ORDER BY 2 DESC, 1 LIMIT 5;
SELECT count(*) FROM t a JOIN t b ON a.k = b.k AND b.id = a.id + 1009;
""")
    add("sqlite3", ["usr/bin/sqlite3"], [":memory:"], "sqlite3", stdin=sql)
    data = os.path.join(scratch, "bench.dat")
    size = max(4096, int((8 << 20) * scale))
    letters = bytes(0x61 + (i % 12) for i in range(256))
    with open(data, "wb") as f:
        f.write(random.Random(1).randbytes(size).translate(letters))
    busybox = ["bin/busybox", "usr/bin/busybox"]
    add("busybox gzip", busybox, ["gzip", "-c", data], "busybox")
    add("busybox sha256sum", busybox, ["sha256sum", data], "busybox")
    # Fork-heavy shell: a command substitution forks a subshell per iteration. (Exec of
    # further guest programs is left out: qemu-user runs a guest's execve'd program on the
    # host unless binfmt_misc is set up, so it could not be compared here.)
    forks = max(20, int(1200 * scale))
    add("busybox sh (forks)", busybox, ["sh", "-c", f"n=0; i=0; while [ $i -lt {forks} ]; do x=$(echo $i); "
                                        "n=$((n+${#x})); i=$((i+1)); done; echo $n"], "sh",
        native_args=["-c", f"n=0; i=0; while [ $i -lt {forks} ]; do x=$(echo $i); n=$((n+${{#x}})); i=$((i+1)); done; echo $n"])
    # The compressed file goes to the scratch directory (host and guest xz
    # versions may encode differently; stdout stays empty).
    add("xz -3", ["usr/bin/xz"], ["-3", "-T1", "-k", "-f", "-S", ".bench.xz", data], "xz")
    return out, notes


def python_workloads(add, scratch, scale):
    """CPython: a pure-Python benchmark (objects, dicts, strings, closures,
    generators) and modules of CPython's own regression suite (Debian's
    libpython3.13-testsuite; natively the host python's own copies)."""
    py = os.path.join(scratch, "bench.py")
    n = max(200, int(60000 * scale))
    with open(py, "w") as f:
        f.write(f"""import re
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
    def norm(self): return self.x * self.x + self.y * self.y
def words(i): return "w%d-%s" % (i % 997, "ab" * (i % 5))
counts, pts = {{}}, []
for i in range({n}):
    w = words(i)
    counts[w] = counts.get(w, 0) + 1
    pts.append(Point(i % 101, i % 37))
total = sum(p.norm() for p in pts if p.x > p.y)
pat = re.compile(r"w(\d+)-((?:ab)*)")
matched = sum(int(m.group(1)) for m in map(pat.match, counts) if m)
ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(total, matched, len(counts), ordered, "".join(sorted(set("".join(counts))))[:20])
""")
    python = ["usr/bin/python3.13", "usr/bin/python3"]
    add("python3 (pure Python)", python, [py], "python3")
    # unittest prints only to stderr; each module passes under qemu-riscv64 too.
    add("python3 test suite", python, ["-m", "unittest", "-q", "test.test_textwrap", "test.test_string"], "python3")


def text_workloads(add, scratch, scale):
    """jq over a JSON array of records; perl matching and summing over text."""
    rng = random.Random(2)
    records = max(100, int(40000 * scale))
    js = os.path.join(scratch, "bench.json")
    with open(js, "w") as f:
        json.dump([{"id": i, "name": f"n{i}", "tags": [rng.randrange(100) for _ in range(5)],
                    "score": rng.randrange(1000) / 1000} for i in range(records)], f)
    add("jq", ["usr/bin/jq"], ["-c", "[.[] | select(.score > 0.5) | {id, t: (.tags | add)}] "
                               "| (group_by(.t % 7) | map(length)), (map(.t) | add)", js], "jq")
    txt = os.path.join(scratch, "bench.txt")
    with open(txt, "w") as f:
        for i in range(max(100, int(150000 * scale))):
            f.write(f"line {i} user{i % 313} GET /item/{(i * 7919) % 10007} status={200 + (i % 3) * 100}\n")
    add("perl", ["usr/bin/perl"], ["-ne", 'if (/user(\d+) GET \/item\/(\d+) status=(\d+)/) '
                                   '{ $u{$1} += $2; $s{$3}++ } END { print scalar(keys %u), " ", '
                                   'join(",", map { "$_=$s{$_}" } sort keys %s), "\n" }', txt], "perl")


def compiler_workload(add, scratch, notes):
    """gcc: its cc1 compiling a preprocessed kernel with -O2 (the driver's exec
    of cc1 is left out: qemu-riscv64 cannot follow it without binfmt_misc)."""
    cross = shutil.which("riscv64-linux-gnu-gcc")
    if not cross:
        notes.append("cc1 skipped: no riscv64-linux-gnu-gcc to preprocess its input")
        return
    src = os.path.join(scratch, "strbuild.i")
    subprocess.run([cross, "-E", "-O2", "-o", src, os.path.join(HERE, "kernels", "strbuild.c")], check=True)
    add("gcc cc1 -O2", ["usr/libexec/gcc/riscv64-linux-gnu/*/cc1"],
        ["-quiet", "-O2", "-march=rv64gc", "-mabi=lp64d", src, "-o", os.path.join(scratch, "strbuild.s")], None)


def startup(args, scratch):
    """Median startup latency over args.startup_runs runs (static hello, busybox
    true; `python3 -c pass` over a fifth of them, at least 3)."""
    rows, notes = [], []
    hello = os.path.join(args.out, "rv64", "hello")
    cases = [("static hello", [args.tern, "run", hello], [args.qemu, hello],
              [os.path.join(args.out, "native", "hello")])]
    bb = find_in_sysroot(args.sysroot, ["bin/busybox", "usr/bin/busybox"]) if os.path.isdir(args.sysroot) else None
    if bb:
        host_bb = shutil.which("busybox")
        cases.append(("busybox true", [args.tern, "run", "--sysroot", args.sysroot, args.sysroot + bb, "true"],
                      [args.qemu, "-L", args.sysroot, args.sysroot + bb, "true"],
                      [host_bb, "true"] if host_bb else None))
    else:
        notes.append("busybox true startup skipped: no sysroot busybox; static hello measured instead")
    py = find_in_sysroot(args.sysroot, ["usr/bin/python3.13", "usr/bin/python3"]) if os.path.isdir(args.sysroot) else None
    if py:
        host_py = shutil.which("python3")
        cases.append(("python3 -c pass", [args.tern, "run", "--sysroot", args.sysroot, args.sysroot + py, "-c", "pass"],
                      [args.qemu, "-L", args.sysroot, args.sysroot + py, "-c", "pass"],
                      [host_py, "-c", "pass"] if host_py else None))
    for name, tern, qemu, native in cases:
        runs = args.startup_runs if not name.startswith("python3") else max(3, args.startup_runs // 5)
        cmds = {"tern": tern[:2] + ["--engine", args.engines[0]] + tern[2:], "qemu": qemu, "native": native}
        walls = {e: [] for e in ("tern", "qemu", "native") if cmds[e]}
        ok, problem = True, ""
        for r in range(runs):
            for e in walls:
                res = run_once(cmds[e], timeout=60)
                if res.status != 0:
                    ok, problem = False, f"{e} exited with {res.status}"
                walls[e].append(res.wall)
        row = {"name": name, "runs": runs, "ok": ok, "problem": problem}
        for e, ws in walls.items():
            row[e + "_ms"] = statistics.median(ws) * 1000
        row["tern_over_qemu"] = row["tern_ms"] / row["qemu_ms"]
        rows.append(row)
    return rows, notes


def embedding(args):
    """The embedding API's snapshot and copy-on-write fork costs (Bench/vm, tern-vm-bench):
    a static hello and lua5.4 -e 'print(1)' from the sysroot (when it exists and this is
    not a smoke run), each snapshotted halfway through its run."""
    tool = os.path.join(os.path.dirname(args.tern), "tern-vm-bench")
    if not os.path.exists(tool):
        return [], ["embedding rows skipped: no tern-vm-bench next to tern (make bench-build)"]
    forks = 20 if args.smoke else 1000
    base = [tool, "--forks", str(forks), "--runs", "3" if args.smoke else "20"]
    cases = [base + [os.path.join(args.out, "rv64", "hello")]]
    lua = find_in_sysroot(args.sysroot, ["usr/bin/lua5.4"]) if os.path.isdir(args.sysroot) else None
    notes = []
    if lua and not args.smoke:
        cases.append(base + ["--sysroot", args.sysroot, args.sysroot + lua, "-e", "print(1)"])
    elif not args.smoke:
        notes.append("embedding row of lua5.4 skipped: no sysroot lua5.4")
    rows = []
    for cmd in cases:
        res = run_once(cmd, timeout=600)
        try:
            row = json.loads(res.stdout)
        except ValueError:
            row = {"program": os.path.basename(cmd[-1]),
                   "problem": f"tern-vm-bench exited with {res.status}: {res.stderr.decode(errors='replace').strip()[:200]}"}
        row.update(ok=res.status == 0 and "problem" not in row, command=" ".join(cmd))
        row.setdefault("problem", "")
        rows.append(row)
    return rows, notes


def machine_info(args):
    model = platform.processor() or "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "unknown"
    commit = version(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=7", "--exclude=*"])
    return {"cpu": model, "cores": os.cpu_count(), "kernel": platform.release(),
            "qemu": version([args.qemu, "--version"]), "tern_commit": commit,
            "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")}


def fmt(v, spec, dash="–"):
    return dash if v is None else format(v, spec)


def markdown(report):
    m = report["machine"]
    engines = report["engines"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, Linux {m['kernel']}; {m['qemu']}"
             + (f"; qemu-new: {report['qemu_new_version']}" if report.get("qemu_new_version") else "")
             + f"; tern {m['tern_commit']}; {m['date_utc']} UTC.",
             f"Command: `{report['command']}` (median of {report['runs']} runs each, runners alternating; "
             "wall time, plus user+system CPU time for the CPU ratio; MIPS, tern RSS and hit rate "
             f"from --engine {engines[0]}).", ""]
    new = report.get("qemu_new_version")
    head = ["benchmark"] + [f"{e} s" for e in engines] + ["qemu s"] + (["qemu-new s"] if new else []) + ["native s"]
    for e in engines:
        head += [f"{e}/qemu", f"{e}/qemu CPU"] + ([f"{e}/qemu-new"] if new else []) + [f"{e}/native"]
    head += ["guest MIPS", "RSS tern MiB", "RSS qemu MiB", "hit rate", "check"]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 2) + "---|"]
    for r in report["rows"]:
        q, n = r.get("qemu", {}), r.get("native", {})
        cells = [r["name"]] + [fmt(r.get("tern:" + e, {}).get("median_s"), ".3f") for e in engines]
        cells += [fmt(q.get("median_s"), ".3f")] + ([fmt(r.get("qemu-new", {}).get("median_s"), ".3f")] if new else [])
        cells += [fmt(n.get("median_s"), ".3f")]
        for e in engines:
            x = r["ratios"].get(e, {})
            cells += [fmt(x.get("over_qemu"), ".2f"), fmt(x.get("cpu_over_qemu"), ".2f")]
            cells += ([fmt(x.get("over_qemu_new"), ".2f")] if new else []) + [fmt(x.get("over_native"), ".1f")]
        t = r.get("tern:" + engines[0], {})
        cells += [fmt(r.get("mips"), ".0f"), fmt(t.get("peak_rss_kib") and t["peak_rss_kib"] / 1024, ".1f"),
                  fmt(q.get("peak_rss_kib") and q["peak_rss_kib"] / 1024, ".1f"),
                  fmt(r.get("hit_rate") and r["hit_rate"] * 100, ".2f") + ("%" if r.get("hit_rate") else ""),
                  "ok" if r["ok"] else "FAIL: " + "; ".join(r["problems"])[:120]]
        lines.append("| " + " | ".join(cells) + " |")
    g = report["geomean"]
    cells = ["**geometric mean**"] + [""] * (len(engines) + 2 + (1 if new else 0))
    for e in engines:
        x = g[e]
        cells += [f"**{fmt(x['over_qemu'], '.2f')}**", f"**{fmt(x['cpu_over_qemu'], '.2f')}**"]
        cells += ([f"**{fmt(x.get('over_qemu_new'), '.2f')}**"] if new else []) + [f"**{fmt(x['over_native'], '.1f')}**"]
    cells += ["", f"RSS tern/qemu {fmt(g[engines[0]]['rss_over_qemu'], '.2f')}", "", "", ""]
    lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"| startup (--engine {engines[0]}) | tern ms | qemu ms | native ms | tern/qemu |", "|---|---:|---:|---:|---:|"]
    for s in report["startup"]:
        lines.append("| {} (median of {}) | {} | {} | {} | {} |".format(
            s["name"], s["runs"], fmt(s.get("tern_ms"), ".2f"), fmt(s.get("qemu_ms"), ".2f"),
            fmt(s.get("native_ms"), ".2f"), fmt(s.get("tern_over_qemu"), ".2f")) + ("" if s["ok"] else " FAIL " + s["problem"]))
    lines += scaling.markdown(report["scaling"], fmt)
    isa = report.get("isa", {})
    if any(v for x in isa.values() for v in x.values()):
        lines += ["", "| clang-built kernels under qemu 11 -cpu rva23u64 | "
                  + " | ".join(f"{e}/qemu (geomean)" for e in engines) + " |", "|---|" + "---:|" * len(engines)]
        for variant, label in (("clang-rv64gc", "-march=rv64gc"), ("clang-bitmanip", "-march=rv64gc_zba_zbb_zbs_zicond"),
                               ("clang-rvv", "-march=rva23u64 (V)")):
            if variant in isa:
                lines.append(f"| {label} | " + " | ".join(fmt(isa[variant].get(e), ".2f") for e in engines) + " |")
    for e in report.get("embedding") or []:
        us = lambda k: fmt(e.get(k), ".0f")
        lines += ["", f"| embedding: {e.get('program')}, snapshot at instruction {e.get('snapshot_at')} of "
                      f"{e.get('instructions')}, {e.get('forks')} forks | µs | |", "|---|---:|---|"]
        lines += [f"| fresh VM run to the snapshot point | {us('fresh_to_point_us')} | median |",
                  f"| fresh VM whole run | {us('fresh_full_us')} | median |",
                  f"| snapshot | {us('snapshot_us')} | {fmt(e.get('snapshot_bytes') and e['snapshot_bytes'] / 1024, '.0f')} KiB of guest pages copied |",
                  f"| fork (GuestVM(forking:)), one after the other | {us('fork_us')} | median, p90 {us('fork_p90_us')}: "
                  "a VM ready to run at the snapshot, on a parked VM thread with the snapshot's copy kept |",
                  f"| fork + drop | {us('fork_discard_us')} | median of the whole cycle without guest code |",
                  f"| fork + run to the end + drop | {us('fork_finish_us')} | median; the rest of the guest runs "
                  "with an empty translation cache (vs. the fresh whole run) |",
                  f"| fork while 100 stay alive | {us('fork_live_us')} | median (a new host thread and address space each); "
                  f"{fmt(e.get('fork_rss_bytes') and e['fork_rss_bytes'] / 1024, '.0f')} KiB resident per live fork |",
                  f"| a fresh address space with the snapshot mapped | {us('memory_map_us')} | median (the memory part of a fork without a kept copy) |"]
        if not e.get("ok"):
            lines.append("| FAIL | | " + e.get("problem", "") + " |")
    if report["notes"]:
        lines += [""] + ["Note: " + n for n in report["notes"]]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tern", default=os.path.join(ROOT, ".build", "release", "tern"))
    ap.add_argument("--qemu", default="qemu-riscv64")
    ap.add_argument("--qemu-new", default=os.path.join(ROOT, "build", "qemu", "usr", "bin", "qemu-riscv64"),
                    help="the current qemu for the clang rv64gc/bitmanip rows (make setup)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"), help="binaries (rv64/, native/) and results")
    ap.add_argument("--sysroot", default=os.path.join(ROOT, "build", "sysroot"))
    ap.add_argument("--engines", default="auto,threaded",
                    help="comma-separated tern engines to measure, each its own columns (default auto,threaded)")
    ap.add_argument("--engine", choices=("auto", "threaded", "native"), help="measure this one tern engine only")
    ap.add_argument("--runs", type=int, default=5, help="runs per engine and workload (default 5)")
    ap.add_argument("--startup-runs", type=int, default=50)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every kernel's repeat count")
    ap.add_argument("--smoke", action="store_true", help="one repetition, one run, kernels and scaling rows only (harness check)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run")
    ap.add_argument("only", nargs="*", help="kernel or real-program row names to run, `scaling` for the thread-scaling rows (default: all)")
    args = ap.parse_args()
    if args.smoke:
        args.runs, args.startup_runs = 1, 3
    args.engines = [args.engine] if args.engine else [e for e in args.engines.split(",") if e]
    for e in args.engines:
        if e not in ("auto", "threaded", "native"):
            raise SystemExit(f"bench: unknown engine '{e}' in --engines (auto, threaded, native)")
    args.tern, args.out, args.sysroot = map(os.path.abspath, (args.tern, args.out, args.sysroot))
    global RSS_LAUNCHER
    RSS_LAUNCHER = os.path.join(args.out, "rsslaunch")
    args.has_qemu_new = os.path.exists(args.qemu_new)
    args.qemu_new_version = None
    if args.has_qemu_new:
        Workload.qemu_new = args.qemu_new
        try:
            args.qemu_new_version = subprocess.run([args.qemu_new, "--version"], capture_output=True,
                                                   text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            args.qemu_new_version = args.qemu_new
    if not os.path.exists(args.tern):
        raise SystemExit(f"bench: {args.tern} missing (run `make build`)")
    # The commit and date of the run's start: a long run must not record a commit landed meanwhile.
    machine = machine_info(args)
    scratch = tempfile.mkdtemp(prefix="tern-bench-")
    try:
        workloads = kernel_workloads(args)
        isa_rows, notes = isa_workloads(args)
        workloads += isa_rows
        if args.smoke:
            notes.append("smoke run: one repetition per kernel, real programs not run")
        else:
            extra, extra_notes = sysroot_workloads(args, scratch)
            notes += extra_notes
            workloads += [w for w in extra if not args.only or w.name in args.only]
        rows = []
        for w in workloads:
            row = measure(w, args, scratch)
            rows.append(row)
            q = row.get("qemu", {}).get("median_s")
            per = "  ".join(f"{e} {fmt(row.get('tern:' + e, {}).get('median_s'), '.3f')} s "
                            f"({fmt(row['ratios'].get(e, {}).get('over_qemu'), '.2f')}x)" for e in args.engines)
            print(f"bench: {w.name:18} {per}  qemu {fmt(q, '.3f')} s  {'ok' if row['ok'] else 'FAIL'}",
                  file=sys.stderr, flush=True)
        scaling_rows = scaling.measure(args, run_once) if not args.only or "scaling" in args.only else []
        for r in scaling_rows:
            per = "  ".join(f"{n} {x['two_over_one']:.2f}" for n, x in r["runners"].items())
            print(f"bench: {r['name']:18} 2/1 threads: {per}  {'ok' if r['ok'] else 'FAIL'}", file=sys.stderr, flush=True)
        start_rows, start_notes = startup(args, scratch)
        embed_rows, embed_notes = embedding(args)
        # The clang rows run under another qemu: they have their own summary line.
        good = [r for r in rows if r["ok"] and not r["group"].startswith("isa:")]
        report = {
            "schemaVersion": 3,
            "qemu_new_version": args.qemu_new_version,
            "engines": args.engines,
            "command": " ".join(["python3", "Bench/run.py"] + sys.argv[1:]),
            "runs": args.runs, "scale": args.scale, "smoke": args.smoke,
            "machine": machine,
            "rows": rows,
            "geomean": {e: {k: geomean([r["ratios"].get(e, {}).get(k) for r in good])
                            for k in ("over_qemu", "over_native", "rss_over_qemu", "cpu_over_qemu", "over_qemu_new")}
                        for e in args.engines},
            "startup": start_rows,
            "embedding": embed_rows,
            "scaling": scaling_rows,
            "isa": isa_summary(rows, args.engines),
            "notes": notes + start_notes + embed_notes,
        }
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(report, f, indent=2)
        md = markdown(report)
        with open(os.path.join(args.out, "results.md"), "w") as f:
            f.write(md)
        print(md)
        failed = [r["name"] for r in rows + scaling_rows if not r["ok"]] + [s["name"] for s in start_rows if not s["ok"]]
        failed += ["embedding " + e["program"] for e in embed_rows if not e["ok"]]
        if failed:
            print("bench: FAILED: " + ", ".join(failed), file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
