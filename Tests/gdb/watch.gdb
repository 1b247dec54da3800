# program: basic
# compare: qemu
# qemu-setup: set can-use-hw-watchpoints 0
# Write watchpoints (hardware ones under tern, gdb's software ones under qemu,
# which has none in user mode): each stops after the store that changed the value.
set pagination off
set confirm off
target remote @TARGET@
break sum_squares
continue
watch counter
continue
continue
bt
delete
watch history[3]
continue
delete
continue
