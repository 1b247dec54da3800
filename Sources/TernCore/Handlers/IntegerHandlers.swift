import CoreGlue
import CoreGlue.ThreadedGlue

// RV64I and M register-register and register-immediate handlers.
// Division follows the spec: x/0 = -1 (all ones), x%0 = x, MIN/-1 = MIN, MIN%-1 = 0.

@inline(__always) private func rr(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) {
    h.setX(op.rd, f(h.x(op.rs1), h.x(op.rs2)))
}
@inline(__always) private func ri(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) {
    h.setX(op.rd, f(h.x(op.rs1), op.uimm))
}
@inline(__always) private func sext32(_ v: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v))) }
@inline(__always) private func s(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
@inline(__always) private func u(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

@inline(__always) @_silgen_name("tern_exec_add") func exec_add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sub") func exec_sub(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &- $1 } }
@inline(__always) @_silgen_name("tern_exec_sll") func exec_sll(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &<< ($1 & 63) } }
@inline(__always) @_silgen_name("tern_exec_slt") func exec_slt(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { s($0) < s($1) ? 1 : 0 } }
@inline(__always) @_silgen_name("tern_exec_sltu") func exec_sltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 < $1 ? 1 : 0 } }
@inline(__always) @_silgen_name("tern_exec_xor_") func exec_xor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 ^ $1 } }
@inline(__always) @_silgen_name("tern_exec_srl") func exec_srl(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &>> ($1 & 63) } }
@inline(__always) @_silgen_name("tern_exec_sra") func exec_sra(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { u(s($0) &>> s($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_or_") func exec_or(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 | $1 } }
@inline(__always) @_silgen_name("tern_exec_and_") func exec_and(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 & $1 } }
@inline(__always) @_silgen_name("tern_exec_addw") func exec_addw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { sext32($0 &+ $1) } }
@inline(__always) @_silgen_name("tern_exec_subw") func exec_subw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { sext32($0 &- $1) } }
@inline(__always) @_silgen_name("tern_exec_sllw") func exec_sllw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { sext32(UInt64(UInt32(truncatingIfNeeded: $0) &<< UInt32($1 & 31))) }
}
@inline(__always) @_silgen_name("tern_exec_srlw") func exec_srlw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { sext32(UInt64(UInt32(truncatingIfNeeded: $0) &>> UInt32($1 & 31))) }
}
@inline(__always) @_silgen_name("tern_exec_sraw") func exec_sraw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { u(Int64(Int32(truncatingIfNeeded: $0) &>> Int32($1 & 31))) }
}

// M extension.
@inline(__always) @_silgen_name("tern_exec_mul") func exec_mul(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &* $1 } }
@inline(__always) @_silgen_name("tern_exec_mulh") func exec_mulh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { u(s($0).multipliedFullWidth(by: s($1)).high) }
}
@inline(__always) @_silgen_name("tern_exec_mulhu") func exec_mulhu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { $0.multipliedFullWidth(by: $1).high }
}
@inline(__always) @_silgen_name("tern_exec_mulhsu") func exec_mulhsu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        // signed(a) * unsigned(b): unsigned high part, corrected when a < 0.
        let hi = a.multipliedFullWidth(by: b).high
        return s(a) < 0 ? hi &- b : hi
    }
}
@inline(__always) @_silgen_name("tern_exec_div") func exec_div(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        if b == 0 { return .max }
        if s(a) == .min && s(b) == -1 { return a }
        return u(s(a) / s(b))
    }
}
@inline(__always) @_silgen_name("tern_exec_divu") func exec_divu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $1 == 0 ? .max : $0 / $1 } }
@inline(__always) @_silgen_name("tern_exec_rem") func exec_rem(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        if b == 0 { return a }
        if s(a) == .min && s(b) == -1 { return 0 }
        return u(s(a) % s(b))
    }
}
@inline(__always) @_silgen_name("tern_exec_remu") func exec_remu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $1 == 0 ? $0 : $0 % $1 } }
@inline(__always) @_silgen_name("tern_exec_mulw") func exec_mulw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { sext32($0 &* $1) } }
@inline(__always) @_silgen_name("tern_exec_divw") func exec_divw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return .max }
        if x == .min && y == -1 { return sext32(UInt64(UInt32(bitPattern: x))) }
        return u(Int64(x / y))
    }
}
@inline(__always) @_silgen_name("tern_exec_divuw") func exec_divuw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        let x = UInt32(truncatingIfNeeded: a), y = UInt32(truncatingIfNeeded: b)
        return y == 0 ? .max : sext32(UInt64(x / y))
    }
}
@inline(__always) @_silgen_name("tern_exec_remw") func exec_remw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return u(Int64(x)) }
        if x == .min && y == -1 { return 0 }
        return u(Int64(x % y))
    }
}
@inline(__always) @_silgen_name("tern_exec_remuw") func exec_remuw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    rr(op, h) { a, b in
        let x = UInt32(truncatingIfNeeded: a), y = UInt32(truncatingIfNeeded: b)
        return sext32(UInt64(y == 0 ? x : x % y))
    }
}

// Register-immediate forms (imm pre-extended; shifts carry the shamt).
@inline(__always) @_silgen_name("tern_exec_addi") func exec_addi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_slti") func exec_slti(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { s($0) < s($1) ? 1 : 0 } }
@inline(__always) @_silgen_name("tern_exec_sltiu") func exec_sltiu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 < $1 ? 1 : 0 } }
@inline(__always) @_silgen_name("tern_exec_xori") func exec_xori(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 ^ $1 } }
@inline(__always) @_silgen_name("tern_exec_ori") func exec_ori(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 | $1 } }
@inline(__always) @_silgen_name("tern_exec_andi") func exec_andi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 & $1 } }
@inline(__always) @_silgen_name("tern_exec_slli") func exec_slli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 &<< ($1 & 63) } }
@inline(__always) @_silgen_name("tern_exec_srli") func exec_srli(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 &>> ($1 & 63) } }
@inline(__always) @_silgen_name("tern_exec_srai") func exec_srai(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { u(s($0) &>> s($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_addiw") func exec_addiw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { sext32($0 &+ $1) } }
@inline(__always) @_silgen_name("tern_exec_slliw") func exec_slliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    ri(op, h) { sext32(UInt64(UInt32(truncatingIfNeeded: $0) &<< UInt32($1 & 31))) }
}
@inline(__always) @_silgen_name("tern_exec_srliw") func exec_srliw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    ri(op, h) { sext32(UInt64(UInt32(truncatingIfNeeded: $0) &>> UInt32($1 & 31))) }
}
@inline(__always) @_silgen_name("tern_exec_sraiw") func exec_sraiw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    ri(op, h) { u(Int64(Int32(truncatingIfNeeded: $0) &>> Int32($1 & 31))) }
}

// Forms specialised at translate time.
@inline(__always) @_silgen_name("tern_exec_li") func exec_li(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, op.uimm) }
@inline(__always) @_silgen_name("tern_exec_mv") func exec_mv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, h.x(op.rs1)) }
@inline(__always) @_silgen_name("tern_exec_nop") func exec_nop(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {}
@inline(__always) @_silgen_name("tern_exec_fence") func exec_fence(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { tern_fence() }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let integerHandlerGroup = HandlerGroup(handlers: tern_handlers_Integer, names: tern_names_Integer)
