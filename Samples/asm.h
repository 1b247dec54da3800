/* Shared pieces of the assembly samples (Samples/*.S): raw Linux syscalls and
 * a decimal printer, so instruction counts do not depend on libc. */
#define SYS_write 64
#define SYS_exit  93
#define SYS_mmap  222

/* exit(reg) */
#define EXIT(reg) mv a0, reg; li a7, SYS_exit; ecall

/* write(1, label, length) */
#define PRINT(label, length) li a0, 1; la a1, label; li a2, length; li a7, SYS_write; ecall

/* Defines print_u64: writes a0 in decimal and a newline to stdout. Uses a0-a2, t0-t2, a7. */
#define DEFINE_PRINT_U64                                                      \
    .type print_u64, @function;                                               \
print_u64:                                                                    \
    addi sp, sp, -32;                                                         \
    addi t0, sp, 31;       /* t0: next free byte, filled backwards */        \
    li t1, 10;                                                                \
    sb t1, 0(t0);          /* the newline */                                 \
1:  addi t0, t0, -1;                                                          \
    remu t2, a0, t1;                                                          \
    addi t2, t2, '0';                                                         \
    sb t2, 0(t0);                                                             \
    divu a0, a0, t1;                                                          \
    bnez a0, 1b;                                                              \
    mv a1, t0;                                                                \
    addi a2, sp, 32;                                                          \
    sub a2, a2, t0;                                                           \
    li a0, 1;                                                                 \
    li a7, SYS_write;                                                         \
    ecall;                                                                    \
    addi sp, sp, 32;                                                          \
    ret;                                                                      \
    .size print_u64, . - print_u64
