#!/usr/bin/env bash
# Checks that Tests/e2e/run.sh catches what it must: a sample that fails the
# same way under tern and qemu (against its expected result), and a Tern
# diagnostic on stderr (an unimplemented syscall) with otherwise correct output.
# Both "emulators" here are wrappers around the real qemu-riscv64.
#   bash Tests/e2e/self-check.sh
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/tern-e2e-self.XXXXXX")
trap 'rm -rf "$W"' EXIT
fail() { echo "e2e self-check: FAIL: $*"; exit 1; }

# A "tern" that runs qemu but also warns about a syscall, as a missing one would.
cat >"$W/warning-tern" <<'SH'
#!/usr/bin/env bash
args=(); skip=0
for a in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case "$a" in run) ;; --engine|-d) skip=1 ;; --help) echo "-d unimp"; exit 0 ;; *) args+=("$a") ;; esac
done
qemu-riscv64 "${args[@]}"; rc=$?
echo "tern: unimplemented syscall 999 (returned -ENOSYS)" >&2
exit $rc
SH
# A "tern" and a "qemu" that agree on a broken run: a message and status 1.
cat >"$W/broken" <<'SH'
#!/usr/bin/env bash
echo "hello: pthread_create failed: Resource temporarily unavailable"
exit 1
SH
cat >"$W/quiet-tern" <<'SH'
#!/usr/bin/env bash
args=(); skip=0
for a in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case "$a" in run) ;; --engine|-d) skip=1 ;; *) args+=("$a") ;; esac
done
exec qemu-riscv64 "${args[@]}"
SH
chmod +x "$W"/*

out=$(TERN="$W/warning-tern" bash "$HERE/run.sh" hello 2>&1)
grep -q '^FAIL hello: tern stderr differs from the expected stderr' <<<"$out" || fail "a Tern warning was not caught:
$out"
out=$(TERN="$W/broken" QEMU="$W/broken" bash "$HERE/run.sh" hello 2>&1)
grep -q '^FAIL hello: .*qemu exit status 1, expected 0.*stdout differs from expected' <<<"$out" \
    || fail "a sample failing the same way under both was not caught:
$out"
out=$(TERN="$W/quiet-tern" bash "$HERE/run.sh" hello 2>&1)
grep -q '^PASS hello$' <<<"$out" || fail "the correct run did not pass:
$out"
echo "e2e self-check: a shared failure and a Tern diagnostic are caught; a correct run passes"
echo "3 passed, 0 failed"
