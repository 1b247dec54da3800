import CoreGlue
import CoreGlue.ThreadedGlue

// Superinstructions (TERN_PAIR / fused TERN_TERM) and branches against x0.
//
// A pair runs two guest instructions in one dispatch. `op` is the first
// instruction's record and `op + 1` the second's, each with its own operands;
// the fusion pass only pairs them when the second reads the first's rd as rs1
// (Translator/Fusion.swift), so the intermediate value stays in a host register.
// Both results are written: the first rd may be live after the pair.

@inline(__always) private func sext32(_ v: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v))) }
@inline(__always) private func s(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }

/// The second record of a pair.
@inline(__always) private func second(_ op: OpPtr) -> OpPtr { op.advanced(by: 1) }

/// First half of a pair: `x[rd] = f(x[rs1], imm)`; returns the value.
@inline(__always)
private func firstImm(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) -> UInt64 {
    let v = f(h.x(op.rs1), op.uimm)
    h.setX(op.rd, v)
    return v
}

/// First half of a pair: `x[rd] = f(x[rs1], x[rs2])`; returns the value.
@inline(__always)
private func firstReg(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) -> UInt64 {
    let v = f(h.x(op.rs1), h.x(op.rs2))
    h.setX(op.rd, v)
    return v
}

/// Second half, register-register ALU op whose rs1 is the first's result `v`.
@inline(__always)
private func thenReg(_ op: OpPtr, _ h: HartPtr, _ v: UInt64, _ f: (UInt64, UInt64) -> UInt64) {
    let b = second(op)
    h.setX(b.rd, f(v, h.x(b.rs2)))
}

/// Second half, register-immediate ALU op whose rs1 is the first's result `v`.
@inline(__always)
private func thenImm(_ op: OpPtr, _ h: HartPtr, _ v: UInt64, _ f: (UInt64, UInt64) -> UInt64) {
    let b = second(op)
    h.setX(b.rd, f(v, b.uimm))
}

/// Second half, a load whose base register is the first's result `v`.
@inline(__always)
private func thenLoad<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _ v: UInt64, _: T.Type) -> T {
    let b = second(op)
    let a = effectiveAddress(b, h, base: v, store: false)
    return UnsafeRawPointer(m).advanced(by: a).loadUnaligned(as: T.self)
}

/// Leaves the block through the conditional branch in record `b`.
@inline(__always)
func takeBranch(_ b: OpPtr, _ h: HartPtr, _ taken: Bool) -> OpPtr? {
    taken ? leave(to: b.uimm, slot: 0, b, h)
          : leave(to: b.pointee.pc &+ UInt64(b.rs3), slot: 1, b, h)
}

// MARK: ALU pairs

/// `slli t, a, k; add d, t, b`: scaled index (sh1add..sh3add).
@inline(__always) @_silgen_name("tern_exec_slli_add") func exec_slli_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    thenReg(op, h, firstImm(op, h) { $0 &<< ($1 & 63) }) { $0 &+ $1 }
}
/// `slli t, a, k; srli d, t, j`: zero-extension and bit-field extraction.
@inline(__always) @_silgen_name("tern_exec_slli_srli") func exec_slli_srli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    thenImm(op, h, firstImm(op, h) { $0 &<< ($1 & 63) }) { $0 &>> ($1 & 63) }
}
/// `srli t, a, k; xor d, t, b`.
@inline(__always) @_silgen_name("tern_exec_srli_xor") func exec_srli_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    thenReg(op, h, firstImm(op, h) { $0 &>> ($1 & 63) }) { $0 ^ $1 }
}
/// `slli t, a, k; or d, t, b`: rotates and byte assembly.
@inline(__always) @_silgen_name("tern_exec_slli_or") func exec_slli_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    thenReg(op, h, firstImm(op, h) { $0 &<< ($1 & 63) }) { $0 | $1 }
}

// MARK: address + load pairs

/// `add t, a, b; ld d, imm(t)`.
@inline(__always) @_silgen_name("tern_exec_add_ld") func exec_add_ld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let v = firstReg(op, h) { $0 &+ $1 }
    h.setX(second(op).rd, thenLoad(op, h, m, v, UInt64.self))
}
/// `add t, a, b; lw d, imm(t)`.
@inline(__always) @_silgen_name("tern_exec_add_lw") func exec_add_lw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let v = firstReg(op, h) { $0 &+ $1 }
    h.setX(second(op).rd, UInt64(bitPattern: Int64(thenLoad(op, h, m, v, Int32.self))))
}
/// `add t, a, b; lbu d, imm(t)`.
@inline(__always) @_silgen_name("tern_exec_add_lbu") func exec_add_lbu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let v = firstReg(op, h) { $0 &+ $1 }
    h.setX(second(op).rd, UInt64(thenLoad(op, h, m, v, UInt8.self)))
}

// MARK: counter update + branch (fused terminators: `op + 1` is the branch)

/// `addi t, a, imm; bne t, b, target`.
@inline(__always) @_silgen_name("tern_exec_addi_bne") func exec_addi_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let v = firstImm(op, h) { $0 &+ $1 }
    return takeBranch(second(op), h, v != h.x(second(op).rs2))
}
/// `addi t, a, imm; blt t, b, target`.
@inline(__always) @_silgen_name("tern_exec_addi_blt") func exec_addi_blt(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let v = firstImm(op, h) { $0 &+ $1 }
    return takeBranch(second(op), h, s(v) < s(h.x(second(op).rs2)))
}
/// `addi t, a, imm; bltu t, b, target`.
@inline(__always) @_silgen_name("tern_exec_addi_bltu") func exec_addi_bltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let v = firstImm(op, h) { $0 &+ $1 }
    return takeBranch(second(op), h, v < h.x(second(op).rs2))
}
/// `addiw t, a, imm; bne t, b, target`.
@inline(__always) @_silgen_name("tern_exec_addiw_bne") func exec_addiw_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let v = firstImm(op, h) { sext32($0 &+ $1) }
    return takeBranch(second(op), h, v != h.x(second(op).rs2))
}

// MARK: branches against x0 (rs2 = x0; one register read)

@inline(__always) @_silgen_name("tern_exec_beqz") func exec_beqz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { takeBranch(op, h, h.x(op.rs1) == 0) }
@inline(__always) @_silgen_name("tern_exec_bnez") func exec_bnez(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { takeBranch(op, h, h.x(op.rs1) != 0) }
@inline(__always) @_silgen_name("tern_exec_bltz") func exec_bltz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { takeBranch(op, h, s(h.x(op.rs1)) < 0) }
@inline(__always) @_silgen_name("tern_exec_bgez") func exec_bgez(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { takeBranch(op, h, s(h.x(op.rs1)) >= 0) }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let fusedHandlerGroup = HandlerGroup(handlers: tern_handlers_Fused, names: tern_names_Fused)
