/* setitimer and getitimer with an invalid timer number (test_signal's test_itimer_exc): Linux
 * answers EINVAL; tern used to convert the number into a host enum and trap (SIGILL). */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(void) {
    struct itimerval v = {{0, 0}, {0, 0}}, old;
    long r = syscall(SYS_setitimer, -1, &v, &old);
    printf("setitimer(-1): %ld %s\n", r, r ? strerror(errno) : "ok");
    r = syscall(SYS_getitimer, -1, &old);
    printf("getitimer(-1): %ld %s\n", r, r ? strerror(errno) : "ok");
    return 0;
}
