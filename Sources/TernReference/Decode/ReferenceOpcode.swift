/// The mnemonics the reference interpreter knows, one case per instruction of its
/// own encoding table (`SpecEncodingTable`), with the assembler mnemonic as raw value.
///
/// This enum and the tables are written from the RISC-V specifications, apart from
/// TernISA's instruction table, so that the reference is an independent oracle for
/// the decoder as well as for the engines. Adding an instruction: a case here, a
/// row in `SpecEncodingTable` (or `SpecCompressedTable`), and its semantics in
/// the interpreter (`execute` dispatches on `ReferenceExtension`).
public enum ReferenceOpcode: String, CaseIterable, Sendable {
    // RV64I
    case lui, auipc, jal, jalr, beq, bne, blt, bge, bltu, bgeu
    case lb, lh, lw, ld, lbu, lhu, lwu, sb, sh, sw, sd
    case addi, slti, sltiu, xori, ori, andi, slli, srli, srai
    case add, sub, sll, slt, sltu, xor, srl, sra, or, and
    case addiw, slliw, srliw, sraiw, addw, subw, sllw, srlw, sraw
    case fence, ecall, ebreak
    // Zifencei, Zicsr
    case fenceI = "fence.i"
    case csrrw, csrrs, csrrc, csrrwi, csrrsi, csrrci
    // M
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu, mulw, divw, divuw, remw, remuw
    // A
    case lrW = "lr.w", scW = "sc.w", amoswapW = "amoswap.w", amoaddW = "amoadd.w", amoxorW = "amoxor.w"
    case amoandW = "amoand.w", amoorW = "amoor.w", amominW = "amomin.w", amomaxW = "amomax.w"
    case amominuW = "amominu.w", amomaxuW = "amomaxu.w"
    case lrD = "lr.d", scD = "sc.d", amoswapD = "amoswap.d", amoaddD = "amoadd.d", amoxorD = "amoxor.d"
    case amoandD = "amoand.d", amoorD = "amoor.d", amominD = "amomin.d", amomaxD = "amomax.d"
    case amominuD = "amominu.d", amomaxuD = "amomaxu.d"
    // F
    case flw, fsw
    case fmaddS = "fmadd.s", fmsubS = "fmsub.s", fnmsubS = "fnmsub.s", fnmaddS = "fnmadd.s"
    case faddS = "fadd.s", fsubS = "fsub.s", fmulS = "fmul.s", fdivS = "fdiv.s", fsqrtS = "fsqrt.s"
    case fsgnjS = "fsgnj.s", fsgnjnS = "fsgnjn.s", fsgnjxS = "fsgnjx.s", fminS = "fmin.s", fmaxS = "fmax.s"
    case fcvtWS = "fcvt.w.s", fcvtWuS = "fcvt.wu.s", fcvtLS = "fcvt.l.s", fcvtLuS = "fcvt.lu.s"
    case fmvXW = "fmv.x.w", feqS = "feq.s", fltS = "flt.s", fleS = "fle.s", fclassS = "fclass.s"
    case fcvtSW = "fcvt.s.w", fcvtSWu = "fcvt.s.wu", fcvtSL = "fcvt.s.l", fcvtSLu = "fcvt.s.lu"
    case fmvWX = "fmv.w.x"
    // D
    case fld, fsd
    case fmaddD = "fmadd.d", fmsubD = "fmsub.d", fnmsubD = "fnmsub.d", fnmaddD = "fnmadd.d"
    case faddD = "fadd.d", fsubD = "fsub.d", fmulD = "fmul.d", fdivD = "fdiv.d", fsqrtD = "fsqrt.d"
    case fsgnjD = "fsgnj.d", fsgnjnD = "fsgnjn.d", fsgnjxD = "fsgnjx.d", fminD = "fmin.d", fmaxD = "fmax.d"
    case fcvtSD = "fcvt.s.d", fcvtDS = "fcvt.d.s"
    case feqD = "feq.d", fltD = "flt.d", fleD = "fle.d", fclassD = "fclass.d"
    case fcvtWD = "fcvt.w.d", fcvtWuD = "fcvt.wu.d", fcvtLD = "fcvt.l.d", fcvtLuD = "fcvt.lu.d"
    case fcvtDW = "fcvt.d.w", fcvtDWu = "fcvt.d.wu", fcvtDL = "fcvt.d.l", fcvtDLu = "fcvt.d.lu"
    case fmvXD = "fmv.x.d", fmvDX = "fmv.d.x"
    // Privileged (decoded so that user mode can reject them as the hardware does)
    case mret, sret, wfi
    case sfenceVma = "sfence.vma"

    /// The assembler mnemonic (`"fcvt.wu.s"`).
    public var mnemonic: String { rawValue }

    /// The extension whose table row defines this opcode.
    public var `extension`: ReferenceExtension { SpecEncodingTable.extensionOf[self]! }
}

/// The extensions of the reference's encoding tables (the interpreter dispatches on them).
public enum ReferenceExtension: String, CaseIterable, Sendable {
    case i, m, a, f, d, zicsr, zifencei
    /// mret, sret, wfi, sfence.vma: illegal in user mode.
    case privileged
}
