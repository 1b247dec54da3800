# program: basic
# compare: qemu
# Breakpoints with conditions, bt, info registers, finish, x/i, stepi, next,
# step, up/down, set var, continue to the exit.
set pagination off
set confirm off
target remote @TARGET@
info registers pc
break square if x == 3
break scaled
info breakpoints
continue
bt
info registers
p x
finish
x/6i $pc
stepi
stepi
info registers pc a5
next
next
step
bt
up
info locals
down
p $pc
p total
set var total = 100
p total
p history
delete 1
continue
p v
p scale
set var scale = 6.0
finish
next
info registers fflags frm fcsr
p $fa0
continue
