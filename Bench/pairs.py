#!/usr/bin/env python3
"""Dynamic instruction and instruction-pair counts over the benchmark kernels.

Runs each kernel (one repetition) under `qemu-riscv64 -d in_asm,exec,nochain`,
counts executions per translated block, and weights the instructions and the
adjacent pairs inside each block by those counts. Instructions are classified
roughly as Tern's translator sees them (RVC expanded, `lui`/`auipc`/`addi rd,
x0, imm` as li, `addi rd, rs, 0` as mv, `add rd, x0, rs` as mv, branches
against x0 marked `.z`). Each kernel is normalised to a share of its own
instructions, so every kernel weighs the same in the totals.

    python3 Bench/pairs.py [--top 40] [kernel ...]

This is the measurement the superinstruction choices are based on.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run import KERNELS  # noqa: E402

RVC = {"j": "jal", "jal": "jal", "jr": "jalr", "jalr": "jalr", "beqz": "beq", "bnez": "bne",
       "addi16sp": "addi", "addi4spn": "addi", "ldsp": "ld", "lwsp": "lw", "sdsp": "sd", "swsp": "sw",
       "fldsp": "fld", "fsdsp": "fsd"}


def classify(mnemonic, ops):
    """Tern-like op class of one instruction (objdump -M no-aliases text)."""
    m = mnemonic
    a = [x.strip() for x in ops.split(",")] if ops else []
    if m.startswith("c."):
        m = m[2:]
        if m in ("beqz", "bnez"):
            return RVC[m] + ".z"
        if m in ("li", "lui"):
            return "li"
        if m == "mv":
            return "mv"
        if m == "nop":
            return "nop"
        m = RVC.get(m, m)
        if m == "addi" and len(a) == 2:  # c.addi rd, imm
            return "addi"
    if m in ("lui", "auipc"):
        return "li"
    if m == "addi" and len(a) == 3:
        if a[1] == "zero":
            return "li"
        if a[2] == "0":
            return "mv"
    if m == "add" and len(a) == 3 and (a[1] == "zero" or a[2] == "zero"):
        return "mv"
    if m in ("beq", "bne", "blt", "bge", "bltu", "bgeu") and len(a) == 3 and "zero" in a[:2]:
        return m + ".z"
    return m


def disassembly(binary):
    """pc -> op class for every instruction in the static binary."""
    out = subprocess.run(["riscv64-linux-gnu-objdump", "-d", "-M", "no-aliases", binary],
                         capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+[0-9a-f]+\s+(\S+)\s*(.*)$", line)
        if m:
            table[int(m.group(1), 16)] = classify(m.group(2), m.group(3).split("#")[0].split("<")[0].strip())
    return table


def profile(binary, args, qemu):
    """(instruction counts, pair counts) for one run."""
    classes = disassembly(binary)
    blocks = {}        # tb start pc -> list of pcs
    executions = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "log")
        os.mkfifo(log)
        p = subprocess.Popen([qemu, "-d", "in_asm,exec,nochain", "-D", log, binary] + args,
                             stdout=subprocess.DEVNULL)
        current = None
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("Trace "):
                    executions[int(line.split("/")[1], 16)] += 1
                elif line.startswith("IN:"):
                    current = []
                elif current is not None and line.startswith("0x"):
                    pc = int(line.split(":")[0], 16)
                    if not current:
                        blocks[pc] = current
                    current.append(pc)
                elif line.startswith("---") or not line.strip():
                    current = None
        p.wait()
    insns, pairs = collections.Counter(), collections.Counter()
    for start, n in executions.items():
        pcs = blocks.get(start, [])
        names = [classes.get(pc, "?") for pc in pcs]
        for name in names:
            insns[name] += n
        for a, b in zip(names, names[1:]):
            pairs[(a, b)] += n
    return insns, pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--qemu", default="qemu-riscv64")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("kernels", nargs="*")
    args = ap.parse_args()
    names = args.kernels or [k for k, _ in KERNELS]
    total_i, total_p = collections.Counter(), collections.Counter()
    for k in names:
        insns, pairs = profile(os.path.join(args.out, "rv64", k), ["1"], args.qemu)
        n = sum(insns.values()) or 1
        for key, v in insns.items():
            total_i[key] += v / n
        for key, v in pairs.items():
            total_p[key] += v / n
        print(f"pairs: {k}: {n} instructions", file=sys.stderr, flush=True)
    scale = 100 / len(names)
    print("| instruction | share % |\n|---|---:|")
    for key, v in total_i.most_common(args.top):
        print(f"| {key} | {v * scale:.2f} |")
    print("\n| pair | share % |\n|---|---:|")
    for (a, b), v in total_p.most_common(args.top):
        print(f"| {a} + {b} | {v * scale:.2f} |")


if __name__ == "__main__":
    main()
