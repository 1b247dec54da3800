#!/usr/bin/env python3
"""gdb sessions against tern's gdb stub (`tern run -g PORT`).

Each Tests/gdb/*.gdb script runs in gdb-multiarch against `tern run -g` under
every engine. Scripts marked `# compare: qemu` also run against
`qemu-riscv64 -g` and gdb's output must be the same (after normalizing what
must differ: ports, process and thread ids, stack addresses, thread names);
the guest's stdout and exit status must match too. A script whose program is
`sysroot:PATH` debugs that dynamically linked program of the sysroot (make
sysroot) with its `# args:`, run with -L SYSROOT; @SYSROOT@ in the script is
the sysroot, and addresses in the mmap area (where each emulator puts the
libraries) are normalized. Scripts marked
`# compare: expected` have no qemu counterpart (qemu-user has no watchpoints,
no Ctrl-C) and must give the reviewed transcript in Tests/gdb/expected/.
A script with `# cpu: MODEL` runs under the current qemu (build/qemu, `-cpu MODEL`)
and `tern run --cpu MODEL` (the vector registers need qemu 11's rva23u64); with
`# stdout-lines: PREFIX | PREFIX...` the transcript's lines starting with each
prefix must equal the guest's own stdout lines with that prefix (what gdb shows
is what the program printed).
A gdb/MI session checks Ctrl-C (interrupt) the same way.

    python3 Tests/gdb/run.py [--tern PATH] [--sysroot DIR] [--update] [FILTER]

The last line is "N passed, M failed"; the exit status is 1 when M > 0.
"""
import argparse
import os
import re
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENGINES = ["threaded", "native", "auto"]
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": "/tmp"}
TIMEOUT = 60


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port):
    """Whether some socket listens on TCP `port` (read from /proc, not by connecting:
    the stub accepts one connection only)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[1].endswith(":%04X" % port) and fields[3] == "0A":
                        return True
        except OSError:
            pass
    return False


class Emulator:
    """qemu-riscv64 or tern with its gdb stub listening on a fresh port."""

    def __init__(self, command, program, scratch, name, arguments=()):
        self.port = free_port()
        self.out = open(os.path.join(scratch, name + ".stdout"), "wb+")
        self.err = open(os.path.join(scratch, name + ".stderr"), "wb+")
        self.proc = subprocess.Popen(command + ["-g", str(self.port), program] + list(arguments), stdin=subprocess.DEVNULL,
                                     stdout=self.out, stderr=self.err, env=CLEAN_ENV, cwd=scratch)
        deadline = time.time() + 20
        while not listening(self.port):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("%s did not listen on port %d: %s" % (command[0], self.port, self.stderr()))
            time.sleep(0.02)

    def finish(self):
        """Waits for the emulator to end (killing it after a while); returns (stdout, status)."""
        try:
            status = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = "timeout"
        self.out.seek(0)
        return self.out.read().decode("utf-8", "replace"), status

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")


def directives(script):
    found = {}
    for line in script.splitlines():
        m = re.match(r"#\s*([a-z-]+):\s*(.*)", line)
        if m:
            found.setdefault(m.group(1), []).append(m.group(2).strip())
    return found


def run_gdb(script, program, port, extra_setup, scratch, name, sysroot):
    lines = []
    for line in script.splitlines():
        if line.startswith("target remote"):
            lines.extend(extra_setup)
        lines.append(line.replace("@TARGET@", ":%d" % port).replace("@SYSROOT@", sysroot))
    path = os.path.join(scratch, name + ".gdb")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        r = subprocess.run(["gdb-multiarch", "-q", "-nx", "-batch", "-x", path, program], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT, cwd=scratch,
                           env=dict(CLEAN_ENV, TERM="dumb"))
        text = r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode("utf-8", "replace") + "\n<gdb timed out>"
    with open(os.path.join(scratch, name + ".transcript"), "w") as f:
        f.write(text)
    return text


def normalize(text, sysroot=None):
    """Only what must differ between two emulators (and checkouts): the source
    directory, process and thread ids, stack
    and mmap addresses (each emulator has its own layout), thread names (tern
    reports them, qemu 7.2 does not), qemu's per-thread CPU notes, and hardware
    vs software watchpoints."""
    text = text.replace(os.path.join(HERE, "programs") + "/", "programs/")  # where this checkout is
    if sysroot:
        text = text.replace(sysroot.rstrip("/") + "/", "SYSROOT/")
        # The mmap area (shared libraries, the dynamic loader): qemu's starts at
        # 0x4000000000, tern's ends below 0x4000000000.
        text = re.sub(r"\b0x0*(3f|40)[0-9a-f]{8}\b", "0xMMAP", text)
    text = re.sub(r"process \d+", "process PID", text)
    threads = {}

    def thread(m):
        key = m.group(2)
        threads.setdefault(key, "T%d" % (len(threads) + 1))
        return "Thread P." + threads[key]
    text = re.sub(r"Thread (\d+)\.(\d+)", thread, text)
    text = re.sub(r'(Thread P\.T\d+) "[^"]*"', r"\1", text)
    text = re.sub(r'(Thread \d+) "[^"]*" (hit|received)', r"\1 \2", text)
    text = re.sub(r" \(CPU#\d+ \[[a-z]+\]\)", "", text)
    text = re.sub(r"Target Id +Frame", "Target Id Frame", text)  # the column is as wide as its longest entry
    text = re.sub(r"\b0x(3fff|4000)[0-9a-f]{6}\b", "0xSTACK", text)
    text = re.sub(r"(0xSTACK\s+)\d+$", r"\1STACK", text, flags=re.M)
    text = text.replace("Hardware watchpoint", "Watchpoint")
    text = text.replace("Hardware read watchpoint", "Read watchpoint")
    text = text.replace("Hardware access (read/write) watchpoint", "Access (read/write) watchpoint")
    text = re.sub(r"^\S+\.gdb:\d+: Error in sourced command file:", "SCRIPT: Error in sourced command file:", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def stdout_lines_differ(prefixes, transcript, stdout):
    """Why gdb's lines starting with each of `prefixes` ("A | B") differ from the
    guest's stdout lines with that prefix (None when they agree and exist)."""
    for prefix in (p.strip() for p in prefixes.split("|")):
        shown = [l for l in transcript.splitlines() if l.startswith(prefix)]
        printed = [l for l in stdout.splitlines() if l.startswith(prefix)]
        if not shown or shown != printed:
            return "gdb showed %r, the program printed %r" % (shown, printed)
    return None


def unified_diff(a, b, la, lb):
    import difflib
    return "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), la, lb))[:60])


class MI:
    """A gdb/MI session (for what a batch script cannot do: Ctrl-C)."""

    def __init__(self, program, cwd):
        self.proc = subprocess.Popen(["gdb-multiarch", "--interpreter=mi2", "-q", "-nx", program], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=dict(CLEAN_ENV, TERM="dumb"))
        self.buffer = b""
        self.log = []

    def send(self, command):
        self.log.append("> " + command)
        self.proc.stdin.write((command + "\n").encode())
        self.proc.stdin.flush()

    def expect(self, pattern, timeout=20):
        """The first output line matching `pattern` (raises on timeout)."""
        deadline = time.time() + timeout
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                text = line.decode("utf-8", "replace").rstrip("\r")
                self.log.append(text)
                if re.search(pattern, text):
                    return text
            left = deadline - time.time()
            if left <= 0:
                raise RuntimeError("no %r from gdb/MI:\n%s" % (pattern, "\n".join(self.log[-30:])))
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise RuntimeError("gdb/MI ended:\n" + "\n".join(self.log[-30:]))
                self.buffer += chunk

    def close(self):
        try:
            self.send("-gdb-exit")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def interrupt_session(tern, engine, program, scratch):
    """Ctrl-C while the guest spins: gdb sees SIGINT, changes a variable, and the
    guest exits with the status that variable leads to."""
    emulator = Emulator([tern, "run", "--engine", engine], program, scratch, "interrupt-" + engine)
    mi = MI(program, scratch)
    try:
        mi.expect(r"^\(gdb\)")
        mi.send("-gdb-set mi-async on")  # commands (the interrupt) are read while the guest runs
        mi.expect(r"^\^done")
        mi.send("-target-select remote :%d" % emulator.port)
        mi.expect(r"^\^connected")
        mi.send("-exec-continue")
        mi.expect(r"^\*running")
        time.sleep(0.5)
        mi.send("-exec-interrupt")
        stop = mi.expect(r"^\*stopped")
        if 'signal-name="SIGINT"' not in stop:
            return "the stop after Ctrl-C is not SIGINT: " + stop
        mi.send('-data-evaluate-expression "spins > 1000"')
        value = mi.expect(r"^\^(done|error)")
        if value != '^done,value="1"':
            return "the guest had not been running before Ctrl-C: " + value
        mi.send("-gdb-set var stop_now=1")
        mi.expect(r"^\^done")
        mi.send("-exec-continue")
        end = mi.expect(r"^\*stopped")
        if 'reason="exited"' not in end or 'exit-code="07"' not in end:
            return "the guest did not exit with status 7 after the interrupt: " + end
    except RuntimeError as e:
        return str(e)
    finally:
        mi.close()
        _, status = emulator.finish()  # killed if still running
    return None if status == 7 else "tern's exit status %s, expected 7" % status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tern", default=os.environ.get("TERN", os.path.join(ROOT, ".build/release/tern")))
    parser.add_argument("--qemu", default=os.environ.get("QEMU", "qemu-riscv64"))
    parser.add_argument("--qemu-new", default=os.environ.get("QEMU_NEW", os.path.join(ROOT, "build/qemu/usr/bin/qemu-riscv64")),
                        help="the current qemu-riscv64 (make setup), for scripts with `# cpu:`")
    parser.add_argument("--sysroot", default=os.environ.get("SYSROOT", os.path.join(ROOT, "build/sysroot")),
                        help="the riscv64 sysroot of the sysroot:PATH programs (make sysroot)")
    parser.add_argument("--update", action="store_true", help="rewrite Tests/gdb/expected/ from tern's output")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("filter", nargs="?", default="")
    args = parser.parse_args()
    tern = os.path.abspath(args.tern)
    sysroot = os.path.abspath(args.sysroot)
    passed, failed, names = 0, 0, []

    def result(name, problem):
        nonlocal passed, failed
        if problem:
            failed += 1
            names.append(name)
            print("FAIL %s: %s" % (name, problem))
        else:
            passed += 1
            print("PASS " + name)
        sys.stdout.flush()

    for tool in ("gdb-multiarch", "riscv64-linux-gnu-gcc", args.qemu):
        if not shutil.which(tool):
            print("gdb tests: %s not found (make setup installs it)" % tool)
            print("0 passed, 1 failed")
            return 1
    if not os.access(tern, os.X_OK):
        print("gdb tests: no tern at " + tern)
        print("0 passed, 1 failed")
        return 1
    scratch = tempfile.mkdtemp(prefix="tern-gdb.")
    try:
        programs = {}
        for source in sorted(os.listdir(os.path.join(HERE, "programs"))):
            name = source[:-2]
            out = os.path.join(scratch, name)
            build = subprocess.run(["riscv64-linux-gnu-gcc", "-static", "-O0", "-g", "-pthread", "-o", out,
                                    os.path.join(HERE, "programs", source)], stderr=subprocess.PIPE)
            if build.returncode != 0:
                result("build-" + name, build.stderr.decode())
                continue
            programs[name] = out
        for script_name in sorted(f for f in os.listdir(HERE) if f.endswith(".gdb")):
            name = script_name[:-4]
            if args.filter not in name:
                continue
            with open(os.path.join(HERE, script_name)) as f:
                script = f.read()
            d = directives(script)
            arguments, options, root = [], [], None
            if d["program"][0].startswith("sysroot:"):
                root = sysroot
                program = os.path.join(sysroot, d["program"][0][len("sysroot:"):].lstrip("/"))
                if not os.access(program, os.X_OK):
                    result(name, "%s is not in the sysroot (make sysroot)" % program)
                    continue
                arguments, options = shlex.split(d.get("args", [""])[0]), ["-L", sysroot]
            else:
                program = programs.get(d["program"][0])
            if program is None:
                result(name, "program %s was not built" % d["program"][0])
                continue
            qemu, tern_options = [args.qemu], []
            if "cpu" in d:
                qemu, tern_options = [args.qemu_new, "-cpu", d["cpu"][0]], ["--cpu", d["cpu"][0]]
            compare = d.get("compare", ["qemu"])[0]
            reference = None
            if compare == "qemu":
                try:
                    q = Emulator(qemu + options, program, scratch, name + "-qemu", arguments)
                except RuntimeError as e:
                    result(name, str(e))
                    continue
                transcript = run_gdb(script, program, q.port, d.get("qemu-setup", []), scratch, name + "-qemu", sysroot)
                stdout, status = q.finish()
                reference = (normalize(transcript, root), stdout, status, "qemu-riscv64 -g")
            else:
                path = os.path.join(HERE, "expected", name + ".txt")
                if os.path.exists(path) and not args.update:
                    with open(path) as f:
                        reference = (f.read(), None, None, path)
            for engine in ENGINES:
                label = "%s[%s]" % (name, engine)
                try:
                    t = Emulator([tern, "run", "--engine", engine] + tern_options + options, program, scratch,
                                 name + "-" + engine, arguments)
                except RuntimeError as e:
                    result(label, str(e))
                    continue
                transcript = normalize(run_gdb(script, program, t.port, [], scratch, name + "-" + engine, sysroot), root)
                stdout, status = t.finish()
                if reference is None:  # --update (or a new expected transcript)
                    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
                    with open(os.path.join(HERE, "expected", name + ".txt"), "w") as f:
                        f.write(transcript)
                    reference = (transcript, None, None, "expected/%s.txt" % name)
                    print("wrote expected/%s.txt (review it)" % name)
                problem = None
                if transcript != reference[0]:
                    problem = "gdb output differs from %s:\n%s" % (
                        reference[3], unified_diff(reference[0], transcript, reference[3], "tern " + engine))
                elif reference[1] is not None and stdout != reference[1]:
                    problem = "guest stdout differs: qemu %r, tern %r" % (reference[1], stdout)
                elif reference[2] is not None and status != reference[2] and "ignore" not in d.get("exit-status", []):
                    problem = "exit status differs: qemu %s, tern %s" % (reference[2], status)
                elif "stdout-lines" in d and stdout_lines_differ(d["stdout-lines"][0], transcript, stdout):
                    problem = stdout_lines_differ(d["stdout-lines"][0], transcript, stdout)
                elif "Fatal error" in t.stderr() or "Backtrace" in t.stderr():
                    problem = "tern crashed: " + t.stderr()[:2000]
                result(label, problem)
        if "interrupt".startswith(args.filter) or args.filter in "interrupt":
            if "spin" in programs:
                for engine in ENGINES:
                    result("interrupt[%s]" % engine, interrupt_session(tern, engine, programs["spin"], scratch))
    finally:
        if args.keep:
            print("scratch directory: " + scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if names:
        print("failed: " + " ".join(names))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
