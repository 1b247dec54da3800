#!/usr/bin/env python3
"""CPython's regression tests under tern and under qemu-riscv64, compared per test.

Each module of the chosen set runs as one `python3.13 -m test MODULE --junit-xml FILE`
process from the riscv64 sysroot (Debian's python3.13 and libpython3.13-testsuite),
once under `tern run -L SYSROOT` and once under `qemu-riscv64 -L SYSROOT`, both as
root inside a user namespace (`unshare -Ur`) with the same clean environment. The
junit XML gives each test's outcome; a test that passes under qemu must pass under
tern. Runs are spread over --jobs workers (one per core by default).

    Tests/python/run.py [--set quick|full] [--tern PATH] [--sysroot DIR] [--jobs N] [MODULE...]

Writes build/python-tests/results.md (the per-module table) and results.json. The
last line is "N passed, M failed" over modules (a module fails when a test that
passed under qemu did not pass under tern, or when tern printed anything of its own
on the guest's stderr); the exit status is non-zero when M > 0.
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
    """Module names from a list file (one per line, '#' comments)."""
    with open(path) as f:
        return [line.split("#")[0].strip() for line in f if line.split("#")[0].strip()]


def outcomes(xml_path):
    """test id -> 'pass' | 'fail' | 'error' | 'skip' from regrtest's junit XML (None if unreadable)."""
    try:
        tree = ET.parse(xml_path)
    except (OSError, ET.ParseError):
        return None
    result = {}
    for case in tree.iter("testcase"):
        name = case.get("name") or ""
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


def run_one(side, module, args, out_dir):
    """Runs one module under one emulator; returns a dict describing the run."""
    work = tempfile.mkdtemp(prefix=f"{side}-{module}-", dir=out_dir)
    xml_path = os.path.join(work, "junit.xml")
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={work}", f"TMPDIR={work}", "LC_ALL=C.UTF-8",
           "PYTHONHASHSEED=0", "TZ=UTC"]
    python = ["/usr/bin/python3.13", "-m", "test", module, "--junit-xml", xml_path]
    if side == "tern":
        command = [args.tern, "run", "-L", args.sysroot] + python
    else:
        command = [args.qemu, "-L", args.sysroot, args.sysroot + python[0]] + python[1:]
    command = ["unshare", "-Ur"] + env + command
    started = time.monotonic()
    with open(os.path.join(work, "stdout"), "wb") as out, open(os.path.join(work, "stderr"), "wb") as err:
        try:
            proc = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
            status = proc.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            status = "timeout"
    seconds = time.monotonic() - started
    with open(os.path.join(work, "stderr"), "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    tern_lines = [line for line in stderr.splitlines() if line.startswith("tern:")] if side == "tern" else []
    return {"side": side, "module": module, "status": status, "seconds": round(seconds, 1),
            "tests": outcomes(xml_path), "tern_lines": tern_lines[:5], "work": work}


def compare(module, qemu, tern):
    """The module's row: counts per side and the tests that regressed under tern."""
    q, t = qemu["tests"] or {}, tern["tests"] or {}
    regressions = sorted(name for name, o in q.items() if o == "pass" and t.get(name) != "pass")
    gained = sorted(name for name, o in t.items() if o == "pass" and q.get(name) != "pass")
    count = lambda d, kind: sum(1 for o in d.values() if o == kind)
    row = {"module": module, "regressions": regressions, "gained": gained,
           "qemu": {"status": qemu["status"], "seconds": qemu["seconds"], "pass": count(q, "pass"),
                    "fail": count(q, "fail") + count(q, "error"), "skip": count(q, "skip"), "xml": qemu["tests"] is not None},
           "tern": {"status": tern["status"], "seconds": tern["seconds"], "pass": count(t, "pass"),
                    "fail": count(t, "fail") + count(t, "error"), "skip": count(t, "skip"), "xml": tern["tests"] is not None},
           "tern_lines": tern["tern_lines"]}
    row["ok"] = not regressions and not tern["tern_lines"]
    return row


def markdown(rows, args):
    def side(s):
        status = s["status"] if s["xml"] else f"{s['status']}, no XML"
        return f"{s['pass']} | {s['fail']} | {s['skip']} | {status} | {s['seconds']}"
    lines = [f"Command: `{' '.join(sys.argv)}`", "",
             "| module | qemu pass | qemu fail | qemu skip | qemu exit | qemu s | tern pass | tern fail | tern skip | tern exit | tern s | regressions | tern only |",
             "|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['module']} | {side(r['qemu'])} | {side(r['tern'])} | {len(r['regressions'])} | {len(r['gained'])} |")
    total = lambda s, k: sum(r[s][k] for r in rows)
    lines.append(f"| **total** | {total('qemu', 'pass')} | {total('qemu', 'fail')} | {total('qemu', 'skip')} |  |  | "
                 f"{total('tern', 'pass')} | {total('tern', 'fail')} | {total('tern', 'skip')} |  |  | "
                 f"{sum(len(r['regressions']) for r in rows)} | {sum(len(r['gained']) for r in rows)} |")
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
    parser.add_argument("--out", default=os.path.join(ROOT, "build/python-tests"))
    args = parser.parse_args()
    args.tern, args.sysroot = os.path.abspath(args.tern), os.path.abspath(args.sysroot)

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

    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    # Longest-running first keeps both workers busy to the end: qemu and tern of one module together.
    jobs = [(side, m) for m in modules for side in ("qemu", "tern")]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_one, side, m, args, args.out): (side, m) for side, m in jobs}
        for future in concurrent.futures.as_completed(futures):
            r = future.result()
            results[(r["side"], r["module"])] = r
            if ("qemu", r["module"]) in results and ("tern", r["module"]) in results:
                row = compare(r["module"], results[("qemu", r["module"])], results[("tern", r["module"])])
                mark = "PASS" if row["ok"] else "FAIL"
                print(f"{mark} {r['module']}: qemu {row['qemu']['pass']} passed ({row['qemu']['status']}, {row['qemu']['seconds']}s), "
                      f"tern {row['tern']['pass']} passed ({row['tern']['status']}, {row['tern']['seconds']}s), "
                      f"{len(row['regressions'])} regressions", flush=True)
                for name in row["regressions"][:10]:
                    print(f"    regression: {name} (tern: {(results[('tern', r['module'])]['tests'] or {}).get(name, 'not run')})")
                for line in row["tern_lines"]:
                    print(f"    tern on stderr: {line}")
    rows = [compare(m, results[("qemu", m)], results[("tern", m)]) for m in modules]
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(markdown(rows, args))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    failed = [r["module"] for r in rows if not r["ok"]]
    if failed:
        print("failed modules: " + " ".join(failed))
    print(f"results: {os.path.join(args.out, 'results.md')}")
    print(f"{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
