import TernISA

/// One laid-out instruction: where it sits and its final encoding.
public struct PlacedInstruction: Sendable, Equatable {
    /// Unit and item index it came from.
    public var unit: Int, item: Int
    /// Byte offset from the start of the sequence.
    public var offset: Int
    /// Encoding (low 16 bits for compressed instructions).
    public var bits: UInt32
    /// 2 or 4.
    public var length: Int
}

/// Errors when a sequence cannot be encoded.
public enum LayoutError: Error, Equatable {
    /// A link offset does not fit its instruction's immediate.
    case outOfRange(unit: Int, item: Int, offset: Int)
}

extension FuzzSequence {
    /// Resolves every link and returns the instructions with their offsets.
    public func layout() throws -> [PlacedInstruction] {
        var unitStart = [Int](); unitStart.reserveCapacity(units.count + 1)
        var pos = 0
        for u in units { unitStart.append(pos); pos += u.items.reduce(0) { $0 + $1.length } }
        unitStart.append(pos)
        var out = [PlacedInstruction]()
        pos = 0
        for (ui, u) in units.enumerated() {
            var prev = pos
            for (ii, item) in u.items.enumerated() {
                let bits: UInt32
                switch item {
                case .word(let w, _): bits = w
                case .link(let kind, let t):
                    let target = unitStart[min(t, units.count)]
                    let anchor: Int
                    switch kind { case .jalr, .addiToTarget: anchor = prev; default: anchor = pos }
                    let off = target - anchor
                    guard let w = Self.encodeLink(kind, offset: off) else {
                        throw LayoutError.outOfRange(unit: ui, item: ii, offset: off)
                    }
                    bits = w
                }
                out.append(PlacedInstruction(unit: ui, item: ii, offset: pos, bits: bits, length: item.length))
                prev = pos
                pos += item.length
            }
        }
        return out
    }

    static func encodeLink(_ kind: LinkKind, offset off: Int) -> UInt32? {
        switch kind {
        case .branch(let op, let a, let b):
            guard off >= -4096, off < 4096 else { return nil }
            return Encoder.encode(Instruction(opcode: op, rs1: a, rs2: b, imm: Int64(off)))
        case .jal(let rd):
            guard off >= -(1 << 20), off < 1 << 20 else { return nil }
            return Encoder.encode(Instruction(opcode: .jal, rd: rd, imm: Int64(off)))
        case .jalr(let rd, let base):
            guard off >= -2048, off < 2048 else { return nil }
            return Encoder.encode(Instruction(opcode: .jalr, rd: rd, rs1: base, imm: Int64(off)))
        case .addiToTarget(let reg):
            guard off >= -2048, off < 2048 else { return nil }
            return Encoder.encode(Instruction(opcode: .addi, rd: reg, rs1: reg, imm: Int64(off)))
        case .cJ:
            guard off >= -2048, off < 2048 else { return nil }
            return UInt32(CompressedEncoder.j(offset: off))
        case .cBranch(let notZero, let reg):
            guard off >= -256, off < 256 else { return nil }
            return UInt32(CompressedEncoder.branch(notZero: notZero, reg: reg, offset: off))
        }
    }
}

/// Encoders for the compressed control transfers the generator builds by hand
/// (other compressed forms are drawn at random and checked with the decoder).
public enum CompressedEncoder {
    /// `c.j offset` (even, ±2 KiB).
    public static func j(offset: Int) -> UInt16 {
        let v = UInt16(truncatingIfNeeded: offset)
        func b(_ i: UInt16) -> UInt16 { (v >> i) & 1 }
        let imm = b(11) << 12 | b(4) << 11 | ((v >> 8) & 3) << 9 | b(10) << 8 | b(6) << 7
            | b(7) << 6 | ((v >> 1) & 7) << 3 | b(5) << 2
        return 0xa001 | imm
    }

    /// `c.beqz`/`c.bnez reg, offset` (reg in x8…x15, offset even, ±256).
    public static func branch(notZero: Bool, reg: UInt8, offset: Int) -> UInt16 {
        let v = UInt16(truncatingIfNeeded: offset)
        func b(_ i: UInt16) -> UInt16 { (v >> i) & 1 }
        let imm = b(8) << 12 | ((v >> 3) & 3) << 10 | ((v >> 6) & 3) << 5 | ((v >> 1) & 3) << 3 | b(5) << 2
        return (notZero ? 0xe001 : 0xc001) | UInt16(reg - 8) << 7 | imm
    }

    /// `c.jr reg` (reg ≠ 0).
    public static func jr(_ reg: UInt8) -> UInt16 { 0x8002 | UInt16(reg) << 7 }

    /// `c.jalr reg` (reg ≠ 0).
    public static func jalr(_ reg: UInt8) -> UInt16 { 0x9002 | UInt16(reg) << 7 }
}
