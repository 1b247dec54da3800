#!/usr/bin/env python3
"""CPython's regression tests under tern and under qemu-riscv64, compared per test.

Each module of the chosen set runs as one `python3.13 -m test MODULE --junit-xml FILE`
process from the riscv64 sysroot (Debian's python3.13 and libpython3.13-testsuite),
once under `tern run -L SYSROOT` and once under `qemu-riscv64 -L SYSROOT`, both as
root inside a user namespace (`unshare -Ur`) with the same clean environment. The
junit XML gives each test's outcome; a test that passes under qemu must pass under
tern. Runs are spread over --jobs workers (one per core by default).

    Tests/python/run.py [--set quick|full] [--tern PATH] [--sysroot DIR] [--jobs N]
                        [--qemu-from DIR] [MODULE...]

Writes build/python-tests/results.md (the per-module table), results.json (the rows)
and outcomes.json (every test's outcome on each side). --qemu-from DIR takes the qemu
side from an earlier run's outcomes.json instead of running qemu again (to compare
several tern builds against one reference run; modules it lacks run under qemu). The
last line is "N passed, M failed" over modules (a module fails when a test that
passed under qemu did not pass under tern, when tern printed anything of its own
on the guest's stderr, or when qemu gave no results to compare with); the exit
status is non-zero when M > 0.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def read_modules(path):
    """Module entries from a list file (one per line, '#' comments): a module name,
    optionally followed by regrtest options that select some of its tests, then
    optionally "qemu:" and options for the qemu run alone."""
    with open(path) as f:
        return [line.split("#")[0].strip() for line in f if line.split("#")[0].strip()]


# Modules that take longest under tern (CPU seconds, roughly): started first.
SLOW = {"test_subprocess": 300, "test_tarfile": 250, "test_concurrent_futures.test_deadlock": 200, "test_socket": 120,
        "test_concurrent_futures.test_as_completed": 100, "test_concurrent_futures.test_process_pool": 100,
        "test_concurrent_futures.test_shutdown": 100, "test_asyncio.test_subprocess": 100, "test_pickle": 100,
        "test_asyncio.test_events": 60, "test_asyncio.test_tasks": 60, "test_threading": 60, "test_os": 40,
        "test_json": 40, "test_signal": 30, "test_posix": 30, "test_queue": 30, "test_statistics": 30, "test_ssl": 30}


def outcomes(xml_path):
    """test id -> 'pass' | 'fail' | 'error' | 'skip' from regrtest's junit XML (None if unreadable)."""
    try:
        tree = ET.parse(xml_path)
    except (OSError, ET.ParseError):
        return None
    result = {}
    for case in tree.iter("testcase"):
        name = case.get("name")
        if not name:  # regrtest writes an empty <testcase /> now and then: not a test
            continue
        kinds = {child.tag for child in case}
        if "error" in kinds:
            result[name] = "error"
        elif "failure" in kinds:
            result[name] = "fail"
        elif "skipped" in kinds or case.get("status") == "skipped":
            result[name] = "skip"
        else:
            result[name] = "pass"
    return result


def load_reference(directory):
    """The qemu side of an earlier run: module -> run dict, from its outcomes.json."""
    with open(os.path.join(directory, "outcomes.json")) as f:
        saved = json.load(f)
    return {m: dict(runs["qemu"], side="qemu", module=m, tern_lines=[], work=directory)
            for m, runs in saved.items() if "qemu" in runs}


def run_one(side, module, args, out_dir):
    """Runs one module under one emulator; returns a dict describing the run."""
    # A list entry may carry regrtest options after the module name ("test_x -m *Posix*"),
    # and after "qemu:" options for the qemu run only (excluding a test that crashes or
    # hangs qemu: tern still runs it, and its result shows as "tern only").
    common, _, qemu_only = module.partition(" qemu:")
    words = common.split() + (qemu_only.split() if side == "qemu" else [])
    label = "".join(c if c.isalnum() or c in "._" else "_" for c in module)
    work = tempfile.mkdtemp(prefix=f"{side}-{label}-", dir=out_dir)
    xml_path = os.path.join(work, "junit.xml")
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={work}", f"TMPDIR={work}", "LC_ALL=C.UTF-8",
           "PYTHONHASHSEED=0", "TZ=UTC"]
    python = ["/usr/bin/python3.13", "-m", "test"] + words + ["--junit-xml", xml_path]
    if side == "tern":
        command = [args.tern, "run", "-L", args.sysroot] + python
    else:
        command = [args.qemu, "-L", args.sysroot, args.sysroot + python[0]] + python[1:]
    command = ["unshare", "-Ur"] + env + command
    started = time.monotonic()
    with open(os.path.join(work, "stdout"), "wb") as out, open(os.path.join(work, "stderr"), "wb") as err:
        proc = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        status, cpu = wait_with_usage(proc, args.timeout)
    seconds = time.monotonic() - started
    with open(os.path.join(work, "stderr"), "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    tern_lines = [line for line in stderr.splitlines() if line.startswith("tern:")] if side == "tern" else []
    return {"side": side, "module": module, "status": status, "seconds": round(seconds, 1), "cpu": round(cpu, 1),
            "tests": outcomes(xml_path), "tern_lines": tern_lines[:5], "tern_line_count": len(tern_lines),
            "work": work}


def wait_with_usage(proc, timeout):
    """Waits for `proc` (killing its process group after `timeout` seconds); returns its exit
    status ("timeout" if killed) and the CPU seconds it and the children it waited for used:
    wall time on a machine shared with other jobs says little, CPU time says what it costs."""
    deadline = time.monotonic() + timeout
    status = None
    while True:
        pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if status is None and time.monotonic() > deadline:
            os.killpg(proc.pid, 9)
            status = "timeout"
        time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(raw)  # Popen must not wait for it again
    return (status or proc.returncode), usage.ru_utime + usage.ru_stime


def compare(module, qemu, tern):
    """The module's row: counts per side and the tests that regressed under tern."""
    q, t = qemu["tests"] or {}, tern["tests"] or {}
    regressions = sorted(name for name, o in q.items() if o == "pass" and t.get(name) != "pass")
    gained = sorted(name for name, o in t.items() if o == "pass" and q.get(name) != "pass")
    count = lambda d, kind: sum(1 for o in d.values() if o == kind)
    row = {"module": module, "regressions": regressions, "gained": gained,
           "qemu": {"status": qemu["status"], "seconds": qemu["seconds"], "cpu": qemu.get("cpu"), "pass": count(q, "pass"),
                    "fail": count(q, "fail") + count(q, "error"), "skip": count(q, "skip"), "xml": qemu["tests"] is not None},
           "tern": {"status": tern["status"], "seconds": tern["seconds"], "cpu": tern.get("cpu"), "pass": count(t, "pass"),
                    "fail": count(t, "fail") + count(t, "error"), "skip": count(t, "skip"), "xml": tern["tests"] is not None},
           "tern_lines": tern["tern_lines"], "tern_line_count": tern.get("tern_line_count", len(tern["tern_lines"]))}
    # Without qemu's XML (it crashed or hung) nothing is compared: that is not a pass.
    row["ok"] = qemu["tests"] is not None and not regressions and not row["tern_line_count"]
    return row


def save_outcomes(results, modules, out):
    """outcomes.json: each finished module's runs with every test's outcome (--qemu-from reads it)."""
    done = [m for m in modules if ("qemu", m) in results and ("tern", m) in results]
    with open(os.path.join(out, "outcomes.json"), "w") as f:
        json.dump({m: {side: {k: results[(side, m)].get(k) for k in ("status", "seconds", "cpu", "tests")}
                       for side in ("qemu", "tern")} for m in done}, f, indent=0)


def markdown(rows, args):
    def side(s):
        status = s["status"] if s["xml"] else f"{s['status']}, no XML"
        cpu = "" if s.get("cpu") is None else s["cpu"]
        return f"{s['pass']} | {s['fail']} | {s['skip']} | {status} | {s['seconds']} | {cpu}"
    lines = [f"Command: `{' '.join(sys.argv)}`", "",
             "Per side: tests passed, failed (or errors), skipped; the exit status; wall and CPU seconds.", "",
             "| module | qemu pass | fail | skip | exit | s | cpu s | tern pass | fail | skip | exit | s | cpu s "
             "| regressions | tern only | tern lines |",
             "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['module']} | {side(r['qemu'])} | {side(r['tern'])} | {len(r['regressions'])} | "
                     f"{len(r['gained'])} | {r['tern_line_count']} |")
    total = lambda s, k: sum(r[s][k] or 0 for r in rows)
    lines.append(f"| **total** | {total('qemu', 'pass')} | {total('qemu', 'fail')} | {total('qemu', 'skip')} |  | "
                 f"{round(total('qemu', 'seconds'))} | {round(total('qemu', 'cpu'))} | "
                 f"{total('tern', 'pass')} | {total('tern', 'fail')} | {total('tern', 'skip')} |  | "
                 f"{round(total('tern', 'seconds'))} | {round(total('tern', 'cpu'))} | "
                 f"{sum(len(r['regressions']) for r in rows)} | {sum(len(r['gained']) for r in rows)} | "
                 f"{sum(r['tern_line_count'] for r in rows)} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="modules to run (default: the --set list)")
    parser.add_argument("--set", choices=["quick", "full"], default="full", help="module list: modules-quick.txt or modules.txt")
    parser.add_argument("--tern", default=os.path.join(ROOT, ".build/release/tern"))
    parser.add_argument("--qemu", default="qemu-riscv64")
    parser.add_argument("--sysroot", default=os.path.join(ROOT, "build/sysroot"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per module run")
    parser.add_argument("--qemu-from", metavar="DIR",
                        help="reuse the qemu side of an earlier run (its outcomes.json); modules it lacks run under qemu")
    parser.add_argument("--out", default=os.path.join(ROOT, "build/python-tests"))
    args = parser.parse_args()
    args.tern, args.sysroot, args.out = (os.path.abspath(p) for p in (args.tern, args.sysroot, args.out))

    modules = args.modules or read_modules(os.path.join(HERE, "modules-quick.txt" if args.set == "quick" else "modules.txt"))
    problems = []
    if not os.access(args.tern, os.X_OK):
        problems.append(f"tern not found: {args.tern} (make build)")
    if not os.path.exists(os.path.join(args.sysroot, "usr/lib/python3.13/test/libregrtest")):
        problems.append(f"no python3.13 test suite in {args.sysroot} (make sysroot)")
    if shutil.which(args.qemu) is None:
        problems.append(f"{args.qemu} not found")
    if subprocess.run(["unshare", "-Ur", "true"], capture_output=True).returncode != 0:
        problems.append("unshare -Ur does not work here (user namespaces disabled?)")
    if problems:
        for p in problems:
            print("python tests:", p, file=sys.stderr)
        print(f"0 passed, {len(modules)} failed")
        return 2

    reference = load_reference(args.qemu_from) if args.qemu_from else {}
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    results = {("qemu", m): reference[m] for m in modules if m in reference}
    # Slow modules first keeps every worker busy to the end (known durations from the reference run).
    order = sorted(modules, key=lambda m: -(reference[m]["seconds"] if m in reference else SLOW.get(m.split()[0], 0)))
    jobs = [(side, m) for m in order for side in ("qemu", "tern") if (side, m) not in results]

    def report(module):
        row = compare(module, results[("qemu", module)], results[("tern", module)])
        mark = "PASS" if row["ok"] else "FAIL"
        print(f"{mark} {module}: qemu {row['qemu']['pass']} passed ({row['qemu']['status']}, {row['qemu']['seconds']}s), "
              f"tern {row['tern']['pass']} passed ({row['tern']['status']}, {row['tern']['seconds']}s), "
              f"{len(row['regressions'])} regressions", flush=True)
        for name in row["regressions"][:10]:
            print(f"    regression: {name} (tern: {(results[('tern', module)]['tests'] or {}).get(name, 'not run')})")
        for line in row["tern_lines"]:
            print(f"    tern on stderr: {line}")
        if results[("qemu", module)]["tests"] is None:
            print(f"    no junit XML from qemu (status {row['qemu']['status']}): nothing to compare; exclude the test "
                  "that crashes or hangs qemu in the module list (-i PATTERN)")

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_one, side, m, args, args.out) for side, m in jobs]
        for future in concurrent.futures.as_completed(futures):
            r = future.result()
            results[(r["side"], r["module"])] = r
            if ("qemu", r["module"]) in results and ("tern", r["module"]) in results:
                report(r["module"])
                save_outcomes(results, modules, args.out)  # an interrupted run keeps what it has
    rows = [compare(m, results[("qemu", m)], results[("tern", m)]) for m in modules]
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(markdown(rows, args))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    save_outcomes(results, modules, args.out)
    failed = [r["module"] for r in rows if not r["ok"]]
    if failed:
        print("failed modules: " + " ".join(failed))
    print(f"results: {os.path.join(args.out, 'results.md')}")
    print(f"{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
