# fork + execve of riscv64 programs from busybox sh (tern only: qemu-user
# without binfmt_misc cannot execve a riscv64 program).
echo 1 2 | /usr/bin/lua5.4 -e 'print(io.read("n") + io.read("n"))'; echo "pipe into lua: $?"
/usr/bin/lua5.4 -e 'os.exit(7)'; echo "exit status $?"
/usr/bin/env X=42 /usr/bin/printenv X
printf '#!/usr/bin/lua5.4\nprint(#arg, arg[1])\n' > s.lua; chmod +x s.lua; ./s.lua hello; echo "script status $?"
printf '#!/usr/bin/busybox sh\necho "sh script $1"\nexit 4\n' > s.sh; chmod +x s.sh; ./s.sh arg; echo "sh script status $?"
/usr/bin/lua5.4 -e 'while true do end' & pid=$!; kill -9 $pid; wait $pid; echo "killed status $?"
out=$(/usr/bin/seq 3 | /usr/bin/sort -r | /usr/bin/head -n 2 | /usr/bin/tr '\n' ' '); echo "coreutils pipeline: $out"
/usr/bin/sqlite3 :memory: 'select 6*7;'
/no/such/program; echo "missing program status $?"
