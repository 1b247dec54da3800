"""Thread-scaling rows of `make bench`: CPU-bound multithreaded programs run with
1 and with 2 threads under every tern engine, qemu-riscv64 and natively.

- parallel: Samples/parallel.c (pthreads; the thread count is its first argument),
- go: Tests/go/gothreads `sum N` (four goroutines; GOMAXPROCS=1 or 2).

Both do the same work whatever the thread count and print the same line, so
the 2-thread time over the 1-thread time shows how well each runner uses a
second core (1.0: not at all, 0.5: perfectly). Each runner's 1- and 2-thread
runs alternate with every other runner's, like the kernel rows.
"""
import os
import statistics


class ScalingProgram:
    """One scaling row: `arguments(threads)` and `environment(threads)` give the
    guest arguments and the environment variables for a thread count."""

    def __init__(self, name, binary, arguments, environment):
        self.name, self.binary = name, binary
        self.arguments, self.environment = arguments, environment


def programs(args):
    """The scaling programs at args.scale (tiny inputs with --smoke)."""
    parallel_scale = "0.05" if args.smoke else format(8 * args.scale, "g")
    go_items = "1" if args.smoke else str(max(1, round(60 * args.scale)))
    return [
        ScalingProgram("parallel (pthreads)", "parallel",
                       lambda t: [str(t), parallel_scale], lambda t: {}),
        ScalingProgram("go (GOMAXPROCS)", "gothreads",
                       lambda t: ["sum", go_items], lambda t: {"GOMAXPROCS": str(t)}),
    ]


def commands(args, program, threads):
    """Runner name -> (argv, environment) for one program and thread count."""
    rv = os.path.join(args.out, "rv64", program.binary)
    native = os.path.join(args.out, "native", program.binary)
    for p in (rv, native):
        if not os.path.exists(p):
            raise SystemExit(f"bench: {p} missing (run `make -C Bench` first)")
    guest = program.arguments(threads)
    env = dict(os.environ, **program.environment(threads))
    out = {"tern:" + e: ([args.tern, "run", "--engine", e, rv] + guest, env) for e in args.engines}
    out["qemu"] = ([args.qemu, rv] + guest, env)
    out["native"] = ([native] + guest, env)
    return out


def measure(args, run_once):
    """Returns one row per program: per runner the median wall time with 1 and 2
    threads, their ratio, and the tern engines' 2-thread time over qemu's."""
    rows = []
    for program in programs(args):
        cmds = {t: commands(args, program, t) for t in (1, 2)}
        keys = [(r, t) for r in cmds[1] for t in (1, 2)]
        walls = {k: [] for k in keys}
        outputs, problems = {}, []
        for i in range(args.runs):
            for runner, threads in keys[i % len(keys):] + keys[:i % len(keys)]:
                argv, env = cmds[threads][runner]
                res = run_once(argv, timeout=args.timeout, env=env)
                if res.status != 0:
                    problems.append(f"{runner} with {threads} threads exited with {res.status}: "
                                    f"{res.stderr.decode(errors='replace').strip()[:200]}")
                outputs.setdefault(res.stdout, []).append(f"{runner}/{threads}")
                walls[(runner, threads)].append(res.wall)
            if problems:
                break
        if len(outputs) > 1:
            problems.append("outputs differ: " + "; ".join(f"{', '.join(sorted(set(w)))}: {o[:60]!r}"
                                                         for o, w in outputs.items()))
        row = {"name": program.name, "runs": args.runs, "ok": not problems, "problems": problems, "runners": {}}
        for runner in cmds[1]:
            one = statistics.median(walls[(runner, 1)])
            two = statistics.median(walls[(runner, 2)])
            row["runners"][runner] = {"one_s": one, "two_s": two, "two_over_one": two / one,
                                      "walls_one_s": [round(w, 6) for w in walls[(runner, 1)]],
                                      "walls_two_s": [round(w, 6) for w in walls[(runner, 2)]]}
        q = row["runners"]["qemu"]
        for runner, x in row["runners"].items():
            if runner.startswith("tern:"):
                x["over_qemu_one"] = x["one_s"] / q["one_s"]
                x["over_qemu_two"] = x["two_s"] / q["two_s"]
        rows.append(row)
    return rows


def markdown(rows, fmt):
    """The scaling table (a list of lines)."""
    lines = ["", "| thread scaling | runner | 1 thread s | 2 threads s | 2/1 | tern/qemu 1 thread | tern/qemu 2 threads | check |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        for runner, x in r["runners"].items():
            lines.append(f"| {r['name']} | {runner} | {fmt(x['one_s'], '.3f')} | {fmt(x['two_s'], '.3f')} | "
                         f"**{fmt(x['two_over_one'], '.2f')}** | {fmt(x.get('over_qemu_one'), '.2f')} | "
                         f"{fmt(x.get('over_qemu_two'), '.2f')} | "
                         + ("ok" if r["ok"] else "FAIL: " + "; ".join(r["problems"])[:120]) + " |")
    return lines
