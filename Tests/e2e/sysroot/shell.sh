# busybox sh: pipes, redirections, subshells, command substitution, loops,
# traps, job waits, and the applets sort uniq wc sed awk grep sha256sum tar
# gzip find xargs. Runs in an empty scratch directory.
set -e
trap 'echo "exit trap ran"' EXIT
mkdir -p data/sub
for i in 5 3 9 1 3 7 5 5; do echo "line $i"; done > data/lines.txt
printf 'alpha\nbeta\ngamma\ndelta\n' > data/sub/words.txt
echo "sorted unique:"; sort data/lines.txt | uniq -c
echo "counts: $(wc -l < data/lines.txt) lines, $(cat data/*.txt data/sub/*.txt | wc -w) words"
sed -e 's/line/LINE/' -e '/9/d' data/lines.txt | awk '{ sum += $2 } END { print "awk sum", sum, NR }'
grep -n 'a$' data/sub/words.txt
grep -c 5 data/lines.txt || true
( cd data && echo "subshell in $(basename "$PWD")"; exit 3 ) || echo "subshell status $?"
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "while n=$n"
case "$(echo hello)" in h*) echo "case matched";; *) echo "case missed";; esac
f() { local x="$1"; echo "func got $x and $#"; return 4; }
f one two || echo "func status $?"
echo stderr text >&2 2>/dev/null
{ echo grouped 1; echo grouped 2; } > data/group.txt; cat data/group.txt
exec 3> data/fd3.txt; echo "to fd 3" >&3; exec 3>&-; cat data/fd3.txt
sleep 0 & pid=$!; wait $pid; echo "background job status $?"
(exit 7) & wait $! || echo "background exit $?"
find data -name '*.txt' | sort
find data -type f | sort | xargs echo files:
find data -name "*.txt" -type f | sort | while read -r f; do wc -c < "$f"; done
tar -cf data.tar data/lines.txt data/sub/words.txt
gzip -9 data.tar
ls -1 data.tar.gz
gzip -dc data.tar.gz | tar -tf - | sort
mkdir out && gzip -dc data.tar.gz | (cd out && tar -xf -)
cmp out/data/lines.txt data/lines.txt && echo "tar round trip ok"
sha256sum data/lines.txt data/sub/words.txt
seq_out=$(i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done | tr '\n' ,); echo "pipeline into subst: $seq_out"
echo "$(( (3 + 4) * 5 % 6 ))" "${HOME:+home set}" "${UNSET_VAR:-default}"
set -- a b c; shift; echo "args now $# $*"
read -r first rest < data/sub/words.txt; echo "read $first"
IFS=: read -r a b c <<EOT
x:y:z
EOT
echo "heredoc $a $b $c"
# Signal traps last: after one has run, busybox (under qemu too) never sees EOF in a later while-read pipeline.
trap 'echo "trapped USR1"' USR1; kill -USR1 $$; echo "after kill"; trap - USR1
trap 'echo "trapped TERM"' TERM; ( kill -TERM $$ ); echo "after TERM"; trap - TERM
exit 5
