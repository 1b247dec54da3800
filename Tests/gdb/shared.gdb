# program: sysroot:/usr/bin/lua5.4
# args: -e "io.write(string.rep('ab', 3), '\n')"
# compare: qemu
# A dynamically linked program: a pending breakpoint in libc resolves when the
# library is loaded (gdb reads auxv and the loader's r_debug), bt across libc,
# info sharedlibrary, finish back into libc, continue to the exit.
set pagination off
set confirm off
set sysroot @SYSROOT@
set breakpoint pending on
target remote @TARGET@
break write
continue
bt 3
info sharedlibrary
p $a2
finish
delete
continue
