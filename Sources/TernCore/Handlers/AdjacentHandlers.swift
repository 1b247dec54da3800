import CoreGlue
import CoreGlue.ThreadedGlue

// Adjacent pairs: two ops in one dispatch, each with its own record and
// operands (`op`, `op + 1`) and its usual semantics, in order. Chosen from the
// most frequent adjacent pairs over the benchmark kernels (Bench/pairs.py);
// the fusion pass (Translator/Fusion.swift) selects them. A fault in the second
// op reports the second op: the first has retired.

@_silgen_name("tern_exec_fld_fld") func exec_fld_fld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_fld(op, h, m); exec_fld(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_add") func exec_addi_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_add(op + 1, h, m)
}
@_silgen_name("tern_exec_fld_addi") func exec_fld_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_fld(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_addi") func exec_addi_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_mul") func exec_xor_mul(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_mul(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_srli") func exec_xor_srli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_srli(op + 1, h, m)
}
@_silgen_name("tern_exec_slli_xor") func exec_slli_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slli(op, h, m); exec_xor(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_slli") func exec_xor_slli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_slli(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_addi") func exec_ld_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_ld(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_lw_addi") func exec_lw_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lw(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_addiw_addiw") func exec_addiw_addiw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addiw(op, h, m); exec_addiw(op + 1, h, m)
}
@_silgen_name("tern_exec_lw_lw") func exec_lw_lw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lw(op, h, m); exec_lw(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_ld") func exec_ld_ld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_ld(op, h, m); exec_ld(op + 1, h, m)
}
@_silgen_name("tern_exec_sd_sd") func exec_sd_sd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sd(op, h, m); exec_sd(op + 1, h, m)
}

// Store then branch: `op + 1` is the block's terminator.
@_silgen_name("tern_exec_sw_bne") func exec_sw_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_sw(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != h.x(b.rs2))
}
@_silgen_name("tern_exec_fsd_bne") func exec_fsd_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_fsd(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != h.x(b.rs2))
}
@_silgen_name("tern_exec_sb_bne") func exec_sb_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_sb(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != h.x(b.rs2))
}
@_silgen_name("tern_exec_sd_bne") func exec_sd_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_sd(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != h.x(b.rs2))
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let adjacentHandlerGroup = HandlerGroup(handlers: tern_handlers_Adjacent, names: tern_names_Adjacent)
