# program: parallel
# compare: expected
# Stepping one thread while the others stay stopped (scheduler-locking step:
# gdb resumes the stepped thread alone, vCont;s:TID): the other worker's counter
# does not move, the stepped worker's registers are its own; then everything
# continues. (qemu-user runs every thread whenever one steps.)
set pagination off
set confirm off
target remote @TARGET@
break checkpoint
continue
set scheduler-locking step
thread 2
p id
set $c1 = counts[1]
stepi
stepi
stepi
stepi
stepi
stepi
p counts[1] == $c1
p/x $s11
thread 3
set $c0 = counts[0]
stepi
stepi
stepi
stepi
stepi
stepi
p counts[0] == $c0
p/x $s11
thread 1
set scheduler-locking off
continue
