# program: threads
# compare: qemu
# info threads, per-thread registers and frames (Hg), switching threads.
set pagination off
set confirm off
target remote @TARGET@
break checkpoint
continue
info threads
thread 2
bt 3
info registers pc ra
thread 3
frame
thread 1
bt
continue
