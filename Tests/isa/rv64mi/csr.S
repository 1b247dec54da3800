# Machine CSRs: read/write/set/clear forms, WARL fields, read-only registers.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        TEST_CASE(2, x14, 0, li x1, 0x1234; csrw mscratch, x1; li x1, 0x10; csrrs x14, mscratch, x1; csrr x14, mscratch; li x1, 0x1234 | 0x10; sub x14, x14, x1)
        TEST_CASE(3, x14, 0x1234, li x1, 0x1230 | 0x14; csrrc x14, mscratch, x1; li x1, 0x1234; xor x14, x14, x1; bnez x14, fail; csrr x14, mscratch; li x1, 0; or x14, x14, x1; bnez x14, fail; li x14, 0x1234)
        TEST_CASE(4, x14, 0x1f, csrwi mscratch, 0x1f; csrrsi x0, mscratch, 0; csrr x14, mscratch)
        TEST_CASE(5, x14, 0x1d, csrrci x0, mscratch, 2; csrr x14, mscratch)
        TEST_CASE(6, x14, 0x1d, csrrwi x14, mscratch, 3)
        CHECK(x14, 3, csrr x14, mscratch)
        TEST_CASE(7, x14, 0x800000000034112d, csrr x14, misa)
        TEST_CASE(8, x14, 0x800000000034112d, csrw misa, x0; csrr x14, misa)
        /* mhartid is 0 on a single hart; the IDs are implementation-defined
           (tern: 0, checked by the unit tests) but must be readable. */
        TEST_CASE(9, x14, 0, li s2, -1; csrr x14, mhartid)
        CHECK(s2, -1, csrr x14, mvendorid; csrr x14, marchid; csrr x14, mimpid)
        /* mstatus: MPP 2 is legalised to U; FS dirty sets SD; UXL = SXL = 2. */
        /* (WARL: any legal level may result; tern and Spike choose U.) */
        TEST_CASE(10, x14, 0, li x1, MSTATUS_MPP; csrc mstatus, x1; li x1, 2 << 11; csrs mstatus, x1; csrr x14, mstatus; li x1, MSTATUS_MPP; and x14, x14, x1; li x1, 2 << 11; sub x14, x14, x1; seqz x14, x14)
        TEST_CASE(11, x14, 0x8000000a00006000, li x1, MSTATUS_FS; csrs mstatus, x1; csrr x14, mstatus; li x1, 0x8000000f00006000; and x14, x14, x1)
        TEST_CASE(12, x14, 0x0000000a00000000, li x1, 0xf00000000; csrc mstatus, x1; csrr x14, mstatus; li x1, 0xf00000000; and x14, x14, x1)
        /* mtvec: mode 2/3 are not supported (bit 1 reads 0); mepc/sepc bit 0 reads 0. */
        TEST_CASE(13, x14, 0x80001000, li x1, 0x80001002; csrrw x5, mtvec, x1; csrr x14, mtvec; csrw mtvec, x5)
        TEST_CASE(14, x14, 0x80001001, li x1, 0x80001001; csrrw x5, mtvec, x1; csrr x14, mtvec; csrw mtvec, x5)
        TEST_CASE(15, x14, 0x80001234, li x1, 0x80001235; csrw mepc, x1; csrr x14, mepc)
        TEST_CASE(16, x14, 0x80001234, csrw sepc, x1; csrr x14, sepc)
        /* Delegation and interrupt-enable registers keep only implemented bits. */
        TEST_CASE(17, x14, 0xb3ff, li x1, -1; csrw medeleg, x1; csrr x14, medeleg; csrw medeleg, x0)
        TEST_CASE(18, x14, 0x222, li x1, -1; csrw mideleg, x1; csrr x14, mideleg)
        TEST_CASE(19, x14, 0xaaa, li x1, -1; csrw mie, x1; csrr x14, mie)
        TEST_CASE(20, x14, 0x222, csrr x14, sie)
        TEST_CASE(21, x14, 0x88a, li x1, 0x200; csrw mideleg, x1; li x1, 0x20; csrc mie, x1; csrw sie, x0; csrr x14, mie)
        TEST_CASE(22, x14, 0x0, csrw mie, x0; csrw mideleg, x0; csrr x14, sie)
        /* sstatus is a view of mstatus. */
        TEST_CASE(23, x14, MSTATUS_SIE, csrw mstatus, x0; csrsi sstatus, MSTATUS_SIE; csrr x14, mstatus; andi x14, x14, 0xff)
        TEST_CASE(24, x14, 0, csrsi mstatus, MSTATUS_MIE; csrr x14, sstatus; andi x14, x14, MSTATUS_MIE)
        /* satp: a write selecting an unimplemented mode (Sv57, 10) has no effect;
           Sv39 with an ASID and a root PPN reads back. pmp registers read back. */
        TEST_CASE(25, x14, 0, csrw satp, x0; li x1, (10 << 60) | 5; csrw satp, x1; csrr x14, satp)
        TEST_CASE(32, x14, (8 << 60) | (0x1234 << 44) | 0x80123, li x1, (8 << 60) | (0x1234 << 44) | 0x80123; csrw satp, x1; csrr x14, satp; csrw satp, x0)
        TEST_CASE(26, x14, 0x003fffffffffffff, li x1, -1; csrw pmpaddr0, x1; csrr x14, pmpaddr0)
        TEST_CASE(27, x14, 0x1f, li x1, 0x1f; csrw pmpcfg0, x1; csrr x14, pmpcfg0)
        TEST_CASE(28, x14, 7, csrwi mcounteren, 7; csrr x14, mcounteren)
        TEST_CASE(29, x14, 5, csrwi scounteren, 5; csrr x14, scounteren)
        TEST_CASE(30, x14, 0x77, li x1, 0x77; csrw sscratch, x1; csrr x14, sscratch)
        TEST_CASE(31, x14, 0x1234, li x1, 0x1234; csrw mtval, x1; csrr x14, mtval; csrw stval, x1; csrr x5, stval; bne x5, x14, fail)
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
