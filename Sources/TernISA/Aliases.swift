/// Pseudo-instruction (alias) rendering, following the alias rows of binutils' opcode table.
extension Disassembler {
    /// objdump's alias text for `i`, or nil when it prints the canonical form.
    static func aliasText(_ i: Instruction, pc: UInt64) -> String? {
        let rd = i.rd, rs1 = i.rs1, rs2 = i.rs2
        switch i.opcode {
        case .addi:
            if rd == 0 && rs1 == 0 && i.imm == 0 { return "nop" }
            if rs1 == 0 { return join("li", [x(rd), String(i.imm)]) }
            if i.imm == 0 { return join("mv", [x(rd), x(rs1)]) }
        case .addiw where i.imm == 0: return join("sext.w", [x(rd), x(rs1)])
        case .addUw where rs2 == 0: return join("zext.w", [x(rd), x(rs1)])
        case .xori where i.imm == -1: return join("not", [x(rd), x(rs1)])
        case .andi where i.imm == 255: return join("zext.b", [x(rd), x(rs1)])
        case .sltiu where i.imm == 1: return join("seqz", [x(rd), x(rs1)])
        case .sub where rs1 == 0: return join("neg", [x(rd), x(rs2)])
        case .subw where rs1 == 0: return join("negw", [x(rd), x(rs2)])
        case .sltu where rs1 == 0: return join("snez", [x(rd), x(rs2)])
        case .slt where rs2 == 0: return join("sltz", [x(rd), x(rs1)])
        case .slt where rs1 == 0: return join("sgtz", [x(rd), x(rs2)])
        case .beq where rs2 == 0: return join("beqz", [x(rs1), target(i, pc)])
        case .bne where rs2 == 0: return join("bnez", [x(rs1), target(i, pc)])
        case .bge where rs1 == 0: return join("blez", [x(rs2), target(i, pc)])
        case .bge where rs2 == 0: return join("bgez", [x(rs1), target(i, pc)])
        case .blt where rs2 == 0: return join("bltz", [x(rs1), target(i, pc)])
        case .blt where rs1 == 0: return join("bgtz", [x(rs2), target(i, pc)])
        case .jal where rd == 0: return join("j", [target(i, pc)])
        case .jal where rd == 1: return join("jal", [target(i, pc)])
        case .jalr:
            let addr = i.imm == 0 ? x(rs1) : mem(i)
            if rd == 0 && rs1 == 1 && i.imm == 0 { return "ret" }
            if rd == 0 { return join("jr", [addr]) }
            if rd == 1 { return join("jalr", [addr]) }
            if i.imm == 0 { return join("jalr", [x(rd), x(rs1)]) }
        case .fence:
            let fm = i.imm >> 8, pred = (i.imm >> 4) & 0xf, succ = i.imm & 0xf
            if fm == 0 && pred == 0xf && succ == 0xf { return "fence" }
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            return csrAlias(i)
        case .fsgnjS, .fsgnjnS, .fsgnjxS, .fsgnjD, .fsgnjnD, .fsgnjxD:
            guard rs1 == rs2 else { return nil }
            let base: String
            switch i.opcode {
            case .fsgnjS, .fsgnjD: base = "fmv"
            case .fsgnjnS, .fsgnjnD: base = "fneg"
            default: base = "fabs"
            }
            let suffix = i.opcode.extension == .d ? ".d" : ".s"
            return join(base + suffix, [f(rd), f(rs1)])
        case .sfenceVma:
            if rs1 == 0 && rs2 == 0 { return "sfence.vma" }
            if rs2 == 0 { return join("sfence.vma", [x(rs1)]) }
        default: break
        }
        return nil
    }

    static func csrAlias(_ i: Instruction) -> String? {
        let number = i.imm, rd = i.rd, rs1 = i.rs1
        let name = csr(i)
        switch i.opcode {
        case .csrrw:
            switch number {
            case 0x1: return join("fsflags", rd == 0 ? [x(rs1)] : [x(rd), x(rs1)])
            case 0x2: return join("fsrm", rd == 0 ? [x(rs1)] : [x(rd), x(rs1)])
            case 0x3: return join("fscsr", rd == 0 ? [x(rs1)] : [x(rd), x(rs1)])
            default: break
            }
            if rd == 0 { return join("csrw", [name, x(rs1)]) }
        case .csrrs:
            if rs1 == 0 {
                switch number {
                case 0x1: return join("frflags", [x(rd)])
                case 0x2: return join("frrm", [x(rd)])
                case 0x3: return join("frcsr", [x(rd)])
                case 0xc00: return join("rdcycle", [x(rd)])
                case 0xc01: return join("rdtime", [x(rd)])
                case 0xc02: return join("rdinstret", [x(rd)])
                default: return join("csrr", [x(rd), name])
                }
            }
            if rd == 0 { return join("csrs", [name, x(rs1)]) }
        case .csrrc:
            if rd == 0 { return join("csrc", [name, x(rs1)]) }
        case .csrrwi:
            switch number {
            case 0x1: return join("fsflagsi", [x(rd), String(rs1)])
            case 0x2: return join("fsrmi", [x(rd), String(rs1)])
            default: break
            }
            if rd == 0 { return join("csrwi", [name, String(rs1)]) }
        case .csrrsi:
            if rd == 0 { return join("csrsi", [name, String(rs1)]) }
        case .csrrci:
            if rd == 0 { return join("csrci", [name, String(rs1)]) }
        default: break
        }
        return nil
    }

    /// Compressed encodings objdump prints differently from their 32-bit expansion
    /// (mostly HINTs), or nil when the expansion's alias text applies.
    static func compressedAliasQuirk(_ i: Instruction, pc: UInt64) -> String? {
        guard let row = CompressedSpec.row(for: UInt16(truncatingIfNeeded: i.bits)) else { return nil }
        if row.syntax == .mop { return row.name }
        switch row.name {
        case "c.slli", "c.srli", "c.srai":
            if i.imm == 0 { return join(row.name + "64", [x(i.rd)]) }
            if i.rd == 0 { return compressedText(i, row, pc: pc) }
        case "c.addi":
            if i.rd == 0 && i.imm != 0 { return join("c.nop", [String(i.imm)]) }
            if i.rd != 0 && i.imm == 0 { return join("addi", canonicalOperands(i, pc: pc)) }
        case "c.li", "c.lui", "c.mv", "c.add":
            if i.rd == 0 { return compressedText(i, row, pc: pc) }
            if row.name == "c.mv" { return join("mv", [x(i.rd), x(i.rs2)]) }
        default: break
        }
        return nil
    }

    /// `-M no-aliases` text of a compressed instruction: the `c.` mnemonic and RVC operand order.
    static func compressedText(_ i: Instruction, _ row: CompressedSpec, pc: UInt64) -> String {
        let ops: [String]
        switch row.syntax {
        case .none: ops = []
        case .expanded: ops = canonicalOperands(i, pc: pc)
        case .rdImm: ops = [x(i.rd), String(i.imm)]
        case .rdUpper: ops = [x(i.rd), upper(i)]
        case .rdShamt:
            if i.imm == 0 { return join(row.name + "64", [x(i.rd)]) }
            ops = [x(i.rd), hex(i.imm)]
        case .rdRs2: ops = [x(i.rd), x(i.rs2)]
        case .target: ops = [target(i, pc)]
        case .rs1Target: ops = [x(i.rs1), target(i, pc)]
        case .rs1: ops = [x(i.rs1)]
        case .rd: ops = [x(i.rd)]
        case .mop: ops = []
        }
        return join(row.name, ops)
    }
}
