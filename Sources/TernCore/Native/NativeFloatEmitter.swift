import CoreGlue
import TernSpec

/// A scalar floating-point form of the native tier (`NativeForm.float`).
///
/// TernFloat's values and fflags must come out bit for bit, and x86 differs
/// from RISC-V in NaN results, flags and rounding control, so the arithmetic
/// forms take the host unit only where both provably agree, TernFloat's
/// `HostFloatFormat` argument: the rounding mode is round to nearest even
/// (static, or frm checked at run time) and NX is already accrued, and the
/// result is finite with a magnitude above the smallest normal (or a zero
/// that `zeros` allows). Such a result is correctly rounded alike on both
/// machines, and NX is the only flag the op could raise. Anything else (a
/// NaN or infinite operand or result, a tiny result, another rounding mode,
/// NX still clear, a single-precision operand that is not NaN-boxed) calls
/// the op's body, which computes the whole op.
enum NativeFloatForm: Sendable {
    /// fd = fs1 op fs2 (SSE opcode: 58 add, 59 mul, 5c sub, 5e div), or op fs1
    /// when `unary` (51 sqrt).
    case arith(UInt8, single: Bool, unary: Bool = false, zeros: NativeFloatZeros)
    /// fd = ±(fs1 × fs2) ± fs3 with one rounding: the FMA3 213 opcode (a9
    /// vfmadd, ab vfmsub, ad vfnmadd, af vfnmsub); a body call without host FMA.
    case fused(UInt8, single: Bool)
    /// feq/flt/fle: `ucomis` and `setcc` (condition code) for ordered
    /// operands, which raise no flag; the body when either is NaN.
    case compare(cc: UInt8, single: Bool)
    /// fd = x[rs1] as a double: a 32-bit integer is exact under every mode
    /// (only an invalid dynamic mode calls the body, which traps); a 64-bit
    /// one (`wide`) needs round to nearest even with NX accrued.
    case fromInteger(wide: Bool)
    /// Raw bits, exact always (sign injection, moves): rax = f[rs1] (x[rs1]
    /// when `fromX`), rcx = f[rs2] when `binary`, then `code`, then rax goes
    /// to f[rd] (x[rd] when `toX`). `unbox`: the f sources must be NaN-boxed
    /// single values (else the body, which reads the canonical NaN); `box`:
    /// the result's upper 32 bits are set.
    case bits([UInt8], binary: Bool, fromX: Bool = false, toX: Bool = false, unbox: Bool = false, box: Bool = false)
}

extension NativeFloatForm {
    /// Whether the form needs the rounding mode to be round to nearest even.
    var roundsToNearest: Bool {
        switch self {
        case .arith, .fused: true
        case .fromInteger(let wide): wide
        case .compare, .bits: false
        }
    }

    /// Whether the form reads x[rs1] (in rax when it starts).
    var readsX: Bool {
        switch self {
        case .fromInteger: true
        case .bits(_, _, let fromX, _, _, _): fromX
        default: false
        }
    }

    /// Whether the form writes x[rd] (left in rax).
    var writesX: Bool {
        switch self {
        case .compare: true
        case .bits(_, _, _, let toX, _, _): toX
        default: false
        }
    }

    /// The FP registers `op` reads and writes under this form.
    func floatUses(_ op: TernOp) -> (reads: [UInt8], write: UInt8?) {
        switch self {
        case .arith(_, _, let unary, _): return (unary ? [op.rs1] : [op.rs1, op.rs2], op.rd)
        case .fused: return ([op.rs1, op.rs2, op.rs3], op.rd)
        case .compare: return ([op.rs1, op.rs2], nil)
        case .fromInteger: return ([], op.rd)
        case .bits(_, let binary, let fromX, let toX, _, _):
            let reads: [UInt8] = fromX ? [] : binary ? [op.rs1, op.rs2] : [op.rs1]
            return (reads, toX ? nil : op.rd)
        }
    }
}

/// A zero check run out of line when a result fails the range check: a zero
/// the form allows still takes the fast path (`accept`), anything else calls
/// the body.
struct NativeFloatZeroCheck {
    var entry: X86Assembler.Label
    var accept: X86Assembler.Label
    var zeros: NativeFloatZeros
    var single: Bool
    /// Hart offsets of the operands (a zero product needs a zero factor).
    var operands: [Int]
}

/// Emits the scalar FP forms (`NativeFloatForm`) with FP registers read
/// through the block's `NativeFloatCache`.
struct NativeFloatEmitter {
    /// Hart offsets: fflags, frm (the word after fflags) and f[0].
    let fflagsOffset: Int, frmOffset: Int, fOffset: Int

    init(fflagsOffset: Int, frmOffset: Int, fOffset: Int) {
        precondition(frmOffset == fflagsOffset + 4, "the rounding guard loads fflags and frm as one word")
        self.fflagsOffset = fflagsOffset
        self.frmOffset = frmOffset
        self.fOffset = fOffset
    }

    func f(_ r: UInt8) -> Int { fOffset + Int(r) * 8 }

    /// What the compiler adds around one emitted op.
    struct Emitted {
        /// Whether code jumps to the out-of-line body call.
        var usesSlow = false
        var zeroCheck: NativeFloatZeroCheck?
    }

    /// Emits `op` in `form`; `slow` is the out-of-line body call, which
    /// rejoins at the label bound right after. x[rs1] is in rax when the form
    /// reads an x register; an x result is left in rax. With `environmentKnown`
    /// (frm = RNE and NX set, established earlier in the block by a vector FP
    /// op's guard: `NativeVectorKnowledge.floatReady`) the rounding guards are left out.
    func emit(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, _ op: TernOp, _ form: NativeFloatForm,
              slow: X86Assembler.Label, environmentKnown: Bool = false) -> Emitted {
        var out = Emitted()
        if form.roundsToNearest && !environmentKnown {
            if op.aux & 0xffff == 7 {
                // fflags (at most 0x1f) and frm (the next word) in one load:
                // NX set and frm = 0 leave no bit outside 0x1e once bit 0 is flipped.
                a.load(.rcx, state: fflagsOffset)                  // mov rcx, [fflags]: frm << 32 | fflags
                a.emit(0x48, 0x83, 0xf1, 0x01)                     // xor rcx, 1
                a.emit(0x48, 0xf7, 0xc1); a.emit32(~0x1e)          // test rcx, ~0x1e
                a.jcc(0x5, slow)                                   // jnz: NX clear or frm not RNE
            } else {
                a.testByte(state: fflagsOffset, 1)
                a.jcc(0x4, slow)                                   // jz: NX not accrued yet
            }
            out.usesSlow = true
        }
        switch form {
        case .arith(let opcode, let single, let unary, let zeros):
            out.usesSlow = true                                    // the range check's failure
            if single { unboxed(&a, unary ? [op.rs1] : [op.rs1, op.rs2], slow) }
            let p: UInt8 = single ? 0xf3 : 0xf2
            if unary {
                operate(&a, &cache, p, opcode, 0, op.rs1)          // sqrt xmm0, fs1
            } else {
                copy(&a, &cache, into: 0, op.rs1)
                operate(&a, &cache, p, opcode, 0, op.rs2)          // op xmm0, fs2
            }
            let check = a.newLabel(), accept = a.newLabel()
            rangeCheck(&a, single: single, failing: zeros == .never ? slow : check)
            a.bind(accept)
            if zeros != .never {
                out.zeroCheck = NativeFloatZeroCheck(entry: check, accept: accept, zeros: zeros, single: single,
                                                     operands: unary ? [f(op.rs1)] : [f(op.rs1), f(op.rs2)])
            }
            writeResult(&a, &cache, op.rd, single: single)
        case .fused(let opcode, let single):
            out.usesSlow = true                                    // the range check's failure
            if single { unboxed(&a, [op.rs1, op.rs2, op.rs3], slow) }
            copy(&a, &cache, into: 0, op.rs1)
            let b = register(&a, &cache, op.rs2, scratch: 1)
            var c = X86Assembler.VexOperand.memory(base: .rbx, disp: f(op.rs3))
            if let x = operand(&a, &cache, op.rs3) { c = .register(x) }
            a.vex(.x0F38, .x66, opcode, reg: 0, vvvv: b, rm: c, wide: false, w: !single)  // xmm0 = fs2 · xmm0 ± fs3
            rangeCheck(&a, single: single, failing: slow)
            writeResult(&a, &cache, op.rd, single: single)
        case .compare(let cc, let single):
            if single { unboxed(&a, [op.rs1, op.rs2], slow) }
            let lhs = register(&a, &cache, op.rs1, scratch: 0)
            if let rhs = operand(&a, &cache, op.rs2) {
                a.sse(single ? nil : 0x66, 0x2e, reg: lhs, rm: rhs)          // ucomis lhs, fs2
            } else {
                a.sse(single ? nil : 0x66, 0x2e, reg: lhs, state: f(op.rs2))
            }
            a.jcc(0xa, slow)                                       // jp: unordered (a NaN)
            out.usesSlow = true
            a.emit(0x0f, 0x90 | cc, 0xc0)                          // setcc al
            a.emit(0x0f, 0xb6, 0xc0)                               // movzx eax, al
        case .fromInteger(let wide):
            if !wide && op.aux & 0xffff == 7 && !environmentKnown {
                a.cmp32(state: frmOffset, 4)
                a.jcc(0x7, slow)                                   // ja: an invalid dynamic rounding mode
                out.usesSlow = true
            }
            a.sse(0xf2, 0x2a, reg: 0, rm: 0, wide: wide)           // cvtsi2sd xmm0, eax/rax
            a.sse(0xf2, 0x11, reg: 0, state: f(op.rd))             // movsd f[rd], xmm0
            if let d = cache.slot(of: op.rd) {
                a.sse(0x66, 0x28, reg: d, rm: 0)                   // movapd xmm(rd), xmm0
                cache.validate(op.rd)
            }
        case .bits(let code, let binary, let fromX, let toX, let unbox, let box):
            if unbox { unboxed(&a, binary ? [op.rs1, op.rs2] : [op.rs1], slow); out.usesSlow = true }
            if binary { load(&a, cache, .rcx, op.rs2) }
            if !fromX { load(&a, cache, .rax, op.rs1) }
            a.bytes(code)
            if box {
                a.movImm(.rcx, 0xffff_ffff_0000_0000)
                a.emit(0x48, 0x09, 0xc8)                           // or rax, rcx
            }
            if !toX {
                a.store(.rax, state: f(op.rd))
                if let d = cache.slot(of: op.rd) {
                    a.sse(0x66, 0x6e, reg: d, rm: 0, wide: true)   // movq xmm(rd), rax
                    cache.validate(op.rd)
                }
            }
        }
        return out
    }

    /// Jumps to `slow` unless each of `regs` holds a NaN-boxed single value.
    private func unboxed(_ a: inout X86Assembler, _ regs: [UInt8], _ slow: X86Assembler.Label) {
        for r in Set(regs).sorted() {
            a.cmp32(state: f(r) + 4, -1)
            a.jcc(0x5, slow)                                       // jne: not boxed
        }
    }

    /// The xmm register holding f[r] now, loading it into its own register
    /// when it has one; nil when f[r] has none (use it from the hart).
    private func operand(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, _ r: UInt8) -> UInt8? {
        if let x = cache.xmm(of: r) { return x }
        guard let x = cache.slot(of: r) else { return nil }
        a.sse(0xf2, 0x10, reg: x, state: f(r))                     // movsd xmm(r), f[r]
        cache.validate(r)
        return x
    }

    /// An xmm register holding f[r]: its own, else `scratch` loaded.
    private func register(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, _ r: UInt8, scratch: UInt8) -> UInt8 {
        if let x = operand(&a, &cache, r) { return x }
        a.sse(0xf2, 0x10, reg: scratch, state: f(r))               // movsd scratch, f[r]
        return scratch
    }

    /// xmm`d` = f[r].
    private func copy(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, into d: UInt8, _ r: UInt8) {
        if let x = operand(&a, &cache, r) {
            a.sse(0x66, 0x28, reg: d, rm: x)                       // movapd xmm d, xmm(r)
        } else {
            a.sse(0xf2, 0x10, reg: d, state: f(r))                 // movsd xmm d, f[r]
        }
    }

    /// `op xmm d, f[r]` with prefix `p` (f2: double, f3: single).
    private func operate(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, _ p: UInt8, _ opcode: UInt8,
                         _ d: UInt8, _ r: UInt8) {
        if let x = operand(&a, &cache, r) {
            a.sse(p, opcode, reg: d, rm: x)
        } else {
            a.sse(p, opcode, reg: d, state: f(r))
        }
    }

    /// A general register = f[r] (from its xmm copy when current).
    private func load(_ a: inout X86Assembler, _ cache: NativeFloatCache, _ dst: X86Assembler.Reg, _ r: UInt8) {
        if let x = cache.xmm(of: r) {
            a.sse(0x66, 0x7e, reg: x, rm: dst.rawValue, wide: true)  // movq dst, xmm(r)
        } else {
            a.load(dst, state: f(r))
        }
    }

    /// rax = xmm0's bits; jumps to `failing` unless they are a normal number
    /// with biased exponent 2...max − 1 (TernFloat's safe range: above the
    /// smallest normal, finite).
    private func rangeCheck(_ a: inout X86Assembler, single: Bool, failing: X86Assembler.Label) {
        if single {
            a.sse(0x66, 0x7e, reg: 0, rm: 0)                       // movd eax, xmm0
            a.emit(0x8d, 0x0c, 0x00)                               // lea ecx, [rax + rax]
            a.emit(0xc1, 0xe9, 24)                                 // shr ecx, 24: the exponent
            a.emit(0x83, 0xe9, 0x02)                               // sub ecx, 2
            a.emit(0x81, 0xf9); a.emit32(252)                      // cmp ecx, 252
        } else {
            a.sse(0x66, 0x7e, reg: 0, rm: 0, wide: true)           // movq rax, xmm0
            a.emit(0x48, 0x8d, 0x0c, 0x00)                         // lea rcx, [rax + rax]
            a.emit(0x48, 0xc1, 0xe9, 53)                           // shr rcx, 53: the exponent
            a.emit(0x83, 0xe9, 0x02)                               // sub ecx, 2
            a.emit(0x81, 0xf9); a.emit32(2044)                     // cmp ecx, 2044
        }
        a.jcc(0x7, failing)                                        // ja
    }

    /// f[rd] = the result (xmm0, its bits in rax), NaN-boxed when single.
    private func writeResult(_ a: inout X86Assembler, _ cache: inout NativeFloatCache, _ rd: UInt8, single: Bool) {
        if single {
            a.movImm(.rcx, 0xffff_ffff_0000_0000)
            a.emit(0x48, 0x09, 0xc8)                               // or rax, rcx
            a.store(.rax, state: f(rd))
            if let d = cache.slot(of: rd) {
                a.sse(0x66, 0x6e, reg: d, rm: 0, wide: true)       // movq xmm(rd), rax
                cache.validate(rd)
            }
        } else {
            a.sse(0xf2, 0x11, reg: 0, state: f(rd))               // movsd f[rd], xmm0
            if let d = cache.slot(of: rd) {
                a.sse(0x66, 0x28, reg: d, rm: 0)                   // movapd xmm(rd), xmm0
                cache.validate(rd)
            }
        }
    }

    /// The zero check (out of line; the result's bits in rax): jumps to
    /// `accept` for an allowed zero, else falls through into the body call.
    func emit(_ a: inout X86Assembler, _ z: NativeFloatZeroCheck) {
        a.bind(z.entry)
        let call = a.newLabel()
        if z.single {
            a.emit(0x8d, 0x0c, 0x00)                               // lea ecx, [rax + rax]
            a.emit(0x85, 0xc9)                                     // test ecx, ecx
        } else {
            a.emit(0x48, 0x8d, 0x0c, 0x00)                         // lea rcx, [rax + rax]
            a.emit(0x48, 0x85, 0xc9)                               // test rcx, rcx
        }
        a.jcc(0x5, call)                                           // jnz: not a zero
        if z.zeros == .zeroFactor {
            for disp in z.operands {
                a.load(.rcx, state: disp)
                if z.single {
                    a.emit(0x01, 0xc9)                             // add ecx, ecx: zero for ±0
                } else {
                    a.emit(0x48, 0x01, 0xc9)                       // add rcx, rcx: zero for ±0
                }
                a.jcc(0x4, z.accept)                               // jz: a zero factor
            }
        } else {
            a.jmp(z.accept)
        }
        a.bind(call)
    }
}
