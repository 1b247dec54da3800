#!/usr/bin/env bash
# Lockstep check of the samples: every case of cases.txt without translator
# flags runs under `tern lockstep --engine ENGINE` (the engine and the reference
# interpreter side by side, compared after every block) and must end with
# "no divergence", the case's expected stdout and its expected exit status
# (Tests/e2e/expected/NAME.{out,status}), within LOCKSTEP_TIMEOUT seconds
# (default 600: a hang, not a slow run).
#
#   TERN=.build/release/tern Tests/e2e/lockstep.sh ENGINE... 
#
# Several engines run in parallel (LOCKSTEP_JOBS, default 2). Samples whose
# guest starts a second thread (NOT_LOCKSTEP, found from their sources) are
# named in the first line of output: the checker follows one hart (their threads
# are checked by run.sh under every engine); never silently dropped.
# The last line is "N passed, M failed"; the status is non-zero when M > 0.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/Samples/out"
TERN=${TERN:-$ROOT/.build/release/tern}
case "$TERN" in /*) ;; *) TERN="$PWD/$TERN" ;; esac
TIMEOUT=${LOCKSTEP_TIMEOUT:-600}
JOBS=${LOCKSTEP_JOBS:-2}
CLEAN_PATH=/usr/local/bin:/usr/bin:/bin
[ $# -gt 0 ] || set -- threaded native auto

# The lockstep checker runs one hart: guests that create threads (pthread_create
# fails cleanly under it) are checked by run.sh instead. They are the samples
# whose source calls pthread_create or clone (listed in the first line of output).
NOT_LOCKSTEP=$(cd "$ROOT/Samples" && grep -l -E 'pthread_create|[^_]clone\(' ./*.c | sed 's|^\./||; s|\.c$||' | tr '\n' ' ')

if [ ! -x "$TERN" ]; then echo "FAIL lockstep: $TERN missing (make build)"; echo "0 passed, 1 failed"; exit 2; fi
if [ ! -d "$OUT" ]; then echo "FAIL lockstep: $OUT missing (make samples)"; echo "0 passed, 1 failed"; exit 2; fi
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tern-lockstep.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# one ENGINE NAME ARGS STDIN ENV -> prints PASS/FAIL line
one() {
    local engine=$1 name=$2 args=$3 stdin=$4 envs=$5
    local d="$SCRATCH/$engine-$name" bin="$OUT/${name%%:*}" exp="$HERE/expected/$name"
    mkdir -p "$d"
    local argv=() envv=()
    [ -z "${args//[[:space:]]/}" ] || mapfile -d '' -t argv < <(printf '%s' "$args" | xargs printf '%s\0')
    [ -z "${envs//[[:space:]]/}" ] || mapfile -d '' -t envv < <(printf '%s' "$envs" | xargs printf '%s\0')
    local in=/dev/null
    case "$stdin" in '') ;; @*) in="$OUT/${stdin#@}" ;; /*) in=$stdin ;; *) in="$HERE/$stdin" ;; esac
    (cd "$d" && env -i PATH="$CLEAN_PATH" "${envv[@]}" timeout -k 5 "$TIMEOUT" \
        "$TERN" lockstep --engine "$engine" "$bin" "${argv[@]}" <"$in" >"$d/out" 2>"$d/err")
    local rc=$? why=()
    [ -f "$exp.out" ] && [ -f "$exp.status" ] || why+=("no expected/$name.{out,status}")
    [ "$rc" != 124 ] || why+=("timed out after ${TIMEOUT}s")
    ! grep -q '^tern: lockstep divergence' "$d/err" || why+=("divergence")
    [ ! -f "$exp.status" ] || [ "$rc" = "$(cat "$exp.status")" ] || why+=("exit status $rc, expected $(cat "$exp.status")")
    [ ! -f "$exp.out" ] || cmp -s "$exp.out" "$d/out" || why+=("stdout differs from expected/$name.out")
    grep -q ': no divergence$' "$d/err" || why+=("no 'no divergence' summary")
    if [ ${#why[@]} -eq 0 ]; then
        echo "PASS lockstep:$engine:$name ($(grep -m1 -o '[0-9]* instructions' "$d/err"))"
    else
        echo "FAIL lockstep:$engine:$name: $(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"
        head -n 12 "$d/err" | sed 's/^/    | /'
    fi
}
export -f one
export TERN TIMEOUT OUT HERE SCRATCH CLEAN_PATH

# The work list: ENGINE, NAME, ARGS, STDIN, ENV separated by \x1f (a separator
# that is not white space, so empty fields stay fields), one line per run.
list="$SCRATCH/list"
: >"$list"
for engine in "$@"; do
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in ''|'#'*) continue ;; esac
        IFS='|' read -r name args stdin envs flags ternflags <<<"$line"
        name=${name// /}
        [ -z "${flags// /}" ] && [ -z "${ternflags// /}" ] || continue
        case " $NOT_LOCKSTEP " in *" ${name%%:*} "*) continue ;; esac
        printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$engine" "$name" "$args" "$stdin" "$envs" >>"$list"
    done <"$HERE/cases.txt"
done
[ -s "$list" ] || { echo "FAIL lockstep: no cases"; echo "0 passed, 1 failed"; exit 2; }
echo "== lockstep ($*): $(wc -l <"$list") runs, $JOBS at a time; one hart only, so not: $NOT_LOCKSTEP"
tr '\n' '\0' <"$list" | xargs -0 -P "$JOBS" -I{} bash -c 'IFS=$'"'"'\x1f'"'"' read -r e n a s v <<<"$1"; one "$e" "$n" "$a" "$s" "$v"' _ {} \
    | tee "$SCRATCH/results"
passed=$(grep -c '^PASS' "$SCRATCH/results"); failed=$(grep -c '^FAIL' "$SCRATCH/results")
expected=$(wc -l <"$list")
[ $((passed + failed)) = "$expected" ] || { echo "FAIL lockstep: $((expected - passed - failed)) runs gave no result"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
