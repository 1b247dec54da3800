/// Zba, Zbb, Zbc, Zbs, Zicond and Zimop results, written from the pseudo-code of
/// the specification's bit-manipulation, Zicond and Zimop chapters (bit loops
/// rather than the engine's host intrinsics).
enum ReferenceBitManip {
    /// The value written to rd by `op` with rs1 = `a`, rs2 = `b` and the
    /// immediate (shift amount) `imm`, or nil when it is not one of these.
    static func evaluate(_ op: ReferenceOpcode, _ a: UInt64, _ b: UInt64, _ imm: UInt64) -> UInt64? {
        let w = a & 0xffff_ffff                     // ZEXT.W(rs1)
        switch op {
        case .addUw: return w &+ b
        case .sh1add: return (a << 1) &+ b
        case .sh2add: return (a << 2) &+ b
        case .sh3add: return (a << 3) &+ b
        case .sh1addUw: return (w << 1) &+ b
        case .sh2addUw: return (w << 2) &+ b
        case .sh3addUw: return (w << 3) &+ b
        case .slliUw: return w << (imm & 63)
        case .andn: return a & ~b
        case .orn: return a | ~b
        case .xnor: return ~(a ^ b)
        case .clz: return countLeadingZeros(a, width: 64)
        case .clzw: return countLeadingZeros(w, width: 32)
        case .ctz: return countTrailingZeros(a, width: 64)
        case .ctzw: return countTrailingZeros(w, width: 32)
        case .cpop: return population(a, width: 64)
        case .cpopw: return population(w, width: 32)
        case .max: return Int64(bitPattern: a) >= Int64(bitPattern: b) ? a : b
        case .maxu: return a >= b ? a : b
        case .min: return Int64(bitPattern: a) <= Int64(bitPattern: b) ? a : b
        case .minu: return a <= b ? a : b
        case .sextB: return signExtend(a, bits: 8)
        case .sextH: return signExtend(a, bits: 16)
        case .zextH: return a & 0xffff
        case .rol: return rotateLeft(a, Int(b & 63), width: 64)
        case .rolw: return signExtend(rotateLeft(w, Int(b & 31), width: 32), bits: 32)
        case .ror: return rotateLeft(a, (64 - Int(b & 63)) % 64, width: 64)
        case .rori: return rotateLeft(a, (64 - Int(imm & 63)) % 64, width: 64)
        case .rorw: return signExtend(rotateLeft(w, (32 - Int(b & 31)) % 32, width: 32), bits: 32)
        case .roriw: return signExtend(rotateLeft(w, (32 - Int(imm & 31)) % 32, width: 32), bits: 32)
        case .orcB:
            var out: UInt64 = 0
            for byte in 0..<8 where (a >> (8 * UInt64(byte))) & 0xff != 0 { out |= 0xff << (8 * UInt64(byte)) }
            return out
        case .rev8:
            var out: UInt64 = 0
            for byte in 0..<8 { out |= ((a >> (8 * UInt64(byte))) & 0xff) << (8 * UInt64(7 - byte)) }
            return out
        case .clmul:
            var out: UInt64 = 0
            for i in 0..<64 where (b >> UInt64(i)) & 1 == 1 { out ^= a << UInt64(i) }
            return out
        case .clmulh:
            var out: UInt64 = 0
            for i in 1..<64 where (b >> UInt64(i)) & 1 == 1 { out ^= a >> UInt64(64 - i) }
            return out
        case .clmulr:
            var out: UInt64 = 0
            for i in 0..<64 where (b >> UInt64(i)) & 1 == 1 { out ^= a >> UInt64(63 - i) }
            return out
        case .bclr: return a & ~(1 << (b & 63))
        case .bclri: return a & ~(1 << (imm & 63))
        case .bext: return (a >> (b & 63)) & 1
        case .bexti: return (a >> (imm & 63)) & 1
        case .binv: return a ^ (1 << (b & 63))
        case .binvi: return a ^ (1 << (imm & 63))
        case .bset: return a | (1 << (b & 63))
        case .bseti: return a | (1 << (imm & 63))
        case .czeroEqz: return b == 0 ? 0 : a
        case .czeroNez: return b != 0 ? 0 : a
        default:
            // Zimop: mop.r.N and mop.rr.N write zero (no extension redefines them).
            if op.extension == .zimop { return 0 }
            return nil
        }
    }

    private static func countLeadingZeros(_ v: UInt64, width: Int) -> UInt64 {
        var n: UInt64 = 0
        for i in stride(from: width - 1, through: 0, by: -1) {
            if (v >> UInt64(i)) & 1 == 1 { break }
            n += 1
        }
        return n
    }

    private static func countTrailingZeros(_ v: UInt64, width: Int) -> UInt64 {
        var n: UInt64 = 0
        for i in 0..<width {
            if (v >> UInt64(i)) & 1 == 1 { break }
            n += 1
        }
        return n
    }

    private static func population(_ v: UInt64, width: Int) -> UInt64 {
        (0..<width).reduce(0) { $0 + ((v >> UInt64($1)) & 1) }
    }

    private static func signExtend(_ v: UInt64, bits: Int) -> UInt64 {
        let shift = UInt64(64 - bits)
        return UInt64(bitPattern: Int64(bitPattern: v << shift) >> Int64(shift))
    }

    /// Rotates the low `width` bits of `v` left by `n` (0 ≤ n < width).
    private static func rotateLeft(_ v: UInt64, _ n: Int, width: Int) -> UInt64 {
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        var out: UInt64 = 0
        for i in 0..<width where (v >> UInt64(i)) & 1 == 1 { out |= 1 << UInt64((i + n) % width) }
        return out & mask
    }
}

extension ReferenceInterpreter {
    /// Bit manipulation, Zicond and Zimop: rd := f(rs1, rs2, imm).
    func executeBitManip(_ i: ReferenceInstruction) -> Outcome {
        guard let v = ReferenceBitManip.evaluate(i.opcode, x[Int(i.rs1)], x[Int(i.rs2)],
                                                 UInt64(bitPattern: i.imm)) else { return illegal(i) }
        setX(i.rd, v, i)
        return .next
    }

    /// Cache-block operations in Linux user mode (64-byte blocks). cbo.zero writes
    /// zeros over the block holding x[rs1] (Linux sets senvcfg.CBZE). cbo.clean and
    /// cbo.flush (senvcfg.CBCFE, set by Linux 6.15+) manage no cache here, but are
    /// permitted only where a load or a store to the block would be (CMO spec
    /// 2.5.2): an inaccessible block faults at its first byte, as a store/AMO
    /// fault (the chapter's exception rule). cbo.inval stays illegal (Linux
    /// leaves CBIE clear).
    func executeCacheBlock(_ i: ReferenceInstruction) -> Outcome {
        let block = x[Int(i.rs1)] & ~63
        switch i.opcode {
        case .cboZero:
            for k in 0..<8 as Range<UInt64> {
                guard memory.write(block + 8 * k, size: 8, 0) else { return .stop(.storeFault(address: block + 8 * k)) }
            }
            return .next
        case .cboClean, .cboFlush:
            guard memory.read(block, size: 1, .read) != nil else { return .stop(.storeFault(address: block)) }
            return .next
        default:
            return illegal(i)
        }
    }
}
