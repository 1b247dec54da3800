/* Runs argv[1] with the remaining arguments through execv: under binfmt_misc,
 * a riscv64 program started this way goes through the kernel to tern again. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    printf("execer: running %s\n", argv[1]);
    fflush(stdout);
    execv(argv[1], argv + 1);
    perror("execv");
    return 1;
}
