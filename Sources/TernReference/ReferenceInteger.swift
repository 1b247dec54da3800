
// RV64I and M, straight from the unprivileged specification.

private func sext32(_ v: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v))) }
private func signed(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
private func unsigned(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

extension ReferenceInterpreter {
    func executeInteger(_ i: ReferenceInstruction) -> Outcome {
        let a = x[Int(i.rs1)], b = x[Int(i.rs2)]
        let imm = UInt64(bitPattern: i.imm)
        let next = pc &+ UInt64(i.length)
        switch i.opcode {
        case .lui: setX(i.rd, imm, i)
        case .auipc: setX(i.rd, pc &+ imm, i)
        case .jal:
            setX(i.rd, next, i)
            return .jump(pc &+ imm)
        case .jalr:
            let target = (a &+ imm) & ~1
            setX(i.rd, next, i)
            return .jump(target)
        case .beq, .bne, .blt, .bge, .bltu, .bgeu:
            let taken: Bool
            switch i.opcode {
            case .beq: taken = a == b
            case .bne: taken = a != b
            case .blt: taken = signed(a) < signed(b)
            case .bge: taken = signed(a) >= signed(b)
            case .bltu: taken = a < b
            default: taken = a >= b
            }
            return taken ? .jump(pc &+ imm) : .next
        case .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu:
            let address = a &+ imm
            let size: Int
            switch i.opcode {
            case .lb, .lbu: size = 1
            case .lh, .lhu: size = 2
            case .lw, .lwu: size = 4
            default: size = 8
            }
            guard let raw = memory.read(address, size: size, .read) else { return .stop(.loadFault(address: address)) }
            let value: UInt64
            switch i.opcode {
            case .lb: value = unsigned(Int64(Int8(truncatingIfNeeded: raw)))
            case .lh: value = unsigned(Int64(Int16(truncatingIfNeeded: raw)))
            case .lw: value = sext32(raw)
            default: value = raw
            }
            setX(i.rd, value, i)
        case .sb, .sh, .sw, .sd:
            let address = a &+ imm
            let size = i.opcode == .sb ? 1 : i.opcode == .sh ? 2 : i.opcode == .sw ? 4 : 8
            guard memory.write(address, size: size, b) else { return .stop(.storeFault(address: address)) }
        case .fence: break
        case .ecall: return .stop(.ecall)
        case .ebreak: return .stop(.ebreak)
        default:
            guard let value = alu(i, a, b, imm) else { return illegal(i) }
            setX(i.rd, value, i)
        }
        return .next
    }

    /// Register-register and register-immediate arithmetic (I and M).
    private func alu(_ i: ReferenceInstruction, _ a: UInt64, _ b: UInt64, _ imm: UInt64) -> UInt64? {
        switch i.opcode {
        case .addi: return a &+ imm
        case .slti: return signed(a) < signed(imm) ? 1 : 0
        case .sltiu: return a < imm ? 1 : 0
        case .xori: return a ^ imm
        case .ori: return a | imm
        case .andi: return a & imm
        case .slli: return a << (imm & 63)
        case .srli: return a >> (imm & 63)
        case .srai: return unsigned(signed(a) >> Int64(imm & 63))
        case .add: return a &+ b
        case .sub: return a &- b
        case .sll: return a << (b & 63)
        case .slt: return signed(a) < signed(b) ? 1 : 0
        case .sltu: return a < b ? 1 : 0
        case .xor: return a ^ b
        case .srl: return a >> (b & 63)
        case .sra: return unsigned(signed(a) >> Int64(b & 63))
        case .or: return a | b
        case .and: return a & b
        case .addiw: return sext32(a &+ imm)
        case .slliw: return sext32(UInt64(UInt32(truncatingIfNeeded: a) << UInt32(imm & 31)))
        case .srliw: return sext32(UInt64(UInt32(truncatingIfNeeded: a) >> UInt32(imm & 31)))
        case .sraiw: return unsigned(Int64(Int32(truncatingIfNeeded: a) >> Int32(imm & 31)))
        case .addw: return sext32(a &+ b)
        case .subw: return sext32(a &- b)
        case .sllw: return sext32(UInt64(UInt32(truncatingIfNeeded: a) << UInt32(b & 31)))
        case .srlw: return sext32(UInt64(UInt32(truncatingIfNeeded: a) >> UInt32(b & 31)))
        case .sraw: return unsigned(Int64(Int32(truncatingIfNeeded: a) >> Int32(b & 31)))
        case .mul: return a &* b
        case .mulh: return unsigned(signed(a).multipliedFullWidth(by: signed(b)).high)
        case .mulhu: return a.multipliedFullWidth(by: b).high
        case .mulhsu:
            // signed × unsigned: the unsigned high word, corrected when a < 0.
            let high = a.multipliedFullWidth(by: b).high
            return signed(a) < 0 ? high &- b : high
        case .div:
            if b == 0 { return .max }
            if signed(a) == .min && signed(b) == -1 { return a }
            return unsigned(signed(a) / signed(b))
        case .divu: return b == 0 ? .max : a / b
        case .rem:
            if b == 0 { return a }
            if signed(a) == .min && signed(b) == -1 { return 0 }
            return unsigned(signed(a) % signed(b))
        case .remu: return b == 0 ? a : a % b
        case .mulw: return sext32(a &* b)
        case .divw:
            let p = Int32(truncatingIfNeeded: a), q = Int32(truncatingIfNeeded: b)
            if q == 0 { return .max }
            if p == .min && q == -1 { return sext32(UInt64(UInt32(bitPattern: p))) }
            return unsigned(Int64(p / q))
        case .divuw:
            let p = UInt32(truncatingIfNeeded: a), q = UInt32(truncatingIfNeeded: b)
            return q == 0 ? .max : sext32(UInt64(p / q))
        case .remw:
            let p = Int32(truncatingIfNeeded: a), q = Int32(truncatingIfNeeded: b)
            if q == 0 { return unsigned(Int64(p)) }
            if p == .min && q == -1 { return 0 }
            return unsigned(Int64(p % q))
        case .remuw:
            let p = UInt32(truncatingIfNeeded: a), q = UInt32(truncatingIfNeeded: b)
            return sext32(UInt64(q == 0 ? p : p % q))
        default: return nil
        }
    }
}
