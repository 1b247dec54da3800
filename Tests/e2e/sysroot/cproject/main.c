#include <stdio.h>
#include "common.h"

int main(void) {
    double v[10];
    for (int i = 0; i < 10; i++) v[i] = i * i / 3.0;
    printf("mean %.6f stddev %.6f\n", mean(v, 10), stddev(v, 10));
    char s[] = "built by make and gcc under emulation";
    printf("%d words\n", count_words(s));
    reverse(s);
    printf("%s\n", s);
    return 0;
}
