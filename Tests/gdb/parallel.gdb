# program: parallel
# compare: expected
# All-stop with threads running guest code: at the main thread's breakpoint
# both spinning workers are stopped (their counters stay put while gdb waits),
# and each worker has registers of its own (s11 holds its mark). qemu-user 7.2
# lets the other threads run on while one is stopped (the first check is 0 there).
set pagination off
set confirm off
target remote @TARGET@
break checkpoint
continue
set $c0 = counts[0]
set $c1 = counts[1]
shell sleep 0.3
p counts[0] == $c0 && counts[1] == $c1
p $c0 > 0 && $c1 > 0
thread 2
p id
p/x $s11
thread 3
p id
p/x $s11
thread 1
p/x $s11 != 0x5100 && $s11 != 0x5101
bt
continue
