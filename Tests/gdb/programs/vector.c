/* Vector registers under gdb (Tests/gdb/vector*.gdb): fills v1-v3 and the vector
   CSRs, prints what they hold at `checkpoint` (gdb must show the same), then prints
   v4, vxrm and vcsr after gdb wrote them. Inline assembly with `.option arch, +v`:
   the programs build -march=rv64gc and gcc 12 has no vector intrinsics. */
#include <stdio.h>
#include <stdint.h>

static uint8_t source[64], readback[64];
static uint64_t vl_seen, vtype_seen, vlenb_seen, vxrm_seen, vcsr_seen;

void checkpoint(void) { __asm__ volatile("" ::: "memory"); }

static void dump(const char *name, const uint8_t *p, uint64_t n) {
    printf("%s:", name);
    for (uint64_t i = 0; i < n; i++) printf(" %02x", p[i]);
    printf("\n");
}

int main(void) {
    for (int i = 0; i < 64; i++) source[i] = (uint8_t)(i * 17 + 3);
    __asm__ volatile(".option push\n.option arch, +v\n"
                     "csrr %0, vlenb\n"
                     "vsetvli t0, zero, e8, m1, ta, ma\n"
                     "vle8.v v1, (%3)\n"
                     "vse8.v v1, (%4)\n"
                     "vid.v v2\n"
                     "vsetivli t0, 3, e32, m1, tu, mu\n"
                     "vmv.v.i v3, -5\n"
                     "csrwi vxrm, 1\n"
                     "vsetivli t1, 5, e16, mf2, ta, mu\n"
                     "csrr %1, vl\n"
                     "csrr %2, vtype\n"
                     ".option pop\n"
                     : "=&r"(vlenb_seen), "=&r"(vl_seen), "=&r"(vtype_seen)
                     : "r"(source), "r"(readback) : "t0", "t1", "memory");
    printf("csrs: vlenb %llu vl %llu vtype 0x%llx\n", (unsigned long long)vlenb_seen, (unsigned long long)vl_seen,
           (unsigned long long)vtype_seen);
    dump("v1", readback, vlenb_seen);
    checkpoint();
    __asm__ volatile(".option push\n.option arch, +v\n"
                     "vsetvli t0, zero, e8, m1, ta, ma\n"
                     "vse8.v v4, (%2)\n"
                     "csrr %0, vxrm\n"
                     "csrr %1, vcsr\n"
                     ".option pop\n"
                     : "=&r"(vxrm_seen), "=&r"(vcsr_seen) : "r"(readback) : "t0", "memory");
    dump("v4", readback, vlenb_seen);
    printf("vxrm %llu vcsr %llu\n", (unsigned long long)vxrm_seen, (unsigned long long)vcsr_seen);
    return 0;
}
