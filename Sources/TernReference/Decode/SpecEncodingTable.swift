/// The 32-bit encodings of the reference decoder, transcribed from the opcode maps of
/// the RISC-V Unprivileged ISA specification ("RV32/64G Instruction Set Listings")
/// and the Privileged specification, in the notation of the riscv-opcodes listings:
///
///     mnemonic  operand-fields...  hi..lo=value ...
///
/// Operand fields name where each operand lives (`rd`, `rs1`, `rs2`, `imm12`,
/// `bimm12hi`/`bimm12lo`, ...; `fd`/`fs1`/`fs2`/`fs3` are the same bit fields
/// naming FP registers); `hi..lo=value` (or `bit=value`) fixes a bit range;
/// `hi..lo=_` marks a reserved range that implementations ignore. Every row must
/// account for all 32 bits exactly once (checked when the table is built).
///
/// This table is deliberately kept apart from TernISA's: the reference interpreter
/// decodes with it, so a wrong TernISA row shows up as a lockstep divergence.
public enum SpecEncodingTable {
    /// The rows of each extension (base ISA, the standard extensions of RV64G and the
    /// scalar extensions of RVA23U64).
    static let sections: [(ReferenceExtension, [String])] = [
        (.i, [
            "lui      rd imm20                      6..2=0x0D 1..0=3",
            "auipc    rd imm20                      6..2=0x05 1..0=3",
            "jal      rd jimm20                     6..2=0x1B 1..0=3",
            "jalr     rd rs1 imm12         14..12=0 6..2=0x19 1..0=3",
            "beq      bimm12hi rs1 rs2 bimm12lo 14..12=0 6..2=0x18 1..0=3",
            "bne      bimm12hi rs1 rs2 bimm12lo 14..12=1 6..2=0x18 1..0=3",
            "blt      bimm12hi rs1 rs2 bimm12lo 14..12=4 6..2=0x18 1..0=3",
            "bge      bimm12hi rs1 rs2 bimm12lo 14..12=5 6..2=0x18 1..0=3",
            "bltu     bimm12hi rs1 rs2 bimm12lo 14..12=6 6..2=0x18 1..0=3",
            "bgeu     bimm12hi rs1 rs2 bimm12lo 14..12=7 6..2=0x18 1..0=3",
            "lb       rd rs1 imm12         14..12=0 6..2=0x00 1..0=3",
            "lh       rd rs1 imm12         14..12=1 6..2=0x00 1..0=3",
            "lw       rd rs1 imm12         14..12=2 6..2=0x00 1..0=3",
            "ld       rd rs1 imm12         14..12=3 6..2=0x00 1..0=3",
            "lbu      rd rs1 imm12         14..12=4 6..2=0x00 1..0=3",
            "lhu      rd rs1 imm12         14..12=5 6..2=0x00 1..0=3",
            "lwu      rd rs1 imm12         14..12=6 6..2=0x00 1..0=3",
            "sb       imm12hi rs1 rs2 imm12lo 14..12=0 6..2=0x08 1..0=3",
            "sh       imm12hi rs1 rs2 imm12lo 14..12=1 6..2=0x08 1..0=3",
            "sw       imm12hi rs1 rs2 imm12lo 14..12=2 6..2=0x08 1..0=3",
            "sd       imm12hi rs1 rs2 imm12lo 14..12=3 6..2=0x08 1..0=3",
            "addi     rd rs1 imm12         14..12=0 6..2=0x04 1..0=3",
            "slti     rd rs1 imm12         14..12=2 6..2=0x04 1..0=3",
            "sltiu    rd rs1 imm12         14..12=3 6..2=0x04 1..0=3",
            "xori     rd rs1 imm12         14..12=4 6..2=0x04 1..0=3",
            "ori      rd rs1 imm12         14..12=6 6..2=0x04 1..0=3",
            "andi     rd rs1 imm12         14..12=7 6..2=0x04 1..0=3",
            "slli     rd rs1 shamtd 31..26=0  14..12=1 6..2=0x04 1..0=3",
            "srli     rd rs1 shamtd 31..26=0  14..12=5 6..2=0x04 1..0=3",
            "srai     rd rs1 shamtd 31..26=16 14..12=5 6..2=0x04 1..0=3",
            "add      rd rs1 rs2 31..25=0  14..12=0 6..2=0x0C 1..0=3",
            "sub      rd rs1 rs2 31..25=32 14..12=0 6..2=0x0C 1..0=3",
            "sll      rd rs1 rs2 31..25=0  14..12=1 6..2=0x0C 1..0=3",
            "slt      rd rs1 rs2 31..25=0  14..12=2 6..2=0x0C 1..0=3",
            "sltu     rd rs1 rs2 31..25=0  14..12=3 6..2=0x0C 1..0=3",
            "xor      rd rs1 rs2 31..25=0  14..12=4 6..2=0x0C 1..0=3",
            "srl      rd rs1 rs2 31..25=0  14..12=5 6..2=0x0C 1..0=3",
            "sra      rd rs1 rs2 31..25=32 14..12=5 6..2=0x0C 1..0=3",
            "or       rd rs1 rs2 31..25=0  14..12=6 6..2=0x0C 1..0=3",
            "and      rd rs1 rs2 31..25=0  14..12=7 6..2=0x0C 1..0=3",
            "addiw    rd rs1 imm12         14..12=0 6..2=0x06 1..0=3",
            "slliw    rd rs1 shamtw 31..25=0  14..12=1 6..2=0x06 1..0=3",
            "srliw    rd rs1 shamtw 31..25=0  14..12=5 6..2=0x06 1..0=3",
            "sraiw    rd rs1 shamtw 31..25=32 14..12=5 6..2=0x06 1..0=3",
            "addw     rd rs1 rs2 31..25=0  14..12=0 6..2=0x0E 1..0=3",
            "subw     rd rs1 rs2 31..25=32 14..12=0 6..2=0x0E 1..0=3",
            "sllw     rd rs1 rs2 31..25=0  14..12=1 6..2=0x0E 1..0=3",
            "srlw     rd rs1 rs2 31..25=0  14..12=5 6..2=0x0E 1..0=3",
            "sraw     rd rs1 rs2 31..25=32 14..12=5 6..2=0x0E 1..0=3",
            "fence    fm pred succ 19..15=_ 14..12=0 11..7=_ 6..2=0x03 1..0=3",
            "ecall    31..20=0x000 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
            "ebreak   31..20=0x001 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
        ]),
        (.zifencei, [
            "fence.i  31..15=_ 14..12=1 11..7=_ 6..2=0x03 1..0=3",
        ]),
        (.zicsr, [
            "csrrw    rd rs1 csr   14..12=1 6..2=0x1C 1..0=3",
            "csrrs    rd rs1 csr   14..12=2 6..2=0x1C 1..0=3",
            "csrrc    rd rs1 csr   14..12=3 6..2=0x1C 1..0=3",
            "csrrwi   rd zimm csr  14..12=5 6..2=0x1C 1..0=3",
            "csrrsi   rd zimm csr  14..12=6 6..2=0x1C 1..0=3",
            "csrrci   rd zimm csr  14..12=7 6..2=0x1C 1..0=3",
        ]),
        (.m, [
            "mul      rd rs1 rs2 31..25=1 14..12=0 6..2=0x0C 1..0=3",
            "mulh     rd rs1 rs2 31..25=1 14..12=1 6..2=0x0C 1..0=3",
            "mulhsu   rd rs1 rs2 31..25=1 14..12=2 6..2=0x0C 1..0=3",
            "mulhu    rd rs1 rs2 31..25=1 14..12=3 6..2=0x0C 1..0=3",
            "div      rd rs1 rs2 31..25=1 14..12=4 6..2=0x0C 1..0=3",
            "divu     rd rs1 rs2 31..25=1 14..12=5 6..2=0x0C 1..0=3",
            "rem      rd rs1 rs2 31..25=1 14..12=6 6..2=0x0C 1..0=3",
            "remu     rd rs1 rs2 31..25=1 14..12=7 6..2=0x0C 1..0=3",
            "mulw     rd rs1 rs2 31..25=1 14..12=0 6..2=0x0E 1..0=3",
            "divw     rd rs1 rs2 31..25=1 14..12=4 6..2=0x0E 1..0=3",
            "divuw    rd rs1 rs2 31..25=1 14..12=5 6..2=0x0E 1..0=3",
            "remw     rd rs1 rs2 31..25=1 14..12=6 6..2=0x0E 1..0=3",
            "remuw    rd rs1 rs2 31..25=1 14..12=7 6..2=0x0E 1..0=3",
        ]),
        (.a, atomics(width: "w", funct3: 2) + atomics(width: "d", funct3: 3)),
        (.f, floating(fmt: "s", fmtBits: 0, width: 2, integerWidths: ["w", "wu", "l", "lu"])
            + ["fmv.x.w  rd fs1 31..27=0x1C 26..25=0 24..20=0 14..12=0 6..2=0x14 1..0=3",
               "fmv.w.x  fd rs1 31..27=0x1E 26..25=0 24..20=0 14..12=0 6..2=0x14 1..0=3"]),
        (.d, floating(fmt: "d", fmtBits: 1, width: 3, integerWidths: ["w", "wu", "l", "lu"])
            + ["fcvt.s.d fd fs1 rm 31..27=0x08 26..25=0 24..20=1 6..2=0x14 1..0=3",
               "fcvt.d.s fd fs1 rm 31..27=0x08 26..25=1 24..20=0 6..2=0x14 1..0=3",
               "fmv.x.d  rd fs1 31..27=0x1C 26..25=1 24..20=0 14..12=0 6..2=0x14 1..0=3",
               "fmv.d.x  fd rs1 31..27=0x1E 26..25=1 24..20=0 14..12=0 6..2=0x14 1..0=3"]),
        (.privileged, [
            "mret       31..20=0x302 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
            "sret       31..20=0x102 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
            "wfi        31..20=0x105 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
            "sfence.vma rs1 rs2 31..25=0x09 14..12=0 11..7=0 6..2=0x1C 1..0=3",
        ]),
        // The bit-manipulation chapter ("Zba", "Zbb", "Zbc", "Zbs"), RV64 forms: the W
        // variants on OP-32/OP-IMM-32, 6-bit shift amounts, rev8 with 31..20=0x6B8.
        (.zba, [
            "add.uw    rd rs1 rs2 31..25=0x04 14..12=0 6..2=0x0E 1..0=3",
            "sh1add    rd rs1 rs2 31..25=0x10 14..12=2 6..2=0x0C 1..0=3",
            "sh2add    rd rs1 rs2 31..25=0x10 14..12=4 6..2=0x0C 1..0=3",
            "sh3add    rd rs1 rs2 31..25=0x10 14..12=6 6..2=0x0C 1..0=3",
            "sh1add.uw rd rs1 rs2 31..25=0x10 14..12=2 6..2=0x0E 1..0=3",
            "sh2add.uw rd rs1 rs2 31..25=0x10 14..12=4 6..2=0x0E 1..0=3",
            "sh3add.uw rd rs1 rs2 31..25=0x10 14..12=6 6..2=0x0E 1..0=3",
            "slli.uw   rd rs1 shamtd 31..26=0x02 14..12=1 6..2=0x06 1..0=3",
        ]),
        (.zbb, [
            "andn   rd rs1 rs2 31..25=0x20 14..12=7 6..2=0x0C 1..0=3",
            "orn    rd rs1 rs2 31..25=0x20 14..12=6 6..2=0x0C 1..0=3",
            "xnor   rd rs1 rs2 31..25=0x20 14..12=4 6..2=0x0C 1..0=3",
            "clz    rd rs1 31..20=0x600 14..12=1 6..2=0x04 1..0=3",
            "ctz    rd rs1 31..20=0x601 14..12=1 6..2=0x04 1..0=3",
            "cpop   rd rs1 31..20=0x602 14..12=1 6..2=0x04 1..0=3",
            "sext.b rd rs1 31..20=0x604 14..12=1 6..2=0x04 1..0=3",
            "sext.h rd rs1 31..20=0x605 14..12=1 6..2=0x04 1..0=3",
            "clzw   rd rs1 31..20=0x600 14..12=1 6..2=0x06 1..0=3",
            "ctzw   rd rs1 31..20=0x601 14..12=1 6..2=0x06 1..0=3",
            "cpopw  rd rs1 31..20=0x602 14..12=1 6..2=0x06 1..0=3",
            "max    rd rs1 rs2 31..25=0x05 14..12=6 6..2=0x0C 1..0=3",
            "maxu   rd rs1 rs2 31..25=0x05 14..12=7 6..2=0x0C 1..0=3",
            "min    rd rs1 rs2 31..25=0x05 14..12=4 6..2=0x0C 1..0=3",
            "minu   rd rs1 rs2 31..25=0x05 14..12=5 6..2=0x0C 1..0=3",
            "zext.h rd rs1 31..25=0x04 24..20=0 14..12=4 6..2=0x0E 1..0=3",
            "rol    rd rs1 rs2 31..25=0x30 14..12=1 6..2=0x0C 1..0=3",
            "ror    rd rs1 rs2 31..25=0x30 14..12=5 6..2=0x0C 1..0=3",
            "rolw   rd rs1 rs2 31..25=0x30 14..12=1 6..2=0x0E 1..0=3",
            "rorw   rd rs1 rs2 31..25=0x30 14..12=5 6..2=0x0E 1..0=3",
            "rori   rd rs1 shamtd 31..26=0x18 14..12=5 6..2=0x04 1..0=3",
            "roriw  rd rs1 shamtw 31..25=0x30 14..12=5 6..2=0x06 1..0=3",
            "orc.b  rd rs1 31..20=0x287 14..12=5 6..2=0x04 1..0=3",
            "rev8   rd rs1 31..20=0x6B8 14..12=5 6..2=0x04 1..0=3",
        ]),
        (.zbc, [
            "clmul  rd rs1 rs2 31..25=0x05 14..12=1 6..2=0x0C 1..0=3",
            "clmulr rd rs1 rs2 31..25=0x05 14..12=2 6..2=0x0C 1..0=3",
            "clmulh rd rs1 rs2 31..25=0x05 14..12=3 6..2=0x0C 1..0=3",
        ]),
        (.zbs, [
            "bclr  rd rs1 rs2 31..25=0x24 14..12=1 6..2=0x0C 1..0=3",
            "bext  rd rs1 rs2 31..25=0x24 14..12=5 6..2=0x0C 1..0=3",
            "binv  rd rs1 rs2 31..25=0x34 14..12=1 6..2=0x0C 1..0=3",
            "bset  rd rs1 rs2 31..25=0x14 14..12=1 6..2=0x0C 1..0=3",
            "bclri rd rs1 shamtd 31..26=0x12 14..12=1 6..2=0x04 1..0=3",
            "bexti rd rs1 shamtd 31..26=0x12 14..12=5 6..2=0x04 1..0=3",
            "binvi rd rs1 shamtd 31..26=0x1A 14..12=1 6..2=0x04 1..0=3",
            "bseti rd rs1 shamtd 31..26=0x0A 14..12=1 6..2=0x04 1..0=3",
        ]),
        (.zicond, [
            "czero.eqz rd rs1 rs2 31..25=0x07 14..12=5 6..2=0x0C 1..0=3",
            "czero.nez rd rs1 rs2 31..25=0x07 14..12=7 6..2=0x0C 1..0=3",
        ]),
        // Zimop: MOP.R.n has n[4] in bit 30, n[3:2] in 27..26 and n[1:0] in 21..20;
        // MOP.RR.n has n[2] in bit 30 and n[1:0] in 27..26 (SYSTEM, funct3 4).
        (.zimop, (0..<32).map { n in
            "mop.r.\(n) rd rs1 31=1 30=\(n >> 4) 29..28=0 27..26=\((n >> 2) & 3) 25..22=7 21..20=\(n & 3) 14..12=4 6..2=0x1C 1..0=3"
        } + (0..<8).map { n in
            "mop.rr.\(n) rd rs1 rs2 31=1 30=\(n >> 2) 29..28=0 27..26=\(n & 3) 25=1 14..12=4 6..2=0x1C 1..0=3"
        }),
        (.zawrs, [
            "wrs.nto 31..20=0x00D 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
            "wrs.sto 31..20=0x01D 19..15=0 14..12=0 11..7=0 6..2=0x1C 1..0=3",
        ]),
        // The cache-block operations (MISC-MEM, funct3 2): the operation in 31..20.
        (.zicbom, [
            "cbo.inval rs1 31..20=0 14..12=2 11..7=0 6..2=0x03 1..0=3",
            "cbo.clean rs1 31..20=1 14..12=2 11..7=0 6..2=0x03 1..0=3",
            "cbo.flush rs1 31..20=2 14..12=2 11..7=0 6..2=0x03 1..0=3",
        ]),
        (.zicboz, [
            "cbo.zero  rs1 31..20=4 14..12=2 11..7=0 6..2=0x03 1..0=3",
        ]),
        // Zfhmin and Zfh ("Zfh" chapter: fmt = H = 2 in 26..25; flh/fsh funct3 1) and
        // Zfa ("Zfa" chapter: fli with rs2 = 1, fminm/fmaxm funct3 2/3, fround/froundnx
        // like the FP-to-FP conversions with rs2 = 4/5, fcvtmod.w.d rs2 = 8 rm = 1,
        // fleq/fltq funct3 4/5).
        (.zfhmin, [
            "flh      fd rs1 imm12 14..12=1 6..2=0x01 1..0=3",
            "fsh      imm12hi rs1 fs2 imm12lo 14..12=1 6..2=0x09 1..0=3",
            "fmv.x.h  rd fs1 31..27=0x1C 26..25=2 24..20=0 14..12=0 6..2=0x14 1..0=3",
            "fmv.h.x  fd rs1 31..27=0x1E 26..25=2 24..20=0 14..12=0 6..2=0x14 1..0=3",
            "fcvt.s.h fd fs1 rm 31..27=0x08 26..25=0 24..20=2 6..2=0x14 1..0=3",
            "fcvt.h.s fd fs1 rm 31..27=0x08 26..25=2 24..20=0 6..2=0x14 1..0=3",
            "fcvt.d.h fd fs1 rm 31..27=0x08 26..25=1 24..20=2 6..2=0x14 1..0=3",
            "fcvt.h.d fd fs1 rm 31..27=0x08 26..25=2 24..20=1 6..2=0x14 1..0=3",
        ]),
        (.zfh, [
            "fmadd.h  fd fs1 fs2 fs3 rm 26..25=2 6..2=0x10 1..0=3",
            "fmsub.h  fd fs1 fs2 fs3 rm 26..25=2 6..2=0x11 1..0=3",
            "fnmsub.h fd fs1 fs2 fs3 rm 26..25=2 6..2=0x12 1..0=3",
            "fnmadd.h fd fs1 fs2 fs3 rm 26..25=2 6..2=0x13 1..0=3",
            "fadd.h   fd fs1 fs2 rm 31..27=0x00 26..25=2 6..2=0x14 1..0=3",
            "fsub.h   fd fs1 fs2 rm 31..27=0x01 26..25=2 6..2=0x14 1..0=3",
            "fmul.h   fd fs1 fs2 rm 31..27=0x02 26..25=2 6..2=0x14 1..0=3",
            "fdiv.h   fd fs1 fs2 rm 31..27=0x03 26..25=2 6..2=0x14 1..0=3",
            "fsqrt.h  fd fs1 rm 31..27=0x0B 26..25=2 24..20=0 6..2=0x14 1..0=3",
            "fsgnj.h  fd fs1 fs2 31..27=0x04 26..25=2 14..12=0 6..2=0x14 1..0=3",
            "fsgnjn.h fd fs1 fs2 31..27=0x04 26..25=2 14..12=1 6..2=0x14 1..0=3",
            "fsgnjx.h fd fs1 fs2 31..27=0x04 26..25=2 14..12=2 6..2=0x14 1..0=3",
            "fmin.h   fd fs1 fs2 31..27=0x05 26..25=2 14..12=0 6..2=0x14 1..0=3",
            "fmax.h   fd fs1 fs2 31..27=0x05 26..25=2 14..12=1 6..2=0x14 1..0=3",
            "feq.h    rd fs1 fs2 31..27=0x14 26..25=2 14..12=2 6..2=0x14 1..0=3",
            "flt.h    rd fs1 fs2 31..27=0x14 26..25=2 14..12=1 6..2=0x14 1..0=3",
            "fle.h    rd fs1 fs2 31..27=0x14 26..25=2 14..12=0 6..2=0x14 1..0=3",
            "fclass.h rd fs1 31..27=0x1C 26..25=2 24..20=0 14..12=1 6..2=0x14 1..0=3",
            "fcvt.w.h  rd fs1 rm 31..27=0x18 26..25=2 24..20=0 6..2=0x14 1..0=3",
            "fcvt.wu.h rd fs1 rm 31..27=0x18 26..25=2 24..20=1 6..2=0x14 1..0=3",
            "fcvt.l.h  rd fs1 rm 31..27=0x18 26..25=2 24..20=2 6..2=0x14 1..0=3",
            "fcvt.lu.h rd fs1 rm 31..27=0x18 26..25=2 24..20=3 6..2=0x14 1..0=3",
            "fcvt.h.w  fd rs1 rm 31..27=0x1A 26..25=2 24..20=0 6..2=0x14 1..0=3",
            "fcvt.h.wu fd rs1 rm 31..27=0x1A 26..25=2 24..20=1 6..2=0x14 1..0=3",
            "fcvt.h.l  fd rs1 rm 31..27=0x1A 26..25=2 24..20=2 6..2=0x14 1..0=3",
            "fcvt.h.lu fd rs1 rm 31..27=0x1A 26..25=2 24..20=3 6..2=0x14 1..0=3",
        ]),
        (.zfa, ["s": 0, "d": 1, "h": 2].sorted { $0.value < $1.value }.flatMap { f, fmt in [
            "fli.\(f)      fd rs1 31..27=0x1E 26..25=\(fmt) 24..20=1 14..12=0 6..2=0x14 1..0=3",
            "fminm.\(f)    fd fs1 fs2 31..27=0x05 26..25=\(fmt) 14..12=2 6..2=0x14 1..0=3",
            "fmaxm.\(f)    fd fs1 fs2 31..27=0x05 26..25=\(fmt) 14..12=3 6..2=0x14 1..0=3",
            "fround.\(f)   fd fs1 rm 31..27=0x08 26..25=\(fmt) 24..20=4 6..2=0x14 1..0=3",
            "froundnx.\(f) fd fs1 rm 31..27=0x08 26..25=\(fmt) 24..20=5 6..2=0x14 1..0=3",
            "fleq.\(f)     rd fs1 fs2 31..27=0x14 26..25=\(fmt) 14..12=4 6..2=0x14 1..0=3",
            "fltq.\(f)     rd fs1 fs2 31..27=0x14 26..25=\(fmt) 14..12=5 6..2=0x14 1..0=3",
        ] } + ["fcvtmod.w.d rd fs1 31..27=0x18 26..25=1 24..20=8 14..12=1 6..2=0x14 1..0=3"]),
    ]

    /// LR/SC and the AMOs of one width (the A-extension opcode map, funct5 in 31..27).
    private static func atomics(width: String, funct3: Int) -> [String] {
        let tail = "aq rl 14..12=\(funct3) 6..2=0x0B 1..0=3"
        return ["lr.\(width)     rd rs1 31..27=0x02 24..20=0 \(tail)",
                "sc.\(width)     rd rs1 rs2 31..27=0x03 \(tail)"]
            + [("amoswap", 0x01), ("amoadd", 0x00), ("amoxor", 0x04), ("amoand", 0x0C), ("amoor", 0x08),
               ("amomin", 0x10), ("amomax", 0x14), ("amominu", 0x18), ("amomaxu", 0x1C)].map {
                "\($0.0).\(width) rd rs1 rs2 31..27=\($0.1) \(tail)"
            }
    }

    /// The F or D opcode map for format `fmt` (26..25 = `fmtBits`), loads/stores of `width` (funct3).
    private static func floating(fmt f: String, fmtBits: Int, width: Int, integerWidths: [String]) -> [String] {
        let t = "26..25=\(fmtBits)", op = "6..2=0x14 1..0=3"
        var rows = [
            "fl\(f == "s" ? "w" : "d")      fd rs1 imm12 14..12=\(width) 6..2=0x01 1..0=3",
            "fs\(f == "s" ? "w" : "d")      imm12hi rs1 fs2 imm12lo 14..12=\(width) 6..2=0x09 1..0=3",
            "fmadd.\(f)  fd fs1 fs2 fs3 rm \(t) 6..2=0x10 1..0=3",
            "fmsub.\(f)  fd fs1 fs2 fs3 rm \(t) 6..2=0x11 1..0=3",
            "fnmsub.\(f) fd fs1 fs2 fs3 rm \(t) 6..2=0x12 1..0=3",
            "fnmadd.\(f) fd fs1 fs2 fs3 rm \(t) 6..2=0x13 1..0=3",
            "fadd.\(f)   fd fs1 fs2 rm 31..27=0x00 \(t) \(op)",
            "fsub.\(f)   fd fs1 fs2 rm 31..27=0x01 \(t) \(op)",
            "fmul.\(f)   fd fs1 fs2 rm 31..27=0x02 \(t) \(op)",
            "fdiv.\(f)   fd fs1 fs2 rm 31..27=0x03 \(t) \(op)",
            "fsqrt.\(f)  fd fs1 rm 31..27=0x0B \(t) 24..20=0 \(op)",
            "fsgnj.\(f)  fd fs1 fs2 31..27=0x04 \(t) 14..12=0 \(op)",
            "fsgnjn.\(f) fd fs1 fs2 31..27=0x04 \(t) 14..12=1 \(op)",
            "fsgnjx.\(f) fd fs1 fs2 31..27=0x04 \(t) 14..12=2 \(op)",
            "fmin.\(f)   fd fs1 fs2 31..27=0x05 \(t) 14..12=0 \(op)",
            "fmax.\(f)   fd fs1 fs2 31..27=0x05 \(t) 14..12=1 \(op)",
            "feq.\(f)    rd fs1 fs2 31..27=0x14 \(t) 14..12=2 \(op)",
            "flt.\(f)    rd fs1 fs2 31..27=0x14 \(t) 14..12=1 \(op)",
            "fle.\(f)    rd fs1 fs2 31..27=0x14 \(t) 14..12=0 \(op)",
            "fclass.\(f) rd fs1 31..27=0x1C \(t) 24..20=0 14..12=1 \(op)",
        ]
        for (n, w) in integerWidths.enumerated() {
            rows.append("fcvt.\(w).\(f) rd fs1 rm 31..27=0x18 \(t) 24..20=\(n) \(op)")
            rows.append("fcvt.\(f).\(w) fd rs1 rm 31..27=0x1A \(t) 24..20=\(n) \(op)")
        }
        return rows
    }

    /// The parsed rows, in table order.
    static let rows: [SpecRow] = sections.flatMap { ext, lines in lines.map { SpecRow(parsing: $0, ext) } }

    /// Rows by major opcode (bits 6..2).
    static let buckets: [[SpecRow]] = (0..<32).map { major in rows.filter { ($0.match >> 2) & 31 == major && $0.mask & 0x7c == 0x7c } }

    /// The extension of each opcode.
    static let extensionOf: [ReferenceOpcode: ReferenceExtension] =
        Dictionary(rows.map { ($0.opcode, $0.ext) }, uniquingKeysWith: { a, _ in a })

    private static let rowOf: [ReferenceOpcode: SpecRow] = Dictionary(rows.map { ($0.opcode, $0) }, uniquingKeysWith: { a, _ in a })

    /// The table row of `opcode`.
    static func row(for opcode: ReferenceOpcode) -> SpecRow { rowOf[opcode]! }

    /// Every row as (opcode, mask, match, operand field names), for tests that check
    /// the table itself and for generators of random programs.
    public static var encodings: [(opcode: ReferenceOpcode, mask: UInt32, match: UInt32, operands: [String])] {
        rows.map { ($0.opcode, $0.mask, $0.match, $0.operands.map(\.rawValue)) }
    }
}

/// The operand fields of the 32-bit encoding table, as the specification names them.
enum SpecField: String, Sendable {
    case rd, fd, rs1, fs1, rs2, fs2, fs3, rm, zimm, csr
    case imm12, imm12hi, imm12lo, bimm12hi, bimm12lo, imm20, jimm20, shamtd, shamtw
    case fm, pred, succ, aq, rl

    /// The bits this field occupies (hi, lo).
    var range: (Int, Int) {
        switch self {
        case .rd, .fd, .imm12lo, .bimm12lo: return (11, 7)
        case .rs1, .fs1, .zimm: return (19, 15)
        case .rs2, .fs2, .shamtw: return (24, 20)
        case .fs3: return (31, 27)
        case .rm: return (14, 12)
        case .csr, .imm12: return (31, 20)
        case .imm12hi, .bimm12hi: return (31, 25)
        case .imm20, .jimm20: return (31, 12)
        case .shamtd: return (25, 20)
        case .fm: return (31, 28)
        case .pred: return (27, 24)
        case .succ: return (23, 20)
        case .aq: return (26, 26)
        case .rl: return (25, 25)
        }
    }
}

/// One parsed row of `SpecEncodingTable`.
struct SpecRow: Sendable {
    let opcode: ReferenceOpcode
    let ext: ReferenceExtension
    let operands: [SpecField]
    /// A word is this instruction when `word & mask == match`.
    let mask: UInt32
    let match: UInt32

    /// Parses one table line; a malformed line is a programming error in the table.
    init(parsing line: String, _ ext: ReferenceExtension) {
        let words = line.split(separator: " ").map(String.init)
        guard let op = ReferenceOpcode(rawValue: words[0]) else { fatalError("spec table: unknown mnemonic in '\(line)'") }
        var operands: [SpecField] = [], mask: UInt32 = 0, match: UInt32 = 0, covered: UInt32 = 0
        func claim(_ hi: Int, _ lo: Int) {
            let bits = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(hi - lo + 1)) - 1) << UInt32(lo)
            precondition(covered & bits == 0, "spec table: overlapping fields in '\(line)'")
            covered |= bits
        }
        for w in words.dropFirst() {
            if let eq = w.firstIndex(of: "=") {
                let range = w[..<eq].split(separator: ".").map { Int($0)! }
                let hi = range[0], lo = range.count > 1 ? range[1] : range[0]
                claim(hi, lo)
                let value = String(w[w.index(after: eq)...])
                if value == "_" { continue }
                let v = value.hasPrefix("0x") ? UInt32(value.dropFirst(2), radix: 16)! : UInt32(value)!
                let width = hi - lo + 1
                precondition(v < UInt32(truncatingIfNeeded: UInt64(1) << UInt64(width)), "spec table: value too wide in '\(line)'")
                let fieldMask = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(width)) - 1) << UInt32(lo)
                mask |= fieldMask
                match |= v << UInt32(lo)
            } else {
                guard let field = SpecField(rawValue: w) else { fatalError("spec table: unknown field '\(w)' in '\(line)'") }
                let (hi, lo) = field.range
                claim(hi, lo)
                operands.append(field)
            }
        }
        precondition(covered == 0xffff_ffff, "spec table: '\(line)' leaves bits unaccounted for")
        self.opcode = op; self.ext = ext; self.operands = operands; self.mask = mask; self.match = match
    }
}
