# program: basic
# compare: expected
# Read and access watchpoints (Z3/Z4): qemu's user mode has no watchpoints and
# gdb has no software read watchpoints, so the stops are checked against a
# reviewed transcript (every engine must give it). A read watchpoint must not
# stop on stores; an access watchpoint stops on both.
set pagination off
set confirm off
target remote @TARGET@
break sum_squares
continue
awatch counter
continue
x/i $pc - 2
continue
x/i $pc - 2
continue
delete
rwatch scale
rwatch history[5]
continue
bt
x/i $pc - 2
continue
x/i $pc - 2
info registers pc
delete
continue
