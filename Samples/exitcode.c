/* exitcode.c - prints a line, then exits with status 42. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to exit with status 42\n");
    fflush(stdout);
    exit(42);
}
