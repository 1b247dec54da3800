/// One case per RV64GC mnemonic (compressed forms decode to their 32-bit equivalents).
///
/// Case names are the mnemonic split on '.' and lowerCamelCased (`fcvt.wu.s` → `fcvtWuS`).
public enum Opcode: UInt16, CaseIterable, Sendable {
    case lui, auipc, jal, jalr, beq, bne, blt, bge
    case bltu, bgeu, lb, lh, lw, ld, lbu, lhu
    case lwu, sb, sh, sw, sd, addi, slti, sltiu
    case xori, ori, andi, slli, srli, srai, add, sub
    case sll, slt, sltu, xor, srl, sra, or, and
    case addiw, slliw, srliw, sraiw, addw, subw, sllw, srlw
    case sraw, fence, ecall, ebreak, fenceI, csrrw, csrrs, csrrc
    case csrrwi, csrrsi, csrrci, mul, mulh, mulhsu, mulhu, div
    case divu, rem, remu, mulw, divw, divuw, remw, remuw
    case lrW, scW, amoswapW, amoaddW, amoxorW, amoandW, amoorW, amominW
    case amomaxW, amominuW, amomaxuW, lrD, scD, amoswapD, amoaddD, amoxorD
    case amoandD, amoorD, amominD, amomaxD, amominuD, amomaxuD, flw, fsw
    case fmaddS, fmsubS, fnmsubS, fnmaddS, faddS, fsubS, fmulS, fdivS
    case fsqrtS, fsgnjS, fsgnjnS, fsgnjxS, fminS, fmaxS, fcvtWS, fcvtWuS
    case fmvXW, feqS, fltS, fleS, fclassS, fcvtSW, fcvtSWu, fmvWX
    case fcvtLS, fcvtLuS, fcvtSL, fcvtSLu, fld, fsd, fmaddD, fmsubD
    case fnmsubD, fnmaddD, faddD, fsubD, fmulD, fdivD, fsqrtD, fsgnjD
    case fsgnjnD, fsgnjxD, fminD, fmaxD, fcvtSD, fcvtDS, feqD, fltD
    case fleD, fclassD, fcvtWD, fcvtWuD, fcvtDW, fcvtDWu, fcvtLD, fcvtLuD
    case fmvXD, fcvtDL, fcvtDLu, fmvDX, mret, sret, wfi, sfenceVma
}

extension Opcode {
    private static let mnemonics: [String] = Opcode.allCases.map { op in
        var out = ""
        for ch in String(describing: op) {
            if ch.isUppercase { out += "." + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// The assembler mnemonic, e.g. `"fcvt.wu.s"` for `.fcvtWuS`.
    public var mnemonic: String { Opcode.mnemonics[Int(rawValue)] }

    /// The format (operand layout and syntax) of this instruction.
    public var format: Format { InstructionSpec.byOpcode[Int(rawValue)].format }

    /// The extension this instruction belongs to.
    public var `extension`: Extension { InstructionSpec.byOpcode[Int(rawValue)].ext }
}
