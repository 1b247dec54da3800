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
    // Zba
    case addUw = "add.uw", sh1add, sh2add, sh3add, sh1addUw = "sh1add.uw", sh2addUw = "sh2add.uw"
    case sh3addUw = "sh3add.uw", slliUw = "slli.uw"
    // Zbb
    case andn, orn, xnor, clz, clzw, ctz, ctzw, cpop, cpopw, max, maxu, min, minu
    case sextB = "sext.b", sextH = "sext.h", zextH = "zext.h", rol, rolw, ror, rori, roriw, rorw
    case orcB = "orc.b", rev8
    // Zbc
    case clmul, clmulh, clmulr
    // Zbs
    case bclr, bclri, bext, bexti, binv, binvi, bset, bseti
    // Zicond
    case czeroEqz = "czero.eqz", czeroNez = "czero.nez"
    // Zimop
    case mopR0 = "mop.r.0", mopR1 = "mop.r.1", mopR2 = "mop.r.2", mopR3 = "mop.r.3"
    case mopR4 = "mop.r.4", mopR5 = "mop.r.5", mopR6 = "mop.r.6", mopR7 = "mop.r.7"
    case mopR8 = "mop.r.8", mopR9 = "mop.r.9", mopR10 = "mop.r.10", mopR11 = "mop.r.11"
    case mopR12 = "mop.r.12", mopR13 = "mop.r.13", mopR14 = "mop.r.14", mopR15 = "mop.r.15"
    case mopR16 = "mop.r.16", mopR17 = "mop.r.17", mopR18 = "mop.r.18", mopR19 = "mop.r.19"
    case mopR20 = "mop.r.20", mopR21 = "mop.r.21", mopR22 = "mop.r.22", mopR23 = "mop.r.23"
    case mopR24 = "mop.r.24", mopR25 = "mop.r.25", mopR26 = "mop.r.26", mopR27 = "mop.r.27"
    case mopR28 = "mop.r.28", mopR29 = "mop.r.29", mopR30 = "mop.r.30", mopR31 = "mop.r.31"
    case mopRr0 = "mop.rr.0", mopRr1 = "mop.rr.1", mopRr2 = "mop.rr.2", mopRr3 = "mop.rr.3"
    case mopRr4 = "mop.rr.4", mopRr5 = "mop.rr.5", mopRr6 = "mop.rr.6", mopRr7 = "mop.rr.7"
    // Zawrs
    case wrsNto = "wrs.nto", wrsSto = "wrs.sto"
    // Zicbom, Zicboz
    case cboInval = "cbo.inval", cboClean = "cbo.clean", cboFlush = "cbo.flush", cboZero = "cbo.zero"
    // Zfhmin
    case flh, fsh, fmvXH = "fmv.x.h", fmvHX = "fmv.h.x", fcvtSH = "fcvt.s.h", fcvtHS = "fcvt.h.s"
    case fcvtDH = "fcvt.d.h", fcvtHD = "fcvt.h.d"
    // Zfh
    case fmaddH = "fmadd.h", fmsubH = "fmsub.h", fnmsubH = "fnmsub.h", fnmaddH = "fnmadd.h"
    case faddH = "fadd.h", fsubH = "fsub.h", fmulH = "fmul.h", fdivH = "fdiv.h", fsqrtH = "fsqrt.h"
    case fsgnjH = "fsgnj.h", fsgnjnH = "fsgnjn.h", fsgnjxH = "fsgnjx.h", fminH = "fmin.h", fmaxH = "fmax.h"
    case feqH = "feq.h", fltH = "flt.h", fleH = "fle.h", fclassH = "fclass.h"
    case fcvtWH = "fcvt.w.h", fcvtWuH = "fcvt.wu.h", fcvtLH = "fcvt.l.h", fcvtLuH = "fcvt.lu.h"
    case fcvtHW = "fcvt.h.w", fcvtHWu = "fcvt.h.wu", fcvtHL = "fcvt.h.l", fcvtHLu = "fcvt.h.lu"
    // Zfa
    case fliS = "fli.s", fliD = "fli.d", fliH = "fli.h"
    case fminmS = "fminm.s", fmaxmS = "fmaxm.s", fminmD = "fminm.d", fmaxmD = "fmaxm.d"
    case fminmH = "fminm.h", fmaxmH = "fmaxm.h"
    case froundS = "fround.s", froundnxS = "froundnx.s", froundD = "fround.d", froundnxD = "froundnx.d"
    case froundH = "fround.h", froundnxH = "froundnx.h", fcvtmodWD = "fcvtmod.w.d"
    case fleqS = "fleq.s", fltqS = "fltq.s", fleqD = "fleq.d", fltqD = "fltq.d", fleqH = "fleq.h", fltqH = "fltq.h"

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
    case zba, zbb, zbc, zbs, zicond, zimop, zawrs, zicbom, zicboz
    case zfhmin, zfh, zfa
}
