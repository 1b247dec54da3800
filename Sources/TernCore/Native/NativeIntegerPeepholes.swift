import CoreGlue

/// Integer idioms the native compiler emits as fewer x86-64 instructions than
/// op by op, decided from an op and the one after it.
enum NativeIntegerPeepholes {
    /// Whether op `i`'s word result (bits 31...0, sign-extended into rd) may
    /// stay unextended: the next op that touches rd is a word ALU op that
    /// reads it (its 32-bit instruction reads only bits 31...0) and writes rd,
    /// or an op that overwrites rd without reading it, and every op before
    /// that is an ALU op that neither reads rd nor can fault, call or exit
    /// (and no junction lies between). The op that rewrites rd extends its own result.
    static func upperHalfUnseen(_ i: Int, count: Int, op: (Int) -> TernOp, form: (Int) -> NativeForm,
                                junction: (Int) -> Bool) -> Bool {
        switch form(i) {
        case .regReg(_, word: true), .regImm(_, _, word: true): break
        default: return false
        }
        let rd = op(i).rd
        guard rd != 0, rd < 32 else { return false }
        var j = i + 1
        while j < count, !junction(j) {
            let o = op(j), f = form(j)
            let (a, b) = NativeCompiler.reads(o, f)
            let reads = a == rd || b == rd, writes = NativeCompiler.writes(o, f) == rd
            switch f {
            case .regReg(_, word: true), .regImm(_, _, word: true):
                if reads || writes { return writes }
            case .regReg, .regImm, .setIf, .loadImmediate, .move, .nothing, .scalar:
                if reads { return false }
                if writes { return true }
            default:
                return false
            }
            j += 1
        }
        return false
    }

    /// Whether `first` and `second` are `remu` and `divu` (or `rem` and `div`)
    /// of the same operands, in either order, into two different registers,
    /// with the first writing neither operand: one `div` gives both (the
    /// quotient in rax, the remainder in rcx). `signed`: rem/div.
    static func divisionPair(_ first: TernOp, _ second: TernOp) -> (quotient: UInt8, remainder: UInt8, signed: Bool)? {
        guard let a = NativeOpTable.id(of: first), let b = NativeOpTable.id(of: second),
              first.rs1 == second.rs1, first.rs2 == second.rs2,
              first.rd != first.rs1, first.rd != first.rs2, first.rd != second.rd,
              (1..<32).contains(first.rd), (1..<32).contains(second.rd) else { return nil }
        switch (a, b) {
        case (TernOp_remu, TernOp_divu): return (second.rd, first.rd, false)
        case (TernOp_divu, TernOp_remu): return (first.rd, second.rd, false)
        case (TernOp_rem, TernOp_div): return (second.rd, first.rd, true)
        case (TernOp_div, TernOp_rem): return (first.rd, second.rd, true)
        default: return nil
        }
    }

    /// rax = x[rs1], rcx = x[rs2] → rax = quotient, rcx = remainder, with
    /// RISC-V's results for a divisor of 0 (all ones, the dividend) and, for
    /// the signed pair, -1 (the negated dividend, 0: x86 traps on MIN / -1).
    /// rdx, a block-local guest register, is pushed around the division.
    static func divisionBytes(signed: Bool) -> [UInt8] {
        if signed {
            return [0x52,                          // push rdx
                    0x48, 0x85, 0xc9,              // test rcx, rcx
                    0x74, 0x14,                    // jz z
                    0x48, 0x83, 0xf9, 0xff,        // cmp rcx, -1
                    0x74, 0x07,                    // je n
                    0x48, 0x99,                    // cqo
                    0x48, 0xf7, 0xf9,              // idiv rcx
                    0xeb, 0x11,                    // jmp e
                    0x48, 0xf7, 0xd8,              // n: neg rax
                    0x31, 0xd2,                    // xor edx, edx
                    0xeb, 0x0a,                    // jmp e
                    0x48, 0x89, 0xc2,              // z: mov rdx, rax
                    0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff,  // mov rax, -1
                    0x48, 0x89, 0xd1,              // e: mov rcx, rdx
                    0x5a]                          // pop rdx
        }
        return [0x52,                              // push rdx
                0x48, 0x85, 0xc9,                  // test rcx, rcx
                0x74, 0x07,                        // jz z
                0x31, 0xd2,                        // xor edx, edx
                0x48, 0xf7, 0xf1,                  // div rcx
                0xeb, 0x0a,                        // jmp e
                0x48, 0x89, 0xc2,                  // z: mov rdx, rax
                0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff,  // mov rax, -1
                0x48, 0x89, 0xd1,                  // e: mov rcx, rdx
                0x5a]                              // pop rdx
    }
}
