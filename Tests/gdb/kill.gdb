# program: spin
# compare: qemu
# exit-status: ignore
# kill: the guest dies at once (qemu exits 0 saying so, tern dies by SIGKILL).
set pagination off
set confirm off
target remote @TARGET@
break main
continue
kill
info threads
