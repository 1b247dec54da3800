# Sstc: with menvcfg.STCE set, stimecmp raises the supervisor timer interrupt
# (mip.STIP = mtime >= stimecmp, read-only in mip), delivered to S-mode through
# mideleg; stimecmp is illegal in S-mode without mcounteren.TM. (Where
# menvcfg.STCE cannot be set or stimecmp does not exist, as on QEMU 7.2's
# spike machine, the hart has no Sstc and the test ends.)
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define CSR_STIMECMP 0x14d
#define MENVCFG_STCE (1 << 63)
#define MIP_STIP (1 << 5)
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        li TESTNUM, 1
        li t0, MENVCFG_STCE; csrs CSR_MENVCFG, t0; csrr t1, CSR_MENVCFG; and t1, t1, t0; beqz t1, 3f
        li s2, -1; li t0, -1; csrw CSR_STIMECMP, t0; li t6, -1; bne s2, t6, 3f
        TEST_CASE(2, x14, 0, csrr x14, mip; andi x14, x14, MIP_STIP)
        /* mip.STIP cannot be set by software now. */
        TEST_CASE(3, x14, 0, li t0, MIP_STIP; csrs mip, t0; csrr x14, mip; andi x14, x14, MIP_STIP)
        /* Without mcounteren.TM, S-mode may not touch stimecmp. */
        csrwi mcounteren, 0
        TEST_CASE(4, s2, 2, li s2, -1; ENTER_MODE(1); csrr x14, CSR_STIMECMP)
        RETURN_TO_M
        /* With it: S arms its own timer and takes the interrupt. */
        csrwi mcounteren, 2
        li t0, MIP_STIP; csrw mideleg, t0; csrs mie, t0
        TEST_CASE(5, s6, 0x8000000000000005, li s6, -1; ENTER_MODE(1); li t0, 0x200bff8; ld t0, 0(t0); addi t0, t0, 20; csrw CSR_STIMECMP, t0; csrsi sstatus, MSTATUS_SIE; li a2, 1000000; 1: addi a2, a2, -1; beqz a2, 2f; li t6, -1; beq s6, t6, 1b; 2: csrci sstatus, MSTATUS_SIE)
        TEST_CASE(6, x14, MIP_STIP, csrr x14, sip; andi x14, x14, MIP_STIP)
        /* Moving stimecmp into the future clears STIP. */
        TEST_CASE(7, x14, 0, li t0, -1; csrw CSR_STIMECMP, t0; csrr x14, sip; andi x14, x14, MIP_STIP)
        RETURN_TO_M
        csrw mideleg, x0; csrw mie, x0
3:      li t0, MENVCFG_STCE; csrc CSR_MENVCFG, t0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
