# program: signals
# compare: qemu
# Signals stop in gdb first: a handled SIGUSR1 passed on, then a fatal SIGSEGV.
set pagination off
set confirm off
target remote @TARGET@
continue
bt 1
continue
bt
p nowhere
continue
