import CoreGlue
import CoreGlue.ThreadedGlue

// Zba, Zbb, Zbc, Zbs, Zicond, Zimop and the cache-block operations.
// W forms operate on the low 32 bits and sign-extend the 32-bit result.

@inline(__always) private func rr(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) {
    h.setX(op.rd, f(h.x(op.rs1), h.x(op.rs2)))
}
@inline(__always) private func ri(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) {
    h.setX(op.rd, f(h.x(op.rs1), op.uimm))
}
@inline(__always) private func un(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64) -> UInt64) {
    h.setX(op.rd, f(h.x(op.rs1)))
}
@inline(__always) private func sext32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }
@inline(__always) private func lo(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
@inline(__always) private func s(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
@inline(__always) private func rotr(_ v: UInt64, _ n: UInt64) -> UInt64 { v &>> (n & 63) | v &<< ((64 &- n) & 63) }
@inline(__always) private func rotr32(_ v: UInt32, _ n: UInt64) -> UInt32 {
    let k = UInt32(n & 31)
    return v &>> k | v &<< ((32 &- k) & 31)
}

/// Carry-less product of `a` and `b` as (high, low) 64-bit halves.
@inline(__always) func carrylessProduct(_ a: UInt64, _ b: UInt64) -> (high: UInt64, low: UInt64) {
    var low: UInt64 = 0, high: UInt64 = 0
    var m = b
    while m != 0 {
        let i = UInt64(m.trailingZeroBitCount)
        low ^= a &<< i
        if i != 0 { high ^= a &>> (64 - i) }
        m &= m &- 1
    }
    return (high, low)
}

// Zba.
@inline(__always) @_silgen_name("tern_exec_add_uw") func exec_add_uw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { UInt64(lo($0)) &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh1add") func exec_sh1add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &<< 1 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh2add") func exec_sh2add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &<< 2 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh3add") func exec_sh3add(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 &<< 3 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh1add_uw") func exec_sh1add_uw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { UInt64(lo($0)) &<< 1 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh2add_uw") func exec_sh2add_uw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { UInt64(lo($0)) &<< 2 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_sh3add_uw") func exec_sh3add_uw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { UInt64(lo($0)) &<< 3 &+ $1 } }
@inline(__always) @_silgen_name("tern_exec_slli_uw") func exec_slli_uw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { UInt64(lo($0)) &<< ($1 & 63) } }

// Zbb.
@inline(__always) @_silgen_name("tern_exec_andn") func exec_andn(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 & ~$1 } }
@inline(__always) @_silgen_name("tern_exec_orn") func exec_orn(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 | ~$1 } }
@inline(__always) @_silgen_name("tern_exec_xnor") func exec_xnor(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { ~($0 ^ $1) } }
@inline(__always) @_silgen_name("tern_exec_clz") func exec_clz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64($0.leadingZeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_clzw") func exec_clzw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64(lo($0).leadingZeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_ctz") func exec_ctz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64($0.trailingZeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_ctzw") func exec_ctzw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64(lo($0).trailingZeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_cpop") func exec_cpop(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64($0.nonzeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_cpopw") func exec_cpopw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64(lo($0).nonzeroBitCount) } }
@inline(__always) @_silgen_name("tern_exec_max") func exec_max(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { s($0) < s($1) ? $1 : $0 } }
@inline(__always) @_silgen_name("tern_exec_maxu") func exec_maxu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 < $1 ? $1 : $0 } }
@inline(__always) @_silgen_name("tern_exec_min") func exec_min(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { s($0) < s($1) ? $0 : $1 } }
@inline(__always) @_silgen_name("tern_exec_minu") func exec_minu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 < $1 ? $0 : $1 } }
@inline(__always) @_silgen_name("tern_exec_sext_b") func exec_sext_b(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: $0))) } }
@inline(__always) @_silgen_name("tern_exec_sext_h") func exec_sext_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: $0))) } }
@inline(__always) @_silgen_name("tern_exec_zext_h") func exec_zext_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { $0 & 0xffff } }
@inline(__always) @_silgen_name("tern_exec_rol") func exec_rol(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { rotr($0, (64 &- ($1 & 63)) & 63) } }
@inline(__always) @_silgen_name("tern_exec_rolw") func exec_rolw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { sext32(rotr32(lo($0), (32 &- ($1 & 31)) & 31)) } }
@inline(__always) @_silgen_name("tern_exec_ror") func exec_ror(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { rotr($0, $1) } }
@inline(__always) @_silgen_name("tern_exec_rori") func exec_rori(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { rotr($0, $1) } }
@inline(__always) @_silgen_name("tern_exec_roriw") func exec_roriw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { sext32(rotr32(lo($0), $1)) } }
@inline(__always) @_silgen_name("tern_exec_rorw") func exec_rorw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { sext32(rotr32(lo($0), $1)) } }
@inline(__always) @_silgen_name("tern_exec_orc_b") func exec_orc_b(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    un(op, h) { v in
        // Each byte becomes 0xff when nonzero: set the high bit of nonzero bytes, then spread it.
        let high = ((v & 0x7f7f_7f7f_7f7f_7f7f) &+ 0x7f7f_7f7f_7f7f_7f7f | v) & 0x8080_8080_8080_8080
        return (high >> 7) &* 0xff
    }
}
@inline(__always) @_silgen_name("tern_exec_rev8") func exec_rev8(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { un(op, h) { $0.byteSwapped } }

// Zbc.
@inline(__always) @_silgen_name("tern_exec_clmul") func exec_clmul(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { carrylessProduct($0, $1).low } }
@inline(__always) @_silgen_name("tern_exec_clmulh") func exec_clmulh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { carrylessProduct($0, $1).high } }
@inline(__always) @_silgen_name("tern_exec_clmulr") func exec_clmulr(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    // Bits 126:63 of the 128-bit product.
    rr(op, h) { a, b in let p = carrylessProduct(a, b); return p.high << 1 | p.low >> 63 }
}

// Zbs.
@inline(__always) @_silgen_name("tern_exec_bclr") func exec_bclr(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 & ~(1 &<< ($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_bclri") func exec_bclri(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 & ~(1 &<< ($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_bext") func exec_bext(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { ($0 &>> ($1 & 63)) & 1 } }
@inline(__always) @_silgen_name("tern_exec_bexti") func exec_bexti(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { ($0 &>> ($1 & 63)) & 1 } }
@inline(__always) @_silgen_name("tern_exec_binv") func exec_binv(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 ^ (1 &<< ($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_binvi") func exec_binvi(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 ^ (1 &<< ($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_bset") func exec_bset(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $0 | (1 &<< ($1 & 63)) } }
@inline(__always) @_silgen_name("tern_exec_bseti") func exec_bseti(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { ri(op, h) { $0 | (1 &<< ($1 & 63)) } }

// Zicond.
@inline(__always) @_silgen_name("tern_exec_czero_eqz") func exec_czero_eqz(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $1 == 0 ? 0 : $0 } }
@inline(__always) @_silgen_name("tern_exec_czero_nez") func exec_czero_nez(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { rr(op, h) { $1 != 0 ? 0 : $0 } }

// Zimop: mop.r.n and mop.rr.n write 0 to rd.
@inline(__always) @_silgen_name("tern_exec_mop") func exec_mop(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, 0) }

/// Size of a cache block (the Zicbom/Zicboz block size Tern reports).
public let cacheBlockSize: UInt64 = 64

// cbo.clean, cbo.flush, cbo.inval: no cache to manage, but the block must be
// accessible: an unmapped block faults as a load would.
@inline(__always) @_silgen_name("tern_exec_cbo_probe") func exec_cbo_probe(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let a = effectiveAddress(op, h, base: h.x(op.rs1) & ~(cacheBlockSize - 1), store: false)
    _ = UnsafeRawPointer(m).advanced(by: a).load(as: UInt8.self)
}
// cbo.zero: zeroes the whole 64-byte block holding the address.
@inline(__always) @_silgen_name("tern_exec_cbo_zero") func exec_cbo_zero(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let a = effectiveAddress(op, h, base: h.x(op.rs1) & ~(cacheBlockSize - 1), store: true)
    let p = UnsafeMutableRawPointer(m).advanced(by: a)
    for k in 0..<Int(cacheBlockSize / 8) { p.storeBytes(of: 0 as UInt64, toByteOffset: 8 * k, as: UInt64.self) }
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let bitManipHandlerGroup = HandlerGroup(handlers: tern_handlers_BitManip, names: tern_names_BitManip)
