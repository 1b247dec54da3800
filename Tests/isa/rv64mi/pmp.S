# Physical memory protection for S- and U-mode (no paging): TOR and NAPOT
# regions with different permissions, the lowest matching entry deciding,
# accesses only partly inside an entry, a 4-byte NA4 hole inside a page,
# addresses no entry matches, execute permission, and a locked entry that
# binds M-mode as well (last: it stays until reset).
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define CFG(r, w, x, mode) ((r) | (w) << 1 | (x) << 2 | (mode) << 3)
#define TOR 1
#define NA4 2
#define NAPOT 3
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        /* 0: TOR [0, vm_page0) RWX (the code); 1: NA4 hole at vm_page0 + 0x40 (no
           access); 2: NAPOT vm_page0 R; 3: NAPOT vm_page1 RW; 4: TOR up to vm_page3
           RWX (its bottom is pmpaddr3, inside vm_page1, which entry 3 decides). */
        la t0, vm_page0; srli t0, t0, 2; csrw pmpaddr0, t0
        la t0, vm_page0; addi t0, t0, 0x40; srli t0, t0, 2; csrw pmpaddr1, t0
        la t0, vm_page0; srli t0, t0, 2; ori t0, t0, 0x1ff; csrw pmpaddr2, t0
        la t0, vm_page1; srli t0, t0, 2; ori t0, t0, 0x1ff; csrw pmpaddr3, t0
        la t0, vm_page3; srli t0, t0, 2; csrw pmpaddr4, t0
        li t0, CFG(1,1,1,TOR) | CFG(0,0,0,NA4) << 8 | CFG(1,0,0,NAPOT) << 16 | CFG(1,1,0,NAPOT) << 24 | CFG(1,1,1,TOR) << 32
        csrw pmpcfg0, t0
        la a0, vm_page0; la a1, vm_page1; la a2, vm_page2; la a3, vm_page3
        /* S-mode runs (entry 1 covers the code) and reads the read-only page. */
        TEST_CASE(2, s2, -1, li s2, -1; ENTER_MODE(1); ld x14, 8(a0))
        RETURN_TO_M
        TEST_CASE(3, s2, 7, li s2, -1; ENTER_MODE(1); sd x0, 8(a0))
        addi t0, a0, 8; bne s3, t0, fail
        RETURN_TO_M
        /* The NA4 hole: the word at +0x40 faults, the one before it does not. */
        TEST_CASE(4, s2, -1, li s2, -1; ENTER_MODE(0); lw x14, 0x3c(a0))
        RETURN_TO_M
        TEST_CASE(5, s2, 5, li s2, -1; ENTER_MODE(0); lw x14, 0x40(a0))
        RETURN_TO_M
        /* An 8-byte load straddling the hole's edge is only partly matched. */
        TEST_CASE(6, s2, 5, li s2, -1; ENTER_MODE(1); ld x14, 0x3c(a0))
        RETURN_TO_M
        /* vm_page1 (entry 3, RW): loads and stores work, fetches fault. */
        TEST_CASE(7, x14, 0x77, li s2, -1; ENTER_MODE(1); li t0, 0x77; sd t0, 0(a1); ld x14, 0(a1))
        CHECK(s2, -1, )
        RETURN_TO_M
        li t0, 0x00008067; sw t0, 0(a1); sw t0, 0(a2); fence.i
        TEST_CASE(8, s2, 1, li s2, -1; ENTER_MODE(1); la ra, 1f; jr a1; 1: nop)
        RETURN_TO_M
        /* vm_page2 (entry 4, RWX): the returning code runs. */
        TEST_CASE(9, s2, -1, li s2, -1; ENTER_MODE(1); jalr a2)
        RETURN_TO_M
        /* vm_page3 and above: no entry matches; S and U fail, M does not. */
        TEST_CASE(10, s2, 5, li s2, -1; ENTER_MODE(1); ld x14, 0(a3))
        RETURN_TO_M
        TEST_CASE(11, s2, 7, li s2, -1; ENTER_MODE(0); sd x0, 0(a3))
        RETURN_TO_M
        TEST_CASE(12, s2, -1, li s2, -1; sd x0, 0(a3); ld x14, 0(a3))
        /* Entry 2 locked: M-mode stores to vm_page0 fault too; the entry cannot change. */
        li t0, 0x80 << 16; csrs pmpcfg0, t0
        TEST_CASE(13, s2, 7, li s2, -1; sd x0, 8(a0))
        addi t0, a0, 8; bne s3, t0, fail
        TEST_CASE(14, x14, 0x80 | CFG(1,0,0,NAPOT), csrw pmpaddr2, x0; li t0, 0xff << 16; csrc pmpcfg0, t0; csrr x14, pmpcfg0; srli x14, x14, 16; andi x14, x14, 0xff)
        TEST_CASE(15, x14, 0x1ff, la t0, vm_page0; srli t0, t0, 2; csrr x14, pmpaddr2; sub x14, x14, t0)
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        VM_DATA
RVTEST_DATA_END
