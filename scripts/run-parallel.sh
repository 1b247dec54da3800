#!/usr/bin/env bash
# Runs several test commands at once (PARALLEL_JOBS at a time, default 2: the
# machine's cores) and prints each one's output in full, in the order given, once
# all have finished. The status is non-zero when any command failed.
#
#   scripts/run-parallel.sh 'LABEL::COMMAND' ...
set -u
JOBS=${PARALLEL_JOBS:-2}
dir=$(mktemp -d "${TMPDIR:-/tmp}/tern-parallel.XXXXXX")
trap 'rm -rf "$dir"' EXIT
k=0
for spec in "$@"; do
    k=$((k + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    ( bash -c "${spec#*::}" >"$dir/$k.log" 2>&1; echo $? >"$dir/$k.rc" ) &
done
wait
status=0; k=0
for spec in "$@"; do
    k=$((k + 1))
    echo "==== ${spec%%::*}"
    cat "$dir/$k.log"
    rc=$(cat "$dir/$k.rc" 2>/dev/null || echo 1)
    if [ "$rc" != 0 ]; then echo "==== ${spec%%::*}: FAILED (status $rc)"; status=1; fi
done
exit $status
