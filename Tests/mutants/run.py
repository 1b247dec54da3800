#!/usr/bin/env python3
"""`make mutants`: plants each fault of mutants.txt, one at a time, into a copy of the
source tree and runs the mutation subset of `make test` against it; a mutant is
killed when that run fails. Prints a table (mutant, killed by which tests) and ends
with `K of N mutants killed`; the status is non-zero unless every mutant is killed.

The subset is `swift test --filter` over the unit-test targets named in SUBSET less
the slow tests in SKIP (all part of `make unit-test`, hence of `make test`): the
random lockstep programs under every engine, the independent decoder and
float-vector tests, the native-tier differential tests, the translation-cache and
self-modifying-code tests.

    python3 Tests/mutants/run.py [--tree DIR] [ID ...]

The copy (default build/mutants/tree) is kept between runs so that each mutant
costs an incremental debug build. Before any mutant, the unmutated copy must pass
the subset (otherwise every mutant would look killed).
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUBSET = ['TernLockstepTests', 'TernCoreTests', 'TernFloatTests', 'TernISATests']
# The slowest tests of those targets (objdump over every sample, lockstep of every
# sample in a debug build) are left out of the mutation subset; make test runs them.
SKIP = ['DisasmSamplesTests', 'ObjdumpComparisonTests', 'testSamplesShowNoDivergence',
        'testInjectedFloatingPointFaultIsFound']
SWIFT = os.environ.get('SWIFT', 'swift')
TIMEOUT = int(os.environ.get('MUTANT_TIMEOUT', '1800'))   # seconds for one run of the subset


def parse(path):
    mutants = []
    text = open(path).read()
    for block in text.split('\n## ')[1:]:
        lines = [l for l in block.strip().split('\n') if l]
        header = lines[0]
        fields = dict(l.split(': ', 1) for l in lines[1:])
        ident, description = header.split(' ', 1)
        mutants.append({'id': ident, 'what': description, 'file': fields['file'],
                        'from': fields['from'], 'to': fields['to']})
    return mutants


def sync_tree(tree):
    """Copies the tracked files (and the current edits) of the repository to `tree`."""
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split('\n')
    for f in files:
        if not f or f.startswith('build/') or not os.path.isfile(os.path.join(ROOT, f)):
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(tree, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if not os.path.exists(dst) or open(src, 'rb').read() != open(dst, 'rb').read():
            shutil.copy2(src, dst)
    # Samples/out: the lockstep unit tests run the built samples.
    out = os.path.join(ROOT, 'Samples', 'out')
    if os.path.isdir(out):
        shutil.copytree(out, os.path.join(tree, 'Samples', 'out'), dirs_exist_ok=True)


def run_subset(tree, log):
    """Builds the tests and runs the subset; returns (passed, failing test names),
    passed None when the tree does not compile."""
    xunit = log + '.xml'
    if os.path.exists(xunit):
        os.remove(xunit)
    with open(log, 'w') as f:
        b = subprocess.run([SWIFT, 'build', '--build-tests'], cwd=tree, stdout=f, stderr=subprocess.STDOUT)
        if b.returncode != 0:
            return None, ['(does not compile)']
        t = subprocess.Popen([SWIFT, 'test', '--skip-build', '--parallel', '--xunit-output', xunit,
                              '--filter', '|'.join(SUBSET), '--skip', '|'.join(SKIP)], cwd=tree,
                             stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            t.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            # A mutant that makes a test hang is caught too (make test would time out):
            # end swift test and the test processes it started (its own session).
            os.killpg(t.pid, signal.SIGKILL)
            t.wait()
            return False, ['(the subset hung: no result within %d s)' % TIMEOUT]
    names = []
    if os.path.exists(xunit):
        import xml.etree.ElementTree as ET
        for case in ET.parse(xunit).getroot().iter('testcase'):
            if case.find('failure') is not None or case.find('error') is not None:
                names.append('%s.%s' % (case.get('classname', '').split('.')[-1], case.get('name')))
    if t.returncode != 0 and not names:
        names = ['(swift test exited with status %d: a crash or hang; see %s)' % (t.returncode, log)]
    return t.returncode == 0, sorted(set(names))


def stale_mutants(mutants, root):
    """The mutants whose `from` fragment does not occur exactly once in their file under `root`."""
    stale = []
    for m in mutants:
        path = os.path.join(root, m['file'])
        n = open(path).read().count(m['from']) if os.path.exists(path) else 0
        if n != 1:
            stale.append('%s: its `from` occurs %d times in %s' % (m['id'], n, m['file']))
    return stale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tree', default=os.path.join(ROOT, 'build', 'mutants', 'tree'))
    ap.add_argument('--check', action='store_true',
                    help='only check that every mutant applies exactly once to this tree (no build)')
    ap.add_argument('ids', nargs='*')
    args = ap.parse_args()
    mutants = parse(os.path.join(ROOT, 'Tests', 'mutants', 'mutants.txt'))
    if args.ids:
        mutants = [m for m in mutants if m['id'] in args.ids]
    if args.check:
        stale = stale_mutants(mutants, ROOT)
        print('mutants: %d of %d apply exactly once' % (len(mutants) - len(stale), len(mutants)))
        for line in stale:
            print('  stale: ' + line)
        return 1 if stale or not mutants else 0
    tree = args.tree
    os.makedirs(tree, exist_ok=True)
    sync_tree(tree)
    logs = os.path.join(os.path.dirname(tree), 'logs')
    os.makedirs(logs, exist_ok=True)

    # Every mutant must apply exactly once before any time is spent.
    stale = stale_mutants(mutants, tree)
    if stale:
        print('mutants: stale mutants (update Tests/mutants/mutants.txt):\n  ' + '\n  '.join(stale))
        print('0 of %d mutants killed' % len(mutants))
        return 1

    start = time.time()
    ok, names = run_subset(tree, os.path.join(logs, 'baseline.log'))
    if not ok:
        # An incremental build of the kept copy can go stale (a C header's struct
        # layout changed under a cached module): retry once from a clean build.
        print('baseline failed on the incremental build; rebuilding the copy from scratch')
        shutil.rmtree(os.path.join(tree, '.build'), ignore_errors=True)
        ok, names = run_subset(tree, os.path.join(logs, 'baseline.log'))
    print('baseline (no mutant): %s in %.0f s' % ('passes' if ok else 'FAILS ' + ', '.join(names), time.time() - start))
    if not ok:
        print('mutants: the unmutated tree fails the subset; see %s' % os.path.join(logs, 'baseline.log'))
        print('0 of %d mutants killed' % len(mutants))
        return 1

    killed = 0
    rows = []
    for m in mutants:
        path = os.path.join(tree, m['file'])
        original = open(path).read()
        open(path, 'w').write(original.replace(m['from'], m['to'], 1))
        t0 = time.time()
        try:
            ok, names = run_subset(tree, os.path.join(logs, m['id'] + '.log'))
        finally:
            open(path, 'w').write(original)
        if ok is None:
            verdict = 'NOT VIABLE (does not compile)'
        elif ok:
            verdict = 'SURVIVED'
        else:
            verdict = 'killed'
            killed += 1
        shown = ', '.join(names[:4]) + (' (+%d more)' % (len(names) - 4) if len(names) > 4 else '')
        rows.append((m['id'], m['what'], verdict, shown))
        print('%-3s %-8s %4.0fs  %s  <- %s' % (m['id'], verdict.split()[0], time.time() - t0, m['what'], shown), flush=True)
    print()
    print('| mutant | fault | result | killed by |')
    print('|---|---|---|---|')
    for r in rows:
        print('| %s | %s | %s | %s |' % r)
    print()
    print('%d of %d mutants killed' % (killed, len(mutants)))
    return 0 if killed == len(mutants) else 1


if __name__ == '__main__':
    sys.exit(main())
