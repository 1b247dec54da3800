# program: parallel
# compare: expected
# A watchpoint with threads running in parallel: both workers store to the
# watched page when they stop spinning, only worker 1's store hits the
# watchpoint (worker 0's store to the same page is stepped over while the other
# threads stay stopped), and gdb reports it in worker 1's thread.
set pagination off
set confirm off
target remote @TARGET@
break checkpoint
continue
watch finished[1]
continue
p id
p finished[1]
delete
continue
