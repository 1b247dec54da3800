# program: basic
# compare: expected
# Read and access watchpoints (Z3/Z4): qemu's user mode has no watchpoints and
# gdb has no software read watchpoints, so the stops are checked against a
# reviewed transcript (every engine must give it).
set pagination off
set confirm off
target remote @TARGET@
break sum_squares
continue
rwatch scale
continue
bt
info registers pc
delete
awatch counter
continue
continue
delete
watch history[5]
rwatch history[5]
continue
continue
delete
continue
