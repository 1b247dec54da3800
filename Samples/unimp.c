/* Syscalls that return ENOSYS: lookup_dcookie and nfsservctl (riscv64 Linux
 * has them as sys_ni_syscall), 300 and 1000 (unassigned numbers) and
 * io_uring_setup (a kernel feature tern leaves out). tern prints nothing about
 * them unless asked: `-d unimp` logs the calls tern does not implement (the
 * unassigned numbers and io_uring_setup, once each) and --stats counts them. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    static const long numbers[] = {18, 42, 300, 1000, 425, 1000};
    for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        errno = 0;
        long r = syscall(numbers[i], 0, 0, 0);
        printf("syscall %ld: %ld errno %d%s\n", numbers[i], r, errno, errno == ENOSYS ? " (ENOSYS)" : "");
    }
    return 0;
}
