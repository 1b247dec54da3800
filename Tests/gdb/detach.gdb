# program: basic
# compare: qemu
# detach: breakpoints go away and the guest runs on to its end without gdb.
set pagination off
set confirm off
target remote @TARGET@
break square
continue
info breakpoints
detach
