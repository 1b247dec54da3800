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

@_silgen_name("tern_exec_mv_mv") func exec_mv_mv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_mv(op, h, m); exec_mv(op + 1, h, m)
}
@_silgen_name("tern_exec_or_or") func exec_or_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_or(op, h, m); exec_or(op + 1, h, m)
}
@_silgen_name("tern_exec_slliw_srliw") func exec_slliw_srliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slliw(op, h, m); exec_srliw(op + 1, h, m)
}
@_silgen_name("tern_exec_srliw_slliw") func exec_srliw_slliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_srliw(op, h, m); exec_slliw(op + 1, h, m)
}
@_silgen_name("tern_exec_addw_xor") func exec_addw_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addw(op, h, m); exec_xor(op + 1, h, m)
}
@_silgen_name("tern_exec_addw_addiw") func exec_addw_addiw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addw(op, h, m); exec_addiw(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_addw") func exec_xor_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_addw(op + 1, h, m)
}
@_silgen_name("tern_exec_addw_addw") func exec_addw_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addw(op, h, m); exec_addw(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_xor") func exec_xor_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_xor(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_mulw") func exec_addi_mulw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_mulw(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_addw") func exec_addi_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_addw(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_sd") func exec_addi_sd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_sd(op + 1, h, m)
}
@_silgen_name("tern_exec_add_xori") func exec_add_xori(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_add(op, h, m); exec_xori(op + 1, h, m)
}
@_silgen_name("tern_exec_and_and") func exec_and_and(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_and(op, h, m); exec_and(op + 1, h, m)
}
@_silgen_name("tern_exec_xori_and") func exec_xori_and(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xori(op, h, m); exec_and(op + 1, h, m)
}
@_silgen_name("tern_exec_srl_sll") func exec_srl_sll(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_srl(op, h, m); exec_sll(op + 1, h, m)
}
@_silgen_name("tern_exec_sll_or") func exec_sll_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sll(op, h, m); exec_or(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_sd") func exec_ld_sd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_ld(op, h, m); exec_sd(op + 1, h, m)
}
@_silgen_name("tern_exec_and_beqz") func exec_and_beqz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_and(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) == 0)
}

// Second round (sha256 rounds, the fsm loop, strlen and bcmp in memops).
@_silgen_name("tern_exec_slliw_slliw") func exec_slliw_slliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slliw(op, h, m); exec_slliw(op + 1, h, m)
}
@_silgen_name("tern_exec_srliw_srliw") func exec_srliw_srliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_srliw(op, h, m); exec_srliw(op + 1, h, m)
}
@_silgen_name("tern_exec_srliw_or") func exec_srliw_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_srliw(op, h, m); exec_or(op + 1, h, m)
}
@_silgen_name("tern_exec_slliw_or") func exec_slliw_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slliw(op, h, m); exec_or(op + 1, h, m)
}
@_silgen_name("tern_exec_or_xori") func exec_or_xori(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_or(op, h, m); exec_xori(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_and") func exec_xor_and(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_and(op + 1, h, m)
}
@_silgen_name("tern_exec_and_addw") func exec_and_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_and(op, h, m); exec_addw(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_mv") func exec_addi_mv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_mv(op + 1, h, m)
}
@_silgen_name("tern_exec_addiw_addi") func exec_addiw_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addiw(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_or_addw") func exec_or_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_or(op, h, m); exec_addw(op + 1, h, m)
}
@_silgen_name("tern_exec_sw_addi") func exec_sw_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sw(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_lbu_mv") func exec_lbu_mv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lbu(op, h, m); exec_mv(op + 1, h, m)
}
@_silgen_name("tern_exec_add_add") func exec_add_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_add(op, h, m); exec_add(op + 1, h, m)
}
@_silgen_name("tern_exec_lbu_addi") func exec_lbu_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lbu(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_sub_sltu") func exec_sub_sltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sub(op, h, m); exec_sltu(op + 1, h, m)
}
@_silgen_name("tern_exec_add_sd") func exec_add_sd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_add(op, h, m); exec_sd(op + 1, h, m)
}
@_silgen_name("tern_exec_slli_addi") func exec_slli_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slli(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_mv_jal") func exec_mv_jal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_mv(op, h, m); return exec_jal(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_beq") func exec_ld_beq(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_ld(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) == h.x(b.rs2))
}

// Third round (crc32, sort, hashmap, interp and strbuild).
@_silgen_name("tern_exec_ld_mv") func exec_ld_mv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_ld(op, h, m); exec_mv(op + 1, h, m)
}
@_silgen_name("tern_exec_sd_addi") func exec_sd_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sd(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_xor") func exec_addi_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_xor(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_sb") func exec_addi_sb(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_sb(op + 1, h, m)
}
@_silgen_name("tern_exec_lbu_lbu") func exec_lbu_lbu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lbu(op, h, m); exec_lbu(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_add") func exec_ld_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_ld(op, h, m); exec_add(op + 1, h, m)
}
@_silgen_name("tern_exec_mul_addi") func exec_mul_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_mul(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_andi_slli") func exec_andi_slli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_andi(op, h, m); exec_slli(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_addiw") func exec_xor_addiw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_addiw(op + 1, h, m)
}
@_silgen_name("tern_exec_lbu_srliw") func exec_lbu_srliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lbu(op, h, m); exec_srliw(op + 1, h, m)
}
@_silgen_name("tern_exec_srliw_addi") func exec_srliw_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_srliw(op, h, m); exec_addi(op + 1, h, m)
}
@_silgen_name("tern_exec_xor_andi") func exec_xor_andi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_xor(op, h, m); exec_andi(op + 1, h, m)
}
@_silgen_name("tern_exec_lw_xor") func exec_lw_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lw(op, h, m); exec_xor(op + 1, h, m)
}
@_silgen_name("tern_exec_lw_add") func exec_lw_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_lw(op, h, m); exec_add(op + 1, h, m)
}
@_silgen_name("tern_exec_addi_and") func exec_addi_and(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_addi(op, h, m); exec_and(op + 1, h, m)
}
@_silgen_name("tern_exec_sd_ld") func exec_sd_ld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_sd(op, h, m); exec_ld(op + 1, h, m)
}
@_silgen_name("tern_exec_slli_slli") func exec_slli_slli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    exec_slli(op, h, m); exec_slli(op + 1, h, m)
}
@_silgen_name("tern_exec_ld_bnez") func exec_ld_bnez(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_ld(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != 0)
}
@_silgen_name("tern_exec_ld_bltu") func exec_ld_bltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_ld(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) < h.x(b.rs2))
}
@_silgen_name("tern_exec_lbu_bltu") func exec_lbu_bltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_lbu(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) < h.x(b.rs2))
}
@_silgen_name("tern_exec_addi_jal") func exec_addi_jal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_addi(op, h, m); return exec_jal(op + 1, h, m)
}
@_silgen_name("tern_exec_and_jal") func exec_and_jal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_and(op, h, m); return exec_jal(op + 1, h, m)
}
@_silgen_name("tern_exec_sd_jal") func exec_sd_jal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_sd(op, h, m); return exec_jal(op + 1, h, m)
}
@_silgen_name("tern_exec_add_bne") func exec_add_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    exec_add(op, h, m); let b = op + 1; return takeBranch(b, h, h.x(b.rs1) != h.x(b.rs2))
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let adjacentHandlerGroup = HandlerGroup(handlers: tern_handlers_Adjacent, names: tern_names_Adjacent)
