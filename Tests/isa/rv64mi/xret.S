# mret and sret: privilege changes and the MPP/MPIE/MIE and SPP/SPIE/SIE stacks;
# privileged instructions and CSRs are illegal from lower privilege levels.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        /* mret: MIE <- MPIE, MPIE <- 1, MPP <- U, pc <- mepc (M -> M). */
        TEST_CASE(2, x14, MSTATUS_MIE | MSTATUS_MPIE, li x1, MSTATUS_MPP | MSTATUS_MPIE; csrs mstatus, x1; csrci mstatus, MSTATUS_MIE; la x1, 1f; csrw mepc, x1; mret; j fail; 1: csrr x14, mstatus; li x1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and x14, x14, x1; csrci mstatus, MSTATUS_MIE)
        TEST_CASE(3, x14, MSTATUS_MPIE, li x1, MSTATUS_MPP | MSTATUS_MPIE; csrc mstatus, x1; li x1, 3 << 11; csrs mstatus, x1; la x1, 1f; csrw mepc, x1; mret; 1: csrr x14, mstatus; li x1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and x14, x14, x1)
        /* mret from S-mode and sret from U-mode are illegal. */
        TEST_CASE(4, s2, 2, ENTER_MODE(1); li s2, -1; mret)
        CHECK(s3, 0x30200073, )
        RETURN_TO_M
        TEST_CASE(5, s2, 2, ENTER_MODE(0); li s2, -1; sret)
        CHECK(s3, 0x10200073, )
        RETURN_TO_M
        /* sret from M: to SPP (S here), SIE <- SPIE, SPIE <- 1, SPP <- U. */
        TEST_CASE(6, x14, MSTATUS_SIE | MSTATUS_SPIE, li x1, MSTATUS_SPP | MSTATUS_SPIE; csrs mstatus, x1; csrci mstatus, MSTATUS_SIE; la x1, 1f; csrw sepc, x1; sret; j fail; 1: csrr x14, sstatus; li x1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP; and x14, x14, x1)
        /* ... now in S: mscratch is illegal, sscratch is fine. */
        TEST_CASE(7, s2, 2, li s2, -1; csrr x14, mscratch)
        TEST_CASE(8, s2, -1, li s2, -1; csrr x14, sscratch)
        /* sret in S with SPP = U goes to U; then sstatus is illegal. */
        TEST_CASE(9, s2, 2, csrci sstatus, 0; li x1, MSTATUS_SPP; csrc sstatus, x1; la x1, 1f; csrw sepc, x1; sret; 1: li s2, -1; csrr x14, sstatus)
        RETURN_TO_M
        /* mstatus.TSR makes sret illegal in S (not in M). */
        TEST_CASE(10, s2, 2, li x1, MSTATUS_TSR; csrs mstatus, x1; ENTER_MODE(1); li s2, -1; sret)
        RETURN_TO_M
        TEST_CASE(11, x14, 1, li x1, MSTATUS_SPP; csrc mstatus, x1; la x1, 1f; csrw sepc, x1; li x14, 0; sret; 1: li x14, 1)
        RETURN_TO_M
        li x1, MSTATUS_TSR; csrc mstatus, x1
        /* wfi: returns in M and S (a locally enabled interrupt is pending, delegated
           and globally disabled, so it is not taken), illegal in U and in S with TW. */
        TEST_CASE(12, s2, -1, csrci mstatus, MSTATUS_SIE; csrwi mideleg, 2; csrwi mie, 2; csrsi mip, 2; li s2, -1; wfi; ENTER_MODE(1); wfi)
        RETURN_TO_M
        csrw mie, x0; csrci mip, 2; csrw mideleg, x0
        TEST_CASE(13, s2, 2, ENTER_MODE(0); li s2, -1; wfi)
        RETURN_TO_M
        TEST_CASE(14, s2, 2, li x1, MSTATUS_TW; csrs mstatus, x1; ENTER_MODE(1); li s2, -1; wfi)
        RETURN_TO_M
        li x1, MSTATUS_TW; csrc mstatus, x1
        /* sfence.vma and satp: fine in S, illegal in U, and in S with TVM. */
        TEST_CASE(15, s2, -1, ENTER_MODE(1); li s2, -1; sfence.vma; csrw satp, x0)
        RETURN_TO_M
        TEST_CASE(16, s2, 2, ENTER_MODE(0); li s2, -1; sfence.vma)
        RETURN_TO_M
        TEST_CASE(17, s2, 2, li x1, MSTATUS_TVM; csrs mstatus, x1; ENTER_MODE(1); li s2, -1; csrr x14, satp)
        RETURN_TO_M
        TEST_CASE(18, s2, 2, ENTER_MODE(1); li s2, -1; sfence.vma x0, x0)
        RETURN_TO_M
        li x1, MSTATUS_TVM; csrc mstatus, x1
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
